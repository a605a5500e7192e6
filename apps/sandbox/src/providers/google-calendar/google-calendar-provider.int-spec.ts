import { GoogleCalendarProvider } from '@hub/server/integrations/google-calendar';
import { type RunningSandbox, startSandbox } from '../../start-sandbox';
import { expectedProjectErrorOutcomes, projectErrorOutcomes } from '../google-common/inject-google-error';
import { baseUrls, connectAs, mutate as mutateAccount, syncPages } from '../../testing/emulation-harness';
import type { ChangeCounts } from '../../lib/emulation';

/**
 * The hub's real GoogleCalendarProvider, unchanged, against the sandbox: a token from the consent
 * flow as the manifest asks for it, "connected as" the primary calendar, a full sync of its 120
 * events over several pages, the changes `mutate` makes read from the sync token in exactly the
 * counts it announces, and an expired sync token starting the events over.
 */
let sandbox: RunningSandbox;
const provider = () => new GoogleCalendarProvider(baseUrls(sandbox, 'google-calendar'));

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, only: ['google-calendar'] });
});
afterAll(() => sandbox.close());

/** Connects as the hub does: the manifest's scopes and authorization parameters, PKCE, client auth. */
const connect = async () => ({ accessToken: (await connectAs(sandbox, provider())).access_token });

const sync = (credentials: { accessToken: string }, cursor: string | null) =>
  syncPages(provider(), { credentials, resource: 'events', cursor });

const mutate = async (body: Partial<ChangeCounts>) => (await mutateAccount(sandbox, 'google-calendar', body)).expected;

it('should connect, describe the primary calendar, sync its events, then exactly the changes mutate announces', async () => {
  const credentials = await connect();

  expect(await provider().getAccountInfo({ credentials })).toEqual({
    externalAccountId: 'sandbox@example.com',
    displayName: 'Sandbox User',
    email: 'sandbox@example.com',
    url: 'https://calendar.google.com/calendar/',
    details: { timeZone: 'Europe/Paris' },
  });

  // 123 listed (120 events, 3 cancelled occurrences that are not records) in pages the sandbox caps at 50.
  const full = await sync(credentials, null);
  expect(full.map((p) => p.records.length).reduce((a, b) => a + b)).toBe(120);
  expect(full.length).toBe(3);
  expect(full.every((p) => p.deletedIds === undefined)).toBe(true);
  const records = full.flatMap((p) => p.records);
  const ids = new Set(records.map((r) => r.externalId));
  expect(ids.size).toBe(120);
  const series = records.filter((r) => r.data['recurrence']);
  expect(series).toHaveLength(10);
  const moved = records.filter((r) => r.data['recurringEventId']);
  expect(moved.every((r) => ids.has(r.data['recurringEventId'] as string))).toBe(true);
  expect(records.find((r) => r.data['attendees'])?.data).toMatchObject({
    summary: expect.any(String),
    status: expect.stringMatching(/^(confirmed|tentative)$/),
    start: { dateTime: expect.any(String), timeZone: 'Europe/Paris' },
    organizer: { email: expect.any(String) },
    attendees: expect.arrayContaining([{ email: 'sandbox@example.com', responseStatus: expect.any(String) }]),
    htmlLink: expect.stringMatching(/^https:\/\/www\.google\.com\/calendar\/event\?eid=/),
  });
  expect(records.some((r) => (r.data['start'] as { date?: string }).date)).toBe(true);
  const descriptions = records.map((r) => r.data['description']).filter((d): d is string => typeof d === 'string');
  expect(descriptions.length).toBeGreaterThan(0);
  expect(descriptions.every((d) => d === d.trim() && d.length <= 2000)).toBe(true);
  const syncToken = full.at(-1)?.syncToken as string;

  const expected = await mutate({ added: 2, updated: 1, deleted: 1 });
  expect(expected).toEqual({ events: { added: 2, updated: 1, deleted: 1 } });

  const changes = await sync(credentials, syncToken);
  const changed = changes.flatMap((p) => p.records.map((r) => r.externalId));
  const deleted = changes.flatMap((p) => p.deletedIds ?? []);
  expect({
    added: changed.filter((id) => !ids.has(id)).length,
    updated: changed.filter((id) => ids.has(id)).length,
    deleted: deleted.filter((id) => ids.has(id)).length,
  }).toEqual(expected.events);
  expect(deleted).toHaveLength(1);
  const next = changes.at(-1)?.syncToken as string;
  expect(next).not.toBe(syncToken);

  // Two mutations before the next sync add up, and the sync reads them all.
  const first = await mutate({ added: 1, deleted: 1 });
  const second = await mutate({ updated: 2 });
  expect(first.events).toEqual({ added: 1, updated: 0, deleted: 1 });
  expect(second.events).toEqual({ added: 1, updated: 2, deleted: 1 });
  const more = await sync(credentials, next);
  expect({
    records: more.flatMap((p) => p.records).length,
    deleted: more.flatMap((p) => p.deletedIds ?? []).length,
  }).toEqual({ records: 3, deleted: 1 });
});

it('should start the events over (CURSOR_INVALID) when Calendar answers 410 to an expired sync token', async () => {
  const credentials = await connect();
  const full = await sync(credentials, null);
  await fetch(`${sandbox.url}/_sandbox/google-calendar/expire-sync-tokens`, { method: 'POST' });
  const error = await sync(credentials, full.at(-1)?.syncToken as string).catch((e: unknown) => e);
  expect(provider().toIntegrationError(error)).toMatchObject({ code: 'CURSOR_INVALID', options: { status: 410 } });
  // The full pass the runner then starts hands out a sync token that works.
  const again = await sync(credentials, null);
  expect(await sync(credentials, again.at(-1)?.syncToken as string)).toEqual([
    { records: [], deletedIds: [], nextCursor: null, syncToken: expect.any(String) },
  ]);
});

it('should back off (RATE_LIMITED) on Calendar’s 403 rate limits, and name calendar-json.googleapis.com to enable on SERVICE_DISABLED', async () => {
  const credentials = await connect();
  const outcomes = await projectErrorOutcomes(
    sandbox,
    'google-calendar',
    () => sync(credentials, null),
    (e) => provider().toIntegrationError(e),
  );
  expect(outcomes).toEqual(expectedProjectErrorOutcomes('calendar-json.googleapis.com'));
  expect((await sync(credentials, null)).flatMap((p) => p.records).length).toBeGreaterThan(0);
});
