import { GoogleAnalyticsProvider } from '@hub/server/integrations/google-analytics';
import type { SyncPage } from '@hub/server/integrations/core';
import { type RunningSandbox, startSandbox } from '../../start-sandbox';
import { OAuthTestClient, pkcePair } from '../../testing/oauth-test-client';

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
  provider = new GoogleAnalyticsProvider(
    new Map([['google-analytics', { apiBaseUrl: `${sandbox.url}/google-analytics/api` }]]),
  );
  const auth = provider.manifest.auth;
  if (auth.kind !== 'oauth2') throw new Error('Google Analytics connects with OAuth');
  const client = new OAuthTestClient({
    sandboxUrl: sandbox.url,
    providerId: 'google-analytics',
    authMethod: auth.clientAuthentication,
  });
  const pkce = pkcePair();
  const { code } = await client.authorize({
    scope: auth.scopes.join(auth.scopeSeparator ?? ' '),
    challenge: pkce.challenge,
    extraParams: auth.authorizationParams,
  });
  const tokens = await client.exchangeCode(code ?? '', pkce.verifier);
  expect(tokens.status).toBe(200);
  const body = tokens.body as { access_token?: string; id_token?: string };
  credentials = { accessToken: body.access_token ?? '', idToken: body.id_token ?? '' };
});
afterAll(() => sandbox.close());

async function sync(resource: string): Promise<SyncPage[]> {
  const pages: SyncPage[] = [];
  for await (const page of provider.sync({
    credentials,
    resource,
    cursor: null,
    signal: new AbortController().signal,
  })) {
    pages.push(page);
  }
  return pages;
}

/** A full pass as the hub's record writer counts it against `known`: unseen records are deleted. */
function fullPass(known: Map<string, string>, pages: SyncPage[]) {
  const result = { added: 0, updated: 0, deleted: 0 };
  const seen = new Set<string>();
  for (const record of pages.flatMap((p) => p.records)) {
    const data = JSON.stringify(record.data);
    const before = known.get(record.externalId);
    if (before === undefined) result.added += 1;
    else if (before !== data) result.updated += 1;
    known.set(record.externalId, data);
    seen.add(record.externalId);
  }
  for (const id of [...known.keys()]) {
    if (!seen.has(id)) {
      known.delete(id);
      result.deleted += 1;
    }
  }
  return result;
}

it('connects as the ID token’s user and syncs properties and daily reports, then exactly what mutate changed', async () => {
  expect(credentials.idToken.split('.')).toHaveLength(3);
  expect(await provider.getAccountInfo({ credentials })).toEqual({
    externalAccountId: 'sandbox-user',
    displayName: 'sandbox@example.com',
    email: 'sandbox@example.com',
    workspaceName: 'Sandbox Coffee Roasters',
    url: 'https://analytics.google.com/analytics/web/',
    details: { accounts: 2, properties: 3 },
  });

  const properties = new Map<string, string>();
  const reports = new Map<string, string>();
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

  const response = await fetch(`${sandbox.url}/_sandbox/google-analytics/mutate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ added: 2, updated: 1, deleted: 1 }),
  });
  const { expected } = (await response.json()) as {
    expected: Record<string, { added: number; updated: number; deleted: number }>;
  };
  expect(expected).toEqual({
    properties: { added: 2, updated: 1, deleted: 1 },
    'daily-report': { added: 60, updated: 0, deleted: 30 },
  });
  expect(fullPass(properties, await sync('properties'))).toEqual(expected['properties']);
  expect(fullPass(reports, await sync('daily-report'))).toEqual(expected['daily-report']);
  expect((await provider.getAccountInfo({ credentials })).details).toEqual({ accounts: 2, properties: 4 });
});

it('answers UNKNOWN without the ID token, and AUTH_REVOKED once the access token expired', async () => {
  const missing = await provider
    .getAccountInfo({ credentials: { accessToken: credentials.accessToken } })
    .catch((e: unknown) => e);
  expect(provider.toIntegrationError(missing).code).toBe('UNKNOWN');
  await fetch(`${sandbox.url}/_sandbox/google-analytics/expire-access-tokens`, { method: 'POST' });
  const error = await sync('daily-report').catch((e: unknown) => e);
  expect(provider.toIntegrationError(error).code).toBe('AUTH_REVOKED');
});
