import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { OUTLOOK_MANIFEST } from '@hub/server/integrations/outlook';
import { ControlInputError, controlBody, optionalInteger, optionalString } from '../../lib/control-input';
import { defineEmulation, fromManifest } from '../../lib/emulation';
import { integerOption, type OptionValues } from '../../lib/emulation-options';
import type { ApiContext, SandboxProvider } from '../../lib/provider-definition';
import type { DeltaRound } from '../microsoft-common/delta-ledger';
import { directoryRoutes } from '../microsoft-common/graph-directory';
import {
  GraphError,
  graphErrorHandler,
  graphErrorSender,
  graphRequestIds,
  sendGraphError,
} from '../microsoft-common/graph-errors';
import { graphLink, graphTokens, removedEntry } from '../microsoft-common/graph-links';
import { GraphPreferences, preferenceApplied } from '../microsoft-common/graph-prefer';
import {
  odataContext,
  parseSelect,
  parseTop,
  queryOption,
  requirePermission,
  selectProperties,
} from '../microsoft-common/graph-request';
import { GraphThrottle } from '../microsoft-common/graph-throttle';
import { MicrosoftIdentityPlatform } from '../microsoft-common/identity-platform';
import { personaFor } from '../microsoft-common/persona-control';
import { type MicrosoftPersona, PersonaSetting } from '../microsoft-common/personas';
import {
  type FolderNode,
  type MailView,
  OUTLOOK_DEFAULT_MESSAGES,
  OUTLOOK_MAX_MESSAGES,
  OutlookDataset,
} from './outlook-data';
import { MAIL_FOLDER_TYPE, MESSAGE_TYPE, NOT_BASIC } from './outlook-types';

const OUTLOOK_OPTIONS = {
  /** Messages in the generated mailbox. */
  messages: integerOption({
    default: OUTLOOK_DEFAULT_MESSAGES,
    env: 'SANDBOX_OUTLOOK_MESSAGES',
    min: 0,
    max: OUTLOOK_MAX_MESSAGES,
  }),
  /** Seed of the generated mailbox. */
  seed: integerOption({ default: 1, env: 'SANDBOX_OUTLOOK_SEED' }),
  /**
   * Messages per delta page without `Prefer: odata.maxpagesize`, and folders per listing page without
   * `$top`: 10, as observed (https://github.com/alcionai/corso/issues/2332) and as List mailFolders
   * documents ("the default page size (10 items)", https://learn.microsoft.com/en-us/graph/api/user-list-mailfolders).
   */
  pageSize: integerOption({ default: 10, min: 1, max: 1000 }),
};

/** `odata.maxpagesize` above this is capped: Graph documents no maximum for message delta. */
const MAX_PAGE_SIZE = 1000;
/**
 * Outlook's concurrency limit: 4 requests at a time per app and mailbox
 * (https://learn.microsoft.com/en-us/graph/throttling-limits#outlook-service-limits); the fifth answers
 * 429 ApplicationThrottled "Application is over its MailboxConcurrency limit."
 * (https://github.com/alcionai/corso/issues/3695).
 */
const MAILBOX_CONCURRENCY = 4;
const MAX_LATENCY_MS = 5_000;

/** Delegated permissions that read the signed-in person's mail, least privileged first (message-delta, user-list-mailfolders). */
const MAIL_READ = ['Mail.ReadBasic', 'Mail.Read', 'Mail.ReadWrite', 'Mail.ReadBasic.Shared', 'Mail.Read.Shared'];
/** Those that read bodies and previews too (everything but Mail.ReadBasic). */
const MAIL_READ_FULL = new Set(['Mail.Read', 'Mail.ReadWrite', 'Mail.Read.Shared', 'Mail.ReadWrite.Shared']);
/** Outlook's 403 (https://github.com/microsoftgraph/aspnetcore-connect-sample/issues/37). */
const MAIL_DENIED = { code: 'ErrorAccessDenied', message: 'Access is denied. Check credentials and try again.' };
const ITEM_NOT_FOUND = { code: 'ErrorItemNotFound', message: 'The specified object was not found in the store.' };
/** No Exchange Online mailbox (https://github.com/microsoftgraph/msgraph-sdk-javascript/issues/1756). */
const NO_MAILBOX = {
  code: 'MailboxNotEnabledForRESTAPI',
  message: 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
};

