export * from './lib/processes';
export * from './lib/scratch-database';
