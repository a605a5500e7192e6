import { type RunningSandbox, startSandbox } from '../../start-sandbox';
import { OAuthTestClient } from '../../testing/oauth-test-client';

/**
 * The emulated Microsoft Graph for OneDrive over HTTP: bearer tokens and permissions, Graph's error
 * envelope, `/me`, `/organization`, `/me/drive`, the delta feed (paging to the deltaLink, incremental
 * rounds after mutate, the deleted facet, 410 resync), throttling on demand and the personas.
 */
const SCOPE = 'offline_access User.Read Files.Read';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let sandbox: RunningSandbox;
let token: string;
let api: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, only: ['onedrive'] });
  api = `${sandbox.url}/onedrive/api`;
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  // Resets data, persona, throttles, rate limits and grants: connect again.
  await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
  token = await connect();
});

const connect = async (scope = SCOPE) =>
  (await new OAuthTestClient({ sandboxUrl: sandbox.url, providerId: 'onedrive' }).connect(scope)).access_token;

/** A path under the API base, or an absolute link the API handed out. */
function get(pathOrUrl: string, options: { token?: string | null; headers?: Record<string, string> } = {}) {
  const bearer = options.token === undefined ? token : options.token;
  return fetch(pathOrUrl.startsWith('http') ? pathOrUrl : `${api}${pathOrUrl}`, {
    headers: { ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }), ...options.headers },
  });
}

async function json<T = Record<string, unknown>>(
  pathOrUrl: string,
  options: Parameters<typeof get>[1] = {},
): Promise<T> {
  const response = await get(pathOrUrl, options);
  expect({ pathOrUrl, status: response.status }).toEqual({ pathOrUrl, status: 200 });
  return (await response.json()) as T;
}

interface GraphErrorBody {
  error: { code: string; message: string; innerError: Record<string, string> };
}

async function graphError(pathOrUrl: string, status: number, options: Parameters<typeof get>[1] = {}) {
  const response = await get(pathOrUrl, options);
  expect({ pathOrUrl, status: response.status }).toEqual({ pathOrUrl, status });
  const body = (await response.json()) as GraphErrorBody;
  expect(body.error.innerError).toMatchObject({
    date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
    'request-id': expect.stringMatching(GUID),
    'client-request-id': expect.stringMatching(GUID),
  });
  return { response, error: body.error };
}

