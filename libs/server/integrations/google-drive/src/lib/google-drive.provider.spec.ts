import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import {
  encodeCursor,
  IntegrationError,
  PROVIDER_BASE_URLS,
  ProviderApiError,
  type SyncPage,
} from '@hub/server/integrations/core';
import {
  collect,
  type FixtureHandler,
  type FixtureServer,
  startFixtureServer,
} from '@hub/server/integrations/core/testing';
import { googleDriveErrorCode, toGoogleDriveIntegrationError } from './google-drive-errors';
import { GoogleDriveProvider } from './google-drive.provider';

const fixture = <T = unknown>(name: string): T =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8')) as T;
const TOKEN = 'ya29.a0AfB_drive_access_token_5b7f1c';
const credentials = { accessToken: TOKEN };
const FILE_FIELDS =
  'id,name,mimeType,parents,owners(emailAddress,displayName),size,createdTime,modifiedTime,webViewLink,trashed,starred,shared';

let server: FixtureServer;
let provider: GoogleDriveProvider;

beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  provider = new GoogleDriveProvider().withOptions({ apiBaseUrl: server.url, pageSize: 2 });
});

const run = (cursor: string | null, resource = 'files', signal = new AbortController().signal) =>
  collect(provider.sync({ credentials, resource, cursor, selection: [], signal }));
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => Promise.reject(new Error('expected a failure')),
    (e: unknown) => e,
  );
const changesCursor = (pageToken: string) => encodeCursor({ v: 1, kind: 'changes', pageToken });
const paths = () => server.requests.map((r) => r.path);

/** Answers changes.list with `changes` and a new start page token. */
const changesAnswer =
  (changes: unknown[], extra: Record<string, unknown> = { newStartPageToken: '4600' }): FixtureHandler =>
  () => ({ body: { ...extra, changes } });

