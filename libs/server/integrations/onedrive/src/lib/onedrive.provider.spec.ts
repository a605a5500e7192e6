import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import {
  encodeCursor,
  IntegrationError,
  MICROSOFT_CONSUMERS_TENANT_ID,
  PROVIDER_BASE_URLS,
  ProviderApiError,
} from '@hub/server/integrations/core';
import {
  collect,
  type FixtureHandler,
  type FixtureRequest,
  type FixtureServer,
  startFixtureServer,
} from '@hub/server/integrations/core/testing';
import { toOneDriveIntegrationError } from './onedrive-errors';
import { OneDriveProvider } from './onedrive.provider';

const GRAPH = 'https://graph.microsoft.com/v1.0';
const fixtureText = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const fixture = <T = unknown>(name: string): T => JSON.parse(fixtureText(name)) as T;
const CLAIMS = fixture<Record<string, unknown>>('id-token-claims.json');
const idToken = (claims: unknown = CLAIMS): string =>
  [{ alg: 'RS256', typ: 'JWT' }, claims]
    .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
    .concat('c2lnbmF0dXJl')
    .join('.');
const TOKEN = 'EwBwA8l6BAAUbDba3x2OMJElkF7gJ4z-onedrive-access-token';
const credentials = { accessToken: TOKEN, idToken: idToken() };
const PERSONAL = idToken({
  ...CLAIMS,
  tid: MICROSOFT_CONSUMERS_TENANT_ID,
  oid: '00000000-0000-0000-c619-99d1268efafa',
});
const ITEM_FIELDS =
  'id,name,size,file,folder,package,root,deleted,parentReference,createdDateTime,lastModifiedDateTime,webUrl,createdBy,lastModifiedBy';

let server: FixtureServer;
let provider: OneDriveProvider;

beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  provider = new OneDriveProvider().withOptions({ apiBaseUrl: server.url, pageSize: 2 });
});

const run = (cursor: string | null, resource = 'files', signal = new AbortController().signal) =>
  collect(provider.sync({ credentials, resource, cursor, selection: [], signal }));
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => Promise.reject(new Error('expected a failure')),
    (e: unknown) => e,
  );
const mappedFailure = async (promise: Promise<unknown>) => provider.toIntegrationError(await failure(promise));
const paths = () => server.requests.map((r) => r.path);
/** A link on the fixture server, as Graph writes its links. */
const link = (pathAndQuery: string) => `${server.url}${pathAndQuery}`;
const cursorOf = (to: string) => encodeCursor({ v: 1, kind: 'delta', link: to });
/** A delta answer of `value` ending the round (or going on to `next`). */
const deltaBody = (value: unknown[], next?: string) =>
  next
    ? { value, '@odata.nextLink': link(next) }
    : { value, '@odata.deltaLink': link('/me/drive/root/delta?token=after') };
const deltaPage =
  (value: unknown[], next?: string): FixtureHandler =>
  () => ({ body: deltaBody(value, next) });
/** The fixture with Graph's links moved to the fixture server. */
const rebased = (name: string, { headers }: FixtureRequest) => ({
  body: JSON.parse(fixtureText(name).replaceAll(GRAPH, `http://${headers.host}`)),
});

/** /me, /organization and /me/drive as the given fixtures (or bodies). */
const accountAnswers =
  (answers: { me?: unknown; organization?: unknown; drive?: unknown } = {}): FixtureHandler =>
  ({ path }) => {
    if (path === '/me') return { body: answers.me ?? fixture('me.json') };
    if (path === '/organization') return { body: answers.organization ?? fixture('organization.json') };
    if (path === '/me/drive') return { body: answers.drive ?? fixture('drive.json') };
    return { status: 404, body: fixture('error-404.json') };
  };

