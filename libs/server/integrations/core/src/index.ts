export * from './lib/integration-error';
export * from './lib/integration-provider';
export * from './lib/integrations-core.module';
export * from './lib/provider-manifest';
export * from './lib/provider-registry';
export * from './lib/provider-urls';
export * from './lib/validate-manifest';
export * from './lib/shared-authorization-servers';
