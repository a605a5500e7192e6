import { createHash } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response } from 'express';
import { SLACK_MANIFEST } from '@hub/server/integrations/slack';
import { defineEmulation, fromManifest } from '../../lib/emulation';
import { integerOption, type OptionValues } from '../../lib/emulation-options';
import { opaqueTokens } from '../../lib/page-token';
import type { ApiContext, ApiError, SandboxProvider } from '../../lib/provider-definition';
import {
  SLACK_APP_ID,
  SLACK_SANDBOX_USER,
  SLACK_TEAM,
  type SlackConversation,
  type SlackMessage,
  SlackWorkspace,
  tsMicros,
} from './slack-data';

const SLACK_OPTIONS = {
  /** Seed of the generated workspace. */
  seed: integerOption({ default: 1, env: 'SANDBOX_SLACK_SEED' }),
  /** 1: every method is held to its rate tier (METHOD_TIERS), per minute; 0 (default): only the sandbox's own limit. */
  rateTiers: integerOption({ default: 0, env: 'SANDBOX_SLACK_RATE_TIERS', min: 0, max: 1 }),
  /**
   * 1: the app is a commercially distributed app outside the Slack Marketplace, held since 2025 to 1
   * conversations.history (and conversations.replies) request a minute with at most 15 messages
   * (https://api.slack.com/changelog/2025-05-terms-rate-limit-update-and-faq). Implies the tiers for them.
   */
  nonMarketplace: integerOption({ default: 0, env: 'SANDBOX_SLACK_NON_MARKETPLACE', min: 0, max: 1 }),
  /** How long the tiers' "minute" lasts, so tests of the limits stay short (Retry-After is whole seconds). */
  minuteMs: integerOption({ default: 60_000, env: 'SANDBOX_SLACK_MINUTE_MS', min: 1000, max: 3_600_000 }),
};

/**
 * Requests a minute per method, per app and workspace (https://api.slack.com/apis/rate-limits): Tier 2
 * "20+ per minute", Tier 3 "50+", Tier 4 "100+"; auth.test is "Special", held here to Tier 4's.
 */
const METHOD_TIERS: Readonly<Record<string, number>> = {
  'auth.test': 100,
  'auth.revoke': 50,
  'conversations.list': 20,
  'conversations.history': 50,
  'conversations.replies': 50,
};
/** Non-Marketplace commercial apps: these methods 1 a minute, at most 15 messages each. */
const NON_MARKETPLACE_LIMITED = new Set(['conversations.history', 'conversations.replies']);
const NON_MARKETPLACE_MAX_MESSAGES = 15;
/** Access tokens remembered to tell an expired one (token_expired) from one never issued (invalid_auth). */
const MAX_REMEMBERED_TOKENS = 50_000;
/** The wait a 429 of the sandbox's own (an injected fault without `retryAfterSeconds`) announces. */
const DEFAULT_RETRY_AFTER_SECONDS = 1;

/**
 * Which scope reads which kind of conversation (https://docs.slack.dev/reference/methods/conversations.list,
 * https://docs.slack.dev/reference/methods/conversations.history, "Scopes", user tokens).
 */
const LIST_SCOPES: Record<string, string> = {
  public_channel: 'channels:read',
  private_channel: 'groups:read',
  mpim: 'mpim:read',
  im: 'im:read',
};

/** conversations.list: `limit` defaults to 100 and may be up to 1000; conversations.history: 100 and 999. */
const LIST_LIMIT = { fallback: 100, max: 1000 };
const HISTORY_LIMIT = { fallback: 100, max: 999 };

const TS = /^\d{1,12}(\.\d{1,6})?$/;

/**
 * Slack's Web API (https://slack.com/api) as the Slack provider calls it, for a user token: `auth.test`,
 * `auth.revoke`, `conversations.list` and `conversations.history` (GET with query arguments, or POST
 * with a form; the token in `Authorization: Bearer` or a POSTed `token` field),
 * with Slack's cursor pagination (`response_metadata.next_cursor`, `has_more`) and its error shape:
 * HTTP 200 with `{ "ok": false, "error": "…" }` (`missing_scope` adds `needed` and `provided`), HTTP 429
 * with `Retry-After` and `ratelimited` for rate limits (https://docs.slack.dev/apis/web-api/rate-limits),
 * 5xx for server faults. Every 429 carries `Retry-After`.
 *
 * Rate tiers (option `rateTiers`): each method's requests a minute (METHOD_TIERS), past which it answers
 * 429 `ratelimited` with `Retry-After` until its minute is over; `nonMarketplace` holds
 * conversations.history to 1 a minute and 15 messages (a larger `limit` is capped). `minuteMs` shortens
 * the minute for tests.
 *
 * Token rotation (https://api.slack.com/authentication/rotation): every access token expires; an
 * expired one (past its `expires_in`, or through `/_sandbox/slack/expire-access-tokens`) answers
 * `token_expired`, one never issued or revoked with auth.revoke `invalid_auth` (as the Bearer header; a
 * POSTed `token` field past its time is answered invalid_auth).
 *
 * OAuth v2 (https://docs.slack.dev/authentication/installing-with-oauth): the authorization request
 * carries user-token scopes in `user_scope`, comma-separated; the code exchange answers in
 * oauth.v2.access's shape (https://docs.slack.dev/reference/methods/oauth.v2.access) with the user
 * token under `authed_user`, and a refresh (token rotation,
 * https://docs.slack.dev/authentication/using-token-rotation) answers flat. Only user tokens: there
 * are no bot tokens here (a bot `scope` in the request is ignored).
 */
