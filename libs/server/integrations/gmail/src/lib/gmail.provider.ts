import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  type AccountInfo,
  type CredentialsParams,
  cursorFields,
  decodeCursor,
  encodeCursor,
  googleApiErrorCode,
  HttpProvider,
  type HttpProviderOptions,
  IntegrationError,
  type IntegrationProvider,
  IntegrationProviderClass,
  PROVIDER_BASE_URLS,
  ProviderApiError,
  type ProviderBaseUrls,
  providerOptionsToken,
  requireCount,
  type SyncPage,
  type SyncParams,
} from '@hub/server/integrations/core';
import { GMAIL_HISTORY_PATH, toGmailIntegrationError } from './gmail-errors';
import { GMAIL_MANIFEST } from './gmail.manifest';

export interface GmailProviderOptions extends HttpProviderOptions {
  /** `maxResults` of messages.list and history.list: Gmail's default is 100, its maximum 500. */
  readonly pageSize: number;
  /** messages.get calls in flight at once while a page's metadata is fetched. */
  readonly concurrency: number;
}

/** Nest token for `Partial<GmailProviderOptions>` (optional). */
export const GMAIL_PROVIDER_OPTIONS = providerOptionsToken<GmailProviderOptions>('gmail');

const MAX_PAGE_SIZE = 500;
const MAX_CONCURRENCY = 10;

/** The headers a record keeps, asked for with `metadataHeaders` (everything else stays at Gmail). */
const METADATA_HEADERS = ['From', 'To', 'Cc', 'Subject', 'Date'] as const;

/** The history types that change what a message record holds (users.history.list `historyTypes`). */
const HISTORY_TYPES = ['messageAdded', 'messageDeleted', 'labelAdded', 'labelRemoved'] as const;

/** users.getProfile (https://developers.google.com/gmail/api/reference/rest/v1/users/getProfile). */
interface GmailProfile {
  emailAddress?: string;
  messagesTotal?: number;
  threadsTotal?: number;
  historyId?: string;
}

/** users.messages.list (https://developers.google.com/gmail/api/reference/rest/v1/users.messages/list). */
interface GmailMessageList {
  messages?: { id?: string; threadId?: string }[];
  nextPageToken?: string;
  resultSizeEstimate?: number;
}

/** A message as users.history.list names it: usually only `id` and `threadId`. */
interface GmailMessageRef {
  id?: string;
  threadId?: string;
  labelIds?: string[];
}

/** users.history.list (https://developers.google.com/gmail/api/reference/rest/v1/users.history/list). */
interface GmailHistoryList {
  history?: {
    id?: string;
    messagesAdded?: { message?: GmailMessageRef }[];
    messagesDeleted?: { message?: GmailMessageRef }[];
    labelsAdded?: { message?: GmailMessageRef; labelIds?: string[] }[];
    labelsRemoved?: { message?: GmailMessageRef; labelIds?: string[] }[];
  }[];
  nextPageToken?: string;
  historyId?: string;
}

/** users.messages.get with format=metadata (https://developers.google.com/gmail/api/reference/rest/v1/users.messages). */
interface GmailMessage {
  id?: string;
  threadId?: string;
  labelIds?: string[];
  snippet?: string;
  historyId?: string;
  internalDate?: string;
  sizeEstimate?: number;
  payload?: { headers?: { name?: string; value?: string }[] };
}

/**
 * Where a messages sync resumes. `list`: inside a full pass, at `pageToken` of messages.list, ending
 * with `historyId` (the profile's, read before the first page) as the sync token. `history`: the
 * changes since `startHistoryId` (the sync token itself when `pageToken` is absent).
 */
type GmailCursor =
  | { v: 1; kind: 'list'; historyId: string; pageToken: string; pageSize: number }
  | { v: 1; kind: 'history'; startHistoryId: string; pageToken?: string; pageSize?: number };

const HISTORY_ID = /^\d{1,20}$/;
const PAGE_TOKEN = /^[\x21-\x7e]{1,512}$/;

