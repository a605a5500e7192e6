import { DubProvider } from '@hub/server/integrations/dub';
import { type RunningSandbox, startSandbox } from '../../start-sandbox';
import { apiRequests, baseUrls, connectAs, mutate, RecordStore, syncPages } from '../../testing/emulation-harness';

/**
 * The hub's real DubProvider, unchanged, against the sandbox: a token from the OAuth flow, "connected
 * as", a full sync of the workspace's 250 links across pages, and after `mutate` a full pass whose
 * counts match what it said.
 */
let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(() => sandbox.close());

const provider = () => new DubProvider(baseUrls(sandbox, 'dub'));

it('should connect, describe the workspace and sync all 250 links', async () => {
  const credentials = { accessToken: (await connectAs(sandbox, provider())).access_token };

  const account = await provider().getAccountInfo({ credentials });
  expect(account).toEqual({
    externalAccountId: expect.stringMatching(/^ws_/),
    displayName: 'Sandbox Workspace',
    workspaceName: 'Sandbox Workspace',
    url: 'https://app.dub.co/sandbox',
    details: { slug: 'sandbox', plan: 'pro' },
  });

  const pages = await syncPages(provider(), { credentials, resource: 'links' });
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
  const before = await apiRequests(sandbox, 'dub');
  const resumed = await syncPages(provider(), { credentials, resource: 'links', cursor: pages[0].nextCursor });
  expect(resumed.flatMap((p) => p.records.map((r) => r.externalId))).toEqual(
    records.slice(100).map((r) => r.externalId),
  );
  expect((await apiRequests(sandbox, 'dub')) - before).toBe(2);

  // An expired token is AUTH_REVOKED to the hub.
  await fetch(`${sandbox.url}/_sandbox/dub/expire-access-tokens`, { method: 'POST' });
  const error = await provider()
    .getAccountInfo({ credentials })
    .catch((e: unknown) => e);
  expect(provider().toIntegrationError(error).code).toBe('AUTH_REVOKED');
});

it('should count, in the full pass after mutate, exactly the links it says it added, updated and deleted', async () => {
  await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
  const credentials = { accessToken: (await connectAs(sandbox, provider())).access_token };
  const links = new RecordStore();
  const pass = async () => links.apply(await syncPages(provider(), { credentials, resource: 'links' }), true);
  expect(await pass()).toEqual({ added: 250, updated: 0, unchanged: 0, deleted: 0 });

  for (const change of [
    { added: 2, updated: 3, deleted: 1 },
    { added: 5, updated: 4, deleted: 6 },
  ]) {
    const { expected } = await mutate(sandbox, 'dub', change);
    expect(expected).toEqual({ links: change });
    const { unchanged, ...counted } = await pass();
    expect(counted).toEqual(change);
    expect(unchanged).toBe(links.size - change.added - change.updated);
  }
  expect(links.size).toBe(250 + 2 - 1 + 5 - 6);
});
