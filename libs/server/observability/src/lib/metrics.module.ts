import { Global, Module } from '@nestjs/common';
import { HubMetrics } from './metrics';

@Global()
@Module({ providers: [HubMetrics], exports: [HubMetrics] })
export class MetricsModule {}
