import express, { type Request, type Response, type Router } from 'express';
import { ONEDRIVE_MANIFEST } from '@hub/server/integrations/onedrive';
import { ControlInputError, controlBody } from '../../lib/control-input';
import { defineEmulation, fromManifest } from '../../lib/emulation';
import { integerOption, type OptionValues } from '../../lib/emulation-options';
import type { ApiContext, SandboxProvider } from '../../lib/provider-definition';
import type { DeltaRound } from '../microsoft-common/delta-ledger';
import { directoryRoutes } from '../microsoft-common/graph-directory';
import { GraphError, graphErrorHandler, graphErrorSender, graphRequestIds } from '../microsoft-common/graph-errors';
import { graphLink, graphTokens, syncReset } from '../microsoft-common/graph-links';
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
  type DriveNode,
  type DriveView,
  ONEDRIVE_DEFAULT_ITEMS,
  ONEDRIVE_MAX_ITEMS,
  OneDriveDataset,
} from './onedrive-data';
import { DRIVE_ITEM_TYPE, DRIVE_TYPE } from './onedrive-types';

const ONEDRIVE_OPTIONS = {
  /** Folders and files under the root. */
  items: integerOption({
    default: ONEDRIVE_DEFAULT_ITEMS,
    env: 'SANDBOX_ONEDRIVE_ITEMS',
    min: 0,
    max: ONEDRIVE_MAX_ITEMS,
  }),
  /** Seed of the generated drive. */
  seed: integerOption({ default: 1, env: 'SANDBOX_ONEDRIVE_SEED' }),
  /** Items per delta page without `$top`: the service's own page size, which "can vary" (Graph paging). */
  pageSize: integerOption({ default: 200, min: 1, max: 1000 }),
};

/** `$top` above this is capped: driveItem delta documents no maximum page size. */
const MAX_PAGE_SIZE = 1000;

/** Delegated permissions that read the signed-in person's drive, least privileged first (drive-get, driveitem-delta). */
const FILES_READ = [
  'Files.Read',
  'Files.ReadWrite',
  'Files.Read.All',
  'Files.ReadWrite.All',
  'Sites.Read.All',
  'Sites.ReadWrite.All',
];
/** OneDrive's 403 (https://learn.microsoft.com/en-us/onedrive/developer/rest-api/concepts/errors). */
const FILES_DENIED = { code: 'accessDenied', message: "The caller doesn't have permission to perform the action." };
const ITEM_NOT_FOUND = { code: 'itemNotFound', message: 'Item not found' };

/**
 * A delta or next link's state: one round of `/me/drive/root/delta`. While `u` (the round's upTo) is
 * set the round is being paged and `p` is the position the next page follows.
 */
interface DeltaState {
  /** The token epoch: a reset or `expire-delta` starts a new one, and older tokens answer 410. */
  readonly e: number;
  /** The drive kind it was issued for. */
  readonly d: DriveView['kind'];
  readonly r: DeltaRound['kind'];
  /** After this sequence (`seq`) or epoch ms (`time`); 0 for `start`. */
  readonly a: number;
  readonly u?: number;
  readonly p?: number;
  /** `$select` and `$top` as first given: Graph's links hold the whole query. */
  readonly s?: string;
  readonly n?: number;
}

const isInteger = (value: unknown) => Number.isSafeInteger(value);
const DELTA_TOKENS = graphTokens<DeltaState>((v): v is DeltaState => {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return (
    isInteger(s['e']) &&
    (s['d'] === 'business' || s['d'] === 'personal') &&
    (s['r'] === 'start' || s['r'] === 'seq' || s['r'] === 'time') &&
    isInteger(s['a']) &&
    (s['u'] === undefined) === (s['p'] === undefined) &&
    (s['u'] === undefined || isInteger(s['u'])) &&
    (s['p'] === undefined || isInteger(s['p'])) &&
    (s['s'] === undefined || typeof s['s'] === 'string') &&
    (s['n'] === undefined || isInteger(s['n']))
  );
});

