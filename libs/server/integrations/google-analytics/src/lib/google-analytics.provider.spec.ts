import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { encodeCursor, IntegrationError, PROVIDER_BASE_URLS, type SyncPage } from '@hub/server/integrations/core';
import {
  collect,
  type FixtureRequest,
  type FixtureResponse,
  type FixtureServer,
  startFixtureServer,
} from '@hub/server/integrations/core/testing';
import {
  DAILY_REPORT_REQUEST,
  GoogleAnalyticsProvider,
  type GoogleAnalyticsProviderOptions,
  identityOf,
} from './google-analytics.provider';

const fixture = <T = unknown>(name: string): T =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8')) as T;
const TOKEN = 'ya29.analytics-access-token-CANARY-93c1';
const ID_TOKEN = idToken();
const credentials = { accessToken: TOKEN, idToken: ID_TOKEN };
const error = (status: number, name = `error-${status}`, headers: Record<string, string> = {}): FixtureResponse => ({
  status,
  headers,
  body: fixture(`${name}.json`),
});

/** An ID token as Google's token endpoint sends it: header.payload.signature, base64url. */
function idToken(claims: unknown = fixture('id-token-claims.json')): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk`;
}

/** As in the conformance spec: two accountSummaries pages, three report days a property (none for the roll-up). */
function analytics({ path, query, method, body }: FixtureRequest): FixtureResponse {
  if (path === '/accountSummaries' && method === 'GET') {
    const token = query.get('pageToken');
    if (token === null) return { body: fixture('account-summaries-page-1.json') };
    return token === 'AHWuM7d9yVKgT0xqJx3Ll2xWbC8' ? { body: fixture('account-summaries-page-2.json') } : error(400);
  }
  const report = /^\/_hosts\/data\/properties\/(\d+):runReport$/.exec(path);
  if (report && method === 'POST') {
    if (report[1] === '401221004') return { body: fixture('run-report-empty.json') };
    const request = JSON.parse(body) as { limit?: string; offset?: string };
    const full = fixture<{ rows: unknown[] }>('run-report.json');
    const offset = Number(request.offset ?? 0);
    const rows = full.rows.slice(offset, offset + Number(request.limit ?? 10_000));
    return { body: { ...full, rows: rows.length > 0 ? rows : undefined } };
  }
  return error(404);
}

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const provider = (options: Partial<GoogleAnalyticsProviderOptions> = {}) =>
  new GoogleAnalyticsProvider().withOptions({ apiBaseUrl: server.url, pageSize: 2, ...options });

const run = (p: GoogleAnalyticsProvider, resource: string, cursor: string | null = null) =>
  collect(p.sync({ credentials, resource, cursor, selection: [], signal: new AbortController().signal }));

const failure = async (p: GoogleAnalyticsProvider, resource: string, cursor: string | null = null) => {
  const thrown = await run(p, resource, cursor).then(
    () => {
      throw new Error('expected the sync to fail');
    },
    (e: unknown) => e,
  );
  return p.toIntegrationError(thrown);
};

/** The conformance fixtures; `overrides` answer first when they return something. */
function world(overrides: (request: FixtureRequest) => FixtureResponse | undefined = () => undefined) {
  return (request: FixtureRequest): FixtureResponse => overrides(request) ?? analytics(request);
}

const ids = (pages: SyncPage[]) => pages.flatMap((p) => p.records.map((r) => r.externalId));
const reports = () => server.requests.filter((r) => r.path.endsWith(':runReport'));

describe('GoogleAnalyticsProvider', () => {
  describe('getAccountInfo', () => {
    it('should be the ID token’s Google account, with the accounts and properties it can see', async () => {
      server.answer(world());
      const account = await provider().getAccountInfo({ credentials });
      expect(account).toEqual({
        externalAccountId: '110248495921238986420',
        displayName: 'ada.lovelace@example.com',
        email: 'ada.lovelace@example.com',
        workspaceName: 'Analytical Engines Ltd',
        url: 'https://analytics.google.com/analytics/web/',
        details: { accounts: 3, properties: 5 },
      });
      expect(server.requests.map((r) => `${r.path}?${r.query}`)).toEqual([
        '/accountSummaries?pageSize=200',
        '/accountSummaries?pageSize=200&pageToken=AHWuM7d9yVKgT0xqJx3Ll2xWbC8',
      ]);
    });

    it('should answer UNKNOWN, without calling Google, when there is no ID token', async () => {
      server.answer(world());
      const error = await provider()
        .getAccountInfo({ credentials: { accessToken: TOKEN } })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IntegrationError);
      expect(error).toMatchObject({ code: 'UNKNOWN', message: expect.stringMatching(/no ID token/) });
      expect(server.requests).toHaveLength(0);
    });

    it('should refuse ID tokens it cannot read, without echoing them', () => {
      const noSub = idToken({ email: 'someone@example.com' });
      for (const bad of ['', 'not-a-jwt', 'a.b', `x.${Buffer.from('not json').toString('base64url')}.y`, noSub, 42]) {
        const error = (() => {
          try {
            identityOf(bad);
          } catch (e) {
            return e as IntegrationError;
          }
          throw new Error('expected a failure');
        })();
        expect(error.code).toBe('UNKNOWN');
        if (typeof bad === 'string' && bad.length > 4) expect(error.message).not.toContain(bad);
      }
    });

    it('should fall back to the subject when the ID token has no email', async () => {
      server.answer(world());
      const account = await provider().getAccountInfo({
        credentials: { accessToken: TOKEN, idToken: idToken({ sub: '1029384756' }) },
      });
      expect(account).toMatchObject({ externalAccountId: '1029384756', displayName: '1029384756' });
      expect(account.email).toBeUndefined();
    });

    it('should refuse credentials without an access token, without calling Google', async () => {
      server.answer(world());
      await expect(provider().getAccountInfo({ credentials: { idToken: ID_TOKEN } })).rejects.toMatchObject({
        code: 'AUTH_REVOKED',
      });
      expect(server.requests).toHaveLength(0);
    });
  });

  describe('properties', () => {
    it('should list every property with its account, cutting big account pages to the page size', async () => {
      server.answer(world());
      const pages = await run(provider(), 'properties');
      // Page 1 holds three properties (2 + 1), page 2 two.
      expect(pages.map((p) => p.records.length)).toEqual([2, 1, 2]);
      expect(pages[0].records[0]).toEqual({
        externalId: '312004556',
        data: {
          property: 'properties/312004556',
          propertyId: '312004556',
          displayName: 'engines.example.com - GA4',
          propertyType: 'PROPERTY_TYPE_ORDINARY',
          parent: 'accounts/221004321',
          account: 'accounts/221004321',
          accountId: '221004321',
          accountDisplayName: 'Analytical Engines Ltd',
        },
      });
      expect(JSON.parse(String(pages[0].nextCursor))).toEqual({
        v: 1,
        kind: 'properties',
        pageToken: null,
        skip: 2,
        pageSize: 2,
      });
      expect(pages.map((p) => p.syncToken)).toEqual([undefined, undefined, undefined]);
    });

    it('should answer an empty account list with one empty last page', async () => {
      server.answer(() => ({ body: {} }));
      expect(await run(provider(), 'properties')).toEqual([{ records: [], nextCursor: null }]);
    });
  });

  describe('daily report', () => {
    it('should ask runReport on the Data API host for 30 days of sessions and users by date, paged by limit/offset', async () => {
      server.answer(world());
      await run(provider(), 'daily-report');
      const first = reports()[0];
      expect(first.method).toBe('POST');
      expect(first.path).toBe('/_hosts/data/properties/312004556:runReport');
      expect(first.headers['content-type']).toBe('application/json');
      expect(first.headers['authorization']).toBe(`Bearer ${TOKEN}`);
      expect(JSON.parse(first.body)).toEqual({
        dateRanges: [{ startDate: '30daysAgo', endDate: 'yesterday' }],
        dimensions: [{ name: 'date' }],
        metrics: [{ name: 'sessions' }, { name: 'totalUsers' }, { name: 'newUsers' }],
        orderBys: [{ dimension: { dimensionName: 'date' } }],
        keepEmptyRows: true,
        limit: '2',
        offset: '0',
      });
      expect(
        reports().map(
          (r) => `${/properties\/(\d+)/.exec(r.path)?.[1]}@${(JSON.parse(r.body) as { offset: string }).offset}`,
        ),
      ).toEqual([
        '312004556@0',
        '312004556@2',
        '312009871@0',
        '312009871@2',
        '345118220@0',
        '345118220@2',
        '401220993@0',
        '401220993@2',
        '401221004@0',
      ]);
    });

    it('should make one record per property and day, with numbers, a zero-traffic day included', async () => {
      server.answer(world());
      const pages = await run(provider(), 'daily-report');
      const records = pages.flatMap((p) => p.records);
      expect(records.slice(0, 3)).toEqual([
        {
          externalId: '312004556:2025-05-29',
          data: {
            property: 'properties/312004556',
            propertyId: '312004556',
            date: '2025-05-29',
            sessions: 412,
            totalUsers: 350,
            newUsers: 121,
          },
        },
        {
          externalId: '312004556:2025-05-30',
          data: {
            property: 'properties/312004556',
            propertyId: '312004556',
            date: '2025-05-30',
            sessions: 388,
            totalUsers: 331,
            newUsers: 97,
          },
        },
        {
          externalId: '312004556:2025-05-31',
          data: {
            property: 'properties/312004556',
            propertyId: '312004556',
            date: '2025-05-31',
            sessions: 0,
            totalUsers: 0,
            newUsers: 0,
          },
        },
      ]);
      // The roll-up property has no rows: the pass still ends with an (empty) last page.
      expect(pages.at(-1)).toEqual({ records: [], nextCursor: null });
      expect(pages.slice(0, -1).every((p) => p.records.length > 0)).toBe(true);
    });

    it('should keep only the days Google answers, and ask no further when rowCount says they were all', async () => {
      // Google leaves out the days a property recorded nothing for: two days of the 30 here.
      const sparse = {
        dimensionHeaders: [{ name: 'date' }],
        metricHeaders: [
          { name: 'sessions', type: 'TYPE_INTEGER' },
          { name: 'totalUsers', type: 'TYPE_INTEGER' },
          { name: 'newUsers', type: 'TYPE_INTEGER' },
        ],
        rows: [
          { dimensionValues: [{ value: '20250503' }], metricValues: [{ value: '3' }, { value: '2' }, { value: '2' }] },
          { dimensionValues: [{ value: '20250531' }], metricValues: [{ value: '9' }, { value: '7' }, { value: '1' }] },
        ],
        rowCount: 2,
        kind: 'analyticsData#runReport',
      };
      server.answer(world(({ path }) => (path.endsWith('/312004556:runReport') ? { body: sparse } : undefined)));
      const pages = await run(provider(), 'daily-report');
      expect(ids(pages).filter((id) => id.startsWith('312004556:'))).toEqual([
        '312004556:2025-05-03',
        '312004556:2025-05-31',
      ]);
      expect(reports().filter((r) => r.path.endsWith('/312004556:runReport'))).toHaveLength(1);
      expect(pages.at(-1)?.nextCursor).toBeNull();
    });

    it('should go on to the next property when a report has no rows key and no rowCount', async () => {
      server.answer(
        world(({ path }) =>
          path.endsWith('/312004556:runReport') ? { body: fixture('run-report-empty.json') } : undefined,
        ),
      );
      const pages = await run(provider(), 'daily-report');
      expect(ids(pages).some((id) => id.startsWith('312004556:'))).toBe(false);
      expect(ids(pages).some((id) => id.startsWith('312009871:'))).toBe(true);
      expect(pages.at(-1)?.nextCursor).toBeNull();
    });

    it('should read columns by their headers, not by position', async () => {
      server.answer(
        world(({ path }) =>
          path.endsWith(':runReport')
            ? {
                body: {
                  dimensionHeaders: [{ name: 'date' }],
                  metricHeaders: [
                    { name: 'newUsers', type: 'TYPE_INTEGER' },
                    { name: 'sessions', type: 'TYPE_INTEGER' },
                    { name: 'totalUsers', type: 'TYPE_INTEGER' },
                  ],
                  rows: [
                    {
                      dimensionValues: [{ value: '20250601' }],
                      metricValues: [{ value: '5' }, { value: '70' }, { value: '40' }],
                    },
                  ],
                  rowCount: 1,
                  kind: 'analyticsData#runReport',
                },
              }
            : undefined,
        ),
      );
      const [first] = await run(provider(), 'daily-report');
      expect(first.records[0].data).toMatchObject({ sessions: 70, totalUsers: 40, newUsers: 5 });
    });

    it('should resume inside a property’s report at the saved offset', async () => {
      server.answer(world());
      const cursor = encodeCursor({ v: 1, kind: 'report', pageToken: null, index: 1, offset: 2, pageSize: 2 });
      const pages = await run(provider(), 'daily-report', cursor);
      expect(ids(pages).slice(0, 2)).toEqual(['312009871:2025-05-31', '345118220:2025-05-29']);
      expect(ids(pages)).toHaveLength(1 + 3 + 3);
    });

    it('should answer an account list without properties with one empty last page, without calling the Data API', async () => {
      server.answer(() => ({
        body: { accountSummaries: [{ name: 'accountSummaries/1', account: 'accounts/1', displayName: 'Empty' }] },
      }));
      expect(await run(provider(), 'daily-report')).toEqual([{ records: [], nextCursor: null }]);
      expect(reports()).toHaveLength(0);
    });

    it('should keep the Data API on its own host when the Admin API is overridden by PROVIDER_BASE_URLS', async () => {
      const moduleRef = await Test.createTestingModule({
        providers: [
          GoogleAnalyticsProvider,
          {
            provide: PROVIDER_BASE_URLS,
            useValue: new Map([['google-analytics', { apiBaseUrl: `${server.url}/google-analytics/api` }]]),
          },
        ],
      }).compile();
      server.answer((request) => analytics({ ...request, path: request.path.replace(/^\/google-analytics\/api/, '') }));
      const pages = await collect(
        moduleRef.get(GoogleAnalyticsProvider).sync({
          credentials,
          resource: 'daily-report',
          cursor: null,
          selection: [],
          signal: new AbortController().signal,
        }),
      );
      expect(ids(pages)).toHaveLength(12);
      expect(reports()[0].path).toBe('/google-analytics/api/_hosts/data/properties/312004556:runReport');
    });

    it('should call Google’s two real hosts by default', async () => {
      const fetched = jest
        .spyOn(global, 'fetch')
        .mockImplementation(async (input) =>
          String(input).startsWith('https://analyticsadmin.googleapis.com/v1beta/accountSummaries')
            ? new Response(JSON.stringify(fixture('account-summaries-page-2.json')), { status: 200 })
            : new Response(JSON.stringify(fixture('run-report-empty.json')), { status: 200 }),
        );
      try {
        await run(new GoogleAnalyticsProvider(), 'daily-report');
        expect(fetched.mock.calls.map((call) => String(call[0]).split('?')[0])).toEqual([
          'https://analyticsadmin.googleapis.com/v1beta/accountSummaries',
          'https://analyticsdata.googleapis.com/v1beta/properties/401220993:runReport',
          'https://analyticsdata.googleapis.com/v1beta/properties/401221004:runReport',
        ]);
      } finally {
        fetched.mockRestore();
      }
    });
  });

  describe('errors', () => {
    const onReport = (answer: FixtureResponse) =>
      world(({ path }) => (path.endsWith(':runReport') ? answer : undefined));

    it('should map the Data API’s quota answer (429 RESOURCE_EXHAUSTED) to RATE_LIMITED, with or without Retry-After', async () => {
      server.answer(onReport(error(429, 'error-429', { 'retry-after': '120' })));
      const limited = await failure(provider(), 'daily-report');
      expect(limited).toMatchObject({ code: 'RATE_LIMITED', options: { retryAfterMs: 120_000, status: 429 } });
      expect(limited.message).not.toMatch(/Exhausted|tokens/);
      server.answer(onReport(error(429)));
      expect(await failure(provider(), 'daily-report')).toMatchObject({
        code: 'RATE_LIMITED',
        options: { retryAfterMs: undefined },
      });
    });

    it.each([
      ['error-401', 401, 'AUTH_REVOKED'],
      ['error-403', 403, 'INSUFFICIENT_SCOPE'],
      ['error-403-service-disabled', 403, 'INVALID_CONFIG'],
      ['error-400', 400, 'INVALID_CONFIG'],
      ['error-500', 500, 'TEMPORARY'],
      ['error-503', 503, 'TEMPORARY'],
    ])('should map %s (HTTP %i) on runReport to %s', async (name, status, code) => {
      server.answer(onReport(error(status, name)));
      const mapped = await failure(provider(), 'daily-report');
      expect(mapped.code).toBe(code);
      expect(mapped.message).not.toContain(TOKEN);
    });

    it('should say which API to enable when the Data API is disabled (SERVICE_DISABLED)', async () => {
      server.answer(onReport(error(403, 'error-403-service-disabled')));
      const data = await failure(provider(), 'daily-report');
      expect(data.code).toBe('INVALID_CONFIG');
      expect(data.message).toMatch(/^Enable the analyticsdata\.googleapis\.com API/);
    });

    it('should turn a 400 on a saved accountSummaries page token into CURSOR_INVALID, and only then', async () => {
      server.answer(world(({ query }) => (query.has('pageToken') ? error(400) : undefined)));
      const saved = encodeCursor({ v: 1, kind: 'properties', pageToken: 'expired', skip: 0, pageSize: 2 });
      expect((await failure(provider(), 'properties', saved)).code).toBe('CURSOR_INVALID');
      server.answer(() => error(400));
      expect((await failure(provider(), 'properties')).code).toBe('INVALID_CONFIG');
    });

    it('should fail UNKNOWN on answers that are not what Google documents', async () => {
      const cases: [string, (request: FixtureRequest) => FixtureResponse | undefined][] = [
        [
          'properties',
          ({ path }) => (path === '/accountSummaries' ? { body: { accountSummaries: 'many' } } : undefined),
        ],
        [
          'properties',
          ({ path }) =>
            path === '/accountSummaries'
              ? {
                  body: { accountSummaries: [{ account: 'accounts/1', propertySummaries: [{ property: 'props/x' }] }] },
                }
              : undefined,
        ],
        ['daily-report', ({ path }) => (path.endsWith(':runReport') ? { body: { rows: {} } } : undefined)],
        [
          'daily-report',
          ({ path }) =>
            path.endsWith(':runReport')
              ? { body: { ...fixture<object>('run-report.json'), dimensionHeaders: [{ name: 'country' }] } }
              : undefined,
        ],
        [
          'daily-report',
          ({ path }) =>
            path.endsWith(':runReport')
              ? {
                  body: {
                    ...fixture<object>('run-report.json'),
                    rows: [{ dimensionValues: [{ value: '2025-06-01' }], metricValues: [] }],
                  },
                }
              : undefined,
        ],
      ];
      for (const [resource, override] of cases) {
        server.answer(world(override));
        expect((await failure(provider(), resource)).code).toBe('UNKNOWN');
      }
    });

    it('should refuse cursors of the other resource, or with values it never write', async () => {
      server.answer(world());
      const properties = encodeCursor({ v: 1, kind: 'properties', pageToken: null, skip: 0, pageSize: 2 });
      const report = encodeCursor({ v: 1, kind: 'report', pageToken: null, index: 0, offset: 0, pageSize: 2 });
      expect((await failure(provider(), 'daily-report', properties)).code).toBe('CURSOR_INVALID');
      expect((await failure(provider(), 'properties', report)).code).toBe('CURSOR_INVALID');
      for (const bad of [
        { v: 1, kind: 'report', pageToken: null, index: -1, offset: 0, pageSize: 2 },
        { v: 1, kind: 'report', pageToken: null, index: 0, offset: 0, pageSize: 0 },
        { v: 1, kind: 'report', pageToken: null, index: 0, offset: 0.5, pageSize: 2 },
        { v: 1, kind: 'properties', pageToken: 'a b', skip: 0, pageSize: 2 },
        { v: 1, kind: 'properties', pageToken: null, skip: 0, pageSize: 201 },
      ]) {
        expect(
          (await failure(provider(), bad.kind === 'report' ? 'daily-report' : 'properties', encodeCursor(bad))).code,
        ).toBe('CURSOR_INVALID');
      }
      expect(server.requests).toHaveLength(0);
    });

    it('should refuse a resource it does not sync', async () => {
      expect(await failure(provider(), 'audiences')).toMatchObject({ code: 'INVALID_CONFIG' });
    });
  });

  it('should refuse page sizes accountSummaries.list cannot take', () => {
    expect(() => provider({ pageSize: 0 })).toThrow(RangeError);
    expect(() => provider({ pageSize: 201 })).toThrow(RangeError);
    expect(() => provider({ pageSize: 200 })).not.toThrow();
    expect(DAILY_REPORT_REQUEST.keepEmptyRows).toBe(true);
  });
});
