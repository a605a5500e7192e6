import { type RunningSandbox, startSandbox } from '../../start-sandbox';
import { OAuthTestClient } from '../../testing/oauth-test-client';
import { injectGoogleError } from '../google-common/inject-google-error';

/**
 * The emulated Gmail API for a gmail.metadata token: profile, labels, messages.list paging,
 * messages.get formats, history.list with its 404 for an expired startHistoryId, the mutate and
 * expire-history controls, and Google's error shape.
 */
const SCOPE = 'https://www.googleapis.com/auth/gmail.metadata';

let sandbox: RunningSandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, only: ['gmail'] });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
  token = (await new OAuthTestClient({ sandboxUrl: sandbox.url, providerId: 'gmail' }).connect(SCOPE)).access_token;
});

function get(path: string, accessToken: string | null = token): Promise<Response> {
  return fetch(`${sandbox.url}/gmail/api${path}`, {
    headers: accessToken === null ? {} : { authorization: `Bearer ${accessToken}` },
  });
}

async function json<T>(path: string): Promise<T> {
  const response = await get(path);
  expect({ path, status: response.status }).toEqual({ path, status: 200 });
  return (await response.json()) as T;
}

async function control(path: string, body?: unknown): Promise<Response> {
  return fetch(`${sandbox.url}/_sandbox/gmail/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

interface MessageList {
  messages?: { id: string; threadId: string }[];
  nextPageToken?: string;
  resultSizeEstimate: number;
}
interface Message {
  id: string;
  threadId: string;
  labelIds: string[];
  snippet: string;
  payload?: { headers: { name: string; value: string }[] };
  sizeEstimate: number;
  historyId: string;
  internalDate: string;
}
interface HistoryList {
  history?: {
    id: string;
    messagesAdded?: { message: { id: string } }[];
    messagesDeleted?: { message: { id: string } }[];
    labelsAdded?: { message: { id: string }; labelIds: string[] }[];
    labelsRemoved?: { message: { id: string }; labelIds: string[] }[];
  }[];
  nextPageToken?: string;
  historyId: string;
}

async function allMessageIds(query = ''): Promise<string[]> {
  const ids: string[] = [];
  let pageToken: string | undefined;
  do {
    const page = await json<MessageList>(
      `/users/me/messages?maxResults=100${query}${pageToken ? `&pageToken=${pageToken}` : ''}`,
    );
    ids.push(...(page.messages ?? []).map((m) => m.id));
    pageToken = page.nextPageToken;
  } while (pageToken);
  return ids;
}

const googleError = (code: number, status: string, reason: string) => ({
  error: {
    code,
    message: expect.any(String),
    errors: [{ message: expect.any(String), domain: 'global', reason }],
    status,
  },
});

describe('authentication and errors', () => {
  it('should answer 401 in Google’s error shape without a token or with an unknown one, and send no rate-limit headers', async () => {
    for (const response of [await get('/users/me/profile', null), await get('/users/me/profile', 'ya29.unknown')]) {
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual(googleError(401, 'UNAUTHENTICATED', 'authError'));
    }
    const ok = await get('/users/me/profile');
    const names: string[] = [];
    ok.headers.forEach((_value, name) => names.push(name));
    expect(names.filter((name) => name.startsWith('x-ratelimit'))).toEqual([]);
    expect(names).toContain('content-type');
  });

  it('should refuse another user’s mailbox (403) and unknown paths (404)', async () => {
    const other = await get('/users/someone.else@example.com/profile');
    expect(other.status).toBe(403);
    expect(await other.json()).toEqual(googleError(403, 'PERMISSION_DENIED', 'forbidden'));
    expect((await get('/users/sandbox@example.com/profile')).status).toBe(200);
    const missing = await get('/users/me/drafts');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual(googleError(404, 'NOT_FOUND', 'notFound'));
  });
});

describe('profile and labels', () => {
  it('should describe the mailbox', async () => {
    const profile = await json<Record<string, unknown>>('/users/me/profile');
    expect(profile).toEqual({
      emailAddress: 'sandbox@example.com',
      messagesTotal: 230,
      threadsTotal: expect.any(Number),
      historyId: expect.stringMatching(/^\d+$/),
    });
    const { labels } = await json<{ labels: { id: string; type: string }[] }>('/users/me/labels');
    expect(labels).toEqual(
      expect.arrayContaining([
        { id: 'INBOX', name: 'INBOX', type: 'system' },
        expect.objectContaining({ id: 'Label_1', name: 'Receipts', type: 'user' }),
      ]),
    );
  });
});

describe('messages.list', () => {
  it('should page with maxResults and pageToken, newest first, the same pages every time', async () => {
    const first = await json<MessageList>('/users/me/messages');
    expect(first.messages).toHaveLength(100);
    expect(first.resultSizeEstimate).toBe(230);
    expect(first.nextPageToken).toMatch(/^\d{20}$/);
    const second = await json<MessageList>(`/users/me/messages?pageToken=${first.nextPageToken}`);
    const third = await json<MessageList>(`/users/me/messages?pageToken=${second.nextPageToken}`);
    expect([second.messages?.length, third.messages?.length, third.nextPageToken]).toEqual([100, 30, undefined]);
    const ids = [first, second, third].flatMap((page) => (page.messages ?? []).map((m) => m.id));
    expect(new Set(ids).size).toBe(230);
    expect(ids).toEqual([...ids].sort((a, b) => (BigInt(`0x${b}`) > BigInt(`0x${a}`) ? 1 : -1)));
    expect(await json<MessageList>(`/users/me/messages?pageToken=${first.nextPageToken}`)).toEqual(second);
    // Larger than 500 is 500; labelIds filters.
    expect((await json<MessageList>('/users/me/messages?maxResults=900')).messages).toHaveLength(230);
    const sent = await json<MessageList>('/users/me/messages?labelIds=SENT&maxResults=500');
    expect(sent.messages?.length).toBeGreaterThan(0);
    expect(sent.messages?.length).toBeLessThan(230);
  });

  it('should refuse q with a metadata token, and bad paging parameters', async () => {
    const q = await get('/users/me/messages?q=is%3Aunread');
    expect(q.status).toBe(403);
    const body = (await q.json()) as { error: { message: string } };
    expect(body).toEqual(googleError(403, 'PERMISSION_DENIED', 'forbidden'));
    expect(body.error.message).toBe("Metadata scope does not support 'q' parameter");
    for (const query of ['maxResults=0', 'maxResults=ten', 'pageToken=not-a-token']) {
      const response = await get(`/users/me/messages?${query}`);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(await response.json()).toEqual(googleError(400, 'INVALID_ARGUMENT', 'invalidArgument'));
    }
  });
});

describe('messages.get', () => {
  it('should answer format=metadata with only the headers named in metadataHeaders', async () => {
    const [id] = await allMessageIds();
    const message = await json<Message>(
      `/users/me/messages/${id}?format=metadata&metadataHeaders=From&metadataHeaders=subject&metadataHeaders=Cc`,
    );
    expect(message).toEqual({
      id,
      threadId: expect.stringMatching(/^[0-9a-f]{16}$/),
      labelIds: expect.any(Array),
      snippet: expect.any(String),
      payload: { partId: '', mimeType: 'multipart/alternative', filename: '', headers: expect.any(Array) },
      sizeEstimate: expect.any(Number),
      historyId: expect.stringMatching(/^\d+$/),
      internalDate: expect.stringMatching(/^\d{13}$/),
    });
    const names = message.payload?.headers.map((h) => h.name) ?? [];
    expect(names.filter((n) => n !== 'Cc')).toEqual(['Subject', 'From']);
    const all = await json<Message>(`/users/me/messages/${id}?format=metadata`);
    expect(all.payload?.headers.map((h) => h.name)).toEqual(expect.arrayContaining(['Date', 'To', 'Message-ID']));
    const minimal = await json<Message>(`/users/me/messages/${id}?format=minimal`);
    expect(minimal.payload).toBeUndefined();
    expect(minimal.labelIds).toEqual(all.labelIds);
  });

  it('should refuse full and raw with a metadata token, and answer 404 for a message it does not have', async () => {
    const [id] = await allMessageIds();
    for (const [query, format] of [
      ['', 'FULL'],
      ['?format=full', 'FULL'],
      ['?format=raw', 'RAW'],
    ]) {
      const response = await get(`/users/me/messages/${id}${query}`);
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
        `Metadata scope doesn't allow format ${format}`,
      );
    }
    expect((await get(`/users/me/messages/${id}?format=html`)).status).toBe(400);
    const missing = await get('/users/me/messages/0000000000000001?format=metadata');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual(googleError(404, 'NOT_FOUND', 'notFound'));
  });
});