/** OneDrive for Business takes a URL-encoded timestamp as `token` (driveitem-delta, example 4), `+8:00` too. */
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?)(?:Z|([+-])(\d{1,2}):(\d{2}))$/;

/**
 * The 410 resync answers: `resyncRequired` with the message Graph sends
 * (https://github.com/OneDrive/onedrive-api-docs/issues/1356), the error type driveitem-delta names as the
 * inner code (Example 2's table) and what it says to do.
 */
const RESYNC_MESSAGES = {
  resyncChangesApplyDifferences:
    "Resync required. Replace any local items with the server's version (including deletes) if you're sure that " +
    "the service was up to date with your local changes when you last sync'd. Upload any local changes that the " +
    "server doesn't know about.",
  resyncChangesUploadDifferences:
    "Resync required. Upload any local items that the service didn't return, and upload any files that differ " +
    "from the server's version (keeping both copies if you're not sure which one is more up-to-date).",
} as const;
type ResyncCode = keyof typeof RESYNC_MESSAGES;

/** The manifest's one resource, so that the mutate answer names what the hub syncs. */
const RESOURCE = ONEDRIVE_MANIFEST.sync?.resources[0]?.id ?? 'files';

/**
 * Microsoft Graph v1.0 (https://graph.microsoft.com/v1.0) as the OneDrive provider calls it, at
 * `/onedrive/api`: `GET /me` and `GET /organization` (who connected), `GET /me/drive` (the drive and its
 * quota), `GET /me/drive/root`, `GET /me/drive/items/{id}` and `GET /me/drive/root/delta` over a drive
 * that `POST /_sandbox/onedrive/mutate` changes. The signed-in persona (a work member or admin, or a
 * personal account: `POST /_sandbox/onedrive/persona`) decides what Graph answers: OneDrive for
 * Business or consumer OneDrive, `/organization` or its failure. Further controls:
 * `POST /_sandbox/onedrive/expire-delta` (the next use of any earlier delta or next link answers 410
 * resync) and `/_sandbox/onedrive/throttle` (429 or 503 with `Retry-After`, possibly fractional).
 */
export const onedriveEmulation = defineEmulation({
  id: 'onedrive',
  options: ONEDRIVE_OPTIONS,
  create: (options) => new OneDriveEmulation(options).provider(),
});

class OneDriveEmulation {
  private readonly data: OneDriveDataset;
  private readonly personas = new PersonaSetting();
  // OneDrive throttles with activityLimitReached / throttledRequest (graph-throttle.ts).
  private readonly throttle = new GraphThrottle('activityLimitReached');
  // Microsoft's sign-in: ID tokens with tid/oid, AADSTS errors, the persona control.
  private readonly identity = new MicrosoftIdentityPlatform(this.personas);
  private epoch = 1;
  private resyncCode: ResyncCode = 'resyncChangesApplyDifferences';

  constructor(private readonly options: OptionValues<typeof ONEDRIVE_OPTIONS>) {
    this.data = new OneDriveDataset({ items: options.items, seed: options.seed });
  }

