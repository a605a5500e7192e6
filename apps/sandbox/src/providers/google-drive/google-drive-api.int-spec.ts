import { type RunningSandbox, startSandbox } from '../../start-sandbox';
import { OAuthTestClient } from '../../testing/oauth-test-client';
import { injectGoogleError } from '../google-common/inject-google-error';

/**
 * The emulated Drive API v3: bearer tokens and scopes, Google's error shape, about with `fields`,
 * files.list with pageSize/pageToken/q and partial responses, files.get, the start page token, the
 * change feed, and the mutate control.
 */
const SCOPE = 'https://www.googleapis.com/auth/drive.metadata.readonly';

let sandbox: RunningSandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, only: ['google-drive'] });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  // Resets data, faults, rate limits and grants: connect again.
  await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
  token = (await new OAuthTestClient({ sandboxUrl: sandbox.url, providerId: 'google-drive' }).connect(SCOPE))
    .access_token;
});

function get(path: string, accessToken: string | null = token): Promise<Response> {
  return fetch(`${sandbox.url}/google-drive/api${path}`, {
    headers: accessToken === null ? {} : { authorization: `Bearer ${accessToken}` },
  });
}

async function json<T = Record<string, unknown>>(path: string): Promise<T> {
  const response = await get(path);
  expect({ path, status: response.status }).toEqual({ path, status: 200 });
  return (await response.json()) as T;
}

async function googleError(path: string, status: number): Promise<Record<string, unknown>> {
  const response = await get(path);
  expect({ path, status: response.status }).toEqual({ path, status });
  const body = (await response.json()) as { error: Record<string, unknown> };
  expect(body.error).toMatchObject({ code: status, message: expect.any(String), errors: [expect.any(Object)] });
  return (body.error['errors'] as Record<string, unknown>[])[0];
}

function control(path: string, body?: unknown): Promise<Response> {
  return fetch(`${sandbox.url}/_sandbox/google-drive${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

interface FileList {
  kind?: string;
  nextPageToken?: string;
  incompleteSearch?: boolean;
  files: { id: string; name?: string; mimeType?: string; trashed?: boolean; size?: string; parents?: string[] }[];
}

async function listAll(query: string): Promise<FileList['files']> {
  const files: FileList['files'] = [];
  let pageToken: string | undefined;
  do {
    const page = await json<FileList>(
      `/files?${query}${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`,
    );
    files.push(...page.files);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return files;
}

describe('project errors', () => {
  it('should answer 403 usageLimits rate limits as Drive does, one request each', async () => {
    await injectGoogleError(sandbox, 'google-drive', 'userRateLimitExceeded');
    await injectGoogleError(sandbox, 'google-drive', 'rateLimitExceeded');
    for (const [reason, message] of [
      ['userRateLimitExceeded', 'User Rate Limit Exceeded'],
      ['rateLimitExceeded', 'Rate Limit Exceeded'],
    ]) {
      const response = await get('/files');
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({
        error: { errors: [{ domain: 'usageLimits', reason, message }], code: 403, message },
      });
    }
    expect((await get('/files')).status).toBe(200);
  });

  it('should answer SERVICE_DISABLED with the legacy accessNotConfigured beside ErrorInfo and the Help link', async () => {
    await injectGoogleError(sandbox, 'google-drive', 'SERVICE_DISABLED', { pathPrefix: '/about' });
    expect((await get('/files')).status).toBe(200);
    const response = await get('/about?fields=user');
    expect(response.status).toBe(403);
    const { error } = (await response.json()) as { error: Record<string, unknown> };
    expect(error).toMatchObject({
      code: 403,
      message: expect.stringMatching(/^Google Drive API has not been used in project \d+ before or it is disabled/),
      errors: [{ domain: 'usageLimits', reason: 'accessNotConfigured', message: expect.any(String) }],
      status: 'PERMISSION_DENIED',
      details: expect.arrayContaining([
        expect.objectContaining({
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'SERVICE_DISABLED',
          metadata: expect.objectContaining({ service: 'drive.googleapis.com', consumer: expect.any(String) }),
        }),
        {
          '@type': 'type.googleapis.com/google.rpc.Help',
          links: [{ description: expect.any(String), url: expect.stringContaining('apis/api/drive.googleapis.com/') }],
        },
      ]),
    });
  });

  it('should refuse an unknown project error and forget pending ones on reset', async () => {
    const refused = await control('/google-errors', { error: 'backendError' });
    expect(refused.status).toBe(400);
    await injectGoogleError(sandbox, 'google-drive', 'SERVICE_DISABLED', { times: 5 });
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
    token = (await new OAuthTestClient({ sandboxUrl: sandbox.url, providerId: 'google-drive' }).connect(SCOPE))
      .access_token;
    expect((await get('/files')).status).toBe(200);
  });
});

describe('authentication and scopes', () => {
  it('should answer 401 in Google’s shape without a token or with an unknown one, and send no rate-limit headers', async () => {
    for (const accessToken of [null, 'ya29.not-a-sandbox-token']) {
      const response = await get('/files', accessToken);
      expect(response.status).toBe(401);
      expect(response.headers.get('x-ratelimit-limit')).toBeNull();
      expect(await response.json()).toEqual({
        error: {
          code: 401,
          message: expect.any(String),
          errors: [{ message: expect.any(String), domain: 'global', reason: 'authError' }],
          status: 'UNAUTHENTICATED',
        },
      });
    }
  });

  it('should answer 403 insufficientPermissions to a token without a Drive scope', async () => {
    const narrow = await new OAuthTestClient({ sandboxUrl: sandbox.url, providerId: 'google-drive' }).connect('email');
    for (const path of ['/files', '/about?fields=user', '/changes/startPageToken']) {
      const response = await get(path, narrow.access_token);
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
      expect(await response.json()).toMatchObject({
        error: { code: 403, errors: [{ reason: 'insufficientPermissions' }], status: 'PERMISSION_DENIED' },
      });
    }
  });

  it('should answer 429 rateLimitExceeded with Retry-After past the rate limit', async () => {
    await fetch(`${sandbox.url}/_sandbox/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rateLimitPerMinute: 2 }),
    });
    const statuses = [];
    let last: Response | undefined;
    for (let i = 0; i < 3; i++) {
      last = await get('/changes/startPageToken');
      statuses.push(last.status);
      if (i < 2) await last.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await last?.json()).toMatchObject({ error: { code: 429, errors: [{ reason: 'rateLimitExceeded' }] } });
  });
});