export const slackEmulation = defineEmulation({ id: 'slack', options: SLACK_OPTIONS, create: slackSandbox });

function slackSandbox({
  seed,
  rateTiers,
  nonMarketplace,
  minuteMs,
}: OptionValues<typeof SLACK_OPTIONS>): SandboxProvider {
  let data = new SlackWorkspace(seed);
  const windows = new Map<string, { start: number; count: number }>();
  /**
   * Hashes of the access tokens the token endpoint gave out (oldest first), with their grant once a
   * request showed it (so auth.revoke can mark the grant's other tokens revoked rather than expired).
   */
  const issued = new Map<string, string | null>();

  /** The method's allowance this minute, or undefined when it is not held to one. */
  const perMinute = (name: string): number | undefined => {
    if (nonMarketplace === 1 && NON_MARKETPLACE_LIMITED.has(name)) return 1;
    return rateTiers === 1 ? METHOD_TIERS[name] : undefined;
  };
  /** Seconds to wait when `name` has used its minute (counting this call when it may go on), else 0. */
  const takeRate = (name: string): number => {
    const allowed = perMinute(name);
    if (allowed === undefined) return 0;
    const now = Date.now();
    let window = windows.get(name);
    if (!window || now >= window.start + minuteMs) {
      window = { start: now, count: 0 };
      windows.set(name, window);
    }
    if (window.count >= allowed) return Math.max(1, Math.ceil((window.start + minuteMs - now) / 1000));
    window.count += 1;
    return 0;
  };

  const sendError = (res: Response, error: ApiError) => {
    const form = res.req?.body as Record<string, unknown> | undefined;
    const hasToken = Boolean(res.req?.get('authorization') || form?.['token']);
    if (error.status === 429) {
      if (!res.get('retry-after')) res.set('Retry-After', String(DEFAULT_RETRY_AFTER_SECONDS));
      res.status(429).json({ ok: false, error: 'ratelimited' });
    } else if (error.status >= 500) {
      res
        .status(error.status)
        .json({ ok: false, error: error.status === 503 ? 'service_unavailable' : 'internal_error' });
    } else {
      const code =
        error.kind === 'unauthorized'
          ? hasToken
            ? 'invalid_auth'
            : 'not_authed'
          : error.kind === 'forbidden'
            ? 'missing_scope'
            : error.kind === 'not_found'
              ? 'unknown_method'
              : 'invalid_arguments';
      res.status(200).json({ ok: false, error: code });
    }
  };

  return {
    ...fromManifest(SLACK_MANIFEST),
    name: 'Slack',
    // Token rotation: "the refresh token is then revoked, and a new refresh token is used" (the
    // sandbox rotates refresh tokens for every provider); old access tokens live on until they expire.
    refreshInvalidatesAccessTokens: false,

    authorizationRequest: (query) => {
      const userScope = query.get('user_scope');
      if (userScope === null) return;
      query.set(
        'scope',
        userScope
          .split(',')
          .map((scope) => scope.trim())
          .filter(Boolean)
          .join(' '),
      );
      query.delete('user_scope');
    },

    tokenResponse: (answer, grantType) => {
      if (typeof answer['access_token'] === 'string') {
        issued.set(tokenHash(answer['access_token']), null);
        if (issued.size > MAX_REMEMBERED_TOKENS) issued.delete(issued.keys().next().value as string);
      }
      const scope = typeof answer['scope'] === 'string' ? answer['scope'].split(' ').filter(Boolean).join(',') : '';
      const team = { id: SLACK_TEAM.id, name: SLACK_TEAM.name };
      const tokens = {
        access_token: answer['access_token'],
        token_type: 'user',
        refresh_token: answer['refresh_token'],
        expires_in: answer['expires_in'],
      };
      if (grantType === 'refresh_token') {
        return {
          ok: true,
          app_id: SLACK_APP_ID,
          ...tokens,
          scope,
          team,
          enterprise: null,
          is_enterprise_install: false,
        };
      }
      return {
        ok: true,
        app_id: SLACK_APP_ID,
        authed_user: { id: SLACK_SANDBOX_USER.id, scope, ...tokens },
        team,
        enterprise: null,
        is_enterprise_install: false,
      };
    },

    sendError,
    // Every method takes the token in `Authorization: Bearer` or as a POSTed `token` form field.
    formTokenField: 'token',
    // Slack sends no rate-limit headers, only `Retry-After` on 429 (which the sandbox adds).
    rateLimitHeaders: () => ({}),

    // In front of the bearer check: a token this server issued that is no longer valid has expired.
    appApi: (context) => {
      const router = express.Router();
      router.use(async (req, res, next) => {
        try {
          const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
          const hash = bearer === undefined ? undefined : tokenHash(bearer);
          if (bearer === undefined || hash === undefined || !issued.has(hash)) {
            next();
            return;
          }
          const verified = await context.findAccessToken(bearer);
          if (verified) {
            issued.set(hash, verified.grantId);
            next();
            return;
          }
          slackError(res, 'token_expired');
        } catch (error) {
          next(error);
        }
      });
      return router;
    },

    api: (context) => {
      const router = express.Router();
      /** Every Web API method answers GET with query arguments and POST with a form, within its rate tier. */
      const method = (name: string, handler: (args: Args, req: Request, res: Response) => void | Promise<void>) => {
        const run: RequestHandler = (req, res) => {
          const wait = takeRate(name);
          if (wait > 0) {
            res.set('Retry-After', String(wait));
            res.status(429).json({ ok: false, error: 'ratelimited' });
            return undefined;
          }
          return handler(argsOf(req), req, res);
        };
        router.get(`/${name}`, run);
        router.post(`/${name}`, express.urlencoded({ extended: false }), run);
      };

      // https://docs.slack.dev/reference/methods/auth.test (no scope needed)
      method('auth.test', (_args, _req, res) => {
        res.json({
          ok: true,
          url: `https://${SLACK_TEAM.domain}.slack.com/`,
          team: SLACK_TEAM.name,
          user: SLACK_SANDBOX_USER.name,
          team_id: SLACK_TEAM.id,
          user_id: SLACK_SANDBOX_USER.id,
          is_enterprise_install: false,
        });
      });

      // https://docs.slack.dev/reference/methods/auth.revoke (no scope needed): revokes the calling token;
      // `test` (1 or true) revokes nothing and answers `revoked: false`. The sandbox ends the token's
      // whole grant, its refresh token included, so a later refresh of that connection answers invalid_grant.
      method('auth.revoke', async (args, req, res) => {
        if (isTrue(args['test'])) {
          res.json({ ok: true, revoked: false });
          return;
        }
        const grantId = context.token(res).grantId;
        await context.revokeGrant(grantId);
        // Revoked, not expired: from now on invalid_auth, for this token and the grant's others seen in use.
        const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? args['token'];
        if (bearer) issued.delete(tokenHash(bearer));
        for (const [hash, grant] of issued) if (grant === grantId) issued.delete(hash);
        res.json({ ok: true, revoked: true });
      });

      // https://docs.slack.dev/reference/methods/conversations.list
      method('conversations.list', (args, _req, res) => {
        const types = (args['types'] ?? 'public_channel')
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean);
        if (types.length === 0 || types.some((t) => !(t in LIST_SCOPES))) return slackError(res, 'invalid_types');
        if (
          !hasScopes(
            context,
            res,
            types.map((t) => LIST_SCOPES[t]),
          )
        )
          return;
        const limit = limitOf(args['limit'], LIST_LIMIT);
        if (limit === undefined) return slackError(res, 'invalid_limit');
        const excludeArchived = isTrue(args['exclude_archived']);
        const visible = data.channels.filter(
          (c) =>
            (c.is_private ? types.includes('private_channel') && c.is_member : types.includes('public_channel')) &&
            !(excludeArchived && c.is_archived),
        );
        let start = 0;
        if (args['cursor']) {
          const from = decodeSlackCursor(args['cursor'], 'team');
          if (from === undefined || !/^C[A-Z0-9]+$/.test(from)) return slackError(res, 'invalid_cursor');
          start = visible.findIndex((c) => c.id >= from);
          if (start < 0) start = visible.length;
        }
        const page = visible.slice(start, start + limit);
        const next = visible[start + limit];
        res.json({
          ok: true,
          channels: page,
          response_metadata: { next_cursor: next ? encodeSlackCursor('team', next.id) : '' },
        });
      });

      // https://docs.slack.dev/reference/methods/conversations.history
      method('conversations.history', (args, _req, res) => {
        const channel = readableChannel(data, args['channel']);
        if (!channel) return slackError(res, 'channel_not_found');
        if (!hasScopes(context, res, [channel.is_private ? 'groups:history' : 'channels:history'])) return;
        const asked = limitOf(args['limit'], HISTORY_LIMIT);
        if (asked === undefined) return slackError(res, 'invalid_limit');
        // "The maximum and default value of the limit parameter will be reduced to 15" (non-Marketplace apps).
        const limit = nonMarketplace === 1 ? Math.min(asked, NON_MARKETPLACE_MAX_MESSAGES) : asked;
        const oldest = args['oldest'];
        if (oldest !== undefined && !TS.test(oldest)) return slackError(res, 'invalid_ts_oldest');
        const latest = args['latest'];
        if (latest !== undefined && !TS.test(latest)) return slackError(res, 'invalid_ts_latest');
        const inclusive = isTrue(args['inclusive']);
        const low = oldest === undefined ? undefined : tsMicros(oldest);
        const high = latest === undefined ? undefined : tsMicros(latest);
        // Newest first, within (oldest, latest); `inclusive` takes the bounds themselves too.
        let messages = [...data.history(channel.id)].reverse().filter((m) => {
          const at = tsMicros(m.ts);
          if (low !== undefined && (inclusive ? at < low : at <= low)) return false;
          if (high !== undefined && (inclusive ? at > high : at >= high)) return false;
          return true;
        });
        if (args['cursor']) {
          const from = decodeSlackCursor(args['cursor'], 'next_ts');
          if (from === undefined || !/^\d{7,20}$/.test(from)) return slackError(res, 'invalid_cursor');
          const at = BigInt(from);
          messages = messages.filter((m) => tsMicros(m.ts) <= at);
        }
        const page: SlackMessage[] = messages.slice(0, limit);
        const next = messages[limit];
        res.json({
          ok: true,
          messages: page,
          has_more: next !== undefined,
          pin_count: 0,
          channel_actions_ts: null,
          channel_actions_count: 0,
          ...(next
            ? { response_metadata: { next_cursor: encodeSlackCursor('next_ts', String(tsMicros(next.ts))) } }
            : {}),
        });
      });

      return router;
    },

    // `/_sandbox/slack/data` describes the workspace; `/_sandbox/slack/mutate` changes it like real use.
    dataset: {
      state: () => data.summary(),
      mutate: (request) => ({ expected: data.mutate(request) }),
      reset: () => {
        data = new SlackWorkspace(seed);
        windows.clear();
      },
    },
  };
}

