import { DubProvider } from '@hub/server/integrations/dub';
import { type RunningSandbox, startSandbox } from '../../start-sandbox';
import {
  apiRequests,
  baseUrls,
  connectAs,
  mutate,
  RecordStore,
  sandboxControl,
  syncPages,
} from '../../testing/emulation-harness';

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
    details: { slug: 'sandbox', plan: 'pro', folders: 3 },
  });

  const pages = await syncPages(provider(), { credentials, resource: 'links' });
  expect(pages.every((p) => p.records.length <= 100)).toBe(true);
  expect(pages.at(-1)?.nextCursor).toBeNull();
  const records = pages.flatMap((p) => p.records);
  expect(records).toHaveLength(250);
  expect(new Set(records.map((r) => r.externalId)).size).toBe(250);
  // Links in folders and archived ones are links like the others.
  expect(records.filter((r) => r.data['folderId'] !== null).length).toBeGreaterThan(30);
  expect(records.some((r) => r.data['archived'] === true)).toBe(true);
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

  // Resuming from the first page's cursor fetches the pages after it only (and the folder list).
  const before = await apiRequests(sandbox, 'dub');
  const resumed = await syncPages(provider(), { credentials, resource: 'links', cursor: pages[0].nextCursor });
  expect(resumed.flatMap((p) => p.records.map((r) => r.externalId))).toEqual(
    records.slice(pages[0].records.length).map((r) => r.externalId),
  );
  expect((await apiRequests(sandbox, 'dub')) - before).toBe(pages.length - 1 + 1);

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

it('should sync a workspace of 150,000 links with folders and archived links completely, past page 1,000', async () => {
  // Dub's rate limit depends on the plan; the sync engine paces itself by Retry-After, so this test
  // raises the emulation's limit to read as fast as it answers.
  const big = await startSandbox({ port: 0, rateLimitPerMinute: 3_000, providers: { dub: { links: 150_000 } } });
  try {
    const bigProvider = new DubProvider(baseUrls(big, 'dub'));
    const credentials = { accessToken: (await connectAs(big, bigProvider)).access_token };
    const ids = new Set<string>();
    let archived = 0;
    let inFolders = 0;
    for (const page of await syncPages(bigProvider, { credentials, resource: 'links' })) {
      for (const record of page.records) {
        ids.add(record.externalId);
        if (record.data['archived'] === true) archived++;
        if (record.data['folderId'] !== null) inFolders++;
      }
    }
    expect(ids.size).toBe(150_000);
    expect(archived).toBeGreaterThan(3_000);
    expect(inFolders).toBeGreaterThan(30_000);
  } finally {
    await big.close();
  }
});

it('should lose no live link when links are deleted in the middle of a full pass', async () => {
  await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
  await sandboxControl(sandbox, 'dub', '/data', { links: 2_000 });
  const credentials = { accessToken: (await connectAs(sandbox, provider())).access_token };
  const seen = new Set<string>();
  let pages = 0;
  for await (const page of provider().sync({
    credentials,
    resource: 'links',
    cursor: null,
    selection: [],
    signal: new AbortController().signal,
  })) {
    for (const record of page.records) seen.add(record.externalId);
    // Halfway through, the newest links (already read, in pages before the cursor) are deleted:
    // offset pages would shift by that many and skip live links.
    if (++pages === 5) await mutate(sandbox, 'dub', { added: 0, updated: 0, deleted: 7 });
  }
  const live = await sandboxControl<string[]>(sandbox, 'dub', '/link-ids');
  expect(live).toHaveLength(2_000 - 7);
  expect(live.filter((id) => !seen.has(id))).toEqual([]);
});
