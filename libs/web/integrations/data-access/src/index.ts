export * from './lib/models';
export { IntegrationsApi } from './lib/integrations-api';
export { EVENT_SOURCE_FACTORY, LIVE_EVENTS_URL, LiveEventsConnection } from './lib/live-events';
export { BROWSER_REDIRECT, FALLBACK_POLL_MS, INTEGRATIONS_PATH, IntegrationsStore } from './lib/integrations.store';
