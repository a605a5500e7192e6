import { DAILY_REPORT_REQUEST } from '@hub/server/integrations/google-analytics';
import { type RunningSandbox, startSandbox } from '../../start-sandbox';
import { OAuthTestClient } from '../../testing/oauth-test-client';
import { injectGoogleError } from '../google-common/inject-google-error';

/**
 * The emulated Google Analytics APIs: the Admin API's accountSummaries.list with page tokens, the
 * Data API's runReport on its own host (/_hosts/data) with limit/offset, the ID token of the token
 * answer, the mutate control and Google's error shape. The clock is fixed: reports are relative to
 * 2025-06-01.
 */
const READONLY = 'https://www.googleapis.com/auth/analytics.readonly';
const SCOPE = `${READONLY} openid email`;
const NOW = new Date('2025-06-01T12:00:00Z');

let sandbox: RunningSandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox({
    port: 0,
    only: ['google-analytics'],
    providers: { 'google-analytics': { now: () => NOW } },
  });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
  token = (await client().connect(SCOPE)).access_token;
});

const client = () => new OAuthTestClient({ sandboxUrl: sandbox.url, providerId: 'google-analytics' });

function get(path: string, accessToken: string | null = token): Promise<Response> {
  return fetch(`${sandbox.url}/google-analytics/api${path}`, {
    headers: accessToken === null ? {} : { authorization: `Bearer ${accessToken}` },
  });
}

function runReport(property: string, body: unknown, raw = false): Promise<Response> {
  return fetch(`${sandbox.url}/google-analytics/api/_hosts/data/properties/${property}:runReport`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: raw ? (body as string) : JSON.stringify(body),
  });
}

async function report(property: string, body: unknown): Promise<Report> {
  const response = await runReport(property, body);
  expect(response.status).toBe(200);
  return (await response.json()) as Report;
}

function mutate(body: unknown): Promise<Response> {
  return fetch(`${sandbox.url}/_sandbox/google-analytics/mutate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

interface Report {
  dimensionHeaders?: { name: string }[];
  metricHeaders: { name: string; type: string }[];
  rows?: { dimensionValues?: { value: string }[]; metricValues: { value: string }[] }[];
  rowCount?: number;
  metadata: { currencyCode: string; timeZone: string };
  kind: string;
}
interface Summaries {
  accountSummaries?: {
    name: string;
    account: string;
    displayName: string;
    propertySummaries?: { property: string; displayName: string }[];
  }[];
  nextPageToken?: string;
}

/** Google's newer error form, the only one these APIs answer: no legacy `errors[]`. */
const googleError = (code: number, status: string, reason?: string, service = 'analyticsadmin.googleapis.com') => ({
  error: {
    code,
    message: expect.any(String),
    status,
    ...(reason
      ? {
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
              reason,
              domain: 'googleapis.com',
              metadata: { service },
            },
          ],
        }
      : {}),
  },
});
const DAILY = { ...DAILY_REPORT_REQUEST, limit: '10', offset: '0' };

describe('the token answer', () => {
  it('should carry an ID token naming the sandbox user (openid email)', async () => {
    const tokens = (await client().connect(SCOPE)) as { id_token?: string };
    const claims = JSON.parse(
      Buffer.from(String(tokens.id_token).split('.')[1], 'base64url').toString('utf8'),
    ) as Record<string, unknown>;
    expect(claims).toMatchObject({ sub: 'sandbox-user', email: 'sandbox@example.com' });
  });
});

describe('errors', () => {
  it('should answer 401 in Google’s shape without a token, 403 without analytics.readonly, and send no rate-limit headers', async () => {
    const anonymous = await get('/accountSummaries', null);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual(googleError(401, 'UNAUTHENTICATED', 'CREDENTIALS_MISSING'));
    const { access_token: narrow } = await client().connect('openid email');
    const forbidden = await get('/accountSummaries', narrow);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual(googleError(403, 'PERMISSION_DENIED', 'ACCESS_TOKEN_SCOPE_INSUFFICIENT'));
    const ok = await get('/accountSummaries');
    const names: string[] = [];
    ok.headers.forEach((_value, name) => names.push(name));
    expect(names.filter((name) => name.startsWith('x-ratelimit'))).toEqual([]);
  });
});

describe('project errors', () => {
  it('should answer a disabled API 403 SERVICE_DISABLED naming it, with the link to enable it, on each host', async () => {
    await injectGoogleError(sandbox, 'google-analytics', 'SERVICE_DISABLED', { times: 2 });
    for (const [response, service] of [
      [await get('/accountSummaries'), 'analyticsadmin.googleapis.com'],
      [await runReport('310004001', DAILY), 'analyticsdata.googleapis.com'],
    ] as const) {
      expect(response.status).toBe(403);
      const { error } = (await response.json()) as { error: Record<string, unknown> };
      expect(error).not.toHaveProperty('errors');
      expect(error).toEqual({
        code: 403,
        message: expect.stringContaining(`https://console.developers.google.com/apis/api/${service}/overview`),
        status: 'PERMISSION_DENIED',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'SERVICE_DISABLED',
            domain: 'googleapis.com',
            metadata: expect.objectContaining({ service, consumer: expect.stringMatching(/^projects\/\d+$/) }),
          },
          expect.objectContaining({ '@type': 'type.googleapis.com/google.rpc.LocalizedMessage' }),
          {
            '@type': 'type.googleapis.com/google.rpc.Help',
            links: [{ description: expect.any(String), url: expect.stringContaining(service) }],
          },
        ],
      });
    }
    expect((await get('/accountSummaries')).status).toBe(200);
  });

  it('should answer a rate limit 429 RESOURCE_EXHAUSTED (RATE_LIMIT_EXCEEDED), as the newer APIs do', async () => {
    await injectGoogleError(sandbox, 'google-analytics', 'userRateLimitExceeded', { pathPrefix: '/_hosts/data/' });
    expect((await get('/accountSummaries')).status).toBe(200);
    const limited = await runReport('310004001', DAILY);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({
      error: {
        code: 429,
        message: expect.stringContaining("limit 'Requests per minute per user'"),
        status: 'RESOURCE_EXHAUSTED',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'RATE_LIMIT_EXCEEDED',
            domain: 'googleapis.com',
            metadata: { service: 'analyticsdata.googleapis.com', consumer: expect.stringMatching(/^projects\/\d+$/) },
          },
        ],
      },
    });
  });
});

