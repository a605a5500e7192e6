export * from './lib/integration-category';
export * from './lib/connection-status';
export * from './lib/sync';
export * from './lib/live-events';
