export * from './lib/github.manifest';
export * from './lib/github.module';
export * from './lib/github.provider';
export * from './lib/github-errors';
