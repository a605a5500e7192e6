import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsUUID } from 'class-validator';
import { INTEGRATION_CATEGORIES, PROVIDER_AVAILABILITIES } from '@hub/shared/contracts';
import { AccountDto, ConnectionDto } from '../connections/connection.dto';
import { MultilineText } from '../http/validation';

/** One choice of a `select` credential field. */
export class CredentialFieldOptionDto {
  @ApiProperty({ example: 'verify-full' }) value!: string;
  @ApiProperty({ example: 'Verify certificate and host name' }) label!: string;
}

export class CredentialFieldDto {
  @ApiProperty({ example: 'host' }) key!: string;
  @ApiProperty({ example: 'Host' }) label!: string;
  @ApiProperty({ enum: ['text', 'password', 'number', 'select', 'textarea', 'boolean'] }) type!: string;
  @ApiProperty() required!: boolean;
  @ApiProperty({ description: 'Write-only: never returned once saved.' }) secret!: boolean;
  @ApiPropertyOptional() placeholder?: string;
  @ApiPropertyOptional() help?: string;
  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'number', format: 'double' }, { type: 'boolean' }] })
  default?: string | number | boolean;
  @ApiPropertyOptional({ type: [CredentialFieldOptionDto], description: 'The choices of a `select` field.' })
  options?: CredentialFieldOptionDto[];
  @ApiPropertyOptional({ type: 'integer' }) min?: number;
  @ApiPropertyOptional({ type: 'integer' }) max?: number;
  @ApiPropertyOptional({ type: 'integer' }) maxLength?: number;
  @ApiPropertyOptional() pattern?: string;
}

export class SyncResourceDto {
  @ApiProperty({ example: 'files' }) id!: string;
  @ApiProperty({ example: 'Files' }) name!: string;
  @ApiProperty({ example: 'File metadata: names, types, owners, sizes and modification times.' }) description!: string;
}

export class SyncSelectionDto {
  @ApiProperty({ example: 'Tables to sync' }) label!: string;
  @ApiProperty({ example: 'schema', description: 'The resource whose records are the options.' })
  optionsResource!: string;
  @ApiProperty({ type: 'integer', example: 100 }) max!: number;
}

export class AccessRemovalLinkDto {
  @ApiProperty({ example: 'Work or school account: My Apps' }) label!: string;
  @ApiProperty({ format: 'uri', example: 'https://myapps.microsoft.com' }) url!: string;
}

export class AccessRemovalDto {
  @ApiProperty({
    example:
      'Microsoft lets no app end its own access: the hub deletes its tokens, and you can remove its access yourself.',
  })
  note!: string;
  @ApiProperty({ type: [AccessRemovalLinkDto] }) links!: AccessRemovalLinkDto[];
}

export class AdminConsentDto {
  @ApiProperty({
    type: [String],
    example: ['https://graph.microsoft.com/ChannelMessage.Read.All'],
    description: 'The permissions only an administrator of the person’s organisation grants, once for everyone.',
  })
  scopes!: string[];
  @ApiProperty({ example: 'Microsoft 365', description: 'Whose administrator approves.' }) authority!: string;
  @ApiProperty({
    enum: ['required', 'granted'],
    nullable: true,
    description:
      '`required`: a connect was refused for want of the approval; `granted`: an administrator approved (or a connect went through); null: not known yet.',
  })
  status!: 'required' | 'granted' | null;
  @ApiProperty({
    type: 'string',
    format: 'uuid',
    nullable: true,
    description: 'The approving tenant, as the provider said.',
  })
  tenantId!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) updatedAt!: Date | null;
}

