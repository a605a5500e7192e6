import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { WorkspaceDto } from '../workspaces/workspace.dto';

export class SignInDto {
  @ApiProperty({ example: 'ada@example.com' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'correct horse battery staple', format: 'password', writeOnly: true })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password!: string;
}

export class SwitchWorkspaceDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  workspaceId!: string;
}

export class SessionUserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'ada@example.com' }) email!: string;
  @ApiProperty({ example: 'Ada Lovelace' }) name!: string;
  @ApiProperty() isInstanceAdmin!: boolean;
}

/** The API key a request was made with: never its secret. */
export class SessionApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'CI key' }) name!: string;
}

export class SessionDto {
  @ApiProperty({
    type: SessionUserDto,
    nullable: true,
    description: 'The person signed in; null for an API key.',
  })
  user!: SessionUserDto | null;

  @ApiProperty({ type: SessionApiKeyDto, nullable: true, description: 'The API key used; null for a person.' })
  apiKey!: SessionApiKeyDto | null;

  @ApiProperty({
    type: WorkspaceDto,
    nullable: true,
    description: 'The current workspace and the caller’s role in it.',
  })
  workspace!: WorkspaceDto | null;

  @ApiProperty({ type: [WorkspaceDto], description: 'Every workspace the person belongs to (the switcher).' })
  workspaces!: WorkspaceDto[];
}