  provider(): SandboxProvider {
    return {
      // The OpenID Connect scopes the identity platform accepts besides Graph's
      // (https://learn.microsoft.com/en-us/entra/identity-platform/scopes-oidc#openid-connect-scopes).
      ...fromManifest(ONEDRIVE_MANIFEST, ['openid', 'profile', 'email']),
      name: 'OneDrive',
      ...this.identity.hooks(),
      sendError: graphErrorSender({
        forbidden: FILES_DENIED,
        not_found: ITEM_NOT_FOUND,
        bad_request: { code: 'invalidRequest' },
        rate_limited: {
          code: 'activityLimitReached',
          message: 'The request has been throttled',
          innerCode: 'throttledRequest',
        },
      }),
      // Graph sends no rate-limit headers of this kind: a throttled answer's Retry-After says it all.
      rateLimitHeaders: () => ({}),
      api: (context) => this.api(context),
      dataset: {
        state: () => this.data.state(),
        // Changes the drive as use would and says what the next delta shows (OneDriveDataset.mutate).
        mutate: (request) => ({ expected: { [RESOURCE]: this.data.mutate(request) } }),
        reset: () => {
          this.data.reset();
          this.personas.reset();
          this.throttle.clear();
          this.identity.reset();
          this.resyncCode = 'resyncChangesApplyDifferences';
          // Links handed out before the reset name a history that is gone: 410 resync.
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
    router.use(directoryRoutes(context, signedIn));

    router.get('/me/drive', (req, res) => {
      requirePermission(context, res, FILES_READ, FILES_DENIED);
      const select = parseSelect(queryOption(req, 'select'), DRIVE_TYPE);
      const drive = this.data.drive(this.data.view(signedIn(res)), context.apiBaseUrl);
      res.json(selectProperties(drive, select, { always: ['id'] }));
    });
    router.get('/me/drive/root', (req, res) => {
      requirePermission(context, res, FILES_READ, FILES_DENIED);
      this.sendItem(context, req, res, this.data.view(signedIn(res)), this.data.root());
    });
    router.get('/me/drive/items/:itemId', (req, res) => {
      requirePermission(context, res, FILES_READ, FILES_DENIED);
      const view = this.data.view(signedIn(res));
      const node = this.data.find(String(req.params['itemId']), view);
      if (!node || node.deleted) throw new GraphError({ status: 404, ...ITEM_NOT_FOUND });
      this.sendItem(context, req, res, view, node);
    });
    router.get('/me/drive/root/delta', (req, res) => {
      this.delta(context, req, res, signedIn(res), queryOption(req, 'token'));
    });
    // The function-call form of the docs' examples: `delta(token='…')`.
    const functionCall = /^\/me\/drive\/root\/delta\(token=(?:'([^']*)'|([^)']*))\)$/;
    router.get(functionCall, (req, res) => {
      const match = functionCall.exec(req.path);
      this.delta(context, req, res, signedIn(res), decodeURIComponent(match?.[1] ?? match?.[2] ?? ''));
    });