/**
 * Gmail: "connected as" the mailbox, and a read-only sync of its messages' metadata (sender,
 * recipients, subject, date, labels, thread; never bodies or attachments: the scope is
 * gmail.metadata).
 *
 * API used (base `https://gmail.googleapis.com/gmail/v1`, overridable through `PROVIDER_BASE_URLS`):
 * - GET /users/me/profile — the address, totals and the mailbox's current historyId
 *   (https://developers.google.com/gmail/api/reference/rest/v1/users/getProfile);
 * - GET /users/me/messages?maxResults=&pageToken= — message ids, newest first (no `q`: the metadata
 *   scope refuses it) (https://developers.google.com/gmail/api/reference/rest/v1/users.messages/list);
 * - GET /users/me/messages/{id}?format=metadata&metadataHeaders=… — labels, snippet and the named
 *   headers (https://developers.google.com/gmail/api/reference/rest/v1/users.messages/get);
 * - GET /users/me/history?startHistoryId=&historyTypes=…&maxResults=&pageToken= — what changed since
 *   a history id (https://developers.google.com/gmail/api/reference/rest/v1/users.history/list).
 *
 * Sync (https://developers.google.com/gmail/api/guides/sync): a full pass reads the profile's historyId
 * first, then lists every message and fetches each one's metadata (a few at a time, one page of
 * records per list page); it ends with that historyId as its sync token. The next run reads
 * history.list from it: added and relabelled messages are fetched again (one gone by then, 404, or
 * moved to the trash or spam counts as deleted), deleted ones become `deletedIds`, and the last page's
 * historyId is the next sync token.
 * A historyId Gmail no longer keeps answers 404 on history.list: CURSOR_INVALID, so the run does a
 * full pass. Revocation goes through Google's shared OAuth revocation endpoint (manifest).
 */
@Injectable()
@IntegrationProviderClass()
export class GmailProvider extends HttpProvider<GmailProviderOptions> implements IntegrationProvider {
  readonly manifest = GMAIL_MANIFEST;
  private readonly http = this.client({ errorCode: googleApiErrorCode });

  constructor(
    @Optional() @Inject(PROVIDER_BASE_URLS) baseUrls?: ProviderBaseUrls | null,
    @Optional() @Inject(GMAIL_PROVIDER_OPTIONS) options?: Partial<GmailProviderOptions> | null,
  ) {
    super(
      { manifest: GMAIL_MANIFEST, label: 'Gmail', defaults: { timeoutMs: 10_000, pageSize: 100, concurrency: 5 } },
      baseUrls,
      options,
    );
    requireCount(this.options.pageSize, MAX_PAGE_SIZE, `Gmail pages hold 1 to ${MAX_PAGE_SIZE} messages`);
    requireCount(
      this.options.concurrency,
      MAX_CONCURRENCY,
      `Gmail metadata is fetched 1 to ${MAX_CONCURRENCY} messages at a time`,
    );
  }

  async getAccountInfo(params: CredentialsParams): Promise<AccountInfo> {
    const token = this.accessToken(params.credentials);
    const profile = await this.http.get<GmailProfile>('/users/me/profile', token, params.signal);
    const email = profile?.emailAddress;
    if (typeof email !== 'string' || email === '') {
      throw new IntegrationError('UNKNOWN', 'Gmail did not say which mailbox the connection belongs to');
    }
    const details: Record<string, number> = {};
    if (Number.isSafeInteger(profile.messagesTotal)) details['messagesTotal'] = profile.messagesTotal as number;
    if (Number.isSafeInteger(profile.threadsTotal)) details['threadsTotal'] = profile.threadsTotal as number;
    return {
      externalAccountId: email,
      displayName: email,
      email,
      url: `https://mail.google.com/mail/u/?authuser=${encodeURIComponent(email)}`,
      details,
    };
  }

  /**
   * Messages, one page of records per messages.list (full pass) or history.list (changes) page.
   * `nextCursor` is the next list or history page (null after the last); the full pass ends with the
   * profile's historyId as `syncToken`, a changes run with history.list's latest historyId.
   */
  async *sync(params: SyncParams): AsyncIterable<SyncPage> {
    if (params.resource !== 'messages') {
      throw new IntegrationError('INVALID_CONFIG', `Gmail cannot sync "${params.resource}" (only messages)`);
    }
    const token = this.accessToken(params.credentials);
    const cursor = params.cursor === null ? null : decodeCursor(params.cursor, 'Gmail', isGmailCursor);
    if (cursor?.kind === 'history') {
      yield* this.changes(token, cursor, params.signal);
      return;
    }
    let historyId: string;
    let pageToken: string | undefined;
    let pageSize = this.options.pageSize;
    if (cursor === null) {
      params.signal.throwIfAborted();
      const profile = await this.http.get<GmailProfile>('/users/me/profile', token, params.signal);
      if (typeof profile?.historyId !== 'string' || !HISTORY_ID.test(profile.historyId)) {
        throw new IntegrationError('UNKNOWN', 'Gmail answered users.getProfile without a historyId');
      }
      historyId = profile.historyId;
    } else {
      ({ historyId, pageToken, pageSize } = cursor);
    }
    for (;;) {
      params.signal.throwIfAborted();
      const query = new URLSearchParams({ maxResults: String(pageSize) });
      if (pageToken) query.set('pageToken', pageToken);
      const list = await this.resumable(
        () => this.http.get<GmailMessageList>(`/users/me/messages?${query}`, token, params.signal),
        pageToken,
      );
      if (!list || typeof list !== 'object' || (list.messages !== undefined && !Array.isArray(list.messages))) {
        throw new IntegrationError('UNKNOWN', 'Gmail answered messages.list with something other than a list');
      }
      const ids = unique((list.messages ?? []).map((message) => idOf(message, 'messages.list')));
      // A message deleted (or binned) between the list and its fetch is simply not seen: the pass
      // marks it deleted at its end.
      const { records } = await this.metadata(ids, token, params.signal);
      const next = typeof list.nextPageToken === 'string' && list.nextPageToken !== '' ? list.nextPageToken : null;
      if (next !== null) {
        yield {
          records,
          nextCursor: encodeCursor({ v: 1, kind: 'list', historyId, pageToken: next, pageSize } satisfies GmailCursor),
        };
        pageToken = next;
        continue;
      }
      yield {
        records,
        nextCursor: null,
        syncToken: encodeCursor({ v: 1, kind: 'history', startHistoryId: historyId } satisfies GmailCursor),
      };
      return;
    }
  }

