export * from './lib/integration-provider-modules';
