import { createHash } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  type AccountInfo,
  type CredentialsParams,
  cursorFields,
  decodeCursor,
  describeMicrosoftTokenError,
  encodeCursor,
  GRAPH_PREFER_IMMUTABLE_ID,
  graphErrorCode,
  graphLinkPath,
  graphPage,
  graphPreferHeader,
  graphPreferMaxPageSize,
  HttpProvider,
  type HttpProviderOptions,
  IntegrationError,
  type IntegrationProvider,
  IntegrationProviderClass,
  isGraphLink,
  microsoftIdentity,
  PROVIDER_BASE_URLS,
  ProviderApiError,
  type ProviderBaseUrls,
  type ProviderCredentials,
  providerOptionsToken,
  requireCount,
  type SyncPage,
  type SyncParams,
  type TokenErrorDetails,
  type TokenErrorMeaning,
} from '@hub/server/integrations/core';
import { MailboxGate } from './mailbox-gate';
import { OUTLOOK, toOutlookIntegrationError } from './outlook-errors';
import {
  afterListing,
  type FolderWalk,
  folderName,
  isFolderId,
  isFolderWalk,
  isPath,
  type MailFolder,
  nextListing,
  START_WALK,
} from './outlook-folders';
import { OUTLOOK_MANIFEST } from './outlook.manifest';

export interface OutlookProviderOptions extends HttpProviderOptions {
  /**
   * Messages per delta page (`Prefer: odata.maxpagesize`) and folders per listing page (`$top`): 1 to
   * 1000, default 100. Never `$top` on message delta: it caps the whole round there, not the page
   * (https://learn.microsoft.com/en-us/graph/delta-query-messages, "Optional request header";
   * https://github.com/microsoftgraph/microsoft-graph-docs/issues/2232).
   */
  readonly pageSize: number;
}

/** Nest token for `Partial<OutlookProviderOptions>` (optional). */
export const OUTLOOK_PROVIDER_OPTIONS = providerOptionsToken<OutlookProviderOptions>('outlook');

/**
 * Outlook's limit: 4 concurrent requests per app and mailbox (https://learn.microsoft.com/en-us/graph/throttling-limits#outlook-service-limits).
 * One gate for the process, so that every Outlook sync and check of one mailbox shares it.
 */
export const OUTLOOK_MAILBOX_CONCURRENCY = 4;
const MAILBOXES = new MailboxGate(OUTLOOK_MAILBOX_CONCURRENCY);

/**
 * The message properties a record is made of (delta's `$select`): metadata and the preview, never
 * `body`, `uniqueBody` or attachments (https://learn.microsoft.com/en-us/graph/api/resources/message).
 */
const MESSAGE_FIELDS =
  'id,subject,from,toRecipients,ccRecipients,receivedDateTime,parentFolderId,categories,bodyPreview,isRead,hasAttachments,importance,conversationId,webLink';
const USER_FIELDS = 'id,displayName,mail,userPrincipalName';
/** With User.Read an app reads only id, displayName and verifiedDomains of the organization. */
const ORGANIZATION_FIELDS = 'id,displayName';
const INBOX_FIELDS = 'id,totalItemCount,unreadItemCount';
const IMPORTANCE: ReadonlySet<string> = new Set(['low', 'normal', 'high']);
const MAX_MESSAGE_ID_LENGTH = 1024;
const NO_MAILBOX = /(^|:)mailboxnotenabledforrestapi(:|$)/i;

interface GraphUser {
  id?: string;
  displayName?: string | null;
  mail?: string | null;
  userPrincipalName?: string | null;
}

interface GraphRecipient {
  emailAddress?: { name?: string | null; address?: string | null } | null;
}

interface GraphMessage {
  id?: string;
  '@removed'?: { reason?: string } | null;
  subject?: string | null;
  from?: GraphRecipient | null;
  toRecipients?: (GraphRecipient | null)[] | null;
  ccRecipients?: (GraphRecipient | null)[] | null;
  receivedDateTime?: string | null;
  parentFolderId?: string | null;
  categories?: unknown[] | null;
  bodyPreview?: string | null;
  isRead?: boolean | null;
  hasAttachments?: boolean | null;
  importance?: string | null;
  conversationId?: string | null;
  webLink?: string | null;
}

