import type { ProviderStatsSnapshot } from '../../lib/stats';
import { type RunningSandbox, startSandbox } from '../../start-sandbox';
import { OAuthTestClient } from '../../testing/oauth-test-client';

/** The emulated Dub REST API: bearer tokens, Dub's error shape, folders, archived links, cursor paging, rate limits. */
const SCOPE = 'workspaces.read links.read folders.read analytics.read user.read';

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

function get(path: string, accessToken: string | null = token): Promise<Response> {
  return fetch(`${sandbox.url}/dub/api${path}`, {
    headers: accessToken === null ? {} : { authorization: `Bearer ${accessToken}` },
  });
}

async function links(query: string): Promise<{ id: string; clicks: number; createdAt: string }[]> {
  const response = await get(`/links${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as { id: string; clicks: number; createdAt: string }[];
}

async function stats(): Promise<ProviderStatsSnapshot> {
  return ((await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as Record<string, ProviderStatsSnapshot>)[
    'dub'
  ];
}

describe('authentication', () => {
  it('should answer 401 in Dub’s error shape without a token and with an unknown one', async () => {
    for (const response of [await get('/links', null), await get('/links', 'not-a-sandbox-token')]) {
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        error: {
          code: 'unauthorized',
          message: expect.any(String),
          doc_url: 'https://dub.co/docs/api-reference/errors#unauthorized',
        },
      });
    }
    expect((await stats()).apiRequests).toBe(2);
  });
});

describe('the connected workspace', () => {
  it('should name it in /oauth/userinfo and describe it in /workspaces/{idOrSlug}', async () => {
    const info = (await (await get('/oauth/userinfo')).json()) as {
      name: string;
      workspace: { id: string; slug: string; name: string };
    };
    expect(info).toMatchObject({
      name: 'Sandbox User',
      workspace: { slug: 'sandbox', name: 'Sandbox Workspace', id: expect.stringMatching(/^ws_/) },
    });
    for (const idOrSlug of [info.workspace.id, info.workspace.slug]) {
      const workspace = await get(`/workspaces/${idOrSlug}`);
      expect(workspace.status).toBe(200);
      expect(await workspace.json()).toMatchObject({ id: info.workspace.id, slug: 'sandbox', plan: 'pro' });
    }
    const missing = await get('/workspaces/someone-else');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('GET /links', () => {
  type Link = { id: string; clicks: number; createdAt: string; folderId: string | null; archived: boolean };
  const list = (query: string) => links(query) as Promise<Link[]>;

  it('should list only the links outside folders, unarchived, unless asked: folderId and showArchived', async () => {
    const plain = await list('?pageSize=100');
    expect(plain.length).toBeGreaterThan(0);
    expect(plain.every((l) => l.folderId === null && !l.archived)).toBe(true);
    const folders = (await (await get('/folders')).json()) as { id: string; name: string }[];
    expect(folders.map((f) => f.name)).toEqual(['Campaigns', 'Partners', 'Social']);
    const scopes = [`?showArchived=true`, ...folders.map((f) => `?showArchived=true&folderId=${f.id}`)];
    const everything = new Map<string, Link>();
    for (const scope of scopes) {
      for (let after = ''; ;) {
        const page = await list(`${scope}&pageSize=100${after}`);
        for (const link of page) everything.set(link.id, link);
        if (page.length < 100) break;
        after = `&startingAfter=${page[99].id}`;
      }
    }
    // Every one of the 250 links, each in exactly one scope; some archived, some in folders.
    expect(everything.size).toBe(250);
    expect([...everything.values()].some((l) => l.archived)).toBe(true);
    expect([...everything.values()].filter((l) => l.folderId !== null).length).toBeGreaterThan(30);
    expect(await (await get(`/links/count?folderId=${folders[0].id}&showArchived=true`)).json()).toBe(
      [...everything.values()].filter((l) => l.folderId === folders[0].id).length,
    );
    expect((await get('/links?folderId=fold_missing')).status).toBe(404);
  });

  it('should page by cursor newest first (startingAfter, endingBefore), the same data every time', async () => {
    const first = await list('?showArchived=true&pageSize=10');
    const second = await list(`?showArchived=true&pageSize=10&startingAfter=${first[9].id}`);
    const created = [...first, ...second].map((l) => Date.parse(l.createdAt));
    expect(created).toEqual([...created].sort((a, b) => b - a));
    expect(await list(`?showArchived=true&pageSize=10&startingAfter=${first[9].id}`)).toEqual(second);
    expect((await list(`?showArchived=true&pageSize=3&endingBefore=${second[0].id}`)).map((l) => l.id)).toEqual(
      first.slice(7).map((l) => l.id),
    );
    // The deprecated page parameter cuts the same order.
    expect((await list('?showArchived=true&page=2&pageSize=10')).map((l) => l.id)).toEqual(second.map((l) => l.id));
  });

  it('should answer 422 unprocessable_entity for a bad page, page size or cursor, and past page 1,000', async () => {
    for (const query of [
      '?pageSize=101',
      '?pageSize=0',
      '?page=0',
      '?page=abc',
      '?page=1001',
      '?showArchived=yes',
      '?startingAfter=link_unknown',
      '?startingAfter=a&endingBefore=b',
    ]) {
      const response = await get(`/links${query}`);
      expect({ query, status: response.status }).toEqual({ query, status: 422 });
      expect(await response.json()).toMatchObject({
        error: {
          code: 'unprocessable_entity',
          doc_url: 'https://dub.co/docs/api-reference/errors#unprocessable-entity',
        },
      });
    }
  });

  it('should need links.read', async () => {
    const narrow = new OAuthTestClient({ sandboxUrl: sandbox.url, providerId: 'dub' });
    const { access_token } = await narrow.connect('user.read');
    const response = await get('/links', access_token);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('should answer 404 in Dub’s shape for paths Dub does not have', async () => {
    const response = await get('/nothing-here');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      error: { code: 'not_found', doc_url: 'https://dub.co/docs/api-reference/errors#not-found' },
    });
  });
});

describe('rate limiting', () => {
  it('should answer 429 with Retry-After past the per-minute limit, with Dub’s rate-limit headers', async () => {
    await fetch(`${sandbox.url}/_sandbox/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rateLimitPerMinute: 5 }),
    });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 7; i++) {
      last = await get('/links?pageSize=1');
      statuses.push(last.status);
      if (i === 0) {
        expect(last.headers.get('x-ratelimit-limit')).toBe('5');
        expect(last.headers.get('x-ratelimit-remaining')).toBe('4');
        expect(Number(last.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
      }
      if (last.status !== 429) await last.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const retryAfter = Number(last?.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await last?.json()).toMatchObject({ error: { code: 'rate_limit_exceeded' } });
    expect(await stats()).toMatchObject({ apiRequests: 7, rateLimited: 2 });
  });
});

describe('a big workspace', () => {
  it('should serve a million links, past page 1,000 by cursor', async () => {
    const big = await startSandbox({ port: 0, providers: { dub: { links: 1_000_000 } } });
    try {
      const client = new OAuthTestClient({ sandboxUrl: big.url, providerId: 'dub' });
      const { access_token } = await client.connect('links.read');
      const read = async (query: string) =>
        (await (
          await fetch(`${big.url}/dub/api/links?pageSize=100&showArchived=true${query}`, {
            headers: { authorization: `Bearer ${access_token}` },
          })
        ).json()) as { id: string }[];
      // Page 1,000 is the deprecated parameter's last; the cursor reaches past it.
      const last = await read('&page=1000');
      expect(last).toHaveLength(100);
      const past = await read(`&startingAfter=${last[99].id}`);
      expect(past).toHaveLength(100);
      expect(past.map((l) => l.id)).not.toContain(last[99].id);
      const count = await fetch(`${big.url}/dub/api/links/count?showArchived=true`, {
        headers: { authorization: `Bearer ${access_token}` },
      });
      expect(await count.json()).toBeGreaterThan(700_000);
    } finally {
      await big.close();
    }
  });
});