/**
 * A delta or next link's state: one round of one folder's message delta. While `u` (the round's
 * upTo) is set the round is being paged and `p` is the position the next page follows.
 */
interface DeltaState {
  /** The dataset epoch: a reset starts a new one. */
  readonly e: number;
  /** The folder, and its generation when the link was issued (`expire-delta` bumps it). */
  readonly f: string;
  readonly g: number;
  readonly r: 'start' | 'seq';
  /** After this ledger sequence (0 for `start`). */
  readonly a: number;
  readonly u?: number;
  readonly p?: number;
  /** `$select` as first given, and `$top` with how many the round returned so far. */
  readonly s?: string;
  readonly t?: number;
  readonly k?: number;
}

const isInteger = (value: unknown) => Number.isSafeInteger(value);
const DELTA_TOKENS = graphTokens<DeltaState>((v): v is DeltaState => {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return (
    isInteger(s['e']) &&
    typeof s['f'] === 'string' &&
    isInteger(s['g']) &&
    (s['r'] === 'start' || s['r'] === 'seq') &&
    isInteger(s['a']) &&
    (s['u'] === undefined) === (s['p'] === undefined) &&
    (s['u'] === undefined || isInteger(s['u'])) &&
    (s['p'] === undefined || isInteger(s['p'])) &&
    (s['s'] === undefined || typeof s['s'] === 'string') &&
    (s['t'] === undefined || isInteger(s['t'])) &&
    (s['k'] === undefined || isInteger(s['k']))
  );
});

/** The manifest's message resource, so that the mutate answer names what the hub syncs. */
const MESSAGES = 'messages';
const FOLDERS = 'folders';

/**
 * Microsoft Graph v1.0 (https://graph.microsoft.com/v1.0) as the Outlook provider calls it, at
 * `/outlook/api`: `GET /me` and `GET /organization` (who connected), `GET /me/mailFolders` (with
 * `includeHiddenFolders`), `/me/mailFolders/{id}` (an id or a well-known name), `…/childFolders`,
 * `GET /me/mailFolders/{id}/messages/delta` (one folder's messages, then their changes, `@removed`
 * included; `Prefer: odata.maxpagesize`; `$top` capping the whole round as Graph does) and
 * `GET /me/messages/{id}`, over a mailbox that `POST /_sandbox/outlook/mutate` changes. Ids are the
 * default ones, which change when a message moves, unless the request prefers `IdType="ImmutableId"`.
 * Outlook's limit of 4 requests at a time per mailbox is enforced (429 ApplicationThrottled beyond).
 *
 * Controls (`/_sandbox/outlook/…`): `persona`, `token-error`, `id-token-fault` (the identity
 * platform); `throttle` (429 / 503 with `Retry-After`); `expire-delta` (410 SyncStateNotFound for
 * the links issued so far, of one folder or all); `mailbox` (`{"enabled": false}`: every mail request
 * answers 404 MailboxNotEnabledForRESTAPI); `latency` (hold each mail request, so that concurrency
 * shows) and `concurrency` (the most requests seen in flight per mailbox, and how many were refused);
 * `folders` (list, create, delete) and `move` (one message to another folder).
 */
export const outlookEmulation = defineEmulation({
  id: 'outlook',
  options: OUTLOOK_OPTIONS,
  create: (options) => new OutlookEmulation(options).provider(),
});

class OutlookEmulation {
  private readonly data: OutlookDataset;
  private readonly personas = new PersonaSetting();
  private readonly throttle = new GraphThrottle('TooManyRequests');
  private readonly identity = new MicrosoftIdentityPlatform(this.personas);
  private epoch = 1;
  private mailboxEnabled = true;
  private latencyMs = 0;
  private readonly inFlight = new Map<string, number>();
  private maxInFlight = new Map<string, number>();
  private refused = 0;

  constructor(private readonly options: OptionValues<typeof OUTLOOK_OPTIONS>) {
    this.data = new OutlookDataset({ messages: options.messages, seed: options.seed });
  }