async function control(path: string, body?: unknown): Promise<Response> {
  return fetch(`${sandbox.url}/_sandbox/onedrive${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

interface DriveItem {
  id: string;
  name?: string;
  size?: number;
  cTag?: string;
  root?: object;
  folder?: { childCount: number };
  file?: object;
  deleted?: object;
  parentReference?: { id?: string; driveId: string; driveType: string; path?: string };
}

interface DeltaPage {
  '@odata.context': string;
  value: DriveItem[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

/** Every page of one delta round from `start` (a path or a link), following the nextLinks as given. */
async function deltaRound(start: string, options: Parameters<typeof get>[1] = {}) {
  const pages: DeltaPage[] = [];
  let link: string | undefined = start;
  while (link) {
    const page: DeltaPage = await json<DeltaPage>(link, options);
    pages.push(page);
    link = page['@odata.nextLink'];
    if (!link) expect(page['@odata.deltaLink']).toEqual(expect.any(String));
  }
  return { pages, items: pages.flatMap((p) => p.value), deltaLink: pages.at(-1)?.['@odata.deltaLink'] as string };
}

describe('authentication, permissions and Graph’s error envelope', () => {
  it('should answer 401 InvalidAuthenticationToken without a token or with an unknown one, with WWW-Authenticate', async () => {
    for (const [bearer, message] of [
      [null, 'Access token is empty.'],
      ['EwBwA8l6BAAU-not-a-sandbox-token', 'Access token has expired or is not yet valid.'],
    ] as const) {
      const { response, error } = await graphError('/me/drive/root/delta', 401, { token: bearer });
      expect(error).toMatchObject({ code: 'InvalidAuthenticationToken', message });
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="", authorization_uri=/);
      expect(response.headers.get('request-id')).toBe(error.innerError['request-id']);
      expect(response.headers.get('x-ratelimit-limit')).toBeNull();
    }
    await fetch(`${sandbox.url}/_sandbox/onedrive/expire-access-tokens`, { method: 'POST' });
    expect((await graphError('/me', 401)).error.code).toBe('InvalidAuthenticationToken');
  });

  it('should echo the client-request-id the client sends', async () => {
    const clientRequestId = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
    const response = await get('/me', { headers: { 'client-request-id': clientRequestId } });
    expect(response.status).toBe(200);
    expect(response.headers.get('client-request-id')).toBe(clientRequestId);
    expect(response.headers.get('request-id')).toMatch(GUID);
    const { error } = await graphError('/me/nope', 404, { headers: { 'client-request-id': clientRequestId } });
    expect(error).toMatchObject({ code: 'itemNotFound', innerError: { 'client-request-id': clientRequestId } });
  });

  it('should answer 403 to a token without the permission each API needs', async () => {
    const userOnly = await connect('offline_access User.Read');
    for (const path of ['/me/drive', '/me/drive/root/delta', '/me/drive/root']) {
      const { error } = await graphError(path, 403, { token: userOnly });
      expect(error.code).toBe('accessDenied');
    }
    expect((await json('/me', { token: userOnly }))['displayName']).toBe('Megan Bowen');
    const filesOnly = await connect('offline_access Files.Read');
    expect((await graphError('/me', 403, { token: filesOnly })).error.code).toBe('Authorization_RequestDenied');
    expect((await graphError('/organization', 403, { token: filesOnly })).error.code).toBe(
      'Authorization_RequestDenied',
    );
  });
});

describe('who connected: /me, /organization, /me/drive', () => {
  it('should answer /me with the default properties of a work account', async () => {
    expect(await json('/me')).toEqual({
      '@odata.context': `${api}/$metadata#users/$entity`,
      businessPhones: [expect.any(String)],
      displayName: 'Megan Bowen',
      givenName: 'Megan',
      jobTitle: expect.any(String),
      mail: 'megan.bowen@contoso-sandbox.example',
      mobilePhone: null,
      officeLocation: expect.any(String),
      preferredLanguage: 'en-US',
      surname: 'Bowen',
      userPrincipalName: 'megan.bowen@contoso-sandbox.example',
      id: '4f1a9b2c-0d3e-4a5b-8c6d-7e8f9a0b1c2d',
    });
  });

  it('should answer $select on /me, null for a property without a value, 400 for one users lack', async () => {
    expect(await json('/me?$select=id,mail,department')).toEqual({
      '@odata.context': `${api}/$metadata#users(id,mail,department)/$entity`,
      id: expect.stringMatching(GUID),
      mail: 'megan.bowen@contoso-sandbox.example',
      department: null,
    });
    const { error } = await graphError('/me?$select=id,emailAddress', 400);
    expect(error).toMatchObject({
      code: 'BadRequest',
      message:
        "Parsing OData Select and Expand failed: Could not find a property named 'emailAddress' on type 'microsoft.graph.user'.",
    });
  });

  it('should answer /organization with the tenant and its verified domains', async () => {
    const body = await json<{ value: Record<string, unknown>[] }>('/organization');
    expect(body).toEqual({ '@odata.context': `${api}/$metadata#organization`, value: [expect.any(Object)] });
    expect(body.value[0]).toMatchObject({
      id: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      displayName: 'Contoso Sandbox',
      tenantType: 'AAD',
      verifiedDomains: expect.arrayContaining([
        expect.objectContaining({ name: 'contoso-sandbox.example', isDefault: true }),
        expect.objectContaining({ isInitial: true, name: expect.stringMatching(/\.onmicrosoft\.com$/) }),
      ]),
    });
    expect(await json('/organization?$select=displayName')).toEqual({
      '@odata.context': expect.any(String),
      value: [{ id: '72f988bf-86f1-41af-91ab-2d7cd011db47', displayName: 'Contoso Sandbox' }],
    });
  });

  it('should answer /me/drive as a OneDrive for Business drive with its quota', async () => {
    const drive = await json('/me/drive');
    expect(drive).toMatchObject({
      '@odata.context': `${api}/$metadata#drives/$entity`,
      id: expect.stringMatching(/^b![A-Za-z0-9_-]{64}$/),
      driveType: 'business',
      owner: { user: { displayName: 'Megan Bowen', email: 'megan.bowen@contoso-sandbox.example' } },
      quota: { total: 1024 ** 4, used: expect.any(Number), remaining: expect.any(Number), deleted: 0, state: 'normal' },
    });
    expect(await json('/me/drive?$select=driveType')).toEqual({
      '@odata.context': expect.any(String),
      id: drive['id'],
      driveType: 'business',
    });
  });
});

