export * from './lib/outlook.manifest';
export * from './lib/outlook.module';
export * from './lib/outlook.provider';
export * from './lib/outlook-errors';
