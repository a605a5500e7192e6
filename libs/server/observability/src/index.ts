export * from './lib/health.module';
export * from './lib/health.service';
export * from './lib/logger.module';
export * from './lib/redaction';
export * from './lib/shutdown-logger';
