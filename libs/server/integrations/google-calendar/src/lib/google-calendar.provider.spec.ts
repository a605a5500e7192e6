import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { encodeCursor, IntegrationError, PROVIDER_BASE_URLS, ProviderApiError } from '@hub/server/integrations/core';
import { collect, type FixtureServer, startFixtureServer } from '@hub/server/integrations/core/testing';
import { googleCalendarErrorCode, toGoogleCalendarIntegrationError } from './google-calendar-errors';
import { DESCRIPTION_MAX_LENGTH, GoogleCalendarProvider } from './google-calendar.provider';

const fixture = <T = unknown>(name: string): T =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8')) as T;
const TOKEN = 'ya29.a0AfB_calendar_access_token_9c2e4d';
const credentials = { accessToken: TOKEN };
const SYNC = 'CPDAlvWDx70CEPDAlvWDx70CGAU=';

let server: FixtureServer;
let provider: GoogleCalendarProvider;

beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  provider = new GoogleCalendarProvider().withOptions({ apiBaseUrl: server.url, pageSize: 2 });
});

const run = (cursor: string | null, resource = 'events') =>
  collect(provider.sync({ credentials, resource, cursor, selection: [], signal: new AbortController().signal }));
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => Promise.reject(new Error('expected a failure')),
    (e: unknown) => e,
  );
const changes = (syncToken: string, pageToken: string | null = null) =>
  encodeCursor({ v: 1, kind: 'changes', syncToken, pageToken });
const lastPage = (items: unknown[], extra: Record<string, unknown> = { nextSyncToken: 'next-sync' }) => ({
  body: { kind: 'calendar#events', ...extra, items },
});

describe('getAccountInfo', () => {
  it('should be the primary calendar: its id (the email), its title and time zone', async () => {
    server.answer(() => ({ body: fixture('calendar-list-primary.json') }));
    expect(await provider.getAccountInfo({ credentials })).toEqual({
      externalAccountId: 'ada.lovelace@example.org',
      displayName: 'Ada Lovelace',
      email: 'ada.lovelace@example.org',
      url: 'https://calendar.google.com/calendar/',
      details: { timeZone: 'Europe/London' },
    });
    expect(server.requests.map((r) => r.path)).toEqual(['/users/me/calendarList/primary']);
    expect(server.requests[0].headers['authorization']).toBe(`Bearer ${TOKEN}`);
  });

  it('should prefer the name the person gave the calendar, and fall back to the id', async () => {
    server.answer(() => ({
      body: { id: 'ada@example.org', summary: 'ada@example.org', summaryOverride: 'Ada (work)' },
    }));
    expect((await provider.getAccountInfo({ credentials })).displayName).toBe('Ada (work)');
    server.answer(() => ({ body: { id: 'ada@example.org' } }));
    const account = await provider.getAccountInfo({ credentials });
    expect(account).toEqual({
      externalAccountId: 'ada@example.org',
      displayName: 'ada@example.org',
      email: 'ada@example.org',
      url: 'https://calendar.google.com/calendar/',
    });
  });

  it('should fail UNKNOWN without a calendar id, and AUTH_REVOKED without a token (no request)', async () => {
    server.answer(() => ({ body: { summary: 'No id' } }));
    expect(provider.toIntegrationError(await failure(provider.getAccountInfo({ credentials }))).code).toBe('UNKNOWN');
    server.requests.length = 0;
    await expect(provider.getAccountInfo({ credentials: { accessToken: '' } })).rejects.toMatchObject({
      code: 'AUTH_REVOKED',
    });
    expect(server.requests).toHaveLength(0);
  });
});

