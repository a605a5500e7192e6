import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeCursor } from '@hub/server/integrations/core';
import {
  describeProviderConformance,
  drainSync,
  type FixtureRequest,
  googleErrorForms,
} from '@hub/server/integrations/core/testing';
import { GoogleCalendarProvider } from './google-calendar.provider';

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8'));
const error = (name: string, status: number, headers: Record<string, string> = {}) => ({
  status,
  headers,
  body: fixture(name),
});
const tokenOf = (name: string, field: 'nextPageToken' | 'nextSyncToken') =>
  (fixture(name) as Record<string, string>)[field];

const PAGE_2 = tokenOf('events-page-1.json', 'nextPageToken');
const PAGE_3 = tokenOf('events-page-2.json', 'nextPageToken');
const SYNC = tokenOf('events-page-3.json', 'nextSyncToken');
const CHANGES_2 = tokenOf('events-changes-page-1.json', 'nextPageToken');

/**
 * Calendar as its reference shows it: a full pass of three pages (a recurring series and a meeting;
 * an all-day event and a cancelled occurrence of the series, which is not a record; a moved
 * occurrence), its nextSyncToken, and from it two pages of changes (an edited meeting; a new event and
 * a deleted one, `status: "cancelled"`).
 */
function calendar({ path, query }: FixtureRequest) {
  if (path !== '/calendars/primary/events' || query.get('singleEvents') !== 'false')
    return error('error-404.json', 404);
  const syncToken = query.get('syncToken');
  const pageToken = query.get('pageToken');
  if (syncToken === null) {
    if (query.get('showDeleted') !== 'false') return error('error-404.json', 404);
    if (pageToken === null) return { body: fixture('events-page-1.json') };
    if (pageToken === PAGE_2) return { body: fixture('events-page-2.json') };
    if (pageToken === PAGE_3) return { body: fixture('events-page-3.json') };
    return error('error-404.json', 404);
  }
  if (syncToken !== SYNC || query.has('showDeleted')) return error('error-410.json', 410);
  if (pageToken === null) return { body: fixture('events-changes-page-1.json') };
  if (pageToken === CHANGES_2) return { body: fixture('events-changes-page-2.json') };
  return error('error-404.json', 404);
}

describeProviderConformance({
  provider: new GoogleCalendarProvider(),
  create: ({ apiBaseUrl, pageSize }) =>
    new GoogleCalendarProvider().withOptions({ apiBaseUrl, ...(pageSize ? { pageSize } : {}) }),
  account: {
    respond: ({ path }) =>
      path === '/users/me/calendarList/primary'
        ? { body: fixture('calendar-list-primary.json') }
        : error('error-404.json', 404),
    expected: {
      externalAccountId: 'ada.lovelace@example.org',
      displayName: 'Ada Lovelace',
      email: 'ada.lovelace@example.org',
      details: { timeZone: 'Europe/London' },
    },
  },
  errors: {
    unauthorized: { answer: error('error-401.json', 401) },
    insufficientScope: {
      answer: error('error-403.json', 403),
      call: (provider, credentials) => drainSync(provider, credentials, 'events'),
    },
    notFound: { answer: error('error-404.json', 404) },
    cursorExpired: {
      answer: error('error-410.json', 410),
      call: (provider, credentials) =>
        drainSync(
          provider,
          credentials,
          'events',
          encodeCursor({ v: 1, kind: 'changes', syncToken: 'CPDAlvWDx70CEPDAlvWDx70CGAU=', pageToken: null }),
        ),
    },
    // Google documents no Retry-After; when an answer carries one, it is honoured.
    rateLimited: { answer: error('error-429.json', 429, { 'retry-after': '20' }), retryAfterMs: 20_000 },
    serverError: { answer: error('error-500.json', 500) },
    providerSpecific: googleErrorForms('events', 'calendar-json.googleapis.com', 'Google Calendar API'),
  },
  sync: [
    {
      resource: 'events',
      pageSize: 2,
      respond: calendar,
      expectedRecords: 4,
      pageSizeOf: (request) => (request.query.has('maxResults') ? Number(request.query.get('maxResults')) : undefined),
      incremental: {
        changedIds: ['0k2nqf5m8q7e4g1rj3l6c9v2sa', '6h2jm94d7s1iq5capk8u3t2p0q'],
        deletedIds: ['5qr1j9gtm2vc8u5b4lk7u0n6fh'],
      },
    },
  ],
});
