import type { ProviderStatsSnapshot } from '../../lib/stats';
import { type RunningSandbox, startSandbox } from '../../start-sandbox';
import { OAuthTestClient } from '../../testing/oauth-test-client';

/** The emulated Dub REST API: bearer tokens, Dub's error shape, page/pageSize pagination, rate limits. */
const SCOPE = 'workspaces.read links.read analytics.read user.read';

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
  it('should page with page and pageSize (at most 100), newest first, the same data every time', async () => {
    const pages = [await links('?page=1&pageSize=100'), await links('?page=2&pageSize=100'), await links('?page=3')];
    expect(pages.map((p) => p.length)).toEqual([100, 100, 50]);
    expect(await links('?page=4')).toEqual([]);
    const all = pages.flat();
    expect(new Set(all.map((l) => l.id)).size).toBe(250);
    const created = all.map((l) => Date.parse(l.createdAt));
    expect(created).toEqual([...created].sort((a, b) => b - a));
    expect(all.every((l) => Number.isInteger(l.clicks) && l.clicks >= 0)).toBe(true);
    expect(await links('?page=2&pageSize=100')).toEqual(pages[1]);
    // Page size 10: page 3 is links 20..29 of the same order.
    expect((await links('?page=3&pageSize=10')).map((l) => l.id)).toEqual(all.slice(20, 30).map((l) => l.id));
    expect((await links('?sortOrder=asc&pageSize=1'))[0].id).toBe(all[249].id);
  });

  it('should answer 422 unprocessable_entity for a bad page or page size', async () => {
    for (const query of ['?pageSize=101', '?pageSize=0', '?page=0', '?page=abc', '?sortBy=clicks']) {
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
  it('should serve a million links without building them all', async () => {
    const big = await startSandbox({ port: 0, providers: { dub: { links: 1_000_000 } } });
    try {
      const client = new OAuthTestClient({ sandboxUrl: big.url, providerId: 'dub' });
      const { access_token } = await client.connect('links.read');
      const started = Date.now();
      const response = await fetch(`${big.url}/dub/api/links?page=10000&pageSize=100`, {
        headers: { authorization: `Bearer ${access_token}` },
      });
      const page = (await response.json()) as { id: string }[];
      expect(page).toHaveLength(100);
      const count = await fetch(`${big.url}/dub/api/links/count`, {
        headers: { authorization: `Bearer ${access_token}` },
      });
      expect(await count.json()).toBe(1_000_000);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await big.close();
    }
  });
});