describe('the full pass', () => {
  it('should list series, not occurrences, without deleted events, and keep the fields the hub stores', async () => {
    server.answer(() => ({
      body: { ...fixture<object>('events-page-1.json'), nextPageToken: undefined, nextSyncToken: SYNC },
    }));
    const [page] = await run(null);
    expect(Object.fromEntries(server.requests[0].query)).toEqual({
      maxResults: '2',
      singleEvents: 'false',
      showDeleted: 'false',
    });
    expect(page.records[0]).toEqual({
      externalId: '4eahs9ghkhrvkld72hogu9ph3e',
      data: {
        summary: 'Weekly 1:1 Ada / Charles',
        status: 'confirmed',
        htmlLink:
          'https://www.google.com/calendar/event?eid=NGVhaHM5Z2hraHJ2a2xkNzJob2d1OXBoM2UgYWRhLmxvdmVsYWNlQGV4YW1wbGUub3Jn',
        created: '2025-01-02T09:00:11.000Z',
        updated: '2025-02-27T10:00:20.441Z',
        start: { dateTime: '2025-01-07T14:30:00Z', timeZone: 'Europe/London' },
        end: { dateTime: '2025-01-07T15:00:00Z', timeZone: 'Europe/London' },
        organizer: { email: 'ada.lovelace@example.org' },
        attendees: [
          { email: 'ada.lovelace@example.org', responseStatus: 'accepted' },
          { email: 'charles.babbage@example.org', responseStatus: 'accepted' },
        ],
        recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=TU'],
      },
    });
    // The description loses the whitespace around it; the attendees keep email and answer only.
    expect(page.records[1].data).toMatchObject({
      description: '<b>Agenda</b><br>1. Notes on the Menabrea paper<br>2. Bernoulli numbers',
      location: 'Room 4.02 (Atlas)',
      organizer: { email: 'charles.babbage@example.org', displayName: 'Charles Babbage' },
    });
    expect(page.records[1].data['attendees']).toHaveLength(3);
    expect(page.syncToken).toBe(changes(SYNC));
    expect(JSON.stringify(page)).not.toContain(TOKEN);
  });

  it('should skip the cancelled occurrences a full pass lists anyway, and keep a moved occurrence with its series id', async () => {
    server.answer(({ query }) =>
      query.get('pageToken') === 'page-2'
        ? { body: fixture('events-page-2.json') }
        : { body: fixture('events-page-3.json') },
    );
    const pages = await run(encodeCursor({ v: 1, kind: 'events', pageToken: 'page-2' }));
    expect(pages.map((p) => p.records.map((r) => r.externalId))).toEqual([
      ['5qr1j9gtm2vc8u5b4lk7u0n6fh'],
      ['4eahs9ghkhrvkld72hogu9ph3e_20250311T143000Z'],
    ]);
    expect(pages.every((p) => p.deletedIds === undefined)).toBe(true);
    expect(pages[0].records[0].data).toMatchObject({ start: { date: '2025-04-14' }, end: { date: '2025-04-19' } });
    expect(pages[1].records[0].data['recurringEventId']).toBe('4eahs9ghkhrvkld72hogu9ph3e');
  });

  it('should cut long descriptions to DESCRIPTION_MAX_LENGTH characters and drops blank ones', async () => {
    server.answer(() =>
      lastPage([
        { id: 'long', status: 'confirmed', description: `  ${'x'.repeat(DESCRIPTION_MAX_LENGTH + 500)}  ` },
        { id: 'blank', status: 'confirmed', description: ' \n ' },
      ]),
    );
    const [page] = await run(null);
    const long = page.records[0].data['description'] as string;
    expect(long).toHaveLength(DESCRIPTION_MAX_LENGTH);
    expect(long.endsWith('…')).toBe(true);
    expect(page.records[1].data).not.toHaveProperty('description');
  });

  it('should go on after an empty page that has a next page token (pages may be short before the end)', async () => {
    server.answer(({ query }) =>
      query.get('pageToken') === null
        ? { body: { nextPageToken: 'more', items: [] } }
        : lastPage([{ id: 'a', status: 'confirmed' }]),
    );
    const pages = await run(null);
    expect(pages.map((p) => [p.records.length, p.nextCursor === null])).toEqual([
      [0, false],
      [1, true],
    ]);
  });

  it.each([
    ['without items', { nextSyncToken: 's' }],
    ['with an event without an id', { nextSyncToken: 's', items: [{ status: 'confirmed' }] }],
    ['with neither a next page token nor a sync token', { items: [] }],
    ['with a malformed sync token', { nextSyncToken: 'a b', items: [] }],
  ])('should fail UNKNOWN on an answer %s', async (_case, body) => {
    server.answer(() => ({ body }));
    const error = await failure(run(null));
    expect(error).toBeInstanceOf(IntegrationError);
    expect(provider.toIntegrationError(error).code).toBe('UNKNOWN');
  });
});

