export * from './lib/google-calendar.manifest';
export * from './lib/google-calendar.module';
export * from './lib/google-calendar.provider';
export * from './lib/google-calendar-errors';
