import { GmailProvider } from '@hub/server/integrations/gmail';
import type { IntegrationProvider } from '@hub/server/integrations/core';
import { type RunningSandbox, startSandbox } from '../../start-sandbox';
import { expectedProjectErrorOutcomes, projectErrorOutcomes } from '../google-common/inject-google-error';
import { baseUrls, connectAs, mutate as mutateAccount, RecordStore, syncPages } from '../../testing/emulation-harness';

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
  provider = new GmailProvider(baseUrls(sandbox, 'gmail'));
  credentials = { accessToken: (await connectAs(sandbox, provider)).access_token };
});
afterAll(() => sandbox.close());

const sync = (cursor: string | null, p: IntegrationProvider = provider) =>
  syncPages(p, { credentials, resource: 'messages', cursor });

const mutate = async (body: Record<string, number>) =>
  (await mutateAccount(sandbox, 'gmail', body)).expected['messages'];

it('should connect, sync the whole mailbox, then exactly the changes mutate made', async () => {
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
  const known = new RecordStore();
  expect(known.apply(full)).toEqual({ added: 230, updated: 0, unchanged: 0, deleted: 0 });
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
  expect(known.apply(quiet)).toEqual({ added: 0, updated: 0, unchanged: 0, deleted: 0 });
  token = quiet.at(-1)?.syncToken ?? null;

  for (const change of [
    { added: 2, updated: 1, deleted: 1 },
    { added: 3, updated: 4, deleted: 5 },
  ]) {
    const expected = await mutate(change);
    expect(expected).toEqual(change);
    const pages = await sync(token);
    expect(pages.at(-1)?.nextCursor).toBeNull();
    const { unchanged, ...counted } = known.apply(pages);
    expect({ counted, unchanged }).toEqual({ counted: expected, unchanged: 0 });
    token = pages.at(-1)?.syncToken ?? null;
  }

  // A full pass now agrees with what the incremental runs built.
  const again = await sync(null);
  const fresh = new RecordStore();
  fresh.apply(again);
  expect(fresh.entries()).toEqual(known.entries());
  expect(fresh.size).toBe(230 + 2 - 1 + 3 - 5);
});

it('should ask for a full resync (CURSOR_INVALID) once Gmail no longer keeps the history', async () => {
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

it('should back off (RATE_LIMITED) on Gmail’s 403 rate limits, and name gmail.googleapis.com to enable on SERVICE_DISABLED', async () => {
  const outcomes = await projectErrorOutcomes(
    sandbox,
    'gmail',
    () => sync(null),
    (e) => provider.toIntegrationError(e),
  );
  expect(outcomes).toEqual(expectedProjectErrorOutcomes('gmail.googleapis.com'));
  await expect(provider.getAccountInfo({ credentials })).resolves.toMatchObject({ email: 'sandbox@example.com' });
});

it('should map an expired access token to AUTH_REVOKED', async () => {
  await fetch(`${sandbox.url}/_sandbox/gmail/expire-access-tokens`, { method: 'POST' });
  const error = await provider.getAccountInfo({ credentials }).catch((e: unknown) => e);
  expect(provider.toIntegrationError(error).code).toBe('AUTH_REVOKED');
});