  toIntegrationError(error: unknown): IntegrationError {
    return toGmailIntegrationError(error);
  }

  /** The changes since `cursor.startHistoryId`, page by page of history.list. */
  private async *changes(
    token: string,
    cursor: Extract<GmailCursor, { kind: 'history' }>,
    signal: AbortSignal,
  ): AsyncIterable<SyncPage> {
    const { startHistoryId } = cursor;
    const pageSize = cursor.pageSize ?? this.options.pageSize;
    let pageToken = cursor.pageToken;
    for (;;) {
      signal.throwIfAborted();
      const query = new URLSearchParams({ startHistoryId });
      for (const type of HISTORY_TYPES) query.append('historyTypes', type);
      query.set('maxResults', String(pageSize));
      if (pageToken) query.set('pageToken', pageToken);
      // A 404 here is an expired startHistoryId: toIntegrationError makes it CURSOR_INVALID.
      const page = await this.resumable(
        () => this.http.get<GmailHistoryList>(`${GMAIL_HISTORY_PATH}?${query}`, token, signal),
        pageToken,
      );
      if (!page || typeof page !== 'object' || (page.history !== undefined && !Array.isArray(page.history))) {
        throw new IntegrationError('UNKNOWN', 'Gmail answered history.list with something other than a history');
      }
      const changed = new Set<string>();
      const deleted = new Set<string>();
      for (const record of page.history ?? []) {
        for (const entry of [
          ...(record.messagesAdded ?? []),
          ...(record.labelsAdded ?? []),
          ...(record.labelsRemoved ?? []),
        ]) {
          changed.add(idOf(entry?.message, 'history.list'));
        }
        for (const entry of record.messagesDeleted ?? []) deleted.add(idOf(entry?.message, 'history.list'));
      }
      // Gmail never reuses a message id: one deleted in this page is gone, whatever happened to it before.
      const fetched = await this.metadata(
        [...changed].filter((id) => !deleted.has(id)),
        token,
        signal,
      );
      const deletedIds = [...deleted, ...fetched.missing];
      const next = typeof page.nextPageToken === 'string' && page.nextPageToken !== '' ? page.nextPageToken : null;
      if (next !== null) {
        yield {
          records: fetched.records,
          deletedIds,
          nextCursor: encodeCursor({
            v: 1,
            kind: 'history',
            startHistoryId,
            pageToken: next,
            pageSize,
          } satisfies GmailCursor),
        };
        pageToken = next;
        continue;
      }
      if (typeof page.historyId !== 'string' || !HISTORY_ID.test(page.historyId)) {
        throw new IntegrationError('UNKNOWN', 'Gmail answered history.list without the mailbox’s historyId');
      }
      yield {
        records: fetched.records,
        deletedIds,
        nextCursor: null,
        syncToken: encodeCursor({ v: 1, kind: 'history', startHistoryId: page.historyId } satisfies GmailCursor),
      };
      return;
    }
  }