  provider(): SandboxProvider {
    return {
      // The OpenID Connect scopes the identity platform accepts besides Graph's
      // (https://learn.microsoft.com/en-us/entra/identity-platform/scopes-oidc#openid-connect-scopes),
      // and the least privileged mail permission, for clients that ask for it.
      ...fromManifest(OUTLOOK_MANIFEST, ['openid', 'profile', 'email', 'Mail.ReadBasic']),
      name: 'Outlook',
      ...this.identity.hooks(),
      sendError: graphErrorSender({
        forbidden: MAIL_DENIED,
        not_found: ITEM_NOT_FOUND,
        bad_request: { code: 'BadRequest' },
      }),
      rateLimitHeaders: () => ({}),
      api: (context) => this.api(context),
      dataset: {
        state: () => this.data.state(),
        // Changes the mailbox as use would and says what the next sync shows (OutlookDataset.mutate).
        mutate: (request) => {
          const counts = this.data.mutate(request);
          return { expected: { [MESSAGES]: counts.messages, [FOLDERS]: counts.folders } };
        },
        reset: () => {
          this.data.reset();
          this.personas.reset();
          this.throttle.clear();
          this.identity.reset();
          this.mailboxEnabled = true;
          this.latencyMs = 0;
          this.inFlight.clear();
          this.maxInFlight = new Map();
          this.refused = 0;
          // Links handed out before the reset name a history that is gone: 410.
          this.epoch += 1;
        },
      },
      control: () => this.control(),
    };
  }

  private api(context: ApiContext): Router {
    const router = express.Router();
    router.use((_req, res, next) => {
      graphRequestIds(res);
      next();
    });
    router.use(this.throttle.middleware);
    const signedIn = (res: Response): MicrosoftPersona => personaFor(context.token(res).accountId, this.personas);
    router.use((req, res, next) => this.concurrency(req, res, next, signedIn));
    router.use(directoryRoutes(context, signedIn));

    const view = (req: Request, res: Response): MailView => {
      requirePermission(context, res, MAIL_READ, MAIL_DENIED);
      if (!this.mailboxEnabled) throw new GraphError({ status: 404, ...NO_MAILBOX });
      const immutable = GraphPreferences.of(req).immutableIds();
      return { persona: signedIn(res), immutable };
    };
    const full = (res: Response) => [...context.token(res).scopes].some((s) => MAIL_READ_FULL.has(s));

    router.get('/me/mailFolders', (req, res) => {
      view(req, res);
      this.data.listed();
      this.listFolders(context, req, res, null);
    });
    router.get('/me/mailFolders/:folderId', (req, res) => {
      view(req, res);
      const folder = this.folder(String(req.params['folderId']));
      const select = parseSelect(queryOption(req, 'select'), MAIL_FOLDER_TYPE);
      res.json({
        '@odata.context': odataContext(context.apiBaseUrl, 'users/mailFolders/$entity'),
        ...selectProperties(this.data.renderFolder(folder), select, { always: ['id'] }),
      });
    });
    router.get('/me/mailFolders/:folderId/childFolders', (req, res) => {
      view(req, res);
      this.listFolders(context, req, res, this.folder(String(req.params['folderId'])));
    });
    router.get('/me/mailFolders/:folderId/messages/delta', (req, res) => {
      this.delta(context, req, res, view(req, res), full(res), String(req.params['folderId']));
    });
    // The form of the links Graph hands out: `/me/mailfolders('{id}')/messages/delta` (delta-query-messages).
    const functionForm = /^\/me\/mailfolders\('([^']+)'\)\/messages\/delta$/i;
    router.get(functionForm, (req, res) => {
      const match = functionForm.exec(req.path);
      this.delta(context, req, res, view(req, res), full(res), decodeURIComponent(match?.[1] ?? ''));
    });
    router.get('/me/messages/:messageId', (req, res) => {
      const mailView = view(req, res);
      const message = this.data.message(String(req.params['messageId']), mailView);
      if (!message) throw new GraphError({ status: 404, ...ITEM_NOT_FOUND });
      const select = parseSelect(queryOption(req, 'select'), MESSAGE_TYPE);
      if (mailView.immutable) preferenceApplied(res, ['IdType="ImmutableId"']);
      res.json({
        '@odata.context': odataContext(context.apiBaseUrl, 'users/messages/$entity'),
        ...this.messageBody(this.data.renderMessage(message, mailView, webBase(mailView)), select, full(res)),
      });
    });