/** One folder of a messages pass: where its round starts, and where the next one will. */
interface PlannedFolder {
  readonly id: string;
  readonly path: readonly string[];
  /** The deltaLink of the last pass: this round reads the changes since. Absent: the whole folder. */
  readonly from?: string;
  /**
   * Renamed or moved since the last pass: its messages' folder name changed without the messages
   * changing, so after the changes since `from` (for what left it) the whole folder is read again.
   */
  readonly refresh?: true;
  /** The deltaLink this pass ended the folder's round with. */
  readonly to?: string;
}

/** Where a messages pass stands (`nextCursor`). */
interface MessagesCursor {
  readonly v: 1;
  readonly kind: 'messages';
  readonly folders: readonly PlannedFolder[];
  /** The folder being read; `folders.length` once every folder is read (ruling on `pending`). */
  readonly at: number;
  /** For a `refresh` folder: its changes first, then all of it. */
  readonly phase: 'changes' | 'all';
  /** The current round's `@odata.nextLink`; null: the round's first request. */
  readonly link: string | null;
  /** Messages some folder reported `@removed` that no folder read later had: not ruled on yet. */
  readonly pending: readonly string[];
}

/** Where the next messages pass starts (`syncToken`): each synced folder's deltaLink. */
interface MessagesToken {
  readonly v: 1;
  readonly kind: 'messages-token';
  readonly folders: readonly { readonly id: string; readonly path: readonly string[]; readonly link: string }[];
}

/** Where a folders pass stands. */
interface FoldersCursor extends FolderWalk {
  readonly v: 1;
  readonly kind: 'folders';
}

/**
 * Outlook mail: "connected as" the person of the ID token, with their organization and inbox, and a
 * read-only sync of the mail folders and of the metadata of every message in them, incremental
 * through one message delta per folder.
 *
 * API used (base `https://graph.microsoft.com/v1.0`, overridable through `PROVIDER_BASE_URLS`), every
 * request with `Prefer: IdType="ImmutableId"` so that a message keeps its id when it moves to another
 * folder (https://learn.microsoft.com/en-us/graph/outlook-immutable-id), and at most 4 at a time per
 * mailbox (`MailboxGate`, Outlook's MailboxConcurrency limit):
 * - GET /me?$select=… and, for work or school accounts, GET /organization?$select=id,displayName
 *   (https://learn.microsoft.com/en-us/graph/api/user-get; `mail` is null for personal accounts and
 *   accounts without Exchange Online: then `userPrincipalName`);
 * - GET /me/mailFolders/inbox?$select=… — the inbox's counts, and the check that the account has an
 *   Exchange Online mailbox (`MailboxNotEnabledForRESTAPI` otherwise) before anything syncs;
 * - GET /me/mailFolders, …/{id}/childFolders — the folder tree (outlook-folders.ts);
 * - GET /me/mailFolders/{id}/messages/delta?$select=… with `Prefer: odata.maxpagesize` — each
 *   folder's messages, then their changes (https://learn.microsoft.com/en-us/graph/delta-query-messages:
 *   "To track the changes of the messages in a folder hierarchy, you need to track each folder individually");
 * - GET /me/messages/{id}?$select=… — only in a pass resumed midway, for a message a folder reported
 *   `@removed` that no folder read since had (below).
 *
 * Moves: a per-folder delta reports a move as `@removed` in the old folder and an add in the new one,
 * in whichever order the folders are read. A removal is therefore only a deletion if no folder the
 * pass reads holds the message afterwards or held it before (unless that same folder then removed
 * it): the pass keeps the removals in its cursor and rules on them once every folder is read. A pass
 * read in one go knows every folder's messages; one resumed from a cursor does not know what the pages
 * before the resume held, and asks Graph for each message still undecided (404: deleted; found in a
 * synced folder: kept, with its current folder).
 *
 * Expiry: Outlook's delta tokens last "dependent on the size of the internal delta token cache" and
 * then answer 410 `SyncStateNotFound` (https://learn.microsoft.com/en-us/graph/delta-query-overview,
 * https://github.com/microsoftgraph/microsoft-graph-docs/issues/2350). That is CURSOR_INVALID for the
 * whole messages resource, not a fresh round of that folder alone: a fresh round lists what the
 * folder holds now and never what was deleted from it while the token was dead, and only a full pass
 * of the resource lets the hub delete what it no longer sees. The same holds for folders that are no
 * longer synced (deleted, or taken out of the selection): their messages must go, so the pass starts
 * over in full. A folder new to the pass (created, or added to the selection) is just read whole.
 */
