import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck } from '@nestjs/terminus';
import { HealthService } from '@hub/server/observability';
import { Endpoint } from '../http/endpoint';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @HealthCheck()
  @Endpoint({ access: 'public', summary: 'Liveness: the api process answers.' })
  liveness() {
    return this.health.liveness();
  }

  @Get('ready')
  @HealthCheck()
  @Endpoint({
    access: 'public',
    summary: 'Readiness: PostgreSQL and Redis answer. 503 when either does not.',
    problems: [503],
  })
  readiness() {
    return this.health.readiness();
  }
}
