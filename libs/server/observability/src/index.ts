export * from './lib/health.module';
export * from './lib/health.service';
export * from './lib/logger.module';
export * from './lib/redaction';
export * from './lib/shutdown-logger';
export * from './lib/metrics';
export * from './lib/metrics.module';
export * from './lib/ops-server';
