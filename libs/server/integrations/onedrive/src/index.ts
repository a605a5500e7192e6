export * from './lib/onedrive.manifest';
export * from './lib/onedrive.module';
export * from './lib/onedrive.provider';
export * from './lib/onedrive-errors';