describe('getAccountInfo', () => {
  it('should read the Drive user and the storage quota from GET /about with the fields it needs', async () => {
    server.answer(() => ({ body: fixture('about.json') }));
    expect(await provider.getAccountInfo({ credentials })).toEqual({
      externalAccountId: '07216189311853204118',
      displayName: 'Ada Lovelace',
      email: 'ada.lovelace@example.org',
      url: 'https://drive.google.com/drive/my-drive',
      details: { storageUsedBytes: 5373952123, storageLimitBytes: 16106127360 },
    });
    const [request] = server.requests;
    expect(request.path).toBe('/about');
    expect(request.query.get('fields')).toBe('user(displayName,emailAddress,permissionId),storageQuota(limit,usage)');
    expect(request.headers['authorization']).toBe(`Bearer ${TOKEN}`);
  });

  it('should say the storage is unlimited when Drive sends no limit', async () => {
    server.answer(() => ({
      body: {
        user: { displayName: 'Ada', emailAddress: 'ada@example.org', permissionId: '1' },
        storageQuota: { usage: '10' },
      },
    }));
    expect((await provider.getAccountInfo({ credentials })).details).toEqual({
      storageUsedBytes: 10,
      storageUnlimited: true,
    });
  });

  it('should fall back to the email when the user has no display name', async () => {
    server.answer(() => ({ body: { user: { displayName: '', emailAddress: 'ada@example.org', permissionId: '9' } } }));
    expect(await provider.getAccountInfo({ credentials })).toMatchObject({
      externalAccountId: '9',
      displayName: 'ada@example.org',
    });
  });

  it('should fail UNKNOWN when Drive does not say who the user is', async () => {
    server.answer(() => ({ body: { user: { displayName: 'Ada' } } }));
    const error = await failure(provider.getAccountInfo({ credentials }));
    expect(provider.toIntegrationError(error).code).toBe('UNKNOWN');
  });

  it('should refuse credentials without an access token, without calling Drive', async () => {
    await expect(provider.getAccountInfo({ credentials: {} })).rejects.toMatchObject({ code: 'AUTH_REVOKED' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('the full pass', () => {
  it('should take the start page token before listing, and hand exactly that one out at the end', async () => {
    let listed = 0;
    server.answer(({ path, query }) => {
      if (path === '/changes/startPageToken')
        return { body: { kind: 'drive#startPageToken', startPageToken: `${4512 + listed}` } };
      listed++;
      return { body: query.get('pageToken') ? fixture('files-page-3.json') : fixture('files-page-1.json') };
    });
    const pages = await run(null);
    expect(paths()).toEqual(['/changes/startPageToken', '/files', '/files']);
    expect(pages.at(-1)?.syncToken).toBe(changesCursor('4512'));
  });

  it('should ask for files not in the trash with the metadata fields, and keep only those', async () => {
    const { files } = fixture<{ files: unknown[] }>('files-page-2.json');
    server.answer(({ path }) =>
      path === '/changes/startPageToken' ? { body: fixture('start-page-token.json') } : { body: { files } },
    );
    const pages = await run(null);
    const list = server.requests[1];
    expect(Object.fromEntries(list.query)).toEqual({
      pageSize: '2',
      q: 'trashed = false',
      fields: `nextPageToken,files(${FILE_FIELDS})`,
    });
    const records = pages.flatMap((p) => p.records);
    expect(records[0]).toEqual({
      externalId: '1Zx9Cv8Bn7Mq6Wl5Ek4Rj3Th2Yg1Uf0Id',
      data: {
        name: 'Invoice INV-2025-0142.pdf',
        mimeType: 'application/pdf',
        parents: ['1Hk3nQ8vXz2LmP5rT7wY9bC4dF6gJ0aE'],
        owners: [{ emailAddress: 'ada.lovelace@example.org', displayName: 'Ada Lovelace' }],
        size: 1843921,
        createdTime: '2025-03-01T07:55:10.000Z',
        modifiedTime: '2025-03-01T07:55:10.000Z',
        webViewLink: 'https://drive.google.com/file/d/1Zx9Cv8Bn7Mq6Wl5Ek4Rj3Th2Yg1Uf0Id/view?usp=drivesdk',
        trashed: false,
        starred: false,
        shared: false,
      },
    });
    // Shared with the person, not in their My Drive: no parents.
    expect(records[1].data['parents']).toEqual([]);
    expect(JSON.stringify(pages)).not.toContain(TOKEN);
  });

  it('should keep a folder without a size, and drops owner fields it did not ask for', async () => {
    server.answer(({ path }) =>
      path === '/changes/startPageToken'
        ? { body: fixture('start-page-token.json') }
        : {
            body: {
              files: [
                {
                  id: 'folder-1',
                  name: 'Projects',
                  mimeType: 'application/vnd.google-apps.folder',
                  owners: [{ emailAddress: 'a@example.org', displayName: 'A', permissionId: '123', photoLink: 'x' }],
                  size: 'not-a-number',
                },
              ],
            },
          },
    );
    const [page] = await run(null);
    expect(page.records[0].data).toEqual({
      name: 'Projects',
      mimeType: 'application/vnd.google-apps.folder',
      parents: [],
      owners: [{ emailAddress: 'a@example.org', displayName: 'A' }],
    });
  });

  it('should go on after an empty page that has a next page token (Drive pages may be short before the end)', async () => {
    server.answer(({ path, query }) => {
      if (path === '/changes/startPageToken') return { body: fixture('start-page-token.json') };
      const token = query.get('pageToken');
      if (token === null) return { body: { nextPageToken: 'empty-then-more', files: [] } };
      return { body: fixture('files-page-3.json') };
    });
    const pages = await run(null);
    expect(pages.map((p) => [p.records.length, p.nextCursor === null])).toEqual([
      [0, false],
      [1, true],
    ]);
  });

  it('should skip a trashed file should Drive list one', async () => {
    server.answer(({ path }) =>
      path === '/changes/startPageToken'
        ? { body: fixture('start-page-token.json') }
        : {
            body: {
              files: [
                { id: 'gone', trashed: true },
                { id: 'kept', trashed: false },
              ],
            },
          },
    );
    expect((await run(null)).flatMap((p) => p.records.map((r) => r.externalId))).toEqual(['kept']);
  });

  it.each([
    ['without a start page token', { kind: 'drive#startPageToken' }, undefined],
    ['with a files list that is not a list', fixture('start-page-token.json'), { files: 'nope' }],
    ['with a file without an id', fixture('start-page-token.json'), { files: [{ name: 'x' }] }],
    ['with a malformed page token', fixture('start-page-token.json'), { nextPageToken: 'bad token', files: [] }],
  ])('should fail UNKNOWN when Drive answers %s', async (_case, start, files) => {
    server.answer(({ path }) => ({ body: path === '/changes/startPageToken' ? start : files }));
    const error = await failure(run(null));
    expect(error).toBeInstanceOf(IntegrationError);
    expect(provider.toIntegrationError(error).code).toBe('UNKNOWN');
  });

  it('should fail UNKNOWN on an answer that is not JSON', async () => {
    server.answer(() => ({ body: '<html>proxy error</html>' }));
    const error = await failure(run(null));
    expect(provider.toIntegrationError(error).code).toBe('UNKNOWN');
  });
});

describe('the change feed', () => {
  it('should ask for removed changes in the drive space, from the cursor’s page token', async () => {
    server.answer(changesAnswer([]));
    await run(changesCursor('4512'));
    expect(Object.fromEntries(server.requests[0].query)).toEqual({
      pageToken: '4512',
      pageSize: '2',
      includeRemoved: 'true',
      spaces: 'drive',
      fields: `nextPageToken,newStartPageToken,changes(changeType,removed,fileId,file(${FILE_FIELDS}))`,
    });
  });

  it('should turn removed and trashed files into deletedIds and other changes into records', async () => {
    server.answer(({ query }) =>
      query.get('pageToken') === '4512'
        ? { body: fixture('changes-page-1.json') }
        : { body: fixture('changes-page-2.json') },
    );
    const pages = await run(changesCursor('4512'));
    expect(pages.map((p) => ({ records: p.records.map((r) => r.externalId), deleted: p.deletedIds }))).toEqual([
      { records: ['1aB2cD3eF4gH5iJ6kL7mN8oP9qR0sT1uV2wX3yZ4aB5c'], deleted: ['1Zx9Cv8Bn7Mq6Wl5Ek4Rj3Th2Yg1Uf0Id'] },
      { records: ['1Pl0Ok9Ij8Uh7Yg6Tf5Rd4Es3Wa2Qz1Xs'], deleted: ['1Mn2Bv3Cx4Za5Sd6Fg7Hj8Kl9Qw0Er1Ty'] },
    ]);
    expect(pages.map((p) => p.nextCursor)).toEqual([changesCursor('4515'), null]);
    expect(pages[1].syncToken).toBe(changesCursor('4519'));
    expect(pages[0].records[0].data['name']).toBe('Roadmap 2025 (v2)');
  });

  it('should skip shared-drive changes, and take the change’s fileId when the file has no id', async () => {
    server.answer(
      changesAnswer([
        { changeType: 'drive', driveId: '0AAbc', removed: false },
        { changeType: 'file', removed: false, fileId: 'from-change', file: { name: 'No id in the file' } },
      ]),
    );
    const [page] = await run(changesCursor('4512'));
    expect(page.records.map((r) => r.externalId)).toEqual(['from-change']);
    expect(page.deletedIds).toEqual([]);
  });

  it('should hand out the same token again when nothing changed', async () => {
    server.answer(changesAnswer([], { newStartPageToken: '4512' }));
    const pages = await run(changesCursor('4512'));
    expect(pages).toEqual([{ records: [], deletedIds: [], nextCursor: null, syncToken: changesCursor('4512') }]);
  });

  it.each([
    ['a change without a file id', [{ changeType: 'file', removed: true }], { newStartPageToken: '1' }],
    ['neither a next page token nor a new start page token', [], {}],
  ])('should fail UNKNOWN on %s', async (_case, changes, extra) => {
    server.answer(changesAnswer(changes, extra));
    expect(provider.toIntegrationError(await failure(run(changesCursor('4512')))).code).toBe('UNKNOWN');
  });

  it('should map a page token Drive no longer knows (400 naming pageToken) to CURSOR_INVALID', async () => {
    server.answer(() => ({ status: 400, body: fixture('error-400-page-token.json') }));
    const mapped = provider.toIntegrationError(await failure(run(changesCursor('17'))));
    expect(mapped).toMatchObject({ code: 'CURSOR_INVALID', options: { status: 400 } });
    expect(mapped.retryable).toBe(false);
  });
});

describe('cursors', () => {
  it.each([
    ['{"v":1,"kind":"files","pageToken":null}'],
    ['{"v":1,"kind":"files","startPageToken":"","pageToken":null}'],
    ['{"v":2,"kind":"changes","pageToken":"4512"}'],
    ['{"v":1,"kind":"changes","pageToken":""}'],
    ['{"v":1,"kind":"changes","pageToken":"has spaces"}'],
    ['{"v":1,"kind":"page","page":2}'],
    ['4512'],
    ['[]'],
  ])('should refuse %s without calling Drive (CURSOR_INVALID)', async (cursor) => {
    await expect(run(cursor)).rejects.toMatchObject({ code: 'CURSOR_INVALID' });
    expect(server.requests).toHaveLength(0);
  });

  it('should resume a full pass from its cursor without taking a new start page token', async () => {
    server.answer(() => ({ body: fixture('files-page-3.json') }));
    const cursor = encodeCursor({ v: 1, kind: 'files', startPageToken: '4512', pageToken: 'next' });
    const pages = await run(cursor);
    expect(paths()).toEqual(['/files']);
    expect(server.requests[0].query.get('pageToken')).toBe('next');
    expect(pages.at(-1)?.syncToken).toBe(changesCursor('4512'));
  });

  it('should sync files only', async () => {
    await expect(run(null, 'folders')).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('toIntegrationError', () => {
  const apiError = (status: number, code?: string, retryAfter?: number) =>
    new ProviderApiError('Google Drive', status, '/files', code, retryAfter);

  it.each([
    [400, 'invalid:pageToken', 'CURSOR_INVALID'],
    [400, 'invalid', 'INVALID_CONFIG'],
    [401, 'authError', 'AUTH_REVOKED'],
    [403, 'insufficientPermissions', 'INSUFFICIENT_SCOPE'],
    [403, 'userRateLimitExceeded', 'RATE_LIMITED'],
    [403, 'rateLimitExceeded', 'RATE_LIMITED'],
    [403, 'accessNotConfigured', 'INVALID_CONFIG'],
    [404, 'notFound', 'NOT_FOUND'],
    [429, 'rateLimitExceeded', 'RATE_LIMITED'],
    [503, 'backendError', 'TEMPORARY'],
    [418, undefined, 'UNKNOWN'],
  ])('should map %i (%s) to %s', (status, code, expected) => {
    expect(toGoogleDriveIntegrationError(apiError(status, code)).code).toBe(expected);
  });

  it('should be pure: the same error gives the same answer, and it is left untouched', () => {
    const error = apiError(429, 'rateLimitExceeded', 5000);
    const first = provider.toIntegrationError(error);
    const second = provider.toIntegrationError(error);
    expect(first).not.toBe(second);
    expect({ code: first.code, message: first.message, options: first.options }).toEqual({
      code: second.code,
      message: second.message,
      options: second.options,
    });
    expect(first.options.retryAfterMs).toBe(5000);
    expect(error).toMatchObject({ status: 429, code: 'rateLimitExceeded', retryAfterMs: 5000 });
  });

  it('should map Drive’s 403 userRateLimitExceeded answer to RATE_LIMITED, and its messages carry no token or body', async () => {
    server.answer(() => ({ status: 403, body: fixture('error-403-user-rate-limit.json') }));
    const error = await failure(provider.getAccountInfo({ credentials }));
    const mapped = provider.toIntegrationError(error);
    expect(mapped.code).toBe('RATE_LIMITED');
    expect(mapped.message).not.toContain(TOKEN);
    expect(mapped.message).not.toContain('User Rate Limit Exceeded');
  });

  it('should map anything else to UNKNOWN', () => {
    expect(provider.toIntegrationError(new Error('boom')).code).toBe('UNKNOWN');
    expect(provider.toIntegrationError('a string').code).toBe('UNKNOWN');
  });
});

describe('googleDriveErrorCode', () => {
  it('should add the parameter to the reason only when the error names pageToken', () => {
    expect(googleDriveErrorCode(fixture('error-400-page-token.json'))).toBe('invalid:pageToken');
    expect(googleDriveErrorCode(fixture('error-404.json'))).toBe('notFound');
    expect(googleDriveErrorCode({ error: { errors: [{ location: 'pageToken' }] } })).toBe('invalid:pageToken');
    expect(googleDriveErrorCode({ error: { errors: [{ reason: 'invalid', location: 'q' }] } })).toBe('invalid');
    expect(googleDriveErrorCode('<html>')).toBeUndefined();
    expect(googleDriveErrorCode(null)).toBeUndefined();
  });
});

describe('options and base URL', () => {
  it('should default to the manifest, and take PROVIDER_BASE_URLS from Nest', async () => {
    const withUrls = await Test.createTestingModule({
      providers: [
        GoogleDriveProvider,
        {
          provide: PROVIDER_BASE_URLS,
          useValue: new Map([['google-drive', { apiBaseUrl: `${server.url}/drive/v3/` }]]),
        },
      ],
    }).compile();
    server.answer(() => ({ body: fixture('about.json') }));
    await withUrls.get(GoogleDriveProvider).getAccountInfo({ credentials });
    expect(paths()).toEqual(['/drive/v3/about']);
    const without = await Test.createTestingModule({ providers: [GoogleDriveProvider] }).compile();
    expect(without.get(GoogleDriveProvider).manifest.api?.baseUrl).toBe('https://www.googleapis.com/drive/v3');
  });

  it('should refuse page sizes Drive does not take', () => {
    for (const pageSize of [0, 1001, 2.5]) expect(() => provider.withOptions({ pageSize })).toThrow(RangeError);
    expect(() => provider.withOptions({ pageSize: 1000 })).not.toThrow();
  });

  it('should ask for the default page size of 100', async () => {
    server.answer(changesAnswer([]));
    const pages: SyncPage[] = await collect(
      new GoogleDriveProvider().withBaseUrl(server.url).sync({
        credentials,
        resource: 'files',
        cursor: changesCursor('1'),
        selection: [],
        signal: new AbortController().signal,
      }),
    );
    expect(pages).toHaveLength(1);
    expect(server.requests[0].query.get('pageSize')).toBe('100');
  });
});
