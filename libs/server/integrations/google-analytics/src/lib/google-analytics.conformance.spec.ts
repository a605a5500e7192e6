import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeProviderConformance, drainSync, type FixtureRequest } from '@hub/server/integrations/core/testing';
import { GoogleAnalyticsProvider } from './google-analytics.provider';

const fixture = <T = unknown>(name: string): T =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8')) as T;
const error = (status: number, headers: Record<string, string> = {}) => ({
  status,
  headers,
  body: fixture(`error-${status}.json`),
});

/** An ID token as Google's token endpoint sends it: header.payload.signature, base64url. */
function idToken(claims: unknown = fixture('id-token-claims.json')): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', kid: 'c7e04465649ffa606557650c7e65f0a87ae00fe8', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk`;
}

/**
 * The Admin API's accountSummaries.list in two pages (three accounts, five properties), and the Data
 * API's runReport (under `/_hosts/data`): three days for each property, cut by the request's limit
 * and offset, except the roll-up property, which has no rows.
 */
function analytics({ path, query, method, body }: FixtureRequest) {
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
    const limit = Number(request.limit ?? 10_000);
    const rows = full.rows.slice(offset, offset + limit);
    return { body: { ...full, rows: rows.length > 0 ? rows : undefined } };
  }
  return error(404);
}

const pageSizeOf = (request: FixtureRequest) =>
  request.path.endsWith(':runReport')
    ? Number((JSON.parse(request.body) as { limit?: string }).limit)
    : request.query.has('pageSize')
      ? Number(request.query.get('pageSize'))
      : undefined;

describeProviderConformance({
  provider: new GoogleAnalyticsProvider(),
  create: ({ apiBaseUrl, pageSize }) =>
    new GoogleAnalyticsProvider().withOptions({ apiBaseUrl, ...(pageSize ? { pageSize } : {}) }),
  credentials: { accessToken: 'conformance-access-token', idToken: idToken() },
  account: {
    respond: analytics,
    expected: {
      externalAccountId: '110248495921238986420',
      displayName: 'ada.lovelace@example.com',
      email: 'ada.lovelace@example.com',
      workspaceName: 'Analytical Engines Ltd',
      details: { accounts: 3, properties: 5 },
    },
  },
  errors: {
    unauthorized: { answer: error(401) },
    insufficientScope: {
      answer: error(403),
      call: (provider, credentials) => drainSync(provider, credentials, 'properties'),
    },
    notFound: { answer: error(404) },
    cursorExpired: {
      notApplicable:
        'Both resources are full passes (accountSummaries page tokens and runReport offsets); there is no sync token to expire.',
    },
    // The Data API's quota answer; Google's front end may add Retry-After (the sandbox always does).
    rateLimited: {
      answer: error(429, { 'retry-after': '60' }),
      retryAfterMs: 60_000,
      call: (provider, credentials) => drainSync(provider, credentials, 'daily-report'),
    },
    serverError: { answer: error(503) },
    providerSpecific: [
      {
        what: '403 SERVICE_DISABLED (the Data API is not enabled in the Cloud project)',
        answer: { status: 403, body: fixture('error-403-service-disabled.json') },
        code: 'INVALID_CONFIG',
        messageIncludes: 'analyticsdata.googleapis.com',
        call: (provider, credentials) => drainSync(provider, credentials, 'daily-report'),
      },
    ],
  },
  sync: [
    {
      resource: 'properties',
      pageSize: 2,
      respond: analytics,
      expectedRecords: 5,
      pageSizeOf,
    },
    {
      resource: 'daily-report',
      pageSize: 2,
      respond: analytics,
      // Four properties with three days each; the roll-up has none.
      expectedRecords: 12,
      pageSizeOf,
    },
  ],
});