    router.use(graphErrorHandler);
    return router;
  }

  /**
   * Outlook's requests (mail folders and messages; not the directory's /me and /organization) of one
   * mailbox at most 4 at a time: the fifth answers 429 ApplicationThrottled. `latency` holds each one
   * this long, so that a client's concurrency shows.
   */
  private concurrency(
    req: Request,
    res: Response,
    next: NextFunction,
    signedIn: (res: Response) => MicrosoftPersona,
  ): void {
    const path = req.path.toLowerCase();
    if (!path.startsWith('/me/mailfolders') && !path.startsWith('/me/messages')) return next();
    const mailbox = signedIn(res).kind;
    const now = (this.inFlight.get(mailbox) ?? 0) + 1;
    if (now > MAILBOX_CONCURRENCY) {
      this.refused += 1;
      sendGraphError(res, {
        status: 429,
        code: 'ApplicationThrottled',
        message: 'Application is over its MailboxConcurrency limit.',
        // Graph's throttled answers say when to retry (https://learn.microsoft.com/en-us/graph/throttling).
        headers: { 'Retry-After': '1' },
      });
      return;
    }
    this.inFlight.set(mailbox, now);
    this.maxInFlight.set(mailbox, Math.max(this.maxInFlight.get(mailbox) ?? 0, now));
    let done = false;
    const leave = () => {
      if (done) return;
      done = true;
      this.inFlight.set(mailbox, Math.max(0, (this.inFlight.get(mailbox) ?? 1) - 1));
    };
    res.on('finish', leave);
    res.on('close', leave);
    if (this.latencyMs > 0) setTimeout(next, this.latencyMs);
    else next();
  }

  private control(): Router {
    const router = express.Router();
    this.identity.addControls(router);
    router.use(this.throttle.control());
    // Delta links go stale as when Outlook's "internal delta token cache" drops them
    // (https://learn.microsoft.com/en-us/graph/delta-query-overview): their next use answers 410.
    router.post('/expire-delta', (req, res) => {
      const name = optionalString(controlBody(req, ['folder']), 'folder');
      const folder = name === undefined ? undefined : this.controlFolder(name);
      this.data.expire(folder);
      res.json({ expired: folder ? [folder.id] : 'all' });
    });
    router.post('/mailbox', (req, res) => {
      const enabled = controlBody(req, ['enabled'])['enabled'];
      if (typeof enabled !== 'boolean') throw new ControlInputError('enabled must be true or false');
      this.mailboxEnabled = enabled;
      res.json({ enabled });
    });
    router.post('/latency', (req, res) => {
      this.latencyMs = optionalInteger(controlBody(req, ['ms']), 'ms', 0, MAX_LATENCY_MS) ?? 0;
      res.json({ ms: this.latencyMs });
    });
    router.get('/concurrency', (_req, res) => {
      res.json({
        limit: MAILBOX_CONCURRENCY,
        maxInFlight: Object.fromEntries(this.maxInFlight),
        refused: this.refused,
      });
    });
    router.get('/folders', (_req, res) => {
      res.json({ folders: this.folderList() });
    });
    router.post('/folders', (req, res) => {
      const body = controlBody(req, ['name', 'parent', 'messages']);
      const name = optionalString(body, 'name');
      if (!name || name.length > 255) throw new ControlInputError('name must be 1 to 255 characters');
      const parentName = optionalString(body, 'parent');
      const parent = parentName === undefined ? null : this.controlFolder(parentName);
      const messages = optionalInteger(body, 'messages', 0, 1000) ?? 0;
      const folder = this.data.createFolder(name, parent, messages);
      res.json({ id: folder.id, messages });
    });
    router.delete('/folders/:folderId', (req, res) => {
      const folder = this.controlFolder(String(req.params['folderId']));
      res.json({ deletedMessages: this.data.deleteFolder(folder) });
    });
    router.post('/move', (req, res) => {
      const body = controlBody(req, ['message', 'folder']);
      const id = optionalString(body, 'message');
      const to = this.controlFolder(optionalString(body, 'folder') ?? '');
      const message =
        id === undefined ? undefined : this.data.message(id, { persona: this.personas.get(), immutable: true });
      if (!message) throw new ControlInputError('message must be the immutable id of a message in the mailbox');
      const from = message.folderId;
      this.data.move(message, to);
      res.json({ message: message.immutableId, from, to: to.id });
    });
    return router;
  }

  private folderList() {
    const walk = (parent: string | null): Record<string, unknown>[] =>
      this.data.children(parent, true).flatMap((folder) => [
        {
          id: folder.id,
          displayName: folder.displayName,
          parentId: folder.parentId,
          isHidden: folder.isHidden,
          ...(folder.wellKnownName ? { wellKnownName: folder.wellKnownName } : {}),
          messages: this.data.messagesIn(folder).map((m) => m.immutableId),
        },
        ...walk(folder.id),
      ]);
    return walk(null);
  }

  private controlFolder(idOrName: string): FolderNode {
    const folder = this.data.find(idOrName);
    if (!folder) throw new ControlInputError(`No folder ${JSON.stringify(idOrName)} (an id or a well-known name)`);
    return folder;
  }

  private folder(idOrName: string): FolderNode {
    const folder = this.data.find(idOrName);
    if (!folder) throw new GraphError({ status: 404, ...ITEM_NOT_FOUND });
    return folder;
  }

  /**
   * List mailFolders / List childFolders (https://learn.microsoft.com/en-us/graph/api/user-list-mailfolders,
   * https://learn.microsoft.com/en-us/graph/api/mailfolder-list-childfolders): one level, hidden
   * folders only with `includeHiddenFolders=true`, `$top` (default 10) and `$skip`, an
   * `@odata.nextLink` while more remain.
   */
  private listFolders(context: ApiContext, req: Request, res: Response, parent: FolderNode | null): void {
    const select = parseSelect(queryOption(req, 'select'), MAIL_FOLDER_TYPE);
    const top = parseTop(queryOption(req, 'top'), MAX_PAGE_SIZE) ?? this.options.pageSize;
    const skip = parseTop(queryOption(req, 'skip'), Number.MAX_SAFE_INTEGER) ?? 0;
    const hidden = String(req.query['includeHiddenFolders'] ?? '').toLowerCase() === 'true';
    const all = this.data.children(parent?.id ?? null, hidden);
    const value = all
      .slice(skip, skip + top)
      .map((folder) => selectProperties(this.data.renderFolder(folder), select, { always: ['id'] }));
    const params: Record<string, string> = {
      ...(hidden ? { includeHiddenFolders: 'true' } : {}),
      ...(select ? { $select: select.join(',') } : {}),
      $top: String(top),
      $skip: String(skip + top),
    };
    res.json({
      '@odata.context': odataContext(
        context.apiBaseUrl,
        parent ? `users/mailFolders('${parent.id}')/childFolders` : 'users/mailFolders',
      ),
      value,
      ...(skip + top < all.length ? { '@odata.nextLink': graphLink(context.apiBaseUrl, req.path, params) } : {}),
    });
  }

  /**
   * `GET /me/mailFolders/{id}/messages/delta` (https://learn.microsoft.com/en-us/graph/api/message-delta):
   * no token lists the folder's messages; a deltaLink's `$deltatoken` the messages changed in it
   * since (new, edited, moved in: the message; deleted or moved out: `@removed`); each page carries
   * `@odata.nextLink` (`$skiptoken`) until the last, which carries `@odata.deltaLink`. Pages of
   * `Prefer: odata.maxpagesize` (default 10); `$top` caps the whole round instead, as observed
   * (https://github.com/microsoftgraph/microsoft-graph-docs/issues/2232). No `$search` ("There is no
   * support for $search"). A stale link (expired, or from before a reset) answers 410 SyncStateNotFound
   * (https://github.com/microsoftgraph/microsoft-graph-docs/issues/2350); one Graph never issued, 400.
   */
  private delta(
    context: ApiContext,
    req: Request,
    res: Response,
    mailView: MailView,
    fullAccess: boolean,
    folderIdOrName: string,
  ): void {
    const folder = this.folder(folderIdOrName);
    if (queryOption(req, 'search') !== null) {
      throw new GraphError({
        status: 400,
        code: 'ErrorInvalidUrlQuery',
        message: '$search is not supported on delta.',
      });
    }
    const skipToken = queryOption(req, 'skiptoken');
    const deltaToken = queryOption(req, 'deltatoken');
    const raw = skipToken ?? deltaToken;
    const given = raw === null ? undefined : DELTA_TOKENS.decode(raw);
    if (raw !== null && (!given || given.f !== folder.id || (skipToken !== null) !== (given.u !== undefined))) {
      throw new GraphError({ status: 400, code: 'ErrorInvalidUrlQuery', message: 'The state token is not valid.' });
    }
    if (given && (given.e !== this.epoch || given.g !== folder.generation || given.a > folder.ledger.seq)) {
      throw new GraphError({
        status: 410,
        code: 'SyncStateNotFound',
        message: `The sync state generation is not found; generation=${given.g};`,
      });
    }
    const prefer = GraphPreferences.of(req);
    const pageSize = prefer.maxPageSize(MAX_PAGE_SIZE);
    const limit = pageSize ?? this.options.pageSize;
    preferenceApplied(res, [
      ...(pageSize !== undefined ? [`odata.maxpagesize=${pageSize}`] : []),
      ...(mailView.immutable ? ['IdType="ImmutableId"'] : []),
    ]);
    const select = queryOption(req, 'select') ?? given?.s ?? null;
    const selection = parseSelect(select, MESSAGE_TYPE);
    const topGiven = parseTop(queryOption(req, 'top'), Number.MAX_SAFE_INTEGER);
    const top = topGiven ?? given?.t;
    const query = { ...(select === null ? {} : { s: select }), ...(top === undefined ? {} : { t: top }) };
    const base = { e: this.epoch, f: folder.id, g: folder.generation };
    const state: DeltaState =
      given === undefined
        ? { ...base, r: 'start', a: 0, u: folder.ledger.seq, p: -1, k: 0, ...query }
        : given.u === undefined
          ? { ...given, ...query, u: folder.ledger.seq, p: -1, k: 0 }
          : given;
    const upTo = state.u as number;
    const round: DeltaRound = state.r === 'start' ? { kind: 'start', upTo } : { kind: 'seq', after: state.a, upTo };
    const returned = state.k ?? 0;
    const room = top === undefined ? limit : Math.max(0, Math.min(limit, top - returned));
    const page = room > 0 ? folder.ledger.page(round, state.p as number, room) : { items: [], next: null };
    const web = webBase(mailView);
    const value = page.items.map(({ item, visible }) =>
      visible && !item.deleted && item.folderId === folder.id
        ? this.messageBody(this.data.renderMessage(item, mailView, web), selection, fullAccess)
        : {
            '@odata.type': '#microsoft.graph.message',
            ...removedEntry(this.data.idOf(item, folder.id, mailView), 'deleted'),
          },
    );
    const linkPath = `/me/mailfolders('${folder.id}')/messages/delta`;
    // With `$top`, the round ends once that many were returned.
    const done = page.next === null || (top !== undefined && returned + value.length >= top);
    let links: Record<string, string>;
    if (done) {
      this.data.issue();
      links = {
        '@odata.deltaLink': graphLink(context.apiBaseUrl, linkPath, {
          $deltatoken: DELTA_TOKENS.encode({ ...base, r: 'seq', a: upTo, ...query }),
        }),
      };
    } else {
      links = {
        '@odata.nextLink': graphLink(context.apiBaseUrl, linkPath, {
          $skiptoken: DELTA_TOKENS.encode({ ...state, p: page.next as number, k: returned + value.length }),
        }),
      };
    }
    res.json({ '@odata.context': odataContext(context.apiBaseUrl, 'Collection(message)'), ...links, value });
  }

  /** A message as the token may read it: `$select`ed, without what Mail.ReadBasic does not read. */
  private messageBody(
    message: Record<string, unknown>,
    selection: readonly string[] | null,
    fullAccess: boolean,
  ): Record<string, unknown> {
    const selected = selectProperties(message, selection, { always: ['id'] });
    if (!fullAccess) for (const name of NOT_BASIC) delete selected[name];
    return selected;
  }
}

/** Outlook on the web, where `webLink` opens the message: Microsoft 365's, or Outlook.com's. */
function webBase(view: MailView): string {
  return view.persona.kind === 'personal' ? 'https://outlook.live.com/owa/' : 'https://outlook.office365.com/owa/';
}