type Args = Readonly<Record<string, string | undefined>>;

/** A method's arguments: the query string, and a POSTed form on top. */
function argsOf(req: Request): Args {
  const args: Record<string, string | undefined> = {};
  const sources = [req.query as Record<string, unknown>, (req.body ?? {}) as Record<string, unknown>];
  for (const source of sources) {
    for (const [name, value] of Object.entries(source)) {
      const first = Array.isArray(value) ? value[0] : value;
      if (typeof first === 'string') args[name] = first;
    }
  }
  return args;
}

/** A token's SHA-256, so the emulation remembers which tokens it issued without keeping them. */
function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

function slackError(res: Response, error: string, extra: Record<string, unknown> = {}): void {
  res.status(200).json({ ok: false, error, ...extra });
}

/** Answers `missing_scope` (with `needed` and `provided`) unless the token has every scope. */
function hasScopes(context: ApiContext, res: Response, needed: readonly string[]): boolean {
  const granted = context.token(res).scopes;
  const missing = [...new Set(needed)].filter((scope) => !granted.has(scope));
  if (missing.length === 0) return true;
  slackError(res, 'missing_scope', { needed: missing.join(','), provided: [...granted].join(',') });
  return false;
}

/** Public channels are readable by any member of the workspace; private ones only by their members. */
function readableChannel(data: SlackWorkspace, id: string | undefined): SlackConversation | undefined {
  const channel = id ? data.channel(id) : undefined;
  return channel && (!channel.is_private || channel.is_member) ? channel : undefined;
}

function limitOf(value: string | undefined, { fallback, max }: { fallback: number; max: number }): number | undefined {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value)) return undefined;
  const limit = Number(value);
  return limit >= 1 && limit <= max ? limit : undefined;
}

function isTrue(value: string | undefined): boolean {
  return value === 'true' || value === '1';
}

/** Slack's cursors are base64 of `<kind>:<position>`, e.g. `dGVhbTpDMDYxRkE1UEI=` ("team:C061FA5PB"). */
const CURSORS = opaqueTokens({ encoding: 'base64', text: /^[a-z_]+:/ });

function encodeSlackCursor(kind: string, position: string): string {
  return CURSORS.encode(`${kind}:${position}`);
}

function decodeSlackCursor(cursor: string, kind: string): string | undefined {
  const text = CURSORS.decode(cursor);
  return text?.startsWith(`${kind}:`) ? text.slice(kind.length + 1) : undefined;
}
