export * from './lib/integration-category';
