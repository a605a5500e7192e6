export * from './lib/connection-view';
export * from './lib/connections.module';
export * from './lib/connections.repository';
export * from './lib/connections.service';
export * from './lib/credential-form';
export * from './lib/integration-catalog.service';
export * from './lib/provider-apps.service';
export * from './lib/oauth/index';
