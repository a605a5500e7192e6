import { microsoftOAuth, type ProviderManifest } from '@hub/server/integrations/core';

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
  auth: microsoftOAuth(['Calendars.Read']),
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