export class IntegrationDto {
  @ApiProperty({ example: 'google-drive' }) id!: string;
  @ApiProperty({ example: 'Google Drive' }) name!: string;
  @ApiProperty({ example: 'Sync file metadata from Google Drive.' }) description!: string;
  @ApiProperty({ enum: INTEGRATION_CATEGORIES }) category!: string;
  @ApiProperty({ example: '/providers/google-drive.svg' }) logoUrl!: string;
  @ApiProperty({ example: 'https://developers.google.com/workspace/drive/api' }) docsUrl!: string;
  @ApiProperty({ enum: PROVIDER_AVAILABILITIES }) availability!: string;
  @ApiProperty({
    enum: ['oauth2', 'credentials'],
    description: 'oauth2: the provider’s sign-in page; credentials: a form.',
  })
  connectMethod!: string;
  @ApiProperty({ description: 'An OAuth provider whose app credentials an instance admin has not set up yet.' })
  setupRequired!: boolean;
  @ApiProperty({
    description: 'The provider sandbox stands in for the real service (development and tests only).',
  })
  sandbox!: boolean;
  @ApiProperty({ type: [String], description: 'The scopes requested (OAuth).' }) scopes!: string[];
  @ApiProperty({ type: [CredentialFieldDto], description: 'The form (credentials providers).' })
  credentialFields!: CredentialFieldDto[];
  @ApiProperty({ type: [SyncResourceDto] }) syncResources!: SyncResourceDto[];
  @ApiProperty({ type: 'integer', nullable: true, example: 60 }) defaultSyncFrequencyMinutes!: number | null;
  @ApiProperty({
    type: SyncSelectionDto,
    nullable: true,
    description: 'What a connection chooses to sync (PATCH /api/connections/{id} `syncSelection`); null: everything.',
  })
  syncSelection!: SyncSelectionDto | null;
  @ApiProperty({
    type: AccessRemovalDto,
    nullable: true,
    description:
      'For a provider that lets no app end its own access (Microsoft 365): where the person removes it after disconnecting; null when disconnecting revokes at the provider.',
  })
  accessRemoval!: AccessRemovalDto | null;
  @ApiProperty({
    type: AdminConsentDto,
    nullable: true,
    description:
      'For a provider with permissions only an organisation administrator grants (Microsoft Teams): which, and where this workspace stands; null when none are needed. An admin starts the approval with POST /api/integrations/{provider}/admin-consent.',
  })
  adminConsent!: AdminConsentDto | null;
  @ApiProperty({ type: [ConnectionDto], description: 'This workspace’s connections of this provider.' })
  connections!: ConnectionDto[];
}

export class IntegrationCategoryDto {
  @ApiProperty({ enum: INTEGRATION_CATEGORIES }) name!: string;
  @ApiProperty({ type: [IntegrationDto] }) integrations!: IntegrationDto[];
}

export class IntegrationCatalogDto {
  @ApiProperty({ type: [IntegrationCategoryDto], description: 'In the order the page shows them.' })
  categories!: IntegrationCategoryDto[];
}

export class ConnectWithCredentialsDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The provider’s form fields (see `credentialFields`); secret fields are write-only.',
    example: {
      host: 'db.example.com',
      port: 5432,
      database: 'analytics',
      user: 'reader',
      password: '••••••',
      sslMode: 'verify-full',
    },
  })
  @IsObject()
  // A textarea field (a CA certificate) has line breaks; the manifest's own rules refuse them elsewhere.
  @MultilineText()
  credentials!: Record<string, unknown>;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Edit this connection: secret fields left out keep their stored value.',
  })
  @IsOptional()
  @IsUUID()
  connectionId?: string;
}

export class CredentialsTestResultDto {
  @ApiProperty({ description: 'Whether the hub could connect with these credentials.' }) ok!: boolean;
  @ApiPropertyOptional({ type: AccountDto, description: 'When ok: what the connection would show.' })
  account?: AccountDto;
  @ApiPropertyOptional({
    example:
      'Could not connect to the database. Check the host, port, database, user, password and SSL setting, and that the hub may reach this address.',
    description: 'When not ok: one message whatever the cause (no scanning oracle).',
  })
  message?: string;
}
