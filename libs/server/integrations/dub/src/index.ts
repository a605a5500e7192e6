export * from './lib/dub.manifest';
export * from './lib/dub.module';
export * from './lib/dub.provider';
export * from './lib/dub-errors';