  /**
   * Each message's metadata, `concurrency` at a time, in the order of `ids`. A message Gmail no
   * longer has (404: deleted since it was listed), or one now in the trash or spam, is `missing`: not
   * an error, and not a record (the full pass would not list it either).
   */
  private async metadata(
    ids: readonly string[],
    token: string,
    signal: AbortSignal,
  ): Promise<{ records: SyncPage['records'][number][]; missing: string[] }> {
    const query = new URLSearchParams({ format: 'metadata' });
    for (const header of METADATA_HEADERS) query.append('metadataHeaders', header);
    const results = await mapBounded(ids, this.options.concurrency, async (id) => {
      signal.throwIfAborted();
      try {
        return await this.http.get<GmailMessage>(
          `/users/me/messages/${encodeURIComponent(id)}?${query}`,
          token,
          signal,
        );
      } catch (error) {
        if (error instanceof ProviderApiError && error.status === 404) return null;
        throw error;
      }
    });
    const records: SyncPage['records'][number][] = [];
    const missing: string[] = [];
    results.forEach((message, index) => {
      const record = message === null ? null : toRecord(message, ids[index]);
      // Trashed or spam: messages.list leaves those out (includeSpamTrash=false), so the record goes too.
      if (record === null || isBinned(record.data['labelIds'])) missing.push(ids[index]);
      else records.push(record);
    });
    return { records, missing };
  }

  /**
   * A list or history request; when it carried a page token from a saved cursor and Gmail answers 400
   * (a token it no longer takes), the cursor is what is wrong: CURSOR_INVALID starts the resource over.
   */
  private async resumable<T>(request: () => Promise<T>, pageToken: string | undefined): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (pageToken && error instanceof ProviderApiError && error.status === 400) {
        throw new IntegrationError('CURSOR_INVALID', 'Gmail refused the saved page token: the sync starts over', {
          status: 400,
        });
      }
      throw error;
    }
  }
}

function isGmailCursor(value: unknown): value is GmailCursor {
  const fields = cursorFields(value);
  if (!fields || fields['v'] !== 1) return false;
  const pageSize = fields['pageSize'];
  const validPageSize =
    typeof pageSize === 'number' && Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= MAX_PAGE_SIZE;
  const token = (name: string) => typeof fields[name] === 'string' && PAGE_TOKEN.test(fields[name] as string);
  const historyId = (name: string) => typeof fields[name] === 'string' && HISTORY_ID.test(fields[name] as string);
  if (fields['kind'] === 'list') return historyId('historyId') && token('pageToken') && validPageSize;
  if (fields['kind'] === 'history') {
    return (
      historyId('startHistoryId') &&
      (fields['pageToken'] === undefined || token('pageToken')) &&
      (pageSize === undefined || validPageSize)
    );
  }
  return false;
}

function idOf(message: { id?: unknown } | undefined | null, call: string): string {
  const id = message?.id;
  if (typeof id !== 'string' || id === '')
    throw new IntegrationError('UNKNOWN', `Gmail's ${call} named a message without an id`);
  return id;
}

/** Labels of messages messages.list leaves out by default (`includeSpamTrash` is false). */
const BINNED_LABELS = new Set(['TRASH', 'SPAM']);

function isBinned(labelIds: unknown): boolean {
  return Array.isArray(labelIds) && labelIds.some((label) => BINNED_LABELS.has(label as string));
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/** The record of one message: its metadata as plain JSON (headers by name, null when absent). */
function toRecord(message: GmailMessage, requestedId: string): SyncPage['records'][number] {
  if (!message || typeof message !== 'object' || message.id !== requestedId) {
    throw new IntegrationError('UNKNOWN', 'Gmail answered messages.get with another message or none');
  }
  const headers = new Map<string, string>();
  for (const header of message.payload?.headers ?? []) {
    const name = typeof header?.name === 'string' ? header.name.toLowerCase() : '';
    // The first of a repeated header, as mail clients show it.
    if (name && typeof header.value === 'string' && !headers.has(name)) headers.set(name, header.value);
  }
  const internalMs = Number(message.internalDate);
  return {
    externalId: message.id,
    data: {
      threadId: typeof message.threadId === 'string' ? message.threadId : null,
      labelIds: Array.isArray(message.labelIds) ? message.labelIds.filter((l) => typeof l === 'string') : [],
      from: headers.get('from') ?? null,
      to: headers.get('to') ?? null,
      cc: headers.get('cc') ?? null,
      subject: headers.get('subject') ?? null,
      date: headers.get('date') ?? null,
      snippet: typeof message.snippet === 'string' ? message.snippet : null,
      // messages.get gives epoch milliseconds as a string; the record keeps an ISO 8601 instant.
      internalDate:
        message.internalDate !== undefined && Number.isSafeInteger(internalMs) && internalMs >= 0
          ? new Date(internalMs).toISOString()
          : null,
      sizeEstimate: Number.isSafeInteger(message.sizeEstimate) ? message.sizeEstimate : null,
    },
  };
}

/** `fn` over `items`, at most `limit` at once, results in input order; the first failure rejects. */
async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let nextIndex = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && nextIndex < items.length) {
      const index = nextIndex++;
      try {
        results[index] = await fn(items[index]);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
