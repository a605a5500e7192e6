export * from './lib/processes';
export * from './lib/scratch-database';
export * from './lib/consent-browser';
