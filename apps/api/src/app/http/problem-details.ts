import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One field that failed validation. */
export class FieldProblem {
  @ApiProperty({ example: 'syncFrequency', description: 'The request field, as a dotted path.' })
  field!: string;

  @ApiProperty({ example: 'syncFrequency must be one of the following values: hourly, daily' })
  message!: string;
}

/** An error answer as RFC 9457 `application/problem+json`. */
export class ProblemDetails {
  @ApiProperty({ example: 'about:blank', description: 'A URI naming the problem type.' })
  type!: string;

  @ApiProperty({ example: 'Bad Request' })
  title!: string;

  @ApiProperty({ type: 'integer', example: 400 })
  status!: number;

  @ApiProperty({ example: 'The request has 1 invalid field.' })
  detail!: string;

  @ApiProperty({ example: '/api/connections/42', description: 'The path of the request that failed.' })
  instance!: string;

  @ApiProperty({
    example: '4f1c2a7e-0b9e-4d8f-9a55-0c1d2e3f4a5b',
    description: 'Also sent as the X-Request-Id header; quote it in support requests.',
  })
  requestId!: string;

  @ApiPropertyOptional({ type: [FieldProblem], description: 'On 400: each invalid field.' })
  errors?: FieldProblem[];

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    example: 30,
    description: 'On 429: also the Retry-After header.',
  })
  retryAfterSeconds?: number;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/HealthIndicatorDto' },
    example: { database: { status: 'up' }, redis: { status: 'down', message: 'timeout' } },
    description: 'On the readiness 503: each dependency checked.',
  })
  checks?: Record<string, { status: string }>;
}

export const PROBLEM_JSON = 'application/problem+json';