@Injectable()
@IntegrationProviderClass()
export class OutlookProvider extends HttpProvider<OutlookProviderOptions> implements IntegrationProvider {
  readonly manifest = OUTLOOK_MANIFEST;
  private readonly http = this.client({ errorCode: graphErrorCode, headers: { prefer: GRAPH_PREFER_IMMUTABLE_ID } });

  constructor(
    @Optional() @Inject(PROVIDER_BASE_URLS) baseUrls?: ProviderBaseUrls | null,
    @Optional() @Inject(OUTLOOK_PROVIDER_OPTIONS) options?: Partial<OutlookProviderOptions> | null,
  ) {
    super(
      { manifest: OUTLOOK_MANIFEST, label: OUTLOOK, defaults: { timeoutMs: 15_000, pageSize: 100 } },
      baseUrls,
      options,
    );
    requireCount(this.options.pageSize, 1000, 'Outlook pages hold 1 to 1000 messages or folders');
  }

  /**
   * Who connected comes from the ID token (`tid`, `oid`: the account key, see `microsoftIdentity`);
   * /me and /organization describe them, the inbox says their mailbox works.
   */
  async getAccountInfo(params: CredentialsParams): Promise<AccountInfo> {
    const token = this.accessToken(params.credentials);
    const identity = microsoftIdentity(params.credentials['idToken'], OUTLOOK);
    const get = this.getter(identity.accountKey, token, params.signal);
    const me = await get<GraphUser | undefined>(`/me?${select(USER_FIELDS)}`);
    const organization = identity.personal
      ? undefined
      : organizationOf(await get<unknown>(`/organization?${select(ORGANIZATION_FIELDS)}`), identity.tenantId);
    const inbox = await get<Record<string, unknown> | undefined>(`/me/mailFolders/inbox?${select(INBOX_FIELDS)}`);

    const email = emailOf(me) ?? (identity.username?.includes('@') ? identity.username : undefined);
    const total = isCount(inbox?.['totalItemCount']) ? inbox['totalItemCount'] : undefined;
    const unread = isCount(inbox?.['unreadItemCount']) ? inbox['unreadItemCount'] : undefined;
    return {
      externalAccountId: identity.accountKey,
      displayName: nonEmpty(me?.displayName) ?? identity.name ?? email ?? identity.accountKey,
      ...(email ? { email } : {}),
      ...(organization ? { workspaceName: organization } : {}),
      // Outlook on the web: Outlook.com for personal accounts, Microsoft 365's otherwise.
      url: identity.personal ? 'https://outlook.live.com/mail/' : 'https://outlook.office.com/mail/',
      details: {
        accountType: identity.personal ? 'personal Microsoft account' : 'work or school account',
        ...(organization ? { organization } : {}),
        ...(total !== undefined ? { inboxMessages: total } : {}),
        ...(unread !== undefined ? { inboxUnread: unread } : {}),
      },
    };
  }

  /**
   * `folders`: the folder tree, a listing page at a time, every run in full (a few requests; folders
   * no longer listed are deleted by the pass's end). `messages`: the messages of every folder (or of
   * the folders the connection selected), incremental from the syncToken.
   */
  async *sync(params: SyncParams): AsyncIterable<SyncPage> {
    if (params.resource === 'folders') yield* this.syncFolders(params);
    else if (params.resource === 'messages') yield* this.syncMessages(params);
    else {
      throw new IntegrationError(
        'INVALID_CONFIG',
        `${OUTLOOK} cannot sync "${params.resource}" (only folders and messages)`,
      );
    }
  }