describe('GET /about', () => {
  it('should need fields, and answer only the fields asked for', async () => {
    expect(await googleError('/about', 400)).toMatchObject({ reason: 'required', location: 'fields' });
    const about = await json('/about?fields=user(displayName,emailAddress,permissionId),storageQuota(limit,usage)');
    expect(about).toEqual({
      user: {
        displayName: 'Sandbox User',
        emailAddress: 'sandbox@example.com',
        permissionId: expect.stringMatching(/^\d{20}$/),
      },
      storageQuota: { limit: '16106127360', usage: expect.stringMatching(/^\d+$/) },
    });
    expect(Object.keys(await json('/about?fields=*'))).toEqual(
      expect.arrayContaining(['kind', 'user', 'storageQuota']),
    );
    expect(await googleError('/about?fields=user(displayName', 400)).toMatchObject({
      reason: 'invalidParameter',
      location: 'fields',
    });
  });
});

describe('GET /files', () => {
  it('should list 150 files and folders not in the trash over two default pages of 100, the trash apart', async () => {
    const first = await json<FileList>('/files?q=trashed%3Dfalse');
    expect(first).toEqual({
      kind: 'drive#fileList',
      nextPageToken: expect.stringMatching(/^~!!~/),
      incompleteSearch: false,
      files: expect.any(Array),
    });
    expect(first.files).toHaveLength(100);
    // Default fields: kind, id, name and mimeType of each file.
    expect(Object.keys(first.files[0]).sort()).toEqual(['id', 'kind', 'mimeType', 'name']);
    const listed = await listAll('q=trashed%20%3D%20false&fields=nextPageToken,files(id,trashed)');
    expect(listed).toHaveLength(150);
    expect(new Set(listed.map((f) => f.id)).size).toBe(150);
    expect(listed.every((f) => f.trashed === false)).toBe(true);
    expect(await listAll('q=trashed%3Dtrue&fields=nextPageToken,files(id,trashed)')).toHaveLength(6);
    // Without q, Drive lists the trash too.
    expect(await listAll('pageSize=1000&fields=nextPageToken,files(id)')).toHaveLength(156);
  });

  it('should page with pageSize and pageToken, the same files every time', async () => {
    const all = await listAll('q=trashed%3Dfalse&pageSize=1000&fields=nextPageToken,files(id)');
    const page = await json<FileList>('/files?q=trashed%3Dfalse&pageSize=7&fields=nextPageToken,files(id)');
    expect(page.files.map((f) => f.id)).toEqual(all.slice(0, 7).map((f) => f.id));
    const next = await json<FileList>(
      `/files?q=trashed%3Dfalse&pageSize=7&fields=files(id)&pageToken=${encodeURIComponent(page.nextPageToken as string)}`,
    );
    expect(next.files.map((f) => f.id)).toEqual(all.slice(7, 14).map((f) => f.id));
    expect(next).not.toHaveProperty('nextPageToken');
  });

  it('should answer the fields asked for, nested ones included', async () => {
    const page = await json<{ files: Record<string, unknown>[] }>(
      '/files?q=trashed%3Dfalse&pageSize=50&fields=files(id,owners(emailAddress),parents,size,webViewLink)',
    );
    for (const file of page.files) {
      expect(Object.keys(file).every((k) => ['id', 'owners', 'parents', 'size', 'webViewLink'].includes(k))).toBe(true);
      expect(Object.keys((file['owners'] as object[])[0])).toEqual(['emailAddress']);
    }
  });

  it('should answer 400 invalidParameter naming a field the File, FileList, ChangeList or About schema lacks', async () => {
    const { startPageToken: start } = await json<{ startPageToken: string }>('/changes/startPageToken');
    const [file] = (await json<FileList>('/files?pageSize=1&fields=files(id)')).files;
    for (const [path, name] of [
      ['/files?fields=nextPageToken,files(id,nmae)', 'nmae'],
      ['/files?fields=files/owners(emailAdress)', 'emailAdress'],
      ['/files?fields=nextPageToken,items(id)', 'items'],
      [`/files/${file.id}?fields=id,fileSize`, 'fileSize'],
      [`/changes?pageToken=${start}&fields=changes(file(id,sizes))`, 'sizes'],
      ['/about?fields=user(name)', 'name'],
    ]) {
      expect({ path, error: await googleError(path, 400) }).toEqual({
        path,
        error: {
          message: `Invalid field selection ${name}`,
          domain: 'global',
          reason: 'invalidParameter',
          location: 'fields',
          locationType: 'parameter',
        },
      });
    }
  });

  it('should answer 400 like Drive to a query, page size, page token or order it does not take', async () => {
    expect(await googleError('/files?q=name%20contains%20%27x%27', 400)).toMatchObject({
      reason: 'invalid',
      location: 'q',
    });
    for (const size of ['0', '1001', 'abc']) {
      expect(await googleError(`/files?pageSize=${size}`, 400)).toMatchObject({
        reason: 'invalid',
        location: 'pageSize',
      });
    }
    expect(await googleError('/files?pageToken=not-a-token', 400)).toMatchObject({
      message: 'Invalid Value',
      reason: 'invalid',
      location: 'pageToken',
      locationType: 'parameter',
    });
    // A page token belongs to its query.
    const page = await json<FileList>('/files?q=trashed%3Dfalse&pageSize=5');
    expect(
      await googleError(`/files?q=trashed%3Dtrue&pageToken=${encodeURIComponent(page.nextPageToken as string)}`, 400),
    ).toMatchObject({ location: 'pageToken' });
    expect(await googleError('/files?orderBy=modifiedTime', 400)).toMatchObject({ location: 'orderBy' });
  });
});

