export * from './lib/actor';
export * from './lib/audit-query';
export * from './lib/audit.module';
export * from './lib/audit.service';
