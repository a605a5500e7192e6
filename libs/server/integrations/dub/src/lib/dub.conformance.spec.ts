import { describeProviderConformance, drainSync } from '@hub/server/integrations/core/testing';
import { dubFixtureAnswer, fixture } from '../testing/dub-fixture-api';
import { DubProvider } from './dub.provider';
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
    cursorExpired: { notApplicable: 'Dub’s cursor is a link id; it does not expire.' },
    rateLimited: { answer: error(429, { 'retry-after': '7' }), retryAfterMs: 7000 },
    serverError: { answer: error(500) },
    // https://dub.co/docs/api-reference/errors: unprocessable_entity (a limit such as page > 1,000).
    providerSpecific: [
      {
        what: '422 unprocessable_entity',
        answer: error(422),
        code: 'INVALID_CONFIG',
        call: (provider, credentials) => drainSync(provider, credentials, 'links'),
      },
      {
        what: '403 on GET /folders (a grant without folders.read)',
        answer: error(403),
        code: 'INSUFFICIENT_SCOPE',
        messageIncludes: 'folders.read',
        call: (provider, credentials) => drainSync(provider, credentials, 'links'),
      },
    ],
  },
  sync: [
    {
      resource: 'links',
      pageSize: 2,
      // The links outside folders in pages of 2, 2 and 1 (startingAfter), then the folder's one link.
      respond: ({ path, query }) => {
        const body = dubFixtureAnswer(path, query);
        return body ? { body } : error(404);
      },
      expectedRecords: 6,
      pageSizeOf: (request) =>
        request.path === '/links' && request.query.has('pageSize') ? Number(request.query.get('pageSize')) : undefined,
    },
  ],
});