describe('GET /files/{fileId}', () => {
  it('should answer a file, My Drive’s root, or 404 notFound naming fileId', async () => {
    const [first] = (await json<FileList>('/files?pageSize=1&fields=files(id,name)')).files;
    expect(await json(`/files/${first.id}?fields=id,name`)).toEqual(first);
    expect(await json('/files/root')).toMatchObject({
      name: 'My Drive',
      mimeType: 'application/vnd.google-apps.folder',
    });
    expect(await googleError('/files/1nope', 404)).toMatchObject({ reason: 'notFound', location: 'fileId' });
  });
});

describe('the change feed', () => {
  const startPageToken = async () =>
    (await json<{ kind: string; startPageToken: string }>('/changes/startPageToken')).startPageToken;

  it('should hand out a numeric start page token, and no changes from it while nothing changes', async () => {
    expect(await json('/changes/startPageToken')).toEqual({
      kind: 'drive#startPageToken',
      startPageToken: expect.stringMatching(/^\d+$/),
    });
    const start = await startPageToken();
    expect(await json(`/changes?pageToken=${start}`)).toEqual({
      kind: 'drive#changeList',
      newStartPageToken: start,
      changes: [],
    });
  });

  it('should need a page token it issued (400 required, 400 invalid naming pageToken)', async () => {
    expect(await googleError('/changes', 400)).toMatchObject({ reason: 'required', location: 'pageToken' });
    const start = Number(await startPageToken());
    for (const bad of [String(start + 1), String(start - 1), 'abc']) {
      expect(await googleError(`/changes?pageToken=${bad}`, 400)).toMatchObject({
        reason: 'invalid',
        location: 'pageToken',
      });
    }
  });

  it('should report mutate’s changes from the start page token, page by page, as Drive shapes them', async () => {
    const start = await startPageToken();
    const mutated = await control('/mutate', { added: 2, updated: 1, deleted: 2 });
    expect(mutated.status).toBe(200);
    expect(await mutated.json()).toEqual({ expected: { files: { added: 2, updated: 1, deleted: 2 } } });

    const fields =
      'nextPageToken,newStartPageToken,changes(changeType,removed,fileId,time,file(id,name,trashed,modifiedTime))';
    const first = await json<{ nextPageToken?: string; changes: Record<string, unknown>[] }>(
      `/changes?pageToken=${start}&pageSize=3&includeRemoved=true&spaces=drive&fields=${fields}`,
    );
    expect(first.changes).toHaveLength(3);
    const second = await json<{ newStartPageToken?: string; changes: Record<string, unknown>[] }>(
      `/changes?pageToken=${first.nextPageToken}&pageSize=3&includeRemoved=true&spaces=drive&fields=${fields}`,
    );
    expect(second.changes).toHaveLength(2);
    expect(second.newStartPageToken).toBe(String(Number(start) + 5));
    const all = [...first.changes, ...second.changes];
    expect(all.every((c) => c['changeType'] === 'file' && typeof c['time'] === 'string')).toBe(true);
    const removed = all.filter((c) => c['removed'] === true);
    expect(removed).toHaveLength(1);
    expect(removed[0]).not.toHaveProperty('file');
    expect(all.filter((c) => (c['file'] as { trashed?: boolean } | undefined)?.trashed === true)).toHaveLength(1);
    const removedId = removed[0]['fileId'] as string;
    expect(await googleError(`/files/${removedId}`, 404)).toMatchObject({ reason: 'notFound' });
    expect(await listAll('q=trashed%3Dfalse&pageSize=1000&fields=nextPageToken,files(id)')).toHaveLength(150);
  });
});

