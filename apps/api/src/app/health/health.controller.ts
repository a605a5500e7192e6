import { Controller, Get } from '@nestjs/common';
import { ApiExtraModels, ApiTags } from '@nestjs/swagger';
import { HealthCheck } from '@nestjs/terminus';
import { HealthService } from '@hub/server/observability';
import { Endpoint } from '../http/endpoint';
import { HealthDto, HealthIndicatorDto } from './health.dto';

@ApiTags('health')
@ApiExtraModels(HealthIndicatorDto)
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @Endpoint({
    operationId: 'getLiveness',
    access: 'public',
    summary: 'Liveness: the api process answers.',
    type: HealthDto,
  })
  liveness() {
    return this.health.liveness();
  }

  @Get('ready')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @Endpoint({
    operationId: 'getReadiness',
    access: 'public',
    summary: 'Readiness: PostgreSQL and Redis answer. 503 when either does not.',
    type: HealthDto,
    problems: [503],
  })
  readiness() {
    return this.health.readiness();
  }
}
