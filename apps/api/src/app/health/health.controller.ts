import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck } from '@nestjs/terminus';
import { HealthService } from '@hub/server/observability';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the api process answers.' })
  liveness() {
    return this.health.liveness();
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis answer. 503 when either does not.' })
  readiness() {
    return this.health.readiness();
  }
}
