import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { RECORD_ACTIONS, SYNC_RUN_STATUSES, SYNC_RUN_TRIGGERS } from '@hub/shared/contracts';

export class SyncCountsDto {
  @ApiProperty({
    type: 'integer',
    example: 12,
    description: 'Records seen for the first time (or again after a deletion).',
  })
  added!: number;
  @ApiProperty({ type: 'integer', example: 3, description: 'Records whose content changed.' }) updated!: number;
  @ApiProperty({ type: 'integer', example: 235, description: 'Records read again, unchanged.' }) unchanged!: number;
  @ApiProperty({ type: 'integer', example: 1, description: 'Records gone at the provider.' }) deleted!: number;
}

export class SyncRunErrorDto {
  @ApiProperty({ example: 'RATE_LIMITED' }) code!: string;
  @ApiProperty({ example: "Dub's rate limit was reached (rate_limit_exceeded)" }) message!: string;
}

export class SyncRunDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) connectionId!: string;
  @ApiProperty({ example: 'dub' }) providerId!: string;
  @ApiProperty({ enum: SYNC_RUN_TRIGGERS }) trigger!: string;
  @ApiProperty({ enum: SYNC_RUN_STATUSES }) status!: string;
  @ApiProperty({ type: SyncCountsDto }) counts!: SyncCountsDto;
  @ApiProperty({ type: 'integer', example: 3, description: 'Pages committed so far.' }) pages!: number;
  @ApiProperty({ type: String, nullable: true, example: 'links', description: 'The resource being synced (progress).' })
  resource!: string | null;
  @ApiProperty({ format: 'date-time' }) queuedAt!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: Date | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Set while the run waits to try again (backoff, or the provider’s Retry-After).',
  })
  retryAt!: Date | null;
  @ApiProperty({ type: SyncRunErrorDto, nullable: true }) error!: SyncRunErrorDto | null;
  @ApiProperty({ description: 'Someone asked to cancel it; it stops after the page it is writing.' })
  cancelRequested!: boolean;
}

export class SyncRunsQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'Runs queued before this time (the last `queuedAt` seen).' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  before?: Date;
}

export class RecordsQueryDto {
  @ApiPropertyOptional({ example: 'links', description: 'Only this resource.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  resource?: string;

  @ApiPropertyOptional({
    pattern: '^[A-Za-z0-9_-]{1,64}$',
    description: 'The `nextCursor` of the previous page: changes after it.',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'cursor must be a cursor this API returned' })
  cursor?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only records that changed at or after this time.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  changedSince?: Date;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class SyncedRecordDto {
  @ApiProperty({ example: 'links' }) resource!: string;
  @ApiProperty({ example: 'link_1JSBX0000002K9QF3ZP7M4D6W' }) externalId!: string;
  @ApiProperty({ enum: RECORD_ACTIONS, description: 'The last change: a deleted record keeps its last data.' })
  action!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { shortLink: 'https://dub.sh/abc1234', url: 'https://www.example.com/pricing', clicks: 42 },
  })
  data!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) firstSeenAt!: Date;
  @ApiProperty({ format: 'date-time' }) changedAt!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deletedAt!: Date | null;
}

export class RecordChangesDto {
  @ApiProperty({ type: [SyncedRecordDto] }) records!: SyncedRecordDto[];
  @ApiProperty({
    example: 'YzEuMTIzNA',
    pattern: '^[A-Za-z0-9_-]{1,64}$',
    description: 'Pass it back as `cursor` for the next changes (also to poll once `hasMore` is false).',
  })
  nextCursor!: string;
  @ApiProperty() hasMore!: boolean;
}