  toIntegrationError(error: unknown): IntegrationError {
    return toOutlookIntegrationError(error);
  }

  /** Microsoft's token refusals (AADSTS codes), named for Outlook. */
  describeTokenError(details: TokenErrorDetails): TokenErrorMeaning | undefined {
    return describeMicrosoftTokenError(details, OUTLOOK);
  }

  private async *syncFolders(params: SyncParams): AsyncIterable<SyncPage> {
    const token = this.accessToken(params.credentials);
    const base = this.options.apiBaseUrl;
    const isCursor = (value: unknown): value is FoldersCursor => {
      const fields = cursorFields(value);
      return fields?.['v'] === 1 && fields['kind'] === 'folders' && isFolderWalk(value, base);
    };
    let walk: FolderWalk = params.cursor === null ? START_WALK : decodeCursor(params.cursor, OUTLOOK, isCursor);
    const get = this.getter(mailboxOf(params.credentials, token), token, params.signal);
    for (;;) {
      const path = nextListing(walk, base, this.options.pageSize);
      if (path === null) {
        yield { records: [], nextCursor: null };
        return;
      }
      const listed = afterListing(walk, await get<unknown>(path), base);
      walk = listed.walk;
      const records = listed.folders.map((folder) => ({ externalId: folder.id, data: folderData(folder) }));
      const done = walk.queue.length === 0;
      yield {
        records,
        nextCursor: done
          ? null
          : encodeCursor({ v: 1, kind: 'folders', queue: walk.queue, link: walk.link } satisfies FoldersCursor),
      };
      if (done) return;
    }
  }

  private async *syncMessages(params: SyncParams): AsyncIterable<SyncPage> {
    const token = this.accessToken(params.credentials);
    const { signal } = params;
    const base = this.options.apiBaseUrl;
    const get = this.getter(mailboxOf(params.credentials, token), token, signal);
    const saved = params.cursor === null ? null : decodeCursor(params.cursor, OUTLOOK, (v) => this.isMessagesState(v));

    let state: MessagesCursor;
    if (saved === null || saved.kind === 'messages-token') {
      const folders = selectedFolders(await this.listFolders(get), params.selection);
      state = {
        v: 1,
        kind: 'messages',
        folders: plan(folders, saved),
        at: 0,
        phase: 'changes',
        link: null,
        pending: [],
      };
    } else {
      state = saved;
    }
    // Read in one go from the pass's start, this call sees every folder: it rules on removals itself.
    const wholePass = saved === null || saved.kind === 'messages-token';
    /**
     * Per message seen in a folder during this call (by a digest of its id: a full pass sees every
     * message): the index of the last folder that held it.
     */
    const heldBy = new Map<string, number>();
    const pending = new Set(state.pending);
    const paths = new Map(state.folders.map((f) => [f.id, f.path]));

    while (state.at < state.folders.length) {
      const folder = state.folders[state.at];
      const first = state.link === null;
      const fromLink = !first || (state.phase === 'changes' && folder.from !== undefined);
      const path = !first
        ? graphLinkPath(state.link, base, OUTLOOK)
        : state.phase === 'changes' && folder.from !== undefined
          ? graphLinkPath(folder.from, base, OUTLOOK)
          : `/me/mailFolders/${encodeURIComponent(folder.id)}/messages/delta?${select(MESSAGE_FIELDS)}`;
      const page = graphPage<GraphMessage | null>(await this.fetchDelta(get, path, fromLink), base, OUTLOOK);
      const records: SyncPage['records'][number][] = [];
      for (const [id, message] of latestOf(page.value)) {
        const key = digest(id);
        if (isRemoved(message)) {
          pending.add(id);
          // It left the folder that held it: held by none unless a later folder has it.
          if (heldBy.get(key) === state.at) heldBy.delete(key);
        } else {
          heldBy.set(key, state.at);
          pending.delete(id);
          records.push({ externalId: id, data: messageData(message, folder, paths) });
        }
      }
      state = this.advance(state, folder, page);
      if (state.at < state.folders.length) {
        // A page without records is not committed on its own: the next one carries its progress.
        if (records.length > 0) yield { records, nextCursor: encodeCursor({ ...state, pending: [...pending] }) };
        continue;
      }
      // Every folder is read: a removal no folder answered for is a deletion, when this call saw it all.
      const undecided = [...pending].filter((id) => !heldBy.has(digest(id)));
      const deletedIds = wholePass ? undecided : [];
      const toCheck = wholePass ? [] : undecided;
      const finished = { ...state, pending: toCheck };
      if (toCheck.length === 0) {
        yield { records, deletedIds, nextCursor: null, syncToken: encodeCursor(tokenOf(finished)) };
        return;
      }
      yield { records, deletedIds, nextCursor: encodeCursor(finished) };
      state = finished;
    }
    yield* this.ruleOnRemovals(state, get, paths);
  }

