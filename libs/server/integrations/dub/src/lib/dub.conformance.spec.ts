import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeProviderConformance, drainSync } from '@hub/server/integrations/core/testing';
import { DubProvider } from './dub.provider';

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8'));
const error = (status: number, headers: Record<string, string> = {}) => ({
  status,
  headers,
  body: fixture(`error-${status}.json`),
});

describeProviderConformance({
  provider: new DubProvider(),
  create: ({ apiBaseUrl, pageSize }) =>
    new DubProvider().withOptions({ apiBaseUrl, ...(pageSize ? { pageSize } : {}) }),
  account: {
    respond: ({ path }) =>
      path === '/oauth/userinfo'
        ? { body: fixture('userinfo.json') }
        : path === '/workspaces/ws_cm0ovqd4y0002l309pxm9dbt1'
          ? { body: fixture('workspace.json') }
          : error(404),
    expected: { externalAccountId: 'ws_cm0ovqd4y0002l309pxm9dbt1', displayName: 'Acme, Inc.' },
  },
  errors: {
    unauthorized: { answer: error(401) },
    insufficientScope: {
      answer: error(403),
      call: (provider, credentials) => drainSync(provider, credentials, 'links'),
    },
    notFound: { answer: error(404) },
    cursorExpired: { notApplicable: 'Dub pages by page number; a page cursor cannot expire.' },
    rateLimited: { answer: error(429, { 'retry-after': '7' }), retryAfterMs: 7000 },
    serverError: { answer: error(500) },
  },
  sync: [
    {
      resource: 'links',
      pageSize: 2,
      // Three pages of 2, 2 and 1 links, as GET /links?page=&pageSize=2 answers them.
      respond: ({ path, query }) => {
        const page = Number(query.get('page'));
        return path === '/links'
          ? { body: page >= 1 && page <= 3 ? fixture(`links-page-${page}.json`) : [] }
          : error(404);
      },
      expectedRecords: 5,
      pageSizeOf: (request) => (request.query.has('pageSize') ? Number(request.query.get('pageSize')) : undefined),
    },
  ],
});
