import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import {
  catalogProblems,
  type CatalogProvider,
  IntegrationError,
  PROVIDER_BASE_URLS,
  type SyncPage,
} from '@hub/server/integrations/core';
import { dubFixtureAnswer, FOLDER_ID } from '../testing/dub-fixture-api';
import { DubProvider } from './dub.provider';

const fixture = <T = unknown>(name: string): T =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8')) as T;
const FOLDERS_QUERY = '/folders?page=1&pageSize=50';
const TOKEN = 'dub_access_token_ae8ebf6f97e6200d886ef48a5';
const credentials = { accessToken: TOKEN };

interface Call {
  url: URL;
  headers: Headers;
  signal: AbortSignal | undefined;
}

/** `global.fetch` answered by `route(url)`; records every call. */
function mockFetch(route: (url: URL, init: RequestInit | undefined) => Response | Promise<Response>): Call[] {
  const calls: Call[] = [];
  jest.spyOn(global, 'fetch').mockImplementation(async (input, init) => {
    const url = new URL(String(input));
    calls.push({ url, headers: new Headers(init?.headers), signal: init?.signal ?? undefined });
    return route(url, init);
  });
  return calls;
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** Dub's folders and links, pages of 2, from the fixtures (see dub-fixture-api.ts). */
function linksRoute(url: URL): Response {
  // The path after any base path (a sandbox's /dub/api).
  const path = url.pathname.slice(Math.max(0, url.pathname.search(/\/(links|folders)$/)));
  const body = dubFixtureAnswer(path, url.searchParams);
  return body ? json(body) : json(fixture('error-404.json'), 404);
}

async function collect(pages: AsyncIterable<SyncPage>): Promise<SyncPage[]> {
  const out: SyncPage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

afterEach(() => jest.restoreAllMocks());

describe('DubProvider', () => {
  const provider = new DubProvider().withOptions({ pageSize: 2 });

  describe('getAccountInfo', () => {
    it('should describe the workspace the token is bound to', async () => {
      const calls = mockFetch((url) =>
        url.pathname === '/oauth/userinfo'
          ? json(fixture('userinfo.json'))
          : url.pathname === '/workspaces/ws_cm0ovqd4y0002l309pxm9dbt1'
            ? json(fixture('workspace.json'))
            : url.pathname === '/folders'
              ? json(fixture('folders.json'))
              : json(fixture('error-404.json'), 404),
      );
      const account = await provider.getAccountInfo({ credentials });
      expect(account).toEqual({
        externalAccountId: 'ws_cm0ovqd4y0002l309pxm9dbt1',
        displayName: 'Acme, Inc.',
        workspaceName: 'Acme, Inc.',
        url: 'https://app.dub.co/acme',
        // The card says the sync reads folders too.
        details: { slug: 'acme', plan: 'business', folders: 1 },
      });
      expect(calls.map((c) => c.url.href)).toEqual([
        'https://api.dub.co/oauth/userinfo',
        'https://api.dub.co/workspaces/ws_cm0ovqd4y0002l309pxm9dbt1',
        `https://api.dub.co${FOLDERS_QUERY}`,
      ]);
      for (const call of calls) {
        expect(call.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
        expect(call.signal).toBeInstanceOf(AbortSignal);
      }
    });

    it('should still answer without workspaces.read, without the plan', async () => {
      mockFetch((url) =>
        url.pathname === '/oauth/userinfo' ? json(fixture('userinfo.json')) : json(fixture('error-403.json'), 403),
      );
      const account = await provider.getAccountInfo({ credentials });
      expect(account.externalAccountId).toBe('ws_cm0ovqd4y0002l309pxm9dbt1');
      expect(account.details).toEqual({ slug: 'acme' });
    });

    it('should fail with AUTH_REVOKED when Dub refuses the token', async () => {
      mockFetch(() => json(fixture('error-401.json'), 401));
      const error = await provider.getAccountInfo({ credentials }).catch((e: unknown) => e);
      expect(provider.toIntegrationError(error).code).toBe('AUTH_REVOKED');
      expect(String((error as Error).message)).not.toContain(TOKEN);
    });

    it('should refuse credentials without an access token, without calling Dub', async () => {
      const calls = mockFetch(() => json({}));
      await expect(provider.getAccountInfo({ credentials: {} })).rejects.toMatchObject({ code: 'AUTH_REVOKED' });
      expect(calls).toHaveLength(0);
    });
  });

  describe('sync links', () => {
    const signal = () => new AbortController().signal;

    it('should page by cursor through the links outside folders, then each folder’s, archived ones included', async () => {
      const calls = mockFetch(linksRoute);
      const pages = await collect(
        provider.sync({ credentials, resource: 'links', cursor: null, selection: [], signal: signal() }),
      );
      expect(pages.map((p) => p.records.length)).toEqual([2, 2, 1, 1]);
      expect(pages.map((p) => p.nextCursor)).toEqual([
        '{"v":2,"folderId":null,"startingAfter":"link_1JD0Q8M3E6KHZ4QG2V0S5XW1T"}',
        '{"v":2,"folderId":null,"startingAfter":"link_1JCXK5T0QGV7HN2DW4ZB9MEP6"}',
        `{"v":2,"folderId":"${FOLDER_ID}","startingAfter":null}`,
        null,
      ]);
      expect(calls.map((c) => `${c.url.pathname}${c.url.search}`)).toEqual([
        FOLDERS_QUERY,
        '/links?pageSize=2&showArchived=true',
        '/links?pageSize=2&showArchived=true&startingAfter=link_1JD0Q8M3E6KHZ4QG2V0S5XW1T',
        '/links?pageSize=2&showArchived=true&startingAfter=link_1JCXK5T0QGV7HN2DW4ZB9MEP6',
        `/links?pageSize=2&showArchived=true&folderId=${FOLDER_ID}`,
      ]);
      // An archived link is data, not a deletion.
      expect(pages[3].records[0]).toMatchObject({
        externalId: 'link_1JCP4Q7W2E5R8T1Y4U7I0O3PA',
        data: expect.objectContaining({ archived: true, folderId: FOLDER_ID }),
      });
      const first = pages[0].records[0];
      expect(first).toEqual({
        externalId: 'link_1JD0QSBHYX2NXMW9K4TQ7RVC8',
        data: expect.objectContaining({
          domain: 'acme.link',
          key: 'launch',
          url: 'https://acme.com/blog/launch',
          shortLink: 'https://acme.link/launch',
          clicks: 1843,
          createdAt: '2025-05-30T09:12:44.000Z',
          updatedAt: '2025-05-30T09:12:44.000Z',
          title: "We're live",
          tags: [{ id: 'tag_1JD0QV5G8Y3A2B', name: 'Launch', color: 'blue' }],
        }),
      });
      // A link's password never leaves the provider; nor do owner ids or the QR code URL.
      for (const record of pages.flatMap((p) => p.records)) {
        expect(record.data).not.toHaveProperty('password');
        expect(record.data).not.toHaveProperty('userId');
        expect(record.data).not.toHaveProperty('qrCode');
      }
    });

    it('should resume from a cursor without fetching a page twice', async () => {
      mockFetch(linksRoute);
      const [firstPage] = await collect(
        take(provider.sync({ credentials, resource: 'links', cursor: null, selection: [], signal: signal() }), 1),
      );
      jest.restoreAllMocks();
      const calls = mockFetch(linksRoute);
      const rest = await collect(
        provider.sync({
          credentials,
          resource: 'links',
          cursor: firstPage.nextCursor,
          selection: [],
          signal: signal(),
        }),
      );
      expect(calls.map((c) => c.url.searchParams.get('startingAfter') ?? c.url.searchParams.get('folderId'))).toEqual([
        null, // GET /folders
        'link_1JD0Q8M3E6KHZ4QG2V0S5XW1T',
        'link_1JCXK5T0QGV7HN2DW4ZB9MEP6',
        FOLDER_ID,
      ]);
      expect(rest.flatMap((p) => p.records.map((r) => r.externalId))).toEqual([
        'link_1JCZ7N2PBW9DQ4K6MXR3FH8YA',
        'link_1JCXK5T0QGV7HN2DW4ZB9MEP6',
        'link_1JCR2D8YV3XFW6NQ0KT5AHM7S',
        'link_1JCP4Q7W2E5R8T1Y4U7I0O3PA',
      ]);
    });

    it('should go on with the next folder when the one a cursor names was deleted, and end after the last', async () => {
      const calls = mockFetch(linksRoute);
      const before = `{"v":2,"folderId":"fold_0","startingAfter":"link_1JD0Q8M3E6KHZ4QG2V0S5XW1T"}`;
      const resumed = await collect(
        provider.sync({ credentials, resource: 'links', cursor: before, selection: [], signal: signal() }),
      );
      expect(resumed.flatMap((p) => p.records.map((r) => r.externalId))).toEqual(['link_1JCP4Q7W2E5R8T1Y4U7I0O3PA']);
      expect(calls.at(-1)?.url.search).toBe(`?pageSize=2&showArchived=true&folderId=${FOLDER_ID}`);
      const past = `{"v":2,"folderId":"fold_zzz","startingAfter":null}`;
      const ended = await collect(
        provider.sync({ credentials, resource: 'links', cursor: past, selection: [], signal: signal() }),
      );
      expect(ended).toEqual([{ records: [], nextCursor: null }]);
    });

    it('should say to reconnect when the grant cannot list folders (no folders.read)', async () => {
      mockFetch((url) => (url.pathname === '/folders' ? json(fixture('error-403.json'), 403) : linksRoute(url)));
      const error = await collect(
        provider.sync({ credentials, resource: 'links', cursor: null, selection: [], signal: signal() }),
      ).catch((e: unknown) => e);
      expect(provider.toIntegrationError(error)).toMatchObject({
        code: 'INSUFFICIENT_SCOPE',
        message: expect.stringContaining('folders.read'),
      });
    });

    it('should end with an empty page when the last page was full', async () => {
      mockFetch((url) =>
        json(url.pathname === '/links' && !url.searchParams.has('startingAfter') ? fixture('links-page-1.json') : []),
      );
      const pages = await collect(
        provider.sync({ credentials, resource: 'links', cursor: null, selection: [], signal: signal() }),
      );
      expect(pages.map((p) => [p.records.length, p.nextCursor !== null])).toEqual([
        [2, true],
        [0, false],
      ]);
    });

    it('should stop when the signal aborts, between pages and during a request', async () => {
      const controller = new AbortController();
      const calls = mockFetch(linksRoute);
      const seen: number[] = [];
      const error = await (async () => {
        for await (const page of provider.sync({
          credentials,
          resource: 'links',
          cursor: null,
          selection: [],
          signal: controller.signal,
        })) {
          seen.push(page.records.length);
          controller.abort();
        }
      })().catch((e: unknown) => e);
      expect(seen).toEqual([2]);
      expect(calls).toHaveLength(2); // the folders, then one page
      expect((error as Error).name).toBe('AbortError');
      expect(provider.toIntegrationError(error).code).toBe('TEMPORARY');

      jest.restoreAllMocks();
      const inFlight = new AbortController();
      mockFetch((_url, init) => hangUntilAborted(init?.signal));
      const pending = collect(
        provider.sync({ credentials, resource: 'links', cursor: null, selection: [], signal: inFlight.signal }),
      );
      inFlight.abort();
      await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    });

    it('should give up on a request that takes longer than the timeout', async () => {
      mockFetch((_url, init) => hangUntilAborted(init?.signal));
      const quick = provider.withOptions({ timeoutMs: 20 });
      const error = await collect(
        quick.sync({ credentials, resource: 'links', cursor: null, selection: [], signal: signal() }),
      ).catch((e: unknown) => e);
      expect((error as Error).name).toBe('TimeoutError');
      expect(quick.toIntegrationError(error).code).toBe('TEMPORARY');
    });

    it('should refuse a cursor it did not write, and resources it does not sync', async () => {
      const calls = mockFetch(linksRoute);
      const v1 = '{"v":1,"page":2,"pageSize":2}'; // an earlier hub's page cursor: the pass starts over
      for (const cursor of ['page=2', v1, '{"v":2,"page":2,"pageSize":2}', '{"v":2,"folderId":5}', '{"page":2}']) {
        await expect(
          collect(provider.sync({ credentials, resource: 'links', cursor, selection: [], signal: signal() })),
        ).rejects.toMatchObject({ code: 'CURSOR_INVALID' });
      }
      await expect(
        collect(provider.sync({ credentials, resource: 'link-clicks', cursor: null, selection: [], signal: signal() })),
      ).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
      expect(calls).toHaveLength(0);
    });

    it.each([
      [401, 'AUTH_REVOKED'],
      [403, 'INSUFFICIENT_SCOPE'],
      [404, 'NOT_FOUND'],
      [422, 'INVALID_CONFIG'],
      [429, 'RATE_LIMITED'],
      [500, 'TEMPORARY'],
    ])('should map Dub’s %i on GET /links to %s', async (status, code) => {
      mockFetch(() => json(fixture(`error-${status}.json`), status, status === 429 ? { 'retry-after': '30' } : {}));
      const error = await collect(
        provider.sync({ credentials, resource: 'links', cursor: null, selection: [], signal: signal() }),
      ).catch((e: unknown) => e);
      const mapped = provider.toIntegrationError(error);
      expect(mapped).toBeInstanceOf(IntegrationError);
      expect(mapped.code).toBe(code);
      if (status === 429) expect(mapped.options.retryAfterMs).toBe(30_000);
      expect(mapped.message).not.toContain(TOKEN);
    });

    it('should map a network failure to TEMPORARY', async () => {
      jest.spyOn(global, 'fetch').mockRejectedValue(new TypeError('fetch failed'));
      const error = await collect(
        provider.sync({ credentials, resource: 'links', cursor: null, selection: [], signal: signal() }),
      ).catch((e: unknown) => e);
      expect(provider.toIntegrationError(error).code).toBe('TEMPORARY');
    });
  });

  describe('base URL', () => {
    it('should default to the manifest, and can be pointed elsewhere', async () => {
      const calls = mockFetch(linksRoute);
      const run = (p: DubProvider) =>
        collect(
          p.sync({ credentials, resource: 'links', cursor: null, selection: [], signal: new AbortController().signal }),
        );
      await run(new DubProvider());
      await run(new DubProvider().withBaseUrl('http://127.0.0.1:3900/dub/api/'));
      await run(new DubProvider(new Map([['dub', { apiBaseUrl: 'http://sandbox.test/dub/api' }]])));
      await run(new DubProvider(new Map([['slack', { apiBaseUrl: 'http://sandbox.test/slack/api' }]])));
      expect([...new Set(calls.map((c) => `${c.url.origin}${c.url.pathname}`))]).toEqual([
        'https://api.dub.co/folders',
        'https://api.dub.co/links',
        'http://127.0.0.1:3900/dub/api/folders',
        'http://127.0.0.1:3900/dub/api/links',
        'http://sandbox.test/dub/api/folders',
        'http://sandbox.test/dub/api/links',
      ]);
    });

    it('should take PROVIDER_BASE_URLS from Nest, and works without it', async () => {
      const withUrls = await Test.createTestingModule({
        providers: [
          DubProvider,
          { provide: PROVIDER_BASE_URLS, useValue: new Map([['dub', { apiBaseUrl: 'http://sandbox.test/dub/api' }]]) },
        ],
      }).compile();
      const without = await Test.createTestingModule({ providers: [DubProvider] }).compile();
      const calls = mockFetch(linksRoute);
      for (const moduleRef of [withUrls, without]) {
        await collect(
          moduleRef.get(DubProvider).sync({
            credentials,
            resource: 'links',
            cursor: null,
            selection: [],
            signal: new AbortController().signal,
          }),
        );
      }
      expect([...new Set(calls.map((c) => c.url.origin))]).toEqual(['http://sandbox.test', 'https://api.dub.co']);
    });
  });

  it('should pass the catalog checks as an available provider', () => {
    const available = Object.create(provider, {
      manifest: { value: { ...provider.manifest, availability: 'available' } },
    }) as CatalogProvider;
    expect(catalogProblems([available])).toEqual([]);
    expect(typeof provider.getAccountInfo).toBe('function');
    expect(typeof provider.sync).toBe('function');
    expect(typeof provider.toIntegrationError).toBe('function');
    // Dub documents no revocation endpoint.
    expect(provider.manifest.auth.kind === 'oauth2' && provider.manifest.auth.revocationUrl).toBeFalsy();
  });
});

async function* take<T>(source: AsyncIterable<T>, count: number): AsyncIterable<T> {
  if (count <= 0) return;
  let seen = 0;
  for await (const item of source) {
    yield item;
    if (++seen >= count) return;
  }
}

function hangUntilAborted(signal: AbortSignal | null | undefined): Promise<Response> {
  return new Promise((_resolve, reject) => {
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