  /**
   * The removals a resumed pass could not rule on, a page at a time: each message asked for by its
   * immutable id (https://learn.microsoft.com/en-us/graph/api/message-get). Gone (404) → deleted; in
   * a folder this pass syncs → kept, as it is now; elsewhere (a folder not synced) → deleted.
   */
  private async *ruleOnRemovals(
    state: MessagesCursor,
    get: Getter,
    paths: ReadonlyMap<string, readonly string[]>,
  ): AsyncIterable<SyncPage> {
    let rest = [...state.pending];
    if (rest.length === 0)
      yield { records: [], deletedIds: [], nextCursor: null, syncToken: encodeCursor(tokenOf(state)) };
    while (rest.length > 0) {
      const chunk = rest.slice(0, this.options.pageSize);
      rest = rest.slice(chunk.length);
      const found = await Promise.all(
        chunk.map((id) =>
          get<GraphMessage>(`/me/messages/${encodeURIComponent(id)}?${select(MESSAGE_FIELDS)}`).then(
            (message) => message,
            (error: unknown) => {
              if (error instanceof ProviderApiError && error.status === 404 && !NO_MAILBOX.test(error.code ?? '')) {
                return null;
              }
              throw error;
            },
          ),
        ),
      );
      const records: SyncPage['records'][number][] = [];
      const deletedIds: string[] = [];
      chunk.forEach((id, index) => {
        const message = found[index];
        const folderId = message?.parentFolderId;
        const path = typeof folderId === 'string' ? paths.get(folderId) : undefined;
        if (message && typeof folderId === 'string' && path) {
          records.push({ externalId: id, data: messageData(message, { id: folderId, path }, paths) });
        } else {
          deletedIds.push(id);
        }
      });
      const next = { ...state, pending: rest };
      yield rest.length > 0
        ? { records, deletedIds, nextCursor: encodeCursor(next) }
        : { records, deletedIds, nextCursor: null, syncToken: encodeCursor(tokenOf(next)) };
    }
  }

  /** The pass after one delta page: the same round's next link, the folder's next phase, or the next folder. */
  private advance(
    state: MessagesCursor,
    folder: PlannedFolder,
    page: { nextLink?: string; deltaLink?: string },
  ): MessagesCursor {
    if (page.nextLink !== undefined) return { ...state, link: page.nextLink };
    if (page.deltaLink === undefined) {
      throw new IntegrationError(
        'UNKNOWN',
        `${OUTLOOK} answered message delta with neither a next link nor a delta link`,
      );
    }
    if (folder.refresh && state.phase === 'changes' && folder.from !== undefined) {
      // The changes are read; now the whole folder, whose deltaLink is the one kept.
      return { ...state, phase: 'all', link: null };
    }
    const folders = state.folders.map((f, i) => (i === state.at ? { ...f, to: page.deltaLink } : f));
    return { ...state, folders, at: state.at + 1, phase: 'changes', link: null };
  }