describe('GET /me/drive/root/delta', () => {
  it('should enumerate the drive over pages of nextLinks under the API base, the root first, ending with a deltaLink', async () => {
    const { pages, items, deltaLink } = await deltaRound('/me/drive/root/delta');
    expect(pages.map((p) => p.value.length)).toEqual([200, 101]);
    expect(pages[0]['@odata.context']).toBe(`${api}/$metadata#Collection(driveItem)`);
    expect(pages[0]['@odata.nextLink']).toMatch(new RegExp(`^${api}/me/drive/root/delta\\?token=[A-Za-z0-9_-]+$`));
    expect(deltaLink).toMatch(new RegExp(`^${api}/me/drive/root/delta\\?token=[A-Za-z0-9_-]+$`));
    expect(items[0]).toMatchObject({ name: 'root', root: {}, folder: { childCount: expect.any(Number) } });
    expect(new Set(items.map((i) => i.id)).size).toBe(301);
    expect(items.filter((i) => i.folder && !i.root)).toHaveLength(30);
    // Delta never gives parentReference.path; OneDrive for Business leaves out cTag.
    expect(items.every((i) => i.parentReference?.path === undefined && i.cTag === undefined)).toBe(true);
    const root = items[0];
    expect(items.slice(1).every((i) => typeof i.parentReference?.id === 'string')).toBe(true);
    expect(items.filter((i) => i.parentReference?.id === root.id)).toHaveLength(root.folder?.childCount as number);
  });

  it('should page with $top and answer only $select’s properties, the links keeping both', async () => {
    const first = await json<DeltaPage>('/me/drive/root/delta?$select=name,size,deleted&$top=120');
    expect(first.value).toHaveLength(120);
    expect(Object.keys(first.value[1]).sort()).toEqual(['id', 'name', 'size']);
    const { pages } = await deltaRound(first['@odata.nextLink'] as string);
    expect(pages.map((p) => p.value.length)).toEqual([120, 61]);
    expect(
      pages.flatMap((p) => p.value).every((i) => Object.keys(i).every((k) => ['id', 'name', 'size'].includes(k))),
    ).toBe(true);
    // `select` and `top` without the `$` too; a $top past the service's page size is capped, not refused.
    expect((await json<DeltaPage>('/me/drive/root/delta?select=id&top=5')).value).toHaveLength(5);
    expect((await json<DeltaPage>('/me/drive/root/delta?$top=100000')).value).toHaveLength(301);
  });

  it('should answer token=latest with no items and a deltaLink that then shows only later changes', async () => {
    const latest = await json<DeltaPage>('/me/drive/root/delta?token=latest');
    expect(latest.value).toEqual([]);
    expect(latest['@odata.deltaLink']).toEqual(expect.any(String));
    expect(latest['@odata.nextLink']).toBeUndefined();
    const quiet = await deltaRound(latest['@odata.deltaLink'] as string);
    expect(quiet.items).toEqual([]);
    await control('/mutate', { added: 1 });
    const after = await deltaRound(quiet.deltaLink);
    expect(after.items.filter((i) => i.file)).toHaveLength(1);
  });

  it('should show exactly what mutate announces in the next round: new, edited and deleted items and the folders above', async () => {
    const full = await deltaRound('/me/drive/root/delta');
    const root = full.items[0];
    const before = new Map(full.items.map((i) => [i.id, i]));
    const mutated = await control('/mutate', { added: 3, updated: 4, deleted: 2 });
    expect(mutated.status).toBe(200);
    const { expected } = (await mutated.json()) as {
      expected: { files: { added: number; updated: number; deleted: number } };
    };
    expect(expected.files).toMatchObject({ added: 3, deleted: 2 });
    expect(expected.files.updated).toBeGreaterThan(4);

    const next = await deltaRound(full.deltaLink);
    const items = next.items.filter((i) => i.id !== root.id);
    expect(next.items.some((i) => i.id === root.id)).toBe(true);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    const deleted = items.filter((i) => i.deleted);
    expect({
      added: items.filter((i) => !i.deleted && !before.has(i.id)).length,
      updated: items.filter((i) => !i.deleted && before.has(i.id)).length,
      deleted: deleted.filter((i) => before.has(i.id)).length,
    }).toEqual(expected.files);
    // OneDrive for Business: a deleted item keeps its id and parent, not its name.
    for (const item of deleted) {
      expect(item).toMatchObject({ deleted: {}, parentReference: { id: expect.any(String) } });
      expect(item).not.toHaveProperty('name');
    }
    // The folders above a change came along, their size changed.
    const folders = items.filter((i) => i.folder && !i.deleted);
    expect(folders.length).toBeGreaterThan(0);
    expect(folders.every((f) => f.size !== before.get(f.id)?.size)).toBe(true);
    expect(await deltaRound(next.deltaLink)).toMatchObject({ items: [] });
    // The files deleted are gone from the drive.
    for (const item of deleted)
      expect((await graphError(`/me/drive/items/${item.id}`, 404)).error.code).toBe('itemNotFound');
  });

  it('should leave out the unchanged parents with the deltaExcludeParent header', async () => {
    const full = await deltaRound('/me/drive/root/delta');
    await control('/mutate', { updated: 3 });
    const next = await deltaRound(full.deltaLink, { headers: { deltaExcludeParent: 'true' } });
    expect(next.items.map((i) => Boolean(i.file))).toEqual([true, true, true]);
  });

  it('should take the function-call form delta(token=…) and, on OneDrive for Business, a timestamp', async () => {
    const latest = await json<DeltaPage>('/me/drive/root/delta?token=latest');
    const opaque = new URL(latest['@odata.deltaLink'] as string).searchParams.get('token') as string;
    await control('/mutate', { added: 2 });
    const called = await json<DeltaPage>(`/me/drive/root/delta(token='${opaque}')`);
    expect(called.value.filter((i) => i.file)).toHaveLength(2);
    // Everything changed after the sandbox's start-up data: the two files and their folders.
    const since = await json<DeltaPage>(`/me/drive/root/delta?token=${encodeURIComponent('2025-06-01T12:00:00Z')}`);
    expect(since.value.map((i) => i.id).sort()).toEqual(called.value.map((i) => i.id).sort());
    const earlier = await json<DeltaPage>(
      `/me/drive/root/delta?token=${encodeURIComponent('2025-06-01T20:00:00+8:00')}`,
    );
    expect(earlier.value).toHaveLength(called.value.length);
  });

  it('should refuse what Graph refuses: an unknown $select property, a bad $top, a token it never issued', async () => {
    const { error: select } = await graphError('/me/drive/root/delta?$select=id,filename', 400);
    expect(select).toMatchObject({
      code: 'BadRequest',
      message:
        "Parsing OData Select and Expand failed: Could not find a property named 'filename' on type 'microsoft.graph.driveItem'.",
    });
    for (const top of ['-1', 'abc', '2.5']) {
      const { error } = await graphError(`/me/drive/root/delta?$top=${top}`, 400);
      expect(error).toMatchObject({ code: 'BadRequest', message: expect.stringContaining('$top') });
    }
    for (const bad of ['abc', 'MzslMjM0OyUyMzE7MzsyM2YwNDVhMS1lNmRm', `${'x'.repeat(10)},${'x'.repeat(10)}`]) {
      const { error } = await graphError(`/me/drive/root/delta?token=${bad}`, 500);
      expect(error).toMatchObject({ code: 'generalException', message: 'General Exception While Processing' });
    }
  });

  it('should answer 410 resyncRequired with a Location that starts a fresh enumeration once delta tokens expire', async () => {
    const first = await json<DeltaPage>('/me/drive/root/delta?$select=id,name,deleted');
    const full = await deltaRound(first['@odata.nextLink'] as string);
    expect((await control('/expire-delta')).status).toBe(200);

    for (const stale of [full.deltaLink, first['@odata.nextLink'] as string]) {
      const { response, error } = await graphError(stale, 410);
      expect(error).toMatchObject({
        code: 'resyncRequired',
        message: expect.stringMatching(/^Resync required\./),
        innerError: { code: 'resyncChangesApplyDifferences' },
      });
      const location = response.headers.get('location') as string;
      expect(location).toMatch(new RegExp(`^${api}/me/drive/root/delta\\?token=`));
      // The fresh enumeration keeps the query ($select) and lists the whole drive again.
      const again = await deltaRound(location);
      expect(again.items).toHaveLength(301);
      expect(Object.keys(again.items[5]).sort()).toEqual(['id', 'name']);
    }
    await control('/expire-delta', { code: 'resyncChangesUploadDifferences' });
    const { error } = await graphError(full.deltaLink, 410);
    expect(error.innerError['code']).toBe('resyncChangesUploadDifferences');
    expect((await control('/expire-delta', { code: 'nope' })).status).toBe(400);
  });

  it('should answer 410 to a link from before the sandbox reset', async () => {
    const { deltaLink } = await deltaRound('/me/drive/root/delta');
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
    token = await connect();
    expect((await graphError(deltaLink, 410)).error.code).toBe('resyncRequired');
  });
});

