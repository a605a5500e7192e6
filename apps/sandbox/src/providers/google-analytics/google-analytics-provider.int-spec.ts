import { GoogleAnalyticsProvider } from '@hub/server/integrations/google-analytics';
import type { SyncPage } from '@hub/server/integrations/core';
import { type RunningSandbox, startSandbox } from '../../start-sandbox';
import { expectedProjectErrorOutcomes, projectErrorOutcomes } from '../google-common/inject-google-error';
import { baseUrls, connectAs, mutate, RecordStore, syncPages } from '../../testing/emulation-harness';

/**
 * The hub's real GoogleAnalyticsProvider, unchanged, against the sandbox (real clock): a token and ID
 * token from the consent flow with Google's authorization parameters, "connected as", full passes of
 * both resources, then `mutate` and full passes again whose counts (as the hub's record writer
 * counts a full pass) match what `mutate` said.
 */
let sandbox: RunningSandbox;
let provider: GoogleAnalyticsProvider;
let credentials: { accessToken: string; idToken: string };

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, only: ['google-analytics'] });
  provider = new GoogleAnalyticsProvider(baseUrls(sandbox, 'google-analytics'));
  const body = (await connectAs(sandbox, provider)) as { access_token: string; id_token?: string };
  credentials = { accessToken: body.access_token, idToken: body.id_token ?? '' };
});
afterAll(() => sandbox.close());

const sync = (resource: string) => syncPages(provider, { credentials, resource });

/** A full pass as the hub's record writer counts it: unseen records are deleted. */
function fullPass(store: RecordStore, pages: SyncPage[]) {
  const { added, updated, deleted } = store.apply(pages, true);
  return { added, updated, deleted };
}

it('should connect as the ID token’s user and sync properties and daily reports, then exactly what mutate changed', async () => {
  expect(credentials.idToken.split('.')).toHaveLength(3);
  expect(await provider.getAccountInfo({ credentials })).toEqual({
    externalAccountId: 'sandbox-user',
    displayName: 'sandbox@example.com',
    email: 'sandbox@example.com',
    workspaceName: 'Sandbox Coffee Roasters',
    url: 'https://analytics.google.com/analytics/web/',
    details: { accounts: 2, properties: 3 },
  });

  const properties = new RecordStore();
  const reports = new RecordStore();
  const firstProperties = await sync('properties');
  expect(fullPass(properties, firstProperties)).toEqual({ added: 3, updated: 0, deleted: 0 });
  expect(firstProperties.flatMap((p) => p.records)[0]).toEqual({
    externalId: '310004001',
    data: {
      property: 'properties/310004001',
      propertyId: '310004001',
      displayName: 'sandbox-coffee.example.com',
      propertyType: 'PROPERTY_TYPE_ORDINARY',
      parent: 'accounts/210004321',
      account: 'accounts/210004321',
      accountId: '210004321',
      accountDisplayName: 'Sandbox Coffee Roasters',
    },
  });
  const firstReports = await sync('daily-report');
  // One page a property (30 rows each, under the page size of 200).
  expect(firstReports.map((p) => p.records.length)).toEqual([30, 30, 30]);
  expect(fullPass(reports, firstReports)).toEqual({ added: 90, updated: 0, deleted: 0 });
  const row = firstReports[0].records[0];
  expect(row.externalId).toMatch(/^310004001:\d{4}-\d{2}-\d{2}$/);
  expect(row.data).toEqual({
    property: 'properties/310004001',
    propertyId: '310004001',
    date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    sessions: expect.any(Number),
    totalUsers: expect.any(Number),
    newUsers: expect.any(Number),
  });
  expect([...firstReports, ...firstProperties].every((p) => p.syncToken === undefined)).toBe(true);

  const { expected } = await mutate(sandbox, 'google-analytics', { added: 2, updated: 1, deleted: 1 });
  expect(expected).toEqual({
    properties: { added: 2, updated: 1, deleted: 1 },
    // The new properties have no data yet: Google answers their reports without rows.
    'daily-report': { added: 0, updated: 0, deleted: 30 },
  });
  expect(fullPass(properties, await sync('properties'))).toEqual(expected['properties']);
  const again = await sync('daily-report');
  // The last property listed is a new one (second account): the pass still ends, on an empty page.
  expect(again.map((p) => p.records.length)).toEqual([30, 30, 0]);
  expect(fullPass(reports, again)).toEqual(expected['daily-report']);
  expect((await provider.getAccountInfo({ credentials })).details).toEqual({ accounts: 2, properties: 4 });
});

it('should back off (RATE_LIMITED) on either API’s quota answer, and name the API to enable on SERVICE_DISABLED', async () => {
  // The Admin API (accountSummaries) and the Data API (runReport, its own host) fail separately.
  const admin = await projectErrorOutcomes(
    sandbox,
    'google-analytics',
    () => sync('properties'),
    (e) => provider.toIntegrationError(e),
  );
  expect(admin).toEqual(expectedProjectErrorOutcomes('analyticsadmin.googleapis.com'));
  const data = await projectErrorOutcomes(
    sandbox,
    'google-analytics',
    () => sync('daily-report'),
    (e) => provider.toIntegrationError(e),
    { pathPrefix: '/_hosts/data/' },
  );
  expect(data).toEqual(expectedProjectErrorOutcomes('analyticsdata.googleapis.com'));
});

it('should answer UNKNOWN without the ID token, and AUTH_REVOKED once the access token expired', async () => {
  const missing = await provider
    .getAccountInfo({ credentials: { accessToken: credentials.accessToken } })
    .catch((e: unknown) => e);
  expect(provider.toIntegrationError(missing).code).toBe('UNKNOWN');
  await fetch(`${sandbox.url}/_sandbox/google-analytics/expire-access-tokens`, { method: 'POST' });
  const error = await sync('daily-report').catch((e: unknown) => e);
  expect(provider.toIntegrationError(error).code).toBe('AUTH_REVOKED');
});