  /** Every folder of the tree (the pass's plan is made of them). */
  private async listFolders(get: Getter): Promise<MailFolder[]> {
    const base = this.options.apiBaseUrl;
    const folders: MailFolder[] = [];
    let walk = START_WALK;
    for (;;) {
      const path = nextListing(walk, base, this.options.pageSize);
      if (path === null) return folders;
      const listed = afterListing(walk, await get<unknown>(path), base);
      folders.push(...listed.folders);
      walk = listed.walk;
    }
  }

  /**
   * One delta request. A link Graph handed out that it then refuses as malformed (400) or unknown
   * (404), or a folder gone since it was listed (404 `ErrorItemNotFound`), is CURSOR_INVALID: the
   * runner starts the messages over once, in full. A mailbox that is not there
   * (`MailboxNotEnabledForRESTAPI`, also a 404) is mapped as usual.
   */
  private async fetchDelta(get: Getter, path: string, fromLink: boolean): Promise<unknown> {
    try {
      return await get<unknown>(
        path,
        graphPreferHeader(GRAPH_PREFER_IMMUTABLE_ID, graphPreferMaxPageSize(this.options.pageSize)),
      );
    } catch (error) {
      if (
        error instanceof ProviderApiError &&
        (error.status === 404 || (fromLink && error.status === 400)) &&
        !NO_MAILBOX.test(error.code ?? '')
      ) {
        throw new IntegrationError(
          'CURSOR_INVALID',
          `${OUTLOOK} no longer knows a mail folder or its saved delta link (${error.status}${error.code ? `, ${error.code}` : ''}): a full sync follows`,
          { status: error.status },
        );
      }
      throw error;
    }
  }

  /** GETs of one mailbox, through its gate, with the immutable-id preference (or `headers`' own Prefer). */
  private getter(mailbox: string, token: string, signal?: AbortSignal): Getter {
    return <T>(path: string, headers?: Readonly<Record<string, string>>) =>
      MAILBOXES.run(
        mailbox,
        async () => (await this.http.request<T>('GET', path, { token, signal, ...(headers ? { headers } : {}) })).body,
        signal,
      );
  }

  private isMessagesState(value: unknown): value is MessagesCursor | MessagesToken {
    const fields = cursorFields(value);
    if (fields?.['v'] !== 1) return false;
    const base = this.options.apiBaseUrl;
    const link = (v: unknown) => isGraphLink(v, base);
    const folders = fields['folders'];
    if (!Array.isArray(folders)) return false;
    const folderOk = (f: unknown, token: boolean) => {
      const e = cursorFields(f);
      if (!e || !isFolderId(e['id']) || !isPath(e['path'])) return false;
      if (token) return link(e['link']);
      return (
        (e['from'] === undefined || link(e['from'])) &&
        (e['to'] === undefined || link(e['to'])) &&
        (e['refresh'] === undefined || e['refresh'] === true)
      );
    };
    if (fields['kind'] === 'messages-token') return folders.every((f) => folderOk(f, true));
    if (fields['kind'] !== 'messages') return false;
    const at = fields['at'];
    const pending = fields['pending'];
    return (
      folders.every((f) => folderOk(f, false)) &&
      Number.isSafeInteger(at) &&
      (at as number) >= 0 &&
      (at as number) <= folders.length &&
      (fields['phase'] === 'changes' || fields['phase'] === 'all') &&
      (fields['link'] === null || ((at as number) < folders.length && link(fields['link']))) &&
      Array.isArray(pending) &&
      pending.every((id) => typeof id === 'string' && id !== '' && id.length <= MAX_MESSAGE_ID_LENGTH) &&
      // Every folder before `at` ended its round.
      (folders as PlannedFolder[]).slice(0, at as number).every((f) => f.to !== undefined)
    );
  }
}

type Getter = <T>(path: string, headers?: Readonly<Record<string, string>>) => Promise<T>;

