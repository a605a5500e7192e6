import type { ProviderManifest } from '@hub/server/integrations/core';

/**
 * Microsoft (Outlook) Calendar, read-only events through Microsoft Graph.
 *
 * OAuth endpoints (multi-tenant `common`, v2.0): https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow
 * Permissions: event delta (calendarView) takes Calendars.Read as its least privileged delegated
 * permission (https://learn.microsoft.com/en-us/graph/api/event-delta).
 */
export const MICROSOFT_CALENDAR_MANIFEST: ProviderManifest = {
  id: 'microsoft-calendar',
  name: 'Microsoft Calendar',
  description: 'Sync events from Microsoft Calendar',
  category: 'Microsoft 365',
  logo: 'providers/microsoft-calendar.svg',
  docsUrl: 'https://learn.microsoft.com/en-us/graph/api/resources/calendar',
  availability: 'coming-soon',
  auth: {
    kind: 'oauth2',
    appKey: 'MICROSOFT',
    authorizationUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    // No RFC 7009 revocation endpoint on the Microsoft identity platform.
    scopes: ['offline_access', 'User.Read', 'Calendars.Read'],
    scopeSeparator: ' ',
    pkce: { required: true },
    clientAuthentication: 'client_secret_post',
    appRegistrationUrl: 'https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade',
    // Random 60-90 minutes; plan on the shortest.
    accessTokenLifetimeSeconds: 3600,
  },
  api: { baseUrl: 'https://graph.microsoft.com/v1.0' },
  sync: {
    resources: [
      {
        id: 'events',
        name: 'Events',
        description: 'Subject, time, location, organizer, attendees and status of events in your calendar',
      },
    ],
    defaultFrequencyMinutes: 15,
  },
};