describe('POST /_sandbox/google-drive/mutate', () => {
  it('should refuse bad input with 400 and change nothing', async () => {
    for (const body of [{ added: -1 }, { added: 1001 }, { updated: 1.5 }, { deleted: '2' }, { removed: 1 }, [1]]) {
      const response = await control('/mutate', body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(await response.json()).toMatchObject({ error: 'invalid_request' });
    }
    expect(await (await fetch(`${sandbox.url}/_sandbox/google-drive/data`)).json()).toMatchObject({ changes: 0 });
  });

  it('should answer nothing to count for an empty mutation, and reset brings back the start-up data', async () => {
    expect(await (await control('/mutate', {})).json()).toEqual({
      expected: { files: { added: 0, updated: 0, deleted: 0 } },
    });
    // Deleted files alternate: to the trash, deleted for good, to the trash.
    await control('/mutate', { added: 3, deleted: 3 });
    expect(await (await fetch(`${sandbox.url}/_sandbox/google-drive/data`)).json()).toMatchObject({
      files: 150,
      trashed: 8,
      removed: 1,
      changes: 6,
    });
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
    expect(await (await fetch(`${sandbox.url}/_sandbox/google-drive/data`)).json()).toEqual({
      files: 150,
      folders: 16,
      trashed: 6,
      removed: 0,
      changes: 0,
      seed: 1,
    });
  });
});
