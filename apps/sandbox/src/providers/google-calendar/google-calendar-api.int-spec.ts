import { type RunningSandbox, startSandbox } from '../../start-sandbox';
import { OAuthTestClient } from '../../testing/oauth-test-client';
import { injectGoogleError } from '../google-common/inject-google-error';

/**
 * The emulated Calendar API v3: bearer tokens and scopes, Google's error shape, the primary
 * calendar's calendarList entry, events.list with maxResults/pageToken paging (pages capped at 50),
 * sync tokens and the changes since (cancelled events included), 410 for expired sync tokens, and
 * the mutate control.
 */
const LIST_SCOPE = 'https://www.googleapis.com/auth/calendar.calendarlist.readonly';
const EVENTS_SCOPE = 'https://www.googleapis.com/auth/calendar.events.readonly';

let sandbox: RunningSandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, only: ['google-calendar'] });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  // Resets data, faults, rate limits and grants: connect again.
  await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
  token = await connect(`${LIST_SCOPE} ${EVENTS_SCOPE}`);
});

async function connect(scope: string): Promise<string> {
  return (await new OAuthTestClient({ sandboxUrl: sandbox.url, providerId: 'google-calendar' }).connect(scope))
    .access_token;
}

function get(path: string, accessToken: string | null = token): Promise<Response> {
  return fetch(`${sandbox.url}/google-calendar/api${path}`, {
    headers: accessToken === null ? {} : { authorization: `Bearer ${accessToken}` },
  });
}

interface EventsPage {
  kind: string;
  nextPageToken?: string;
  nextSyncToken?: string;
  items: { id: string; status: string; recurringEventId?: string; summary?: string; updated?: string }[];
  [field: string]: unknown;
}

async function events(query: string): Promise<EventsPage> {
  const response = await get(`/calendars/primary/events?${query}`);
  expect({ query, status: response.status }).toEqual({ query, status: 200 });
  return (await response.json()) as EventsPage;
}

/** Every page of a listing (full, or from `syncToken`), following nextPageToken. */
async function listing(query: string): Promise<EventsPage[]> {
  const pages = [await events(query)];
  while (pages.at(-1)?.nextPageToken) {
    pages.push(await events(`${query}&pageToken=${encodeURIComponent(pages.at(-1)?.nextPageToken as string)}`));
  }
  return pages;
}

async function googleError(path: string, status: number): Promise<Record<string, unknown>> {
  const response = await get(path);
  expect({ path, status: response.status }).toEqual({ path, status });
  const body = (await response.json()) as { error: Record<string, unknown> };
  expect(body.error).toMatchObject({ code: status, message: expect.any(String) });
  return { ...(body.error['errors'] as Record<string, unknown>[])[0], message: body.error['message'] };
}