/**
 * The folders a messages pass reads: every folder, or those the connection selected (manifest
 * `sync.selection`: none chosen syncs them all). A selected folder that is no longer there stops the
 * sync, as a dropped PostgreSQL table does: Settings then lists the folders there are.
 */
function selectedFolders(folders: readonly MailFolder[], selection: readonly string[]): MailFolder[] {
  if (selection.length === 0) return [...folders];
  const chosen = new Set(selection);
  const missing = [...chosen].filter((id) => !folders.some((f) => f.id === id));
  if (missing.length > 0) {
    throw new IntegrationError(
      'NOT_FOUND',
      `${missing.length === 1 ? 'A mail folder' : `${missing.length} mail folders`} selected in Settings no longer exist${missing.length === 1 ? 's' : ''} in this mailbox: choose the folders to sync again`,
    );
  }
  return folders.filter((f) => chosen.has(f.id));
}

/**
 * The folders of a pass and where each starts: from the last pass's deltaLink, or whole when new to
 * the pass. A folder the last pass synced that this one does not (deleted, or no longer selected)
 * starts the resource over in full, so that its messages go (see OutlookProvider).
 */
function plan(folders: readonly MailFolder[], token: MessagesToken | null): PlannedFolder[] {
  if (token === null) return folders.map(({ id, path }) => ({ id, path }));
  const now = new Set(folders.map((f) => f.id));
  const gone = token.folders.filter((f) => !now.has(f.id));
  if (gone.length > 0) {
    throw new IntegrationError(
      'CURSOR_INVALID',
      `${gone.length === 1 ? 'A mail folder' : `${gone.length} mail folders`} synced before ${gone.length === 1 ? 'is' : 'are'} gone or no longer selected: a full sync follows, which removes ${gone.length === 1 ? 'its' : 'their'} messages`,
    );
  }
  const before = new Map(token.folders.map((f) => [f.id, f]));
  return folders.map(({ id, path }) => {
    const last = before.get(id);
    if (!last) return { id, path };
    const renamed = folderName(last.path) !== folderName(path);
    return { id, path, from: last.link, ...(renamed ? { refresh: true as const } : {}) };
  });
}

function tokenOf(state: MessagesCursor): MessagesToken {
  return {
    v: 1,
    kind: 'messages-token',
    folders: state.folders.map((f) => {
      if (f.to === undefined) throw new IntegrationError('UNKNOWN', `${OUTLOOK} pass ended before every folder did`);
      return { id: f.id, path: f.path, link: f.to };
    }),
  };
}

function digest(id: string): string {
  return createHash('sha256').update(id).digest('base64url').slice(0, 16);
}

/** Where the gate keys the calls: the mailbox (`tid:oid`), else the token (a connection without an ID token). */
function mailboxOf(credentials: ProviderCredentials, token: string): string {
  try {
    return microsoftIdentity(credentials['idToken'], OUTLOOK).accountKey;
  } catch {
    return `token:${createHash('sha256').update(token).digest('base64url').slice(0, 22)}`;
  }
}

/**
 * A page's messages by id, each at its last occurrence ("The same entity may appear several times":
 * the last one is its state, https://learn.microsoft.com/en-us/graph/delta-query-overview), in the
 * order of those last occurrences.
 */
function latestOf(entries: readonly (GraphMessage | null)[]): Map<string, GraphMessage> {
  const latest = new Map<string, GraphMessage>();
  for (const entry of entries) {
    const id = entry?.id;
    if (typeof id !== 'string' || id === '' || id.length > MAX_MESSAGE_ID_LENGTH) {
      throw new IntegrationError('UNKNOWN', `${OUTLOOK} returned a message without an id`);
    }
    latest.delete(id);
    latest.set(id, entry as GraphMessage);
  }
  return latest;
}

/** `{"id":…, "@removed": {"reason": "deleted" | "changed"}}` (delta-query-messages, the next round's answer). */
function isRemoved(message: GraphMessage): boolean {
  return typeof message['@removed'] === 'object' && message['@removed'] !== null;
}