describe('throttling on demand', () => {
  it('should throttle the next requests with 429 activityLimitReached and a fractional Retry-After, then answer', async () => {
    const set = await control('/throttle', { times: 2, retryAfterSeconds: 2.128 });
    expect(set.status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const { response, error } = await graphError('/me/drive/root/delta', 429);
      expect(response.headers.get('retry-after')).toBe('2.128');
      expect(error).toMatchObject({
        code: 'activityLimitReached',
        message: 'The request has been throttled',
        innerError: { code: 'throttledRequest' },
      });
    }
    expect((await get('/me/drive/root/delta')).status).toBe(200);
  });

  it('should throttle with 503 or Graph’s TooManyRequests, only under a path prefix, with or without Retry-After', async () => {
    await control('/throttle', { status: 503, retryAfterSeconds: 5, pathPrefix: '/me/drive' });
    expect((await get('/me')).status).toBe(200);
    const unavailable = await graphError('/me/drive', 503);
    expect(unavailable.error.code).toBe('serviceNotAvailable');
    expect(unavailable.response.headers.get('retry-after')).toBe('5');
    await control('/throttle', { code: 'TooManyRequests', retryAfterSeconds: null });
    const throttled = await graphError('/me', 429);
    expect(throttled.error).toMatchObject({ code: 'TooManyRequests', innerError: { code: '429' } });
    expect(throttled.response.headers.get('retry-after')).toBeNull();
  });

  it('should refuse bad throttle requests, and forget pending ones on reset', async () => {
    for (const body of [
      { status: 500 },
      { times: 0 },
      { retryAfterSeconds: -1 },
      { retryAfterSeconds: 1.0005 },
      { code: 'x' },
      { when: 1 },
    ]) {
      const response = await control('/throttle', body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
    }
    await control('/throttle', { times: 5 });
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
    token = await connect();
    expect((await get('/me')).status).toBe(200);
  });

  it('should answer the sandbox’s own rate limit in OneDrive’s throttled shape', async () => {
    await fetch(`${sandbox.url}/_sandbox/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rateLimitPerMinute: 1 }),
    });
    expect((await get('/me')).status).toBe(200);
    const { response, error } = await graphError('/me', 429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(error).toMatchObject({ code: 'activityLimitReached', innerError: { code: 'throttledRequest' } });
  });
});

describe('personas', () => {
  it('should answer a personal account as Graph does: no mail, a 16-hex id, no organization, a consumer drive', async () => {
    expect(await (await control('/persona', { persona: 'personal' })).json()).toEqual({ persona: 'personal' });
    token = await connect();
    expect(await json('/me')).toMatchObject({
      displayName: 'Sam Sandbox',
      mail: null,
      userPrincipalName: 'sam.sandbox@outlook.example',
      id: expect.stringMatching(/^[0-9a-f]{16}$/),
      businessPhones: [],
    });
    const { error } = await graphError('/organization', 500);
    expect(error).toMatchObject({ code: 'InternalServerError', message: 'Unable to find target address' });
    const drive = await json('/me/drive');
    expect(drive).toMatchObject({
      driveType: 'personal',
      id: expect.stringMatching(/^[0-9a-f]{16}$/),
      quota: { total: 5 * 1024 ** 3 },
    });

    const full = await deltaRound('/me/drive/root/delta');
    expect(full.items[0].id).toBe(`${String(drive['id']).toUpperCase()}!101`);
    expect(full.items.every((i) => /^[0-9A-F]{16}!\d+$/.test(i.id))).toBe(true);
    expect(full.items.find((i) => i.file)?.cTag).toEqual(expect.any(String));
    await control('/mutate', { deleted: 1 });
    const [deleted] = (await deltaRound(full.deltaLink)).items.filter((i) => i.deleted);
    // Consumer OneDrive: a deleted item keeps its name, not its size or cTag.
    expect(deleted).toMatchObject({ name: expect.any(String), deleted: {} });
    expect(deleted).not.toHaveProperty('size');
  });

  it('should answer the admin, and go back to the member on reset; refuse an unknown persona', async () => {
    await control('/persona', { persona: 'admin' });
    token = await connect();
    expect(await json('/me')).toMatchObject({
      displayName: 'Adele Vance',
      mail: 'adele.vance@contoso-sandbox.example',
    });
    expect(await (await fetch(`${sandbox.url}/_sandbox/onedrive/persona`)).json()).toEqual({ persona: 'admin' });
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
    token = await connect();
    expect((await json('/me'))['displayName']).toBe('Megan Bowen');
    for (const body of [{ persona: 'guest' }, { kind: 'admin' }, {}]) {
      expect((await control('/persona', body)).status).toBe(400);
    }
  });

  it('should not take a business drive’s link for a personal drive', async () => {
    const { deltaLink } = await deltaRound('/me/drive/root/delta');
    await control('/persona', { persona: 'personal' });
    token = await connect();
    expect((await graphError(deltaLink, 500)).error.code).toBe('generalException');
  });
});

describe('POST /_sandbox/onedrive/mutate', () => {
  it('should refuse bad input with 400 and change nothing; data and reset', async () => {
    for (const body of [{ added: -1 }, { added: 1001 }, { updated: 1.5 }, { deleted: '2' }, { removed: 1 }, [1]]) {
      const response = await control('/mutate', body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
    }
    const data = async () => (await fetch(`${sandbox.url}/_sandbox/onedrive/data`)).json();
    expect(await data()).toEqual({
      items: 300,
      folders: 30,
      files: 270,
      deleted: 0,
      recycleBinBytes: 0,
      changes: 0,
      seed: 1,
    });
    await control('/mutate', { added: 2, deleted: 1 });
    expect(await data()).toMatchObject({ items: 301, deleted: 1, recycleBinBytes: expect.any(Number) });
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
    expect(await data()).toMatchObject({ items: 300, deleted: 0, changes: 0 });
  });
});