describe('history.list and the mutate control', () => {
  it('should replay a mutation from the profile’s historyId, page by page, and say what the next sync counts', async () => {
    const { historyId: start } = await json<{ historyId: string }>('/users/me/profile');
    expect(await json<HistoryList>(`/users/me/history?startHistoryId=${start}`)).toEqual({ historyId: start });

    const mutated = await control('mutate', { added: 2, updated: 1, deleted: 2 });
    expect(mutated.status).toBe(200);
    expect(await mutated.json()).toEqual({ expected: { messages: { added: 2, updated: 1, deleted: 2 } } });

    const everything = await json<HistoryList>(`/users/me/history?startHistoryId=${start}`);
    expect(Number(everything.historyId)).toBeGreaterThan(Number(start));
    const records = everything.history ?? [];
    expect(records.flatMap((r) => r.messagesAdded ?? [])).toHaveLength(2);
    expect(records.flatMap((r) => r.messagesDeleted ?? [])).toHaveLength(1);
    expect(records.flatMap((r) => r.labelsAdded ?? []).filter((e) => e.labelIds.includes('TRASH'))).toHaveLength(1);

    // One record a page.
    const paged: string[] = [];
    let pageToken: string | undefined;
    do {
      const page: HistoryList = await json<HistoryList>(
        `/users/me/history?startHistoryId=${start}&maxResults=1${pageToken ? `&pageToken=${pageToken}` : ''}`,
      );
      expect((page.history ?? []).length).toBeLessThanOrEqual(1);
      paged.push(...(page.history ?? []).map((r) => r.id));
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(paged).toEqual(records.map((r) => r.id));

    // historyTypes keeps only those changes.
    const added = await json<HistoryList>(`/users/me/history?startHistoryId=${start}&historyTypes=messageAdded`);
    expect((added.history ?? []).every((r) => r.messagesAdded && !r.labelsAdded && !r.messagesDeleted)).toBe(true);
    expect(added.history).toHaveLength(2);

    // The mutation shows in the mailbox: two new, one deleted, one trashed (out of the default list).
    expect(await allMessageIds()).toHaveLength(230);
    expect((await json<{ messagesTotal: number }>('/users/me/profile')).messagesTotal).toBe(231);
  });

  it('should answer 404 for a startHistoryId older than the log keeps (expire-history), 400 without one', async () => {
    const { historyId: start } = await json<{ historyId: string }>('/users/me/profile');
    expect((await get(`/users/me/history?startHistoryId=${Number(start) - 1}`)).status).toBe(404);
    await control('mutate', { added: 1 });
    expect((await get(`/users/me/history?startHistoryId=${start}`)).status).toBe(200);
    const expired = await control('expire-history');
    expect(await expired.json()).toEqual({ historyId: expect.any(String), oldestHistoryId: expect.any(String) });
    const gone = await get(`/users/me/history?startHistoryId=${start}`);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toEqual(googleError(404, 'NOT_FOUND', 'notFound'));
    for (const query of ['', '?startHistoryId=abc', `?startHistoryId=${start}&historyTypes=everything`]) {
      expect((await get(`/users/me/history${query}`)).status).toBe(400);
    }
  });

  it('should refuse bad mutate bodies (400) and change nothing', async () => {
    const before = await json<{ historyId: string }>('/users/me/profile');
    for (const body of [{ added: -1 }, { added: 1001 }, { updated: 1.5 }, { deleted: '2' }, { removed: 1 }, [1]]) {
      const response = await control('mutate', body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(await response.json()).toMatchObject({ error: 'invalid_request' });
    }
    expect(await json<{ historyId: string }>('/users/me/profile')).toEqual(before);
    // No body: nothing to do, nothing to count.
    expect(await (await control('mutate')).json()).toEqual({
      expected: { messages: { added: 0, updated: 0, deleted: 0 } },
    });
  });

  it('should go back to the start-up mailbox on reset', async () => {
    const before = await json<Record<string, unknown>>('/users/me/profile');
    const ids = await allMessageIds();
    await control('mutate', { added: 5, updated: 5, deleted: 5 });
    await control('expire-history');
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
    token = (await new OAuthTestClient({ sandboxUrl: sandbox.url, providerId: 'gmail' }).connect(SCOPE)).access_token;
    expect(await json<Record<string, unknown>>('/users/me/profile')).toEqual(before);
    expect(await allMessageIds()).toEqual(ids);
    const data = await (await fetch(`${sandbox.url}/_sandbox/gmail/data`)).json();
    expect(data).toEqual({
      messages: 230,
      threads: before['threadsTotal'],
      historyId: before['historyId'],
      oldestHistoryId: before['historyId'],
      seed: 1,
    });
  });
});

describe('project errors', () => {
  it('should answer 403 userRateLimitExceeded and SERVICE_DISABLED (accessNotConfigured, ErrorInfo naming gmail.googleapis.com)', async () => {
    await injectGoogleError(sandbox, 'gmail', 'userRateLimitExceeded');
    await injectGoogleError(sandbox, 'gmail', 'SERVICE_DISABLED');
    const limited = await get('/users/me/profile');
    expect(limited.status).toBe(403);
    expect(await limited.json()).toEqual({
      error: {
        errors: [{ domain: 'usageLimits', reason: 'userRateLimitExceeded', message: 'User Rate Limit Exceeded' }],
        code: 403,
        message: 'User Rate Limit Exceeded',
      },
    });
    const disabled = await get('/users/me/profile');
    expect(disabled.status).toBe(403);
    expect(await disabled.json()).toMatchObject({
      error: {
        code: 403,
        message: expect.stringMatching(/^Gmail API has not been used in project \d+ before or it is disabled/),
        errors: [{ domain: 'usageLimits', reason: 'accessNotConfigured' }],
        status: 'PERMISSION_DENIED',
        details: expect.arrayContaining([
          expect.objectContaining({
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'SERVICE_DISABLED',
            metadata: expect.objectContaining({ service: 'gmail.googleapis.com' }),
          }),
        ]),
      },
    });
    expect((await get('/users/me/profile')).status).toBe(200);
  });
});
