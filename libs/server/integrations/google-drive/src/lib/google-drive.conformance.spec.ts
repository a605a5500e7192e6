import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeCursor } from '@hub/server/integrations/core';
import {
  describeProviderConformance,
  drainSync,
  type FixtureRequest,
  googleErrorForms,
} from '@hub/server/integrations/core/testing';
import { GoogleDriveProvider } from './google-drive.provider';

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8'));
const error = (name: string, status: number, headers: Record<string, string> = {}) => ({
  status,
  headers,
  body: fixture(name),
});

const PAGE_2 = (fixture('files-page-1.json') as { nextPageToken: string }).nextPageToken;
const PAGE_3 = (fixture('files-page-2.json') as { nextPageToken: string }).nextPageToken;
const START = (fixture('start-page-token.json') as { startPageToken: string }).startPageToken;
const CHANGES_2 = (fixture('changes-page-1.json') as { nextPageToken: string }).nextPageToken;

/**
 * Drive as its reference shows it: the start page token, three files.list pages of 2, 2 and 1 files
 * (q=trashed=false), and from the start page token two changes.list pages (an edited file, one
 * deleted for good; one moved to the trash, one new).
 */
function drive({ path, query }: FixtureRequest) {
  if (path === '/changes/startPageToken') return { body: fixture('start-page-token.json') };
  if (path === '/files' && query.get('q') === 'trashed = false') {
    const token = query.get('pageToken');
    if (token === null) return { body: fixture('files-page-1.json') };
    if (token === PAGE_2) return { body: fixture('files-page-2.json') };
    if (token === PAGE_3) return { body: fixture('files-page-3.json') };
    return error('error-400-page-token.json', 400);
  }
  if (path === '/changes' && query.get('includeRemoved') === 'true') {
    const token = query.get('pageToken');
    if (token === START) return { body: fixture('changes-page-1.json') };
    if (token === CHANGES_2) return { body: fixture('changes-page-2.json') };
    return error('error-400-page-token.json', 400);
  }
  return error('error-404.json', 404);
}

describeProviderConformance({
  provider: new GoogleDriveProvider(),
  create: ({ apiBaseUrl, pageSize }) =>
    new GoogleDriveProvider().withOptions({ apiBaseUrl, ...(pageSize ? { pageSize } : {}) }),
  account: {
    respond: ({ path, query }) =>
      path === '/about' &&
      query.get('fields') === 'user(displayName,emailAddress,permissionId),storageQuota(limit,usage)'
        ? { body: fixture('about.json') }
        : error('error-404.json', 404),
    expected: {
      externalAccountId: '07216189311853204118',
      displayName: 'Ada Lovelace',
      email: 'ada.lovelace@example.org',
      details: { storageUsedBytes: 5373952123, storageLimitBytes: 16106127360 },
    },
  },
  errors: {
    unauthorized: { answer: error('error-401.json', 401) },
    insufficientScope: {
      answer: error('error-403.json', 403),
      call: (provider, credentials) => drainSync(provider, credentials, 'files'),
    },
    notFound: { answer: error('error-404.json', 404) },
    // A start page token Drive no longer knows: 400 Invalid Value naming pageToken.
    cursorExpired: {
      answer: error('error-400-page-token.json', 400),
      call: (provider, credentials) =>
        drainSync(provider, credentials, 'files', encodeCursor({ v: 1, kind: 'changes', pageToken: '17' })),
    },
    // Google documents no Retry-After; when an answer carries one, it is honoured.
    rateLimited: { answer: error('error-429.json', 429, { 'retry-after': '12' }), retryAfterMs: 12_000 },
    serverError: { answer: error('error-500.json', 500) },
    providerSpecific: googleErrorForms('files', 'drive.googleapis.com', 'Google Drive API'),
  },
  sync: [
    {
      resource: 'files',
      pageSize: 2,
      respond: drive,
      expectedRecords: 5,
      pageSizeOf: (request) => (request.query.has('pageSize') ? Number(request.query.get('pageSize')) : undefined),
      incremental: {
        changedIds: ['1aB2cD3eF4gH5iJ6kL7mN8oP9qR0sT1uV2wX3yZ4aB5c', '1Pl0Ok9Ij8Uh7Yg6Tf5Rd4Es3Wa2Qz1Xs'],
        deletedIds: ['1Zx9Cv8Bn7Mq6Wl5Ek4Rj3Th2Yg1Uf0Id', '1Mn2Bv3Cx4Za5Sd6Fg7Hj8Kl9Qw0Er1Ty'],
      },
    },
  ],
});
