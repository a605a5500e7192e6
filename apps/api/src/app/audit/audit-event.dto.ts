import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { AuditOutcome } from '@hub/server/database';
import { IsBigIntId } from '../http/validators';

export class AuditQueryDto {
  @ApiPropertyOptional({
    example: 'connection.',
    description: 'An action (`auth.sign_in`), or a prefix ending in a dot (`connection.`).',
  })
  @IsOptional()
  @Matches(/^[a-z_]+(\.[a-z_]+)*\.?$/, { message: 'action must look like `area.verb` or `area.`' })
  @MaxLength(100)
  action?: string;

  @ApiPropertyOptional({ enum: ['success', 'failure', 'denied'] })
  @IsOptional()
  @IsIn(['success', 'failure', 'denied'])
  outcome?: AuditOutcome;

  @ApiPropertyOptional({ description: 'A user or API key id.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  actorId?: string;

  @ApiPropertyOptional({ example: 'connection' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  targetType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  targetId?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  since?: Date;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  until?: Date;

  @ApiPropertyOptional({ pattern: '^[1-9][0-9]{0,18}$', description: 'The `nextBefore` of the previous page.' })
  @IsOptional()
  @IsBigIntId()
  before?: string;

  @ApiPropertyOptional({ type: 'integer', default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class AuditEventDto {
  @ApiProperty({ example: '1042' }) id!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: Date;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) workspaceId!: string | null;
  @ApiProperty({ enum: ['user', 'api_key', 'system', 'anonymous'] }) actorType!: string;
  @ApiProperty({ type: String, nullable: true, example: '6a1f0c9e-3b2d-4e5f-8a7b-9c0d1e2f3a4b' }) actorId!:
    string | null;
  @ApiProperty({ type: String, nullable: true, example: 'ada@example.com' }) actorLabel!: string | null;
  @ApiProperty({ example: 'connection.disconnected' }) action!: string;
  @ApiProperty({ type: String, nullable: true, example: 'connection' }) targetType!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '3f0b8c1e-2a4d-4e6f-8a9b-0c1d2e3f4a5b' }) targetId!:
    string | null;
  @ApiProperty({ enum: ['success', 'failure', 'denied'] }) outcome!: string;
  @ApiProperty({ type: String, nullable: true, example: 'not_workspace_admin' }) reason!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '4f1c2a7e-0b9e-4d8f-9a55-0c1d2e3f4a5b' }) requestId!:
    string | null;
  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7' }) ip!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Mozilla/5.0' }) userAgent!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { providerId: 'slack', purged: false } })
  details!: Record<string, unknown>;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEventDto], description: 'Newest first.' }) events!: AuditEventDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    example: '1234',
    pattern: '^[1-9][0-9]{0,18}$',
    description: 'Pass as `before` for the next page; null on the last.',
  })
  nextBefore!: string | null;
}
