import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One dependency's check. */
export class HealthIndicatorDto {
  @ApiProperty({ enum: ['up', 'down'] }) status!: string;
  @ApiPropertyOptional({ example: 'timeout exceeded' }) message?: string;
}

const INDICATORS = {
  type: 'object',
  additionalProperties: { $ref: '#/components/schemas/HealthIndicatorDto' },
} as const;

/** A passing health check (a failing readiness check is a 503 problem+json naming the dependency). */
export class HealthDto {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
  @ApiProperty({ ...INDICATORS, example: { database: { status: 'up' }, redis: { status: 'up' } } })
  info!: Record<string, HealthIndicatorDto>;
  @ApiProperty({ ...INDICATORS, example: {} }) error!: Record<string, HealthIndicatorDto>;
  @ApiProperty({ ...INDICATORS, example: { database: { status: 'up' }, redis: { status: 'up' } } })
  details!: Record<string, HealthIndicatorDto>;
}