describe('the changes since a sync token', () => {
  it('should send the sync token with the same parameters as the full pass, and none of those it forbids', async () => {
    server.answer(({ query }) =>
      query.get('pageToken')
        ? { body: fixture('events-changes-page-2.json') }
        : { body: fixture('events-changes-page-1.json') },
    );
    const pages = await run(changes(SYNC));
    const [first, second] = server.requests.map((r) => Object.fromEntries(r.query));
    expect(first).toEqual({ syncToken: SYNC, maxResults: '2', singleEvents: 'false' });
    expect(second).toEqual({
      syncToken: SYNC,
      maxResults: '2',
      singleEvents: 'false',
      pageToken: fixture<{ nextPageToken: string }>('events-changes-page-1.json').nextPageToken,
    });
    for (const request of server.requests) {
      for (const forbidden of ['showDeleted', 'timeMin', 'timeMax', 'updatedMin', 'q', 'orderBy', 'iCalUID']) {
        expect(request.query.has(forbidden)).toBe(false);
      }
    }
    expect(pages.map((p) => ({ records: p.records.map((r) => r.externalId), deleted: p.deletedIds }))).toEqual([
      { records: ['0k2nqf5m8q7e4g1rj3l6c9v2sa'], deleted: [] },
      { records: ['6h2jm94d7s1iq5capk8u3t2p0q'], deleted: ['5qr1j9gtm2vc8u5b4lk7u0n6fh'] },
    ]);
    expect(pages[0].nextCursor).toBe(
      changes(SYNC, fixture<{ nextPageToken: string }>('events-changes-page-1.json').nextPageToken),
    );
    expect(pages[1].syncToken).toBe(changes('CPDAlvWDx70CEIjS1aqKs40DGAU='));
  });

  it('should resume in the middle of a change listing with both tokens', async () => {
    server.answer(() => ({ body: fixture('events-changes-page-2.json') }));
    await run(changes(SYNC, 'page-2-of-changes'));
    expect(server.requests[0].query.get('syncToken')).toBe(SYNC);
    expect(server.requests[0].query.get('pageToken')).toBe('page-2-of-changes');
  });

  it('should map 410 fullSyncRequired to CURSOR_INVALID, as it does a 400 naming the sync token', async () => {
    server.answer(() => ({ status: 410, body: fixture('error-410.json') }));
    expect(provider.toIntegrationError(await failure(run(changes(SYNC)))).code).toBe('CURSOR_INVALID');
    server.answer(() => ({ status: 400, body: fixture('error-400-sync-token.json') }));
    expect(provider.toIntegrationError(await failure(run(changes('stale'))))).toMatchObject({
      code: 'CURSOR_INVALID',
      options: { status: 400 },
    });
  });
});