function messageData(
  message: GraphMessage,
  folder: Pick<PlannedFolder, 'id' | 'path'>,
  paths: ReadonlyMap<string, readonly string[]>,
): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  if (typeof message.subject === 'string') data['subject'] = message.subject;
  const from = recipientOf(message.from);
  if (from) data['from'] = from;
  for (const key of ['toRecipients', 'ccRecipients'] as const) {
    const list = message[key];
    if (Array.isArray(list)) data[key] = list.map(recipientOf).filter((r) => r !== undefined);
  }
  if (typeof message.receivedDateTime === 'string') data['receivedDateTime'] = message.receivedDateTime;
  // The folder it is in: its id and "Inbox / Projects".
  const folderId =
    typeof message.parentFolderId === 'string' && paths.has(message.parentFolderId)
      ? message.parentFolderId
      : folder.id;
  data['folderId'] = folderId;
  data['folder'] = folderName(paths.get(folderId) ?? folder.path);
  if (Array.isArray(message.categories)) {
    data['categories'] = message.categories.filter((c): c is string => typeof c === 'string');
  }
  if (typeof message.bodyPreview === 'string') data['bodyPreview'] = message.bodyPreview;
  for (const key of ['isRead', 'hasAttachments'] as const) {
    if (typeof message[key] === 'boolean') data[key] = message[key];
  }
  if (typeof message.importance === 'string' && IMPORTANCE.has(message.importance))
    data['importance'] = message.importance;
  if (typeof message.conversationId === 'string') data['conversationId'] = message.conversationId;
  const webLink = httpsUrl(message.webLink);
  if (webLink) data['webLink'] = webLink;
  return data;
}

/** `{"emailAddress": {"name", "address"}}` as a record keeps it. */
function recipientOf(recipient: GraphRecipient | null | undefined): { name?: string; address?: string } | undefined {
  const name = nonEmpty(recipient?.emailAddress?.name);
  const address = nonEmpty(recipient?.emailAddress?.address);
  if (!name && !address) return undefined;
  return { ...(name ? { name } : {}), ...(address ? { address } : {}) };
}

function folderData(folder: MailFolder): Record<string, unknown> {
  return {
    name: folderName(folder.path),
    displayName: folder.path[folder.path.length - 1],
    ...(folder.parentFolderId !== undefined ? { parentFolderId: folder.parentFolderId } : {}),
    ...(folder.childFolderCount !== undefined ? { childFolderCount: folder.childFolderCount } : {}),
    ...(folder.totalItemCount !== undefined ? { totalItemCount: folder.totalItemCount } : {}),
    ...(folder.unreadItemCount !== undefined ? { unreadItemCount: folder.unreadItemCount } : {}),
  };
}

/** `$select` (URLSearchParams writes `$` as `%24`, which OData takes). */
function select(fields: string): URLSearchParams {
  return new URLSearchParams({ $select: fields });
}

/**
 * The address to show: `mail`, else `userPrincipalName` (a personal account's is its address;
 * https://github.com/OfficeDev/outlook-dev-docs/issues/196), but not a guest's `…#EXT#@…` name.
 */
function emailOf(me: GraphUser | undefined): string | undefined {
  const mail = nonEmpty(me?.mail);
  if (mail?.includes('@')) return mail;
  const upn = nonEmpty(me?.userPrincipalName);
  return upn?.includes('@') && !upn.includes('#EXT#') ? upn : undefined;
}

/** The tenant's name: the organization whose id is the token's `tid` (there is only one), else the first. */
function organizationOf(body: unknown, tenantId: string): string | undefined {
  const value = cursorFields(body)?.['value'];
  if (!Array.isArray(value)) return undefined;
  const organizations = value as ({ id?: string; displayName?: string | null } | null)[];
  const own =
    organizations.find((org) => typeof org?.id === 'string' && org.id.toLowerCase() === tenantId) ?? organizations[0];
  return nonEmpty(own?.displayName);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function httpsUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 4096) return undefined;
  try {
    return new URL(value).protocol === 'https:' ? value : undefined;
  } catch {
    return undefined;
  }
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
