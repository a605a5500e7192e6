// Test-only entry point (`@hub/server/integrations/core/testing`): provider specs import it; no
// production code may (it needs jest's globals).
export * from './fixture-server';
export * from './provider-conformance';
export * from './google-error-answers';