    router.use(graphErrorHandler);
    return router;
  }

  private control(): Router {
    const router = express.Router();
    this.identity.addControls(router);
    router.use(this.throttle.control());
    // Every delta and next link handed out so far goes stale, as after "a long time" or when "server
    // state has changed and a new token is required" (driveitem-delta): its next use answers 410.
    router.post('/expire-delta', (req, res) => {
      const code = controlBody(req, ['code'])['code'] ?? 'resyncChangesApplyDifferences';
      if (code !== 'resyncChangesApplyDifferences' && code !== 'resyncChangesUploadDifferences') {
        throw new ControlInputError('code must be resyncChangesApplyDifferences or resyncChangesUploadDifferences');
      }
      this.epoch += 1;
      this.resyncCode = code;
      res.json({ expired: true, code });
    });
    return router;
  }

  private sendItem(context: ApiContext, req: Request, res: Response, view: DriveView, node: DriveNode): void {
    const select = parseSelect(queryOption(req, 'select'), DRIVE_ITEM_TYPE);
    res.json({
      '@odata.context': odataContext(context.apiBaseUrl, `drives('${view.driveId}')/items/$entity`),
      ...selectProperties(this.data.render(node, view, false), select, { always: ['id'] }),
    });
  }

  /**
   * `GET /me/drive/root/delta` (https://learn.microsoft.com/en-us/graph/api/driveitem-delta): no token
   * enumerates the drive, the root first; `latest` answers no items and a deltaLink from now; a link's
   * token goes on with its round or starts the next one (the items changed since: new, edited, renamed,
   * moved, deleted with the `deleted` facet, and the folders above them unless the request has the
   * `deltaExcludeParent` header); on OneDrive for Business a timestamp starts from that time. Pages
   * carry `@odata.nextLink` until the last, which carries `@odata.deltaLink`. A stale token (expired,
   * or from before a reset) answers 410 with `Location` a fresh enumeration's link; one Graph never
   * issued answers 500 generalException, as Graph did for a garbled token
   * (https://github.com/OneDrive/onedrive-api-docs/issues/1067).
   */
  private delta(
    context: ApiContext,
    req: Request,
    res: Response,
    persona: MicrosoftPersona,
    token: string | null,
  ): void {
    requirePermission(context, res, FILES_READ, FILES_DENIED);
    const view = this.data.view(persona);
    const drive = { e: this.epoch, d: view.kind };
    const given = this.readToken(token, view);

    const select = queryOption(req, 'select') ?? (typeof given === 'object' ? given.s : undefined);
    const topRaw = queryOption(req, 'top');
    const top = parseTop(
      topRaw ?? (typeof given === 'object' && given.n !== undefined ? String(given.n) : null),
      MAX_PAGE_SIZE,
    );
    const selection = parseSelect(select ?? null, DRIVE_ITEM_TYPE);
    const query = { ...(select === undefined ? {} : { s: select }), ...(top === undefined ? {} : { n: top }) };
    const link = (state: DeltaState) =>
      graphLink(context.apiBaseUrl, '/me/drive/root/delta', { token: DELTA_TOKENS.encode(state) });
    const deltaLink = (seq: number) => {
      this.data.issue(seq);
      return link({ ...drive, r: 'seq', a: seq, ...query });
    };
    const body = (value: unknown[], next: Record<string, string>) =>
      res.json({ '@odata.context': odataContext(context.apiBaseUrl, 'Collection(driveItem)'), value, ...next });

    if (given === 'latest') {
      body([], { '@odata.deltaLink': deltaLink(this.data.seq) });
      return;
    }
    if (given !== undefined && (given.e !== this.epoch || (given.r === 'seq' && given.a > this.data.seq))) {
      throw syncReset({
        location: link({ ...drive, r: 'start', a: 0, u: this.data.seq, p: -1, ...query }),
        code: 'resyncRequired',
        message: RESYNC_MESSAGES[this.resyncCode],
        innerCode: this.resyncCode,
      });
    }
    const state: DeltaState =
      given === undefined
        ? { ...drive, r: 'start', a: 0, u: this.data.seq, p: -1, ...query }
        : { ...given, ...query, ...(given.u === undefined ? { u: this.data.seq, p: -1 } : {}) };
    const upTo = state.u as number;
    const round: DeltaRound = state.r === 'start' ? { kind: 'start', upTo } : { kind: state.r, after: state.a, upTo };
    const page = this.data.deltaPage(
      round,
      state.p as number,
      top ?? this.options.pageSize,
      req.get('deltaExcludeParent') !== undefined,
    );
    const value = page.items.map((node) =>
      selectProperties(this.data.render(node, view, true), selection, { always: ['id'] }),
    );
    body(
      value,
      page.next === null
        ? { '@odata.deltaLink': deltaLink(upTo) }
        : { '@odata.nextLink': link({ ...state, p: page.next }) },
    );
  }

  /** The state `token` names: undefined for none, 'latest', or a link's; a token Graph never issued throws. */
  private readToken(token: string | null, view: DriveView): DeltaState | 'latest' | undefined {
    if (token === null || token === '') return undefined;
    if (token === 'latest') return 'latest';
    const timestamp = TIMESTAMP.exec(token);
    if (timestamp && view.kind === 'business') {
      const [, local, sign, hours, minutes] = timestamp;
      const at = Date.parse(sign ? `${local}${sign}${hours.padStart(2, '0')}:${minutes}` : `${local}Z`);
      if (Number.isSafeInteger(at)) return { e: this.epoch, d: view.kind, r: 'time', a: at };
    }
    const state = DELTA_TOKENS.decode(token);
    if (state && state.d === view.kind) return state;
    throw new GraphError({ status: 500, code: 'generalException', message: 'General Exception While Processing' });
  }
}
