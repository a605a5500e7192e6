export * from './lib/integration-provider-modules';
export * from './lib/catalog-providers';