describe('getAccountInfo', () => {
  it('should key a work account by tid:oid and describe it from /me, /organization and /me/drive', async () => {
    server.answer(accountAnswers());
    expect(await provider.getAccountInfo({ credentials })).toEqual({
      externalAccountId: '84841066-274d-4ec0-a5c1-276be684bdd3:87d349ed-44d7-43e1-9a83-5f2406dee5bd',
      displayName: 'Adele Vance',
      email: 'AdeleV@contoso.com',
      workspaceName: 'Contoso',
      details: {
        accountType: 'work or school account',
        organization: 'Contoso',
        driveType: 'business',
        storage: '61.3 MB used of 1 TB',
        storageState: 'normal',
      },
    });
    expect(server.requests.map((r) => [r.path, r.query.get('$select')])).toEqual([
      ['/me', 'id,displayName,mail,userPrincipalName'],
      ['/organization', 'id,displayName'],
      ['/me/drive', 'id,driveType,quota,webUrl'],
    ]);
    for (const request of server.requests) expect(request.headers['authorization']).toBe(`Bearer ${TOKEN}`);
  });

  it('should skip /organization for a personal account and show its userPrincipalName when mail is null', async () => {
    server.answer(accountAnswers({ me: fixture('me-personal.json'), drive: fixture('drive-personal.json') }));
    const info = await provider.getAccountInfo({ credentials: { accessToken: TOKEN, idToken: PERSONAL } });
    expect(paths()).toEqual(['/me', '/me/drive']);
    expect(info).toEqual({
      externalAccountId: `${MICROSOFT_CONSUMERS_TENANT_ID}:00000000-0000-0000-c619-99d1268efafa`,
      displayName: 'Megan Bowen',
      email: 'megan.bowen@outlook.com',
      url: 'https://onedrive.live.com/?cid=c61999d1268efafa',
      details: {
        accountType: 'personal Microsoft account',
        driveType: 'personal',
        storage: '4.8 GB used of 5 GB',
        storageState: 'nearing',
      },
    });
  });

  it('should not show a guest’s #EXT# name as its address, and fall back to the token’s name and username', async () => {
    server.answer(
      accountAnswers({
        me: {
          id: '1',
          displayName: null,
          mail: null,
          userPrincipalName: 'adele_fabrikam.com#EXT#@contoso.onmicrosoft.com',
        },
      }),
    );
    expect(await provider.getAccountInfo({ credentials })).toMatchObject({
      displayName: 'Adele Vance',
      email: 'AdeleV@contoso.com',
    });
    const bare = { ...CLAIMS, name: undefined, preferred_username: undefined };
    server.answer(accountAnswers({ me: { id: '1', mail: null, userPrincipalName: null } }));
    const info = await provider.getAccountInfo({ credentials: { accessToken: TOKEN, idToken: idToken(bare) } });
    expect(info.displayName).toBe('84841066-274d-4ec0-a5c1-276be684bdd3:87d349ed-44d7-43e1-9a83-5f2406dee5bd');
    expect(info).not.toHaveProperty('email');
  });

  it('should take the organization whose id is the token’s tenant', async () => {
    server.answer(
      accountAnswers({
        organization: {
          value: [
            { id: 'dcd219dd-bc68-4b9b-bf0b-4a33a796be35', displayName: 'Fabrikam' },
            { id: '84841066-274D-4EC0-A5C1-276BE684BDD3', displayName: 'Contoso' },
          ],
        },
      }),
    );
    expect((await provider.getAccountInfo({ credentials })).workspaceName).toBe('Contoso');
  });

  it.each([
    ['used and total', { total: 1099511627776, used: 536870912 }, '512 MB used of 1 TB'],
    [
      'no used: the total less the remaining',
      { total: 5368709120, remaining: 5368709120 - 1500 },
      '1.5 KB used of 5 GB',
    ],
    ['a few bytes', { total: 1024, used: 1 }, '1 byte used of 1 KB'],
    ['no total', { used: 1023 }, '1023 bytes used'],
    ['only a total', { total: 26843545600 }, '25 GB in all'],
    ['a remaining beyond the total', { total: 10, remaining: 11 }, '10 bytes in all'],
  ])('should write the quota readably with %s', async (_case, quota, storage) => {
    server.answer(accountAnswers({ drive: { driveType: 'business', quota } }));
    expect((await provider.getAccountInfo({ credentials })).details?.['storage']).toBe(storage);
  });

  it('should leave out a drive type, quota, state or web URL it does not know', async () => {
    server.answer(
      accountAnswers({
        drive: {
          driveType: 'teamSite',
          webUrl: 'javascript:alert(1)',
          quota: { total: -1, used: '5', remaining: 1.5, state: 'overflowing' },
        },
      }),
    );
    const info = await provider.getAccountInfo({ credentials });
    expect(info.details).toEqual({ accountType: 'work or school account', organization: 'Contoso' });
    expect(info).not.toHaveProperty('url');
  });

  it('should refuse credentials without an access token or an ID token, without calling Graph', async () => {
    await expect(provider.getAccountInfo({ credentials: { idToken: idToken() } })).rejects.toMatchObject({
      code: 'AUTH_REVOKED',
    });
    await expect(provider.getAccountInfo({ credentials: { accessToken: TOKEN } })).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
    });
    await expect(
      provider.getAccountInfo({ credentials: { accessToken: TOKEN, idToken: idToken({ ...CLAIMS, oid: undefined }) } }),
    ).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    expect(server.requests).toHaveLength(0);
  });

  it('should say the account has no OneDrive when /me/drive answers 404', async () => {
    const answers = accountAnswers();
    server.answer((request) =>
      request.path === '/me/drive' ? { status: 404, body: fixture('error-404.json') } : answers(request),
    );
    const mapped = await mappedFailure(provider.getAccountInfo({ credentials }));
    expect(mapped).toMatchObject({ code: 'NOT_FOUND' });
    expect(mapped.message).toContain('This Microsoft account has no OneDrive (itemNotFound)');
  });
});

