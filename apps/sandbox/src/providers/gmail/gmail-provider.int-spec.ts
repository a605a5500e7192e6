import { GmailProvider } from '@hub/server/integrations/gmail';
import type { IntegrationProvider, SyncPage } from '@hub/server/integrations/core';
import { type RunningSandbox, startSandbox } from '../../start-sandbox';
import { OAuthTestClient, pkcePair } from '../../testing/oauth-test-client';

/**
 * The hub's real GmailProvider, unchanged, against the sandbox: a token from the consent flow (with
 * Google's authorization parameters), "connected as", a full sync of the 230 messages over three
 * pages, then mutations and incremental syncs from the sync token whose counts match what `mutate`
 * said, and a full resync when the history expired.
 */
let sandbox: RunningSandbox;
let provider: GmailProvider;
let credentials: { accessToken: string };

beforeAll(async () => {
  // A full pass is one messages.get a message (as with Gmail): this file makes several, more than
  // the default 600 calls a minute allow.
  sandbox = await startSandbox({ port: 0, only: ['gmail'], rateLimitPerMinute: 10_000 });
  provider = new GmailProvider(new Map([['gmail', { apiBaseUrl: `${sandbox.url}/gmail/api` }]]));
  const auth = provider.manifest.auth;
  if (auth.kind !== 'oauth2') throw new Error('Gmail connects with OAuth');
  const client = new OAuthTestClient({
    sandboxUrl: sandbox.url,
    providerId: 'gmail',
    authMethod: auth.clientAuthentication,
  });
  const pkce = pkcePair();
  const { code } = await client.authorize({
    scope: auth.scopes.join(auth.scopeSeparator ?? ' '),
    challenge: pkce.challenge,
    extraParams: auth.authorizationParams,
  });
  const tokens = await client.exchangeCode(code ?? '', pkce.verifier);
  expect(tokens.status).toBe(200);
  credentials = { accessToken: tokens.body.access_token ?? '' };
});
afterAll(() => sandbox.close());

async function sync(cursor: string | null, p: IntegrationProvider = provider): Promise<SyncPage[]> {
  if (!p.sync) throw new Error('Gmail syncs');
  const pages: SyncPage[] = [];
  for await (const page of p.sync({
    credentials,
    resource: 'messages',
    cursor,
    selection: [],
    signal: new AbortController().signal,
  })) {
    pages.push(page);
  }
  return pages;
}

async function mutate(body: Record<string, number>): Promise<{ added: number; updated: number; deleted: number }> {
  const response = await fetch(`${sandbox.url}/_sandbox/gmail/mutate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return ((await response.json()) as { expected: { messages: { added: number; updated: number; deleted: number } } })
    .expected.messages;
}

/** What the hub's record writer would count for `pages` over `known` (id → data JSON). */
function counts(known: Map<string, string>, pages: SyncPage[]) {
  const result = { added: 0, updated: 0, unchanged: 0, deleted: 0 };
  for (const page of pages) {
    for (const record of page.records) {
      const data = JSON.stringify(record.data);
      const before = known.get(record.externalId);
      if (before === undefined) result.added += 1;
      else if (before !== data) result.updated += 1;
      else result.unchanged += 1;
      known.set(record.externalId, data);
    }
    for (const id of page.deletedIds ?? []) if (known.delete(id)) result.deleted += 1;
  }
  return result;
}

it('connects, syncs the whole mailbox, then exactly the changes mutate made', async () => {
  expect(await provider.getAccountInfo({ credentials })).toEqual({
    externalAccountId: 'sandbox@example.com',
    displayName: 'sandbox@example.com',
    email: 'sandbox@example.com',
    url: 'https://mail.google.com/mail/u/?authuser=sandbox%40example.com',
    details: { messagesTotal: 230, threadsTotal: expect.any(Number) },
  });

  const full = await sync(null);
  expect(full.map((p) => p.records.length)).toEqual([100, 100, 30]);
  expect(full.slice(0, -1).every((p) => typeof p.nextCursor === 'string')).toBe(true);
  const known = new Map<string, string>();
  expect(counts(known, full)).toEqual({ added: 230, updated: 0, unchanged: 0, deleted: 0 });
  const record = full[0].records[0].data;
  expect(record).toEqual({
    threadId: expect.stringMatching(/^[0-9a-f]{16}$/),
    labelIds: expect.arrayContaining(['INBOX']),
    from: expect.stringMatching(/<.+@.+>|@/),
    to: expect.stringContaining('sandbox@example.com'),
    cc: record['cc'] === null ? null : expect.any(String),
    subject: expect.any(String),
    date: expect.stringMatching(/^\w{3}, \d{1,2} \w{3} \d{4} /),
    snippet: expect.any(String),
    internalDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    sizeEstimate: expect.any(Number),
  });
  let token = full.at(-1)?.syncToken ?? null;
  expect(token).toEqual(expect.any(String));

  // Nothing changed: an incremental run finds nothing, and hands out a token again.
  const quiet = await sync(token);
  expect(counts(known, quiet)).toEqual({ added: 0, updated: 0, unchanged: 0, deleted: 0 });
  token = quiet.at(-1)?.syncToken ?? null;

  for (const change of [
    { added: 2, updated: 1, deleted: 1 },
    { added: 3, updated: 4, deleted: 5 },
  ]) {
    const expected = await mutate(change);
    expect(expected).toEqual(change);
    const pages = await sync(token);
    expect(pages.at(-1)?.nextCursor).toBeNull();
    const { unchanged, ...counted } = counts(known, pages);
    expect({ counted, unchanged }).toEqual({ counted: expected, unchanged: 0 });
    token = pages.at(-1)?.syncToken ?? null;
  }

  // A full pass now agrees with what the incremental runs built.
  const again = await sync(null);
  const fresh = new Map<string, string>();
  counts(fresh, again);
  expect(fresh).toEqual(known);
  expect(fresh.size).toBe(230 + 2 - 1 + 3 - 5);
});

it('asks for a full resync (CURSOR_INVALID) once Gmail no longer keeps the history', async () => {
  const full = await sync(null);
  const token = full.at(-1)?.syncToken ?? null;
  await mutate({ added: 1 });
  await fetch(`${sandbox.url}/_sandbox/gmail/expire-history`, { method: 'POST' });
  const error = await sync(token).catch((e: unknown) => e);
  expect(provider.toIntegrationError(error).code).toBe('CURSOR_INVALID');
  // The full pass the runner then does works, and ends with a token that works.
  const resync = await sync(null);
  expect(await sync(resync.at(-1)?.syncToken ?? null)).toEqual([
    { records: [], deletedIds: [], nextCursor: null, syncToken: expect.any(String) },
  ]);
});

it('maps an expired access token to AUTH_REVOKED', async () => {
  await fetch(`${sandbox.url}/_sandbox/gmail/expire-access-tokens`, { method: 'POST' });
  const error = await provider.getAccountInfo({ credentials }).catch((e: unknown) => e);
  expect(provider.toIntegrationError(error).code).toBe('AUTH_REVOKED');
});