describe('accountSummaries.list', () => {
  it('should list the two accounts and their three properties, page by page with pageSize and pageToken', async () => {
    const all = (await (await get('/accountSummaries')).json()) as Summaries;
    expect(all.nextPageToken).toBeUndefined();
    expect(all.accountSummaries?.map((a) => [a.account, a.displayName, a.propertySummaries?.length])).toEqual([
      ['accounts/210004321', 'Sandbox Coffee Roasters', 2],
      ['accounts/210009876', 'Sandbox Blog', 1],
    ]);
    const first = (await (await get('/accountSummaries?pageSize=1')).json()) as Summaries;
    expect(first.accountSummaries).toHaveLength(1);
    expect(first.nextPageToken).toEqual(expect.any(String));
    const second = (await (
      await get(`/accountSummaries?pageSize=1&pageToken=${first.nextPageToken}`)
    ).json()) as Summaries;
    expect(second).toEqual({ accountSummaries: [all.accountSummaries?.[1]] });
    // Above 200 is 200.
    expect(((await (await get('/accountSummaries?pageSize=5000')).json()) as Summaries).accountSummaries).toHaveLength(
      2,
    );
    for (const query of [
      'pageSize=-1',
      'pageSize=many',
      'pageToken=not-ours',
      `pageToken=${Buffer.from('accountSummaries/9').toString('base64url')}`,
    ]) {
      const response = await get(`/accountSummaries?${query}`);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(await response.json()).toEqual(googleError(400, 'INVALID_ARGUMENT'));
    }
  });
});