describe('the full round', () => {
  it('should ask delta for the metadata fields and the page size, and nothing else', async () => {
    server.answer(deltaPage([]));
    await run(null);
    const [request] = server.requests;
    expect(request.path).toBe('/me/drive/root/delta');
    expect(Object.fromEntries(request.query)).toEqual({ $select: ITEM_FIELDS, $top: '2' });
  });

  it('should make records of files and folders, keeping only the fields it selected', async () => {
    server.answer((request) =>
      request.query.has('token') ? deltaPage([])(request) : rebased('delta-page-2.json', request),
    );
    const [page] = await run(null);
    expect(page.records).toEqual([
      {
        externalId: '01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K',
        data: {
          name: 'Contoso Electronics Sales Presentation.pptx',
          type: 'file',
          mimeType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
          size: 2158589,
          parentId: '01BYE5RZ6TAJHXA5GMWZB2HDLD7SNEXFFU',
          driveId: 'b!t18F8ybsHUq1z3LTz8xvZqP8zaSWjkFNhsME-Fepo75dTf9vQKfeRblBZjoSQrd7',
          createdDateTime: '2017-08-07T16:16:30Z',
          lastModifiedDateTime: '2017-08-07T16:16:30Z',
          webUrl:
            'https://contoso-my.sharepoint.com/personal/adelev_contoso_com/Documents/Contoso%20Electronics/Contoso%20Electronics%20Sales%20Presentation.pptx',
          createdBy: { displayName: 'Megan Bowen', email: 'MeganB@contoso.com' },
          lastModifiedBy: { displayName: 'Megan Bowen', email: 'MeganB@contoso.com' },
        },
      },
      expect.objectContaining({ externalId: '01BYE5RZ2SFIPRRTCDGVH3CGJKBCLUAJZZ' }),
    ]);
    // Modified by an app: its name, no address.
    expect(page.records[1].data['lastModifiedBy']).toEqual({ displayName: 'Microsoft Office' });
    expect(JSON.stringify(page)).not.toContain('quickXorHash');
    expect(JSON.stringify(page)).not.toContain(TOKEN);
  });

  it('should leave the root folder out, keep folders and notebooks, and report deleted items of the first round', async () => {
    server.answer((request) =>
      request.path === '/me/drive/root/delta' && !request.query.has('token')
        ? rebased('delta-page-1.json', request)
        : deltaPage([
            ...fixture<{ value: unknown[] }>('delta-page-3.json').value,
            { id: 'nb-1', name: 'Class Notes', package: { type: 'oneNote' }, size: 0 },
          ])(request),
    );
    const pages = await run(null);
    expect(pages.map((p) => [p.records.map((r) => r.externalId), p.deletedIds])).toEqual([
      [['01BYE5RZ6TAJHXA5GMWZB2HDLD7SNEXFFU'], []],
      [['01BYE5RZZ5OJSCSRM6BZDY7ZEFZ3NJ2QAY', 'nb-1'], ['01BYE5RZ3AXTQOH4JZXRBLFZLFOBF7TW6R']],
    ]);
    expect(pages[0].records[0].data).toMatchObject({ type: 'folder', childCount: 2, name: 'Contoso Electronics' });
    expect(pages[1].records[1].data).toEqual({ name: 'Class Notes', type: 'package', packageType: 'oneNote', size: 0 });
  });

  it('should keep the last occurrence of an item that appears more than once on a page', async () => {
    server.answer(
      deltaPage([
        { id: 'a', name: 'draft.txt', file: {} },
        { id: 'b', name: 'gone.txt', file: {} },
        { id: 'c', deleted: {} },
        { id: 'a', name: 'final.txt', file: {} },
        { id: 'b', deleted: { state: 'deleted' } },
        { id: 'c', name: 'restored.txt', file: {} },
      ]),
    );
    const [page] = await run(null);
    expect(page.records.map((r) => [r.externalId, r.data['name']])).toEqual([
      ['a', 'final.txt'],
      ['c', 'restored.txt'],
    ]);
    expect(page.deletedIds).toEqual(['b']);
  });

  it('should go on after an empty page that has a next link', async () => {
    server.answer(({ query }) => ({
      body:
        query.get('token') === 'more'
          ? deltaBody([{ id: 'x', name: 'x.txt', file: {} }])
          : deltaBody([], '/me/drive/root/delta?token=more'),
    }));
    const pages = await run(null);
    expect(pages.map((p) => [p.records.length, p.nextCursor === null])).toEqual([
      [0, false],
      [1, true],
    ]);
    expect(pages[1].syncToken).toBe(cursorOf(link('/me/drive/root/delta?token=after')));
  });

  it.each([
    ['neither a next nor a delta link', () => ({ value: [{ id: 'a', file: {} }] })],
    ['no value list', () => ({ '@odata.deltaLink': link('/me/drive/root/delta?token=1') })],
    ['a value that is not a list', () => ({ value: 'nope', '@odata.deltaLink': link('/me/drive/root/delta?token=1') })],
    ['an item without an id', () => deltaBody([{ name: 'x', file: {} }])],
    ['an item whose id is not a string', () => deltaBody([{ id: 7, file: {} }])],
  ])('should fail UNKNOWN when delta answers with %s', async (_case, body) => {
    server.answer(() => ({ body: body() }));
    const error = await failure(run(null));
    expect(error).toBeInstanceOf(IntegrationError);
    expect(provider.toIntegrationError(error).code).toBe('UNKNOWN');
  });

  it('should fail UNKNOWN on an answer that is not JSON', async () => {
    server.answer(() => ({ body: '<html>proxy error</html>' }));
    expect((await mappedFailure(run(null))).code).toBe('UNKNOWN');
  });

  it('should say the account has no OneDrive when the first delta request answers 404', async () => {
    server.answer(() => ({ status: 404, body: fixture('error-404.json') }));
    const mapped = await mappedFailure(run(null));
    expect(mapped.code).toBe('NOT_FOUND');
    expect(mapped.message).toContain('no OneDrive');
  });
});

