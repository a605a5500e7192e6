export * from './lib/gmail.manifest';
export * from './lib/gmail.module';
export * from './lib/gmail.provider';
export * from './lib/gmail-errors';
