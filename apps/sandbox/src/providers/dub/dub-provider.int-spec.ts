import { DubProvider } from '@hub/server/integrations/dub';
import type { SyncPage } from '@hub/server/integrations/core';
import { type RunningSandbox, startSandbox } from '../../start-sandbox';
import { OAuthTestClient } from '../../testing/oauth-test-client';

/**
 * The hub's real DubProvider, unchanged, against the sandbox: a token from the OAuth flow, "connected
 * as", and a full sync of the workspace's 250 links across pages.
 */
let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(() => sandbox.close());

it('connects, describes the workspace and syncs all 250 links', async () => {
  const provider = new DubProvider(new Map([['dub', { apiBaseUrl: `${sandbox.url}/dub/api` }]]));
  const auth = provider.manifest.auth;
  if (auth.kind !== 'oauth2') throw new Error('Dub connects with OAuth');
  const client = new OAuthTestClient({
    sandboxUrl: sandbox.url,
    providerId: provider.manifest.id,
    authMethod: auth.clientAuthentication,
  });
  const tokens = await client.connect(auth.scopes.join(auth.scopeSeparator ?? ' '));
  const credentials = { accessToken: tokens.access_token };

  const account = await provider.getAccountInfo({ credentials });
  expect(account).toEqual({
    externalAccountId: expect.stringMatching(/^ws_/),
    displayName: 'Sandbox Workspace',
    workspaceName: 'Sandbox Workspace',
    url: 'https://app.dub.co/sandbox',
    details: { slug: 'sandbox', plan: 'pro' },
  });

  const pages: SyncPage[] = [];
  for await (const page of provider.sync({
    credentials,
    resource: 'links',
    cursor: null,
    signal: new AbortController().signal,
  })) {
    pages.push(page);
  }
  expect(pages.map((p) => p.records.length)).toEqual([100, 100, 50]);
  expect(pages.at(-1)?.nextCursor).toBeNull();
  const records = pages.flatMap((p) => p.records);
  expect(new Set(records.map((r) => r.externalId)).size).toBe(250);
  expect(records[0].data).toEqual(
    expect.objectContaining({
      domain: expect.any(String),
      key: expect.any(String),
      url: expect.stringMatching(/^https:\/\//),
      shortLink: expect.stringMatching(/^https:\/\//),
      clicks: expect.any(Number),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    }),
  );

  // Resuming from the first page's cursor fetches pages 2 and 3 only.
  const before = await apiRequests();
  const resumed: SyncPage[] = [];
  for await (const page of provider.sync({
    credentials,
    resource: 'links',
    cursor: pages[0].nextCursor,
    signal: new AbortController().signal,
  })) {
    resumed.push(page);
  }
  expect(resumed.flatMap((p) => p.records.map((r) => r.externalId))).toEqual(
    records.slice(100).map((r) => r.externalId),
  );
  expect((await apiRequests()) - before).toBe(2);

  // An expired token is AUTH_REVOKED to the hub.
  await fetch(`${sandbox.url}/_sandbox/dub/expire-access-tokens`, { method: 'POST' });
  const error = await provider.getAccountInfo({ credentials }).catch((e: unknown) => e);
  expect(provider.toIntegrationError(error).code).toBe('AUTH_REVOKED');
});

async function apiRequests(): Promise<number> {
  const stats = (await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as Record<
    string,
    { apiRequests: number }
  >;
  return stats['dub'].apiRequests;
}