function control(path: string, body?: unknown): Promise<Response> {
  return fetch(`${sandbox.url}/_sandbox/google-calendar${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const sync = (syncToken: string) => `syncToken=${encodeURIComponent(syncToken)}`;

describe('authentication and scopes', () => {
  it('should answer 401 in Google’s shape without a valid token, and send no rate-limit headers', async () => {
    for (const accessToken of [null, 'ya29.unknown']) {
      const response = await get('/calendars/primary/events', accessToken);
      expect(response.status).toBe(401);
      expect(response.headers.get('x-ratelimit-remaining')).toBeNull();
      expect(await response.json()).toMatchObject({
        error: { code: 401, errors: [{ reason: 'authError' }], status: 'UNAUTHENTICATED' },
      });
    }
  });

  it('should need the events scope for events and the calendar list scope for the calendar list', async () => {
    const listOnly = await connect(LIST_SCOPE);
    const eventsOnly = await connect(EVENTS_SCOPE);
    for (const [path, accessToken] of [
      ['/calendars/primary/events', listOnly],
      ['/users/me/calendarList/primary', eventsOnly],
    ] as const) {
      const response = await get(path, accessToken);
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
      expect(await response.json()).toMatchObject({ error: { errors: [{ reason: 'insufficientPermissions' }] } });
    }
    expect((await get('/users/me/calendarList/primary', listOnly)).status).toBe(200);
    expect((await get('/calendars/primary/events', eventsOnly)).status).toBe(200);
  });
});

describe('GET /users/me/calendarList/{calendarId}', () => {
  it('should answer the primary calendar by `primary` or by its id, and 404 for another', async () => {
    const primary = (await (await get('/users/me/calendarList/primary')).json()) as Record<string, unknown>;
    expect(primary).toMatchObject({
      kind: 'calendar#calendarListEntry',
      id: 'sandbox@example.com',
      summary: 'Sandbox User',
      timeZone: 'Europe/Paris',
      primary: true,
      accessRole: 'owner',
    });
    expect(await (await get('/users/me/calendarList/sandbox%40example.com')).json()).toEqual(primary);
    expect(await (await get('/users/me/calendarList/primary?fields=id,timeZone')).json()).toEqual({
      id: 'sandbox@example.com',
      timeZone: 'Europe/Paris',
    });
    expect(await googleError('/users/me/calendarList/someone%40example.com', 404)).toMatchObject({
      reason: 'notFound',
    });
  });
});

describe('GET /calendars/primary/events: the full listing', () => {
  it('should list 120 events and 3 cancelled occurrences in pages of at most 50, the sync token on the last page only', async () => {
    const pages = await listing('maxResults=250&singleEvents=false&showDeleted=false');
    expect(pages.map((p) => p.items.length)).toEqual([50, 50, 23]);
    expect(pages.map((p) => typeof p.nextSyncToken)).toEqual(['undefined', 'undefined', 'string']);
    expect(pages[0]).toMatchObject({
      kind: 'calendar#events',
      summary: 'Sandbox User',
      timeZone: 'Europe/Paris',
      accessRole: 'owner',
      defaultReminders: [{ method: 'popup', minutes: 10 }],
      updated: expect.any(String),
    });
    const items = pages.flatMap((p) => p.items);
    expect(new Set(items.map((e) => e.id)).size).toBe(123);
    const cancelled = items.filter((e) => e.status === 'cancelled');
    expect(cancelled).toHaveLength(3);
    expect(cancelled.every((e) => e.recurringEventId)).toBe(true);
    expect((await listing('maxResults=250&showDeleted=true')).flatMap((p) => p.items)).toHaveLength(125);
    expect((await events('maxResults=7')).items).toHaveLength(7);
  });

  it('should answer 400 to what it does not take, 404 to another calendar', async () => {
    for (const max of ['0', 'abc', '-3']) {
      expect(await googleError(`/calendars/primary/events?maxResults=${max}`, 400)).toMatchObject({
        location: 'maxResults',
      });
    }
    expect(await googleError('/calendars/primary/events?pageToken=bogus', 400)).toMatchObject({
      reason: 'invalid',
      location: 'pageToken',
    });
    const first = await events('maxResults=5');
    expect(
      await googleError(`/calendars/primary/events?showDeleted=true&pageToken=${first.nextPageToken}`, 400),
    ).toMatchObject({ location: 'pageToken' });
    expect(await googleError('/calendars/primary/events?singleEvents=true', 400)).toMatchObject({
      reason: 'badRequest',
    });
    expect(await googleError('/calendars/primary/events?timeMin=2025-01-01T00:00:00Z', 400)).toMatchObject({
      reason: 'badRequest',
    });
    expect(await googleError('/calendars/other%40example.com/events', 404)).toMatchObject({ reason: 'notFound' });
  });
});

describe('sync tokens', () => {
  const lastSyncToken = async () =>
    (await listing('maxResults=250&singleEvents=false&showDeleted=false')).at(-1)?.nextSyncToken as string;

  it('should answer no changes from a fresh sync token, then mutate’s changes, cancelled events bare', async () => {
    const token1 = await lastSyncToken();
    const quiet = await events(`${sync(token1)}&singleEvents=false`);
    expect(quiet.items).toEqual([]);
    expect(quiet.nextSyncToken).toEqual(expect.any(String));

    const mutated = await control('/mutate', { added: 2, updated: 1, deleted: 1 });
    expect(await mutated.json()).toEqual({ expected: { events: { added: 2, updated: 1, deleted: 1 } } });
    const pages = await listing(`${sync(quiet.nextSyncToken as string)}&maxResults=2&singleEvents=false`);
    expect(pages.map((p) => p.items.length)).toEqual([2, 2]);
    const items = pages.flatMap((p) => p.items);
    const cancelled = items.filter((e) => e.status === 'cancelled');
    expect(cancelled).toHaveLength(1);
    expect(Object.keys(cancelled[0]).sort()).toEqual(['etag', 'id', 'kind', 'status']);
    expect(items.filter((e) => e.status !== 'cancelled').every((e) => e.summary && e.updated)).toBe(true);
    // The deleted event is gone from a full listing.
    const ids = new Set((await listing('maxResults=250')).flatMap((p) => p.items.map((e) => e.id)));
    expect(ids.has(cancelled[0].id)).toBe(false);
    // A sync token from before the changes still reads them (it has not expired).
    expect((await listing(sync(token1))).flatMap((p) => p.items)).toHaveLength(4);
  });

  it('should refuse the parameters the reference forbids with a sync token', async () => {
    const token1 = await lastSyncToken();
    for (const extra of [
      'showDeleted=false',
      'timeMin=2025-01-01T00:00:00Z',
      'updatedMin=2025-01-01T00:00:00Z',
      'q=x',
      'orderBy=updated',
    ]) {
      expect(await googleError(`/calendars/primary/events?${sync(token1)}&${extra}`, 400)).toMatchObject({
        message: 'Sync token cannot be used with other request restrictions.',
      });
    }
    expect((await events(`${sync(token1)}&showDeleted=true`)).items).toEqual([]);
  });

  it('should answer 400 naming syncToken to one it never issued, and a page token of another listing', async () => {
    expect(await googleError('/calendars/primary/events?syncToken=bm90LWEtdG9rZW4=', 400)).toMatchObject({
      reason: 'invalid',
      location: 'syncToken',
    });
    const token1 = await lastSyncToken();
    await control('/mutate', { added: 5 });
    const first = await events(`${sync(token1)}&maxResults=2`);
    const fullPage = (await events('maxResults=2')).nextPageToken as string;
    expect(await googleError(`/calendars/primary/events?${sync(token1)}&pageToken=${fullPage}`, 400)).toMatchObject({
      location: 'pageToken',
    });
    expect(await googleError(`/calendars/primary/events?pageToken=${first.nextPageToken}`, 400)).toMatchObject({
      location: 'pageToken',
    });
  });

  it('should answer 410 fullSyncRequired once the sync tokens expire; a new full listing hands out one that works', async () => {
    const token1 = await lastSyncToken();
    const expired = await control('/expire-sync-tokens');
    expect(expired.status).toBe(200);
    expect(await googleError(`/calendars/primary/events?${sync(token1)}`, 410)).toEqual({
      domain: 'global',
      reason: 'fullSyncRequired',
      message: 'Sync token is no longer valid, a full sync is required.',
      location: 'syncToken',
      locationType: 'parameter',
    });
    const token2 = await lastSyncToken();
    expect((await events(sync(token2))).items).toEqual([]);
  });
});

describe('POST /_sandbox/google-calendar/mutate', () => {
  it('should refuse bad input with 400 and change nothing', async () => {
    for (const body of [{ added: -1 }, { updated: 1001 }, { deleted: 0.5 }, { cancelled: 1 }, 'x']) {
      const response = await control('/mutate', body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
    }
    expect(await (await fetch(`${sandbox.url}/_sandbox/google-calendar/data`)).json()).toMatchObject({ changes: 0 });
  });

  it('should describe the calendar, and reset brings back the start-up data', async () => {
    const start = await (await fetch(`${sandbox.url}/_sandbox/google-calendar/data`)).json();
    expect(start).toMatchObject({ events: 120, recurring: 10, cancelled: 5, changes: 0, seed: 1 });
    await control('/mutate', { added: 4, deleted: 2 });
    expect(await (await fetch(`${sandbox.url}/_sandbox/google-calendar/data`)).json()).toMatchObject({
      events: 122,
      cancelled: 7,
      changes: 6,
    });
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
    expect(await (await fetch(`${sandbox.url}/_sandbox/google-calendar/data`)).json()).toMatchObject({
      events: 120,
      cancelled: 5,
      changes: 0,
    });
  });
});

describe('project errors', () => {
  it('should answer 403 userRateLimitExceeded and SERVICE_DISABLED (accessNotConfigured, ErrorInfo naming calendar-json.googleapis.com)', async () => {
    await injectGoogleError(sandbox, 'google-calendar', 'userRateLimitExceeded');
    await injectGoogleError(sandbox, 'google-calendar', 'SERVICE_DISABLED');
    const limited = await get('/users/me/calendarList/primary');
    expect(limited.status).toBe(403);
    expect(await limited.json()).toEqual({
      error: {
        errors: [{ domain: 'usageLimits', reason: 'userRateLimitExceeded', message: 'User Rate Limit Exceeded' }],
        code: 403,
        message: 'User Rate Limit Exceeded',
      },
    });
    const disabled = await get('/users/me/calendarList/primary');
    expect(disabled.status).toBe(403);
    expect(await disabled.json()).toMatchObject({
      error: {
        code: 403,
        message: expect.stringMatching(
          /^Google Calendar API has not been used in project \d+ before or it is disabled/,
        ),
        errors: [{ domain: 'usageLimits', reason: 'accessNotConfigured' }],
        status: 'PERMISSION_DENIED',
        details: expect.arrayContaining([
          expect.objectContaining({
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'SERVICE_DISABLED',
            metadata: expect.objectContaining({ service: 'calendar-json.googleapis.com' }),
          }),
        ]),
      },
    });
    expect((await get('/users/me/calendarList/primary')).status).toBe(200);
  });
});
