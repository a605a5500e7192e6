export * from './lib/integration-categories';
export * from './lib/integrations-page/integrations-page.component';
export * from './lib/integrations.routes';
