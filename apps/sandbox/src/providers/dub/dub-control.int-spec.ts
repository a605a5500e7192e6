import { DubProvider } from '@hub/server/integrations/dub';
import { type RunningSandbox, startSandbox } from '../../start-sandbox';
import { baseUrls, syncPages } from '../../testing/emulation-harness';
import { OAuthTestClient } from '../../testing/oauth-test-client';

/**
 * `/_sandbox/dub/data`: the Dub workspace grows, shrinks and gets revisions, so a second sync sees
 * added, deleted and updated links; `/_sandbox/dub/mutate` changes it as every emulation's does;
 * reset brings back the start-up data.
 */
const SCOPE = 'workspaces.read links.read folders.read analytics.read user.read';

interface Link {
  id: string;
  clicks: number;
  createdAt: string;
  updatedAt: string;
}

let sandbox: RunningSandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
  token = (await new OAuthTestClient({ sandboxUrl: sandbox.url, providerId: 'dub' }).connect(SCOPE)).access_token;
});

function setData(body: unknown): Promise<Response> {
  return fetch(`${sandbox.url}/_sandbox/dub/data`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(`${sandbox.url}/dub/api${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

/** Every link through Dub's API: outside folders, then each folder's, archived ones included, by cursor. */
async function allLinks(): Promise<Link[]> {
  const folders = await getJson<{ id: string }[]>('/folders');
  const links: Link[] = [];
  for (const folder of ['', ...folders.map((f) => `&folderId=${f.id}`)]) {
    for (let after = ''; ;) {
      const batch = await getJson<Link[]>(`/links?pageSize=100&showArchived=true${folder}${after}`);
      links.push(...batch);
      if (batch.length < 100) break;
      after = `&startingAfter=${batch[99].id}`;
    }
  }
  // Newest first overall, as the generated workspace holds them.
  return links.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
}

/** GET /links/count over every scope: outside folders and each folder, archived ones included. */
async function countAll(): Promise<number> {
  const folders = await getJson<{ id: string }[]>('/folders');
  let count = 0;
  for (const folder of ['', ...folders.map((f) => `&folderId=${f.id}`)])
    count += await getJson<number>(`/links/count?showArchived=true${folder}`);
  return count;
}

describe('GET/POST /_sandbox/dub/data', () => {
  it('should describe the start-up data', async () => {
    const response = await fetch(`${sandbox.url}/_sandbox/dub/data`);
    expect(await response.json()).toEqual({ links: 250, seed: 1, revision: 0 });
  });

  it('should grow at the oldest end: earlier links and their ids stay, the new ones are older', async () => {
    const before = await allLinks();
    const grown = await setData({ links: 320 });
    expect(await grown.json()).toEqual({ links: 320, seed: 1, revision: 0 });
    const after = await allLinks();
    expect(after).toHaveLength(320);
    expect(after.slice(0, 250)).toEqual(before);
    expect(new Set(after.map((l) => l.id)).size).toBe(320);
    expect(Date.parse(after[250].createdAt)).toBeLessThan(Date.parse(before[249].createdAt));
    expect(await countAll()).toBe(320);
    expect(await getJson<{ linksUsage: number }>('/workspaces/sandbox')).toMatchObject({ linksUsage: 320 });
  });

  it('should shrink from the oldest end: the remaining links are unchanged', async () => {
    const before = await allLinks();
    expect(await (await setData({ links: 180 })).json()).toEqual({ links: 180, seed: 1, revision: 0 });
    expect(await allLinks()).toEqual(before.slice(0, 180));
    expect(await countAll()).toBe(180);
  });

  it('should edit about 10 % of the links per revision (clicks up, updatedAt later); revision 0 = original', async () => {
    const original = await allLinks();
    expect(await (await setData({ revision: 1 })).json()).toEqual({ links: 250, seed: 1, revision: 1 });
    const revised = await allLinks();
    expect(revised.map((l) => l.id)).toEqual(original.map((l) => l.id));
    const changed = revised.filter((link, i) => JSON.stringify(link) !== JSON.stringify(original[i]));
    expect(changed.length).toBeGreaterThanOrEqual(10);
    expect(changed.length).toBeLessThanOrEqual(45);
    for (const link of changed) {
      const was = original.find((l) => l.id === link.id) as Link;
      expect(link.clicks).toBeGreaterThan(was.clicks);
      expect(Date.parse(link.updatedAt)).toBeGreaterThan(Date.parse(was.updatedAt));
      expect(link.createdAt).toBe(was.createdAt);
    }
    // Size and revision in one request; a revision covers the added links too.
    await setData({ links: 260, revision: 2 });
    expect((await allLinks()).slice(0, 250).every((link, i) => link.clicks >= revised[i].clicks)).toBe(true);
    await setData({ links: 250, revision: 0 });
    expect(await allLinks()).toEqual(original);
  });

  it('should be restored by reset', async () => {
    const original = await allLinks();
    await setData({ links: 10, revision: 5 });
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
    expect(await (await fetch(`${sandbox.url}/_sandbox/dub/data`)).json()).toEqual({
      links: 250,
      seed: 1,
      revision: 0,
    });
    token = (await new OAuthTestClient({ sandboxUrl: sandbox.url, providerId: 'dub' }).connect(SCOPE)).access_token;
    expect(await allLinks()).toEqual(original);
  });

  it('should refuse bad input with 400 { error, message } and change nothing', async () => {
    for (const body of [
      {},
      { links: -1 },
      { links: 1_000_001 },
      { links: 2.5 },
      { links: '300' },
      { revision: -1 },
      { revision: 1001 },
      { links: 300, revisions: 1 },
      [300],
    ]) {
      const response = await setData(body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(await response.json()).toEqual({ error: 'invalid_request', message: expect.any(String) });
    }
    const noJson = await fetch(`${sandbox.url}/_sandbox/dub/data`, { method: 'POST', body: 'links=300' });
    expect(noJson.status).toBe(400);
    expect(((await noJson.json()) as { message: string }).message).toMatch(/application\/json/);
    expect(await (await fetch(`${sandbox.url}/_sandbox/dub/data`)).json()).toEqual({
      links: 250,
      seed: 1,
      revision: 0,
    });
  });
});

it('should let the hub’s DubProvider see added, updated and deleted links on a second sync', async () => {
  const provider = new DubProvider(baseUrls(sandbox, 'dub'));
  const sync = async () => {
    const records = new Map<string, Record<string, unknown>>();
    for (const page of await syncPages(provider, { credentials: { accessToken: token }, resource: 'links' })) {
      for (const record of page.records) records.set(record.externalId, record.data as Record<string, unknown>);
    }
    return records;
  };
  await setData({ links: 200 });
  const first = await sync();
  await setData({ links: 230, revision: 1 });
  const second = await sync();
  const added = [...second.keys()].filter((id) => !first.has(id));
  const updated = [...first.keys()].filter(
    (id) => second.has(id) && JSON.stringify(second.get(id)) !== JSON.stringify(first.get(id)),
  );
  expect(added).toHaveLength(30);
  expect(updated.length).toBeGreaterThan(5);
  await setData({ links: 150 });
  const third = await sync();
  expect([...second.keys()].filter((id) => !third.has(id))).toHaveLength(80);
  // The 150 newest remain (the sync reads folder by folder, so compare by age, not by order).
  const newest = [...second.entries()]
    .sort(([, a], [, b]) => Date.parse(String(b['createdAt'])) - Date.parse(String(a['createdAt'])))
    .slice(0, 150)
    .map(([id]) => id);
  expect(new Set(third.keys())).toEqual(new Set(newest));
});

describe('POST /_sandbox/dub/mutate', () => {
  const mutate = (body: unknown) =>
    fetch(`${sandbox.url}/_sandbox/dub/mutate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('should add older links, edit and delete the newest untouched ones, and answer what it did', async () => {
    const before = await allLinks();
    const response = await mutate({ added: 3, updated: 2, deleted: 1 });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ expected: { links: { added: 3, updated: 2, deleted: 1 } } });
    const after = await allLinks();
    expect(after).toHaveLength(252);
    expect(await countAll()).toBe(252);
    // The two newest were edited (more clicks, a later updatedAt), the third deleted.
    expect(after.slice(0, 2).map((l) => l.id)).toEqual(before.slice(0, 2).map((l) => l.id));
    for (const [index, link] of after.slice(0, 2).entries()) {
      expect(link.clicks).toBeGreaterThan(before[index].clicks);
      expect(link.updatedAt > before[index].updatedAt).toBe(true);
    }
    expect(after.map((l) => l.id)).not.toContain(before[2].id);
    expect(after.slice(2, 249)).toEqual(before.slice(3));
    // The next mutation touches other links: its answer adds up with this one.
    expect(await (await mutate({ updated: 1 })).json()).toEqual({
      expected: { links: { added: 0, updated: 1, deleted: 0 } },
    });
    expect((await allLinks())[2].id).toBe(before[3].id);
  });

  it('should refuse unknown or out-of-range fields, and go back to the start-up links on reset', async () => {
    for (const body of [{ links: 1 }, { added: -1 }, { updated: 1001 }]) {
      expect((await mutate(body)).status).toBe(400);
    }
    await mutate({ deleted: 5 });
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
    expect(await (await fetch(`${sandbox.url}/_sandbox/dub/data`)).json()).toEqual({
      links: 250,
      seed: 1,
      revision: 0,
    });
  });
});
