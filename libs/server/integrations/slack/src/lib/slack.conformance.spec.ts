import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeCursor } from '@hub/server/integrations/core';
import {
  describeProviderConformance,
  drainSync,
  type FixtureRequest,
  type FixtureResponse,
} from '@hub/server/integrations/core/testing';
import { SlackProvider } from './slack.provider';

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8'));
/** Slack answers most errors with HTTP 200 and `{ "ok": false, "error" }`. */
const slackError = (name: string, status = 200, headers: Record<string, string> = {}): FixtureResponse => ({
  status,
  headers,
  body: fixture(`error-${name}.json`),
});

/**
 * The fixture workspace, as conversations.list and conversations.history answer it at limit=2:
 * channels in two pages (general, random | design-crit (private), sales-emea (not a member)), and the
 * messages of the three member channels: general in two pages (2 + 1), random and design-crit in one.
 * With `oldest` (a run from the sync token), general has one newer message and the others none.
 */
function workspace(request: FixtureRequest): FixtureResponse {
  const { path, query } = request;
  if (path === '/conversations.list') {
    return { body: fixture(`conversations-list-page-${query.get('cursor') === 'dGVhbTpDMDYxRkE1UEI=' ? 2 : 1}.json`) };
  }
  if (path === '/conversations.history') {
    const channel = query.get('channel');
    if (query.has('oldest')) {
      return {
        body: fixture(
          channel === 'C012AB3CD' && query.get('oldest') === '1512104434.000490'
            ? 'conversations-history-C012AB3CD-since.json'
            : 'conversations-history-empty.json',
        ),
      };
    }
    if (channel === 'C012AB3CD') {
      const page = query.get('cursor') === 'bmV4dF90czoxNTEyMDg1ODYxMDAwNTQz' ? 2 : 1;
      return { body: fixture(`conversations-history-C012AB3CD-page-${page}.json`) };
    }
    if (channel === 'C061EG9T2' || channel === 'C061FA5PB') {
      return { body: fixture(`conversations-history-${channel}.json`) };
    }
    return slackError('channel-not-found');
  }
  return { body: { ok: false, error: 'unknown_method' } };
}

const limitOf = (request: FixtureRequest) =>
  request.query.has('limit') ? Number(request.query.get('limit')) : undefined;

describeProviderConformance({
  provider: new SlackProvider(),
  create: ({ apiBaseUrl, pageSize }) =>
    new SlackProvider().withOptions({ apiBaseUrl, methodIntervalsMs: {}, ...(pageSize ? { pageSize } : {}) }),
  account: {
    respond: ({ path }) => (path === '/auth.test' ? { body: fixture('auth-test.json') } : slackError('invalid-auth')),
    expected: {
      externalAccountId: 'T12345678',
      displayName: 'Subarachnoid Workspace',
      workspaceName: 'Subarachnoid Workspace',
      url: 'https://subarachnoid.slack.com',
      details: { domain: 'subarachnoid', user: 'grace' },
    },
  },
  errors: {
    unauthorized: { answer: slackError('invalid-auth') },
    insufficientScope: {
      answer: slackError('missing-scope'),
      call: (provider, credentials) => drainSync(provider, credentials, 'messages'),
    },
    notFound: {
      answer: slackError('channel-not-found'),
      call: (provider, credentials) => drainSync(provider, credentials, 'channels'),
    },
    cursorExpired: {
      answer: slackError('invalid-cursor'),
      // Resuming a channels pass with a Slack cursor Slack no longer accepts.
      call: (provider, credentials) =>
        drainSync(
          provider,
          credentials,
          'channels',
          encodeCursor({ v: 1, kind: 'channels', next: 'dGVhbTpDMDYxRkE1UEI=' }),
        ),
    },
    rateLimited: { answer: slackError('ratelimited', 429, { 'retry-after': '30' }), retryAfterMs: 30_000 },
    serverError: { answer: slackError('internal-error') },
    // https://api.slack.com/authentication/rotation: an expired rotating token answers token_expired.
    providerSpecific: [
      {
        what: '200 token_expired',
        answer: { status: 200, body: { ok: false, error: 'token_expired' } },
        code: 'AUTH_REVOKED',
      },
      {
        what: '200 ratelimited (a method over its tier)',
        answer: slackError('ratelimited', 429, { 'retry-after': '61' }),
        code: 'RATE_LIMITED',
        retryAfterMs: 61_000,
        call: (provider, credentials) => drainSync(provider, credentials, 'channels'),
      },
    ],
  },
  sync: [
    {
      resource: 'channels',
      pageSize: 2,
      respond: workspace,
      expectedRecords: 4,
      pageSizeOf: limitOf,
    },
    {
      resource: 'messages',
      pageSize: 2,
      respond: workspace,
      // general 3, random 2, design-crit 1; sales-emea is not read (not a member).
      expectedRecords: 6,
      pageSizeOf: limitOf,
      incremental: { changedIds: ['C012AB3CD:1512110000.000100'], deletedIds: [] },
    },
  ],
});
