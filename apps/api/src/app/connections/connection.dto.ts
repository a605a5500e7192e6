import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { CONNECTION_STATUS_REASONS, CONNECTION_STATUSES } from '@hub/shared/contracts';
import { SyncRunDto } from './sync.dto';

export class AccountDto {
  @ApiProperty({ example: 'Acme Inc. (acme.slack.com)' }) displayName!: string;
  @ApiPropertyOptional({ example: 'ada@example.com' }) email?: string;
  @ApiPropertyOptional({ example: 'Acme Inc.' }) workspaceName?: string;
  @ApiPropertyOptional({ example: 'https://acme.slack.com' }) url?: string;
  @ApiPropertyOptional({
    example: { serverVersion: '16.4', database: 'analytics' },
    type: 'object',
    additionalProperties: true,
  })
  details?: Record<string, string | number | boolean>;
  @ApiPropertyOptional({
    type: [String],
    example: ['This role can write to the database: use a read-only role.'],
    description:
      'What the card warns about the account, as of the last test or connect: e.g. a PostgreSQL role that is a superuser or can write. Absent when there is nothing to warn about.',
  })
  warnings?: string[];
}

/** Metadata only: credentials never leave the server. */
export class ConnectionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'google-drive' }) providerId!: string;
  @ApiProperty({ enum: CONNECTION_STATUSES }) status!: string;
  @ApiProperty({ enum: CONNECTION_STATUS_REASONS, nullable: true }) statusReason!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Google asked for the account to be connected again.' })
  statusMessage!: string | null;
  @ApiProperty({ example: '1098765432' }) externalAccountId!: string;
  @ApiProperty({ type: AccountDto }) account!: AccountDto;
  @ApiProperty({ type: [String], example: ['https://www.googleapis.com/auth/drive.metadata.readonly'] })
  grantedScopes!: string[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The person who connected it.' })
  connectedBy!: string | null;
  @ApiProperty({ format: 'date-time' }) connectedAt!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) disconnectedAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) tokenExpiresAt!: Date | null;
  @ApiProperty() hasRefreshToken!: boolean;
  @ApiProperty() syncEnabled!: boolean;
  @ApiProperty({ type: 'integer', example: 60 }) syncFrequencyMinutes!: number;
  @ApiProperty({
    type: [String],
    example: ['public.orders'],
    description: 'What the connection chose to sync (see the integration’s `syncSelection`); empty otherwise.',
  })
  syncSelection!: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSyncedAt!: Date | null;
  @ApiProperty({
    type: SyncRunDto,
    nullable: true,
    description: 'The newest sync run (queued, running or ended); null before the first.',
  })
  lastSyncRun!: SyncRunDto | null;
}

export class UpdateConnectionDto {
  @ApiPropertyOptional({ description: 'Scheduled sync on or off.' })
  @IsOptional()
  @IsBoolean()
  syncEnabled?: boolean;

  @ApiPropertyOptional({
    type: 'integer',
    description: 'Minutes between scheduled syncs (5 minutes to 7 days).',
    example: 60,
    minimum: 5,
    maximum: 10080,
  })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(10080)
  syncFrequencyMinutes?: number;

  @ApiPropertyOptional({
    type: [String],
    example: ['public.orders', 'sales.invoices'],
    description:
      'What to sync, for integrations with a `syncSelection` (PostgreSQL: tables): ids of current records of its `optionsResource`, at most its `max`. Takes effect at the next sync.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MaxLength(300, { each: true })
  syncSelection?: string[];
}

export class DisconnectQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Also delete the data synced from this connection.' })
  @IsOptional()
  @IsIn(['true', 'false'])
  @Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value))
  purge?: 'true' | 'false';
}