describe('links', () => {
  let elsewhere: FixtureServer;
  beforeAll(async () => {
    elsewhere = await startFixtureServer(() => ({ body: { value: [] } }));
  });
  afterAll(() => elsewhere.close());
  beforeEach(() => {
    elsewhere.requests.length = 0;
  });

  it('should follow the next link exactly as Graph wrote it, without adding the query again', async () => {
    server.answer(deltaPage([]));
    await run(cursorOf(link("/me/drive/root/delta?(token='MzslMjM0OyUy')")));
    expect(server.requests).toHaveLength(1);
    expect([...server.requests[0].query]).toEqual([['(token', "'MzslMjM0OyUy')"]]);
  });

  it('should refuse a next link to another host with UNKNOWN, and never send the token there', async () => {
    server.answer(() => ({
      body: { value: [{ id: 'a', file: {} }], '@odata.nextLink': `${elsewhere.url}/me/drive/root/delta?token=2` },
    }));
    const error = await failure(run(null));
    expect(provider.toIntegrationError(error)).toMatchObject({ code: 'UNKNOWN' });
    expect((error as Error).message).not.toContain(elsewhere.url);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('should refuse a delta link out of the API base path', async () => {
    const scoped = new OneDriveProvider().withOptions({ apiBaseUrl: `${server.url}/v1.0` });
    server.answer(() => ({ body: { value: [], '@odata.deltaLink': `${server.url}/v1.0/%2e%2e/beta/delta?token=1` } }));
    const error = await failure(
      collect(
        scoped.sync({
          credentials,
          resource: 'files',
          cursor: null,
          selection: [],
          signal: new AbortController().signal,
        }),
      ),
    );
    expect(scoped.toIntegrationError(error).code).toBe('UNKNOWN');
  });

  it.each([
    ['a link to another host', () => cursorOf(`${elsewhere.url}/me/drive/root/delta?token=1`)],
    [
      'Graph’s own link while the provider calls another base URL',
      () => cursorOf(`${GRAPH}/me/drive/root/delta?token=1`),
    ],
    ['a relative link', () => cursorOf('/me/drive/root/delta?token=1')],
    ['no link', () => encodeCursor({ v: 1, kind: 'delta' })],
    ['another version', () => encodeCursor({ v: 2, kind: 'delta', link: link('/me/drive/root/delta?token=1') })],
    ['another kind', () => encodeCursor({ v: 1, kind: 'page', link: link('/me/drive/root/delta?token=1') })],
    ['a Google Drive cursor', () => encodeCursor({ v: 1, kind: 'changes', pageToken: '4512' })],
    ['a bare link', () => link('/me/drive/root/delta?token=1')],
    ['a list', () => '[]'],
  ])('should refuse a cursor holding %s (CURSOR_INVALID) without calling anyone', async (_case, cursor) => {
    await expect(run(cursor())).rejects.toMatchObject({ code: 'CURSOR_INVALID' });
    expect(server.requests).toHaveLength(0);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it.each([
    ['410 resyncChangesApplyDifferences', 410, 'error-410-resync-apply.json'],
    ['410 resyncRequired', 410, 'error-410-resync-required.json'],
    ['400 invalidRequest (a garbled link)', 400, 'error-400.json'],
    ['404 itemNotFound (mid-enumeration)', 404, 'error-404.json'],
  ])('should make %s on a saved link CURSOR_INVALID, so the runner starts over once', async (_case, status, body) => {
    server.answer(() => ({
      status,
      headers: { location: link('/me/drive/root/delta?token=fresh') },
      body: fixture(body),
    }));
    const mapped = await mappedFailure(run(cursorOf(link('/me/drive/root/delta?token=stale'))));
    expect(mapped).toMatchObject({ code: 'CURSOR_INVALID', options: { status } });
    expect(mapped.retryable).toBe(false);
    expect(mapped.message).toContain('a full sync follows');
  });

  it('should map a 400 on the first delta request as Graph’s (not a cursor problem)', async () => {
    server.answer(() => ({ status: 400, body: fixture('error-400.json') }));
    expect((await mappedFailure(run(null))).code).toBe('INVALID_CONFIG');
  });
});

describe('options, base URL and the interface', () => {
  it('should sync files only', async () => {
    await expect(run(null, 'folders')).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    expect(server.requests).toHaveLength(0);
  });

  it('should default to the manifest, and take PROVIDER_BASE_URLS from Nest, links included', async () => {
    const base = `${server.url}/onedrive/api`;
    const module = await Test.createTestingModule({
      providers: [
        OneDriveProvider,
        { provide: PROVIDER_BASE_URLS, useValue: new Map([['onedrive', { apiBaseUrl: `${base}/` }]]) },
      ],
    }).compile();
    server.answer(({ query }) => ({
      body: query.has('token')
        ? { value: [], '@odata.deltaLink': `${base}/me/drive/root/delta?token=2` }
        : { value: [], '@odata.nextLink': `${base}/me/drive/root/delta?token=1` },
    }));
    const pages = await collect(
      module.get(OneDriveProvider).sync({
        credentials,
        resource: 'files',
        cursor: null,
        selection: [],
        signal: new AbortController().signal,
      }),
    );
    expect(paths()).toEqual(['/onedrive/api/me/drive/root/delta', '/onedrive/api/me/drive/root/delta']);
    expect(server.requests[0].query.get('$top')).toBe('200');
    expect(pages.at(-1)?.syncToken).toBe(cursorOf(`${base}/me/drive/root/delta?token=2`));
    const without = await Test.createTestingModule({ providers: [OneDriveProvider] }).compile();
    expect(without.get(OneDriveProvider).manifest.api?.baseUrl).toBe(GRAPH);
  });

  it('should refuse page sizes it does not ask for', () => {
    for (const pageSize of [0, 1001, 2.5]) expect(() => provider.withOptions({ pageSize })).toThrow(RangeError);
    expect(() => provider.withOptions({ pageSize: 1000 })).not.toThrow();
  });

  it('should name OneDrive in Microsoft’s token refusals, and have no revoke (the identity platform has none)', () => {
    expect(provider.describeTokenError({ status: 400, error: 'invalid_grant', errorCodes: [700082] })).toEqual({
      kind: 'reconnect',
      message: 'Reconnect OneDrive: its sign-in expired after 90 days unused.',
    });
    expect((provider as { revoke?: unknown }).revoke).toBeUndefined();
    expect(provider.manifest.auth).not.toHaveProperty('revocationUrl');
  });

  it('should map like every Graph API apart from the drive’s own 404, purely', () => {
    const throttled = new ProviderApiError(
      'OneDrive',
      429,
      '/me/drive/root/delta',
      'activityLimitReached:throttledRequest',
      41_000,
    );
    expect(toOneDriveIntegrationError(throttled)).toMatchObject({
      code: 'RATE_LIMITED',
      options: { retryAfterMs: 41_000 },
    });
    expect(throttled).toMatchObject({ status: 429, retryAfterMs: 41_000 });
    const item = new ProviderApiError('OneDrive', 404, '/me/drive/items/01ABC', 'itemNotFound', undefined);
    expect(toOneDriveIntegrationError(item).message).toBe(
      'OneDrive found nothing at /me/drive/items/01ABC (itemNotFound)',
    );
    expect(provider.toIntegrationError(new Error('boom')).code).toBe('UNKNOWN');
  });
});