describe('properties.runReport (Data API host)', () => {
  it('should answer the hub’s daily report in the documented shape, 30 days paged by limit and offset', async () => {
    const first = await report('310004001', DAILY);
    expect(first).toEqual({
      dimensionHeaders: [{ name: 'date' }],
      metricHeaders: [
        { name: 'sessions', type: 'TYPE_INTEGER' },
        { name: 'totalUsers', type: 'TYPE_INTEGER' },
        { name: 'newUsers', type: 'TYPE_INTEGER' },
      ],
      rows: expect.any(Array),
      rowCount: 30,
      metadata: { currencyCode: 'GBP', timeZone: 'Europe/London' },
      kind: 'analyticsData#runReport',
    });
    const dates = (r: Report) => (r.rows ?? []).map((row) => row.dimensionValues?.[0].value);
    expect(dates(first)).toHaveLength(10);
    expect(dates(first)[0]).toBe('20250502');
    const last = await report('310004001', { ...DAILY, offset: 20 });
    expect(dates(last)[9]).toBe('20250531');
    expect(await report('310004001', { ...DAILY, offset: '30' })).not.toHaveProperty('rows');
    expect((first.rows ?? [])[0].metricValues.every((v) => /^\d+$/.test(v.value))).toBe(true);
    // The same question, the same answer; descending order reverses it.
    expect(await report('310004001', DAILY)).toEqual(first);
    const desc = await report('310004001', {
      ...DAILY,
      limit: 30,
      orderBys: [{ dimension: { dimensionName: 'date' }, desc: true }],
    });
    expect(dates(desc)[0]).toBe('20250531');
  });

  it('should answer only days with data, keepEmptyRows or not: no rows at all for a property created today', async () => {
    await mutate({ added: 1 });
    const added = (await (await fetch(`${sandbox.url}/_sandbox/google-analytics/data`)).json()) as {
      properties: { id: string }[];
    };
    const fresh = added.properties.at(-1)?.id ?? '';
    for (const keepEmptyRows of [true, false]) {
      const empty = await report(fresh, { ...DAILY, keepEmptyRows });
      expect({ keepEmptyRows, rows: empty.rows, rowCount: empty.rowCount }).toEqual({
        keepEmptyRows,
        rows: undefined,
        rowCount: undefined,
      });
      expect(empty.metricHeaders).toHaveLength(3);
    }
    // 310004002 was created on 2024-01-08: a range starting before has rows from that day on only.
    const opening = await report('310004002', {
      ...DAILY,
      dateRanges: [{ startDate: '2024-01-01', endDate: '2024-01-10' }],
    });
    expect(opening.rowCount).toBe(3);
    expect((opening.rows ?? []).map((row) => row.dimensionValues?.[0].value)).toEqual([
      '20240108',
      '20240109',
      '20240110',
    ]);
    const totals = await report('320008001', {
      dateRanges: [{ startDate: '7daysAgo', endDate: 'yesterday' }],
      metrics: [{ name: 'sessions' }],
    });
    expect(totals.dimensionHeaders).toBeUndefined();
    expect(totals.rows).toEqual([{ metricValues: [{ value: expect.stringMatching(/^\d+$/) }] }]);
  });

  it('should refuse what the Data API refuses, in Google’s shape', async () => {
    const cases: [unknown, number][] = [
      [{ ...DAILY, metrics: [{ name: 'sesions' }] }, 400],
      [{ ...DAILY, dimensions: [{ name: 'country' }] }, 400],
      [{ ...DAILY, dateRanges: [] }, 400],
      [{ ...DAILY, dateRanges: [{ startDate: 'yesterday', endDate: '30daysAgo' }] }, 400],
      [{ ...DAILY, limit: '0' }, 400],
      [{ ...DAILY, offset: -1 }, 400],
    ];
    for (const [body, status] of cases) {
      const response = await runReport('310004001', body);
      expect({ body, status: response.status }).toEqual({ body, status });
      expect(await response.json()).toEqual(googleError(400, 'INVALID_ARGUMENT'));
    }
    const invalidJson = await runReport('310004001', '{"dateRanges": [', true);
    expect(invalidJson.status).toBe(400);
    const unknown = await runReport('999999999', DAILY);
    expect(unknown.status).toBe(403);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(
      /sufficient permissions for this property/,
    );
    const other = await fetch(`${sandbox.url}/google-analytics/api/_hosts/data/properties/310004001:batchRunReports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(other.status).toBe(404);
  });
});

describe('the mutate control', () => {
  it('should add, renames and removes properties, and say what the next sync counts for both resources', async () => {
    const response = await mutate({ added: 2, updated: 1, deleted: 1 });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      expected: {
        properties: { added: 2, updated: 1, deleted: 1 },
        // New properties have no data yet; the removed one had 30 days.
        'daily-report': { added: 0, updated: 0, deleted: 30 },
      },
    });
    const summaries = (await (await get('/accountSummaries')).json()) as Summaries;
    const properties = (summaries.accountSummaries ?? []).flatMap((a) => a.propertySummaries ?? []);
    expect(properties.map((p) => p.property)).toEqual([
      'properties/310004001',
      'properties/310004002',
      'properties/330000001',
      'properties/330000002',
    ]);
    expect(properties[0].displayName).toMatch(/renamed/);
    // The removed property's reports are gone with it.
    expect((await runReport('320008001', DAILY)).status).toBe(403);
  });

  it('should refuse bad bodies (400), and reset brings back the start-up properties', async () => {
    for (const body of [{ added: -1 }, { deleted: 1001 }, { updated: '1' }, { renamed: 1 }]) {
      const response = await mutate(body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
    }
    await mutate({ added: 3, deleted: 3 });
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
    const data = await (await fetch(`${sandbox.url}/_sandbox/google-analytics/data`)).json();
    expect(data).toEqual({
      accounts: 2,
      properties: [
        { id: '310004001', account: '210004321', displayName: 'sandbox-coffee.example.com' },
        { id: '310004002', account: '210004321', displayName: 'Coffee Roasters app' },
        { id: '320008001', account: '210009876', displayName: 'blog.example.org' },
      ],
      seed: 1,
    });
  });
});
