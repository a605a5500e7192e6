export * from './lib/microsoft-calendar.manifest';
export * from './lib/microsoft-calendar.module';
export * from './lib/microsoft-calendar.provider';
