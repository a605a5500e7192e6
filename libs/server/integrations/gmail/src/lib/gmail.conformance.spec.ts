import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeCursor } from '@hub/server/integrations/core';
import {
  describeProviderConformance,
  drainSync,
  type FixtureRequest,
  googleErrorForms,
} from '@hub/server/integrations/core/testing';
import { GmailProvider } from './gmail.provider';

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8'));
const error = (name: string, headers: Record<string, string> = {}) => ({
  status: Number(/^error-(\d{3})/.exec(name)?.[1]),
  headers,
  body: fixture(`${name}.json`),
});
const messages = fixture('messages-metadata.json') as { id: string }[];

/**
 * The mailbox of the fixtures, as Gmail answers it: the profile, messages.list in pages of two
 * (pageToken), messages.get (format=metadata) from `messages-metadata.json` (404 for an id it does not
 * hold), and history.list from the profile's historyId in two pages.
 */
function mailbox({ path, query }: FixtureRequest) {
  if (path === '/users/me/profile') return { body: fixture('profile.json') };
  if (path === '/users/me/messages') {
    const page = { '': 1, '08194628931507253142': 2, '16473829105628374910': 3 }[query.get('pageToken') ?? ''];
    return page ? { body: fixture(`messages-page-${page}.json`) } : error('error-400');
  }
  if (path.startsWith('/users/me/messages/')) {
    const message = messages.find((m) => m.id === decodeURIComponent(path.slice('/users/me/messages/'.length)));
    return message && query.get('format') === 'metadata' ? { body: message } : error('error-404');
  }
  if (path === '/users/me/history' && query.get('startHistoryId') === '4182374') {
    const page = { '': 1, '04719283746501928374': 2 }[query.get('pageToken') ?? ''];
    return page ? { body: fixture(`history-page-${page}.json`) } : error('error-400');
  }
  return error('error-404');
}

describeProviderConformance({
  provider: new GmailProvider(),
  create: ({ apiBaseUrl, pageSize }) =>
    new GmailProvider().withOptions({ apiBaseUrl, ...(pageSize ? { pageSize } : {}) }),
  account: {
    respond: mailbox,
    expected: {
      externalAccountId: 'ada.lovelace@example.com',
      displayName: 'ada.lovelace@example.com',
      email: 'ada.lovelace@example.com',
      details: { messagesTotal: 5, threadsTotal: 4 },
    },
  },
  errors: {
    unauthorized: { answer: error('error-401') },
    insufficientScope: {
      answer: error('error-403-insufficient-permissions'),
      call: (provider, credentials) => drainSync(provider, credentials, 'messages'),
    },
    notFound: { answer: error('error-404') },
    // history.list's 404 for a startHistoryId Gmail no longer keeps.
    cursorExpired: {
      answer: error('error-404'),
      call: (provider, credentials) =>
        drainSync(provider, credentials, 'messages', encodeCursor({ v: 1, kind: 'history', startHistoryId: '1' })),
    },
    // Gmail's 429 says when to retry; Google's front end also sends Retry-After (as the sandbox does).
    rateLimited: { answer: error('error-429', { 'retry-after': '30' }), retryAfterMs: 30_000 },
    serverError: { answer: error('error-500') },
    providerSpecific: googleErrorForms('messages', 'gmail.googleapis.com', 'Gmail API'),
  },
  sync: [
    {
      resource: 'messages',
      pageSize: 2,
      respond: mailbox,
      expectedRecords: 5,
      pageSizeOf: (request) => (request.query.has('maxResults') ? Number(request.query.get('maxResults')) : undefined),
      // history: one message added, one relabelled; one deleted, one added then gone before it was fetched.
      incremental: {
        changedIds: ['1973d0e1f2a3b4c5', '1973c5e2b7d8a901'],
        deletedIds: ['1973b9a8c7d6e5f4', '1973d1a2b3c4d5e6'],
      },
    },
  ],
});
