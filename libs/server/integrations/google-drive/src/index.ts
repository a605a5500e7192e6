export * from './lib/google-drive.manifest';
export * from './lib/google-drive.module';
export * from './lib/google-drive.provider';
export * from './lib/google-drive-errors';
