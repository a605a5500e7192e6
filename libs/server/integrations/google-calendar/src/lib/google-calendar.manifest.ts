import { googleOAuth, type ProviderManifest } from '@hub/server/integrations/core';

/**
 * Google Calendar, read-only events through the Calendar API v3.
 *
 * OAuth endpoints and parameters: https://developers.google.com/identity/protocols/oauth2/web-server
 * Calendar scopes: https://developers.google.com/calendar/api/auth
 */
export const GOOGLE_CALENDAR_MANIFEST: ProviderManifest = {
  id: 'google-calendar',
  name: 'Google Calendar',
  description: 'Sync events from Google Calendar',
  category: 'Google Workspace',
  logo: 'providers/google-calendar.svg',
  docsUrl: 'https://developers.google.com/calendar/api/v3/reference',
  availability: 'available',
  // Narrower than calendar.readonly, and enough: calendarList.get accepts calendar.calendarlist.readonly
  // (https://developers.google.com/calendar/api/v3/reference/calendarList/get#auth: "connected as",
  // the primary calendar's id is the person's email) and events.list accepts calendar.events.readonly
  // (https://developers.google.com/calendar/api/v3/reference/events/list#auth). No settings, no ACLs.
  auth: googleOAuth([
    'https://www.googleapis.com/auth/calendar.calendarlist.readonly',
    'https://www.googleapis.com/auth/calendar.events.readonly',
  ]),
  api: { baseUrl: 'https://www.googleapis.com/calendar/v3' },
  sync: {
    resources: [
      {
        id: 'events',
        name: 'Events',
        description:
          'Title, time, location, organizer, attendees and status of the events of your primary calendar (recurring events as their series)',
      },
    ],
    defaultFrequencyMinutes: 15,
  },
};
