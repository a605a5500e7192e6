export * from './lib/integration-category';
export * from './lib/connection-status';
