import { describeProviderConformance, drainSync } from '@hub/server/integrations/core/testing';
import { errorAnswer, githubFixtureApi } from './fixtures/github-fixture-api';
import { GitHubProvider } from './github.provider';

const perPage = (request: { query: URLSearchParams }) =>
  request.query.has('per_page') ? Number(request.query.get('per_page')) : undefined;

describeProviderConformance({
  provider: new GitHubProvider(),
  create: ({ apiBaseUrl, pageSize }) =>
    new GitHubProvider().withOptions({ apiBaseUrl, ...(pageSize ? { pageSize } : {}) }),
  account: {
    // GET /user and GET /user/orgs as documented (users/users#get-the-authenticated-user, orgs/orgs).
    respond: githubFixtureApi(),
    expected: {
      externalAccountId: '1',
      displayName: 'octocat',
      url: 'https://github.com/octocat',
      details: { name: 'monalisa octocat', organisations: 'github, octo-org' },
    },
  },
  errors: {
    unauthorized: { answer: errorAnswer(401) },
    insufficientScope: {
      answer: errorAnswer(403, { 'x-ratelimit-remaining': '4990', 'x-ratelimit-reset': '1750000000' }),
      call: (provider, credentials) => drainSync(provider, credentials, 'issues'),
    },
    notFound: { answer: errorAnswer(404) },
    cursorExpired: {
      notApplicable:
        'GitHub hands out no sync token that can expire: the issues token is the provider’s own since/ETag state per repository (it asks for a full pass itself when the token gets old).',
    },
    // A secondary rate limit, with the retry-after GitHub may send (rate-limits-for-the-rest-api).
    rateLimited: {
      answer: errorAnswer(429, { 'retry-after': '60' }, 'error-429-secondary.json'),
      retryAfterMs: 60_000,
    },
    serverError: { answer: errorAnswer(500) },
    // https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit
    providerSpecific: [
      {
        what: '403 primary rate limit (x-ratelimit-remaining: 0, x-ratelimit-reset)',
        answer: errorAnswer(
          403,
          { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 600) },
          'error-403-rate-limit.json',
        ),
        code: 'RATE_LIMITED',
        call: (provider, credentials) => drainSync(provider, credentials, 'issues'),
      },
      {
        what: '403 secondary rate limit with retry-after',
        answer: errorAnswer(403, { 'retry-after': '45' }, 'error-429-secondary.json'),
        code: 'RATE_LIMITED',
        retryAfterMs: 45_000,
        call: (provider, credentials) => drainSync(provider, credentials, 'issues'),
      },
    ],
  },
  sync: [
    {
      // 5 repositories, 2 a page: 3 pages by the Link header.
      resource: 'repositories',
      pageSize: 2,
      respond: githubFixtureApi(),
      expectedRecords: 5,
      pageSizeOf: perPage,
    },
    {
      // 9 issues (and 3 pull requests, skipped) in 3 repositories; a 4th has none, a 5th has issues off.
      resource: 'issues',
      pageSize: 2,
      respond: githubFixtureApi(),
      expectedRecords: 9,
      pageSizeOf: perPage,
      // issues-changes.json: #1349 edited, #1352 opened (and PR #1353), octo-repo #10 opened.
      incremental: { changedIds: ['1860343', '1860346', '2071123'], deletedIds: [] },
    },
  ],
});
