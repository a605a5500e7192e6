export * from './lib/google-analytics.manifest';
export * from './lib/google-analytics.module';
export * from './lib/google-analytics.provider';