describe('cursors', () => {
  it.each([
    ['{"v":1,"kind":"events"}'],
    ['{"v":1,"kind":"events","pageToken":""}'],
    ['{"v":1,"kind":"changes","pageToken":null}'],
    ['{"v":1,"kind":"changes","syncToken":"s"}'],
    ['{"v":1,"kind":"changes","syncToken":"s","pageToken":7}'],
    ['{"v":2,"kind":"changes","syncToken":"s","pageToken":null}'],
    ['CPDAlvWDx70CEPDAlvWDx70CGAU='],
  ])('should refuse %s without calling Calendar (CURSOR_INVALID)', async (cursor) => {
    await expect(run(cursor)).rejects.toMatchObject({ code: 'CURSOR_INVALID' });
    expect(server.requests).toHaveLength(0);
  });

  it('should sync events only', async () => {
    await expect(run(null, 'calendars')).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('toIntegrationError', () => {
  const apiError = (status: number, code?: string) =>
    new ProviderApiError('Google Calendar', status, '/calendars/primary/events', code, undefined);

  it.each([
    [400, 'invalid:syncToken', 'CURSOR_INVALID'],
    [400, 'invalid:pageToken', 'CURSOR_INVALID'],
    [400, 'badRequest', 'INVALID_CONFIG'],
    [401, 'authError', 'AUTH_REVOKED'],
    [403, 'insufficientPermissions', 'INSUFFICIENT_SCOPE'],
    [403, 'rateLimitExceeded', 'RATE_LIMITED'],
    [403, 'quotaExceeded', 'RATE_LIMITED'],
    [404, 'notFound', 'NOT_FOUND'],
    [410, 'fullSyncRequired:syncToken', 'CURSOR_INVALID'],
    [429, 'rateLimitExceeded', 'RATE_LIMITED'],
    [500, 'backendError', 'TEMPORARY'],
  ])('should map %i (%s) to %s', (status, code, expected) => {
    expect(toGoogleCalendarIntegrationError(apiError(status, code)).code).toBe(expected);
  });

  it('should map Calendar’s 403 rateLimitExceeded answer to RATE_LIMITED, without the body or the token', async () => {
    server.answer(() => ({ status: 403, body: fixture('error-403-rate-limit.json') }));
    const mapped = provider.toIntegrationError(await failure(provider.getAccountInfo({ credentials })));
    expect(mapped.code).toBe('RATE_LIMITED');
    expect(mapped.message).not.toContain(TOKEN);
    expect(mapped.message).not.toContain('Rate Limit Exceeded');
  });

  it('should be pure, and map anything else to UNKNOWN', () => {
    const error = apiError(410, 'fullSyncRequired:syncToken');
    expect(provider.toIntegrationError(error).message).toBe(provider.toIntegrationError(error).message);
    expect(error.code).toBe('fullSyncRequired:syncToken');
    expect(provider.toIntegrationError(new RangeError('x')).code).toBe('UNKNOWN');
  });
});

describe('googleCalendarErrorCode', () => {
  it('should add the parameter to the reason when the error names the sync or page token', () => {
    expect(googleCalendarErrorCode(fixture('error-410.json'))).toBe('fullSyncRequired:syncToken');
    expect(googleCalendarErrorCode(fixture('error-400-sync-token.json'))).toBe('invalid:syncToken');
    expect(googleCalendarErrorCode({ error: { errors: [{ reason: 'invalid', location: 'pageToken' }] } })).toBe(
      'invalid:pageToken',
    );
    expect(googleCalendarErrorCode({ error: { errors: [{ reason: 'timeRangeEmpty', location: 'timeMax' }] } })).toBe(
      'timeRangeEmpty',
    );
    expect(googleCalendarErrorCode(fixture('error-403.json'))).toBe('insufficientPermissions');
    expect(googleCalendarErrorCode(undefined)).toBeUndefined();
  });
});

describe('options and base URL', () => {
  it('should default to the manifest, and take PROVIDER_BASE_URLS from Nest', async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [
        GoogleCalendarProvider,
        {
          provide: PROVIDER_BASE_URLS,
          useValue: new Map([['google-calendar', { apiBaseUrl: `${server.url}/calendar/v3` }]]),
        },
      ],
    }).compile();
    server.answer(() => ({ body: fixture('calendar-list-primary.json') }));
    await moduleRef.get(GoogleCalendarProvider).getAccountInfo({ credentials });
    expect(server.requests.map((r) => r.path)).toEqual(['/calendar/v3/users/me/calendarList/primary']);
    const plain = await Test.createTestingModule({ providers: [GoogleCalendarProvider] }).compile();
    expect(plain.get(GoogleCalendarProvider).manifest.api?.baseUrl).toBe('https://www.googleapis.com/calendar/v3');
  });

  it('should ask for 250 events a page by default, and refuse sizes Calendar does not take', async () => {
    server.answer(() => lastPage([]));
    await collect(
      new GoogleCalendarProvider()
        .withBaseUrl(server.url)
        .sync({ credentials, resource: 'events', cursor: null, selection: [], signal: new AbortController().signal }),
    );
    expect(server.requests[0].query.get('maxResults')).toBe('250');
    for (const pageSize of [0, 2501, 1.5]) expect(() => provider.withOptions({ pageSize })).toThrow(RangeError);
  });
});
