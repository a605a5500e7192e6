export * from './lib/models';
export { IntegrationsApi } from './lib/integrations-api';
export { EVENT_SOURCE_FACTORY, LIVE_EVENTS_URL, LiveEventsConnection } from './lib/live-events';
export { FALLBACK_POLL_MS } from './lib/live-updates';
export { INTEGRATIONS_PATH } from './lib/oauth-return';
export { BROWSER_REDIRECT, IntegrationsStore } from './lib/integrations.store';
