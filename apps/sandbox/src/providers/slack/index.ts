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
};

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
 * 5xx for server faults.
 *
 * OAuth v2 (https://docs.slack.dev/authentication/installing-with-oauth): the authorization request
 * carries user-token scopes in `user_scope`, comma-separated; the code exchange answers in
 * oauth.v2.access's shape (https://docs.slack.dev/reference/methods/oauth.v2.access) with the user
 * token under `authed_user`, and a refresh (token rotation,
 * https://docs.slack.dev/authentication/using-token-rotation) answers flat. Only user tokens: there
 * are no bot tokens here (a bot `scope` in the request is ignored).
 */
export const slackEmulation = defineEmulation({ id: 'slack', options: SLACK_OPTIONS, create: slackSandbox });

function slackSandbox({ seed }: OptionValues<typeof SLACK_OPTIONS>): SandboxProvider {
  let data = new SlackWorkspace(seed);

  const sendError = (res: Response, error: ApiError) => {
    const form = res.req?.body as Record<string, unknown> | undefined;
    const hasToken = Boolean(res.req?.get('authorization') || form?.['token']);
    if (error.status === 429) {
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

    api: (context) => {
      const router = express.Router();
      /** Every Web API method answers GET with query arguments and POST with a form. */
      const method = (name: string, handler: (args: Args, req: Request, res: Response) => void | Promise<void>) => {
        const run: RequestHandler = (req, res) => handler(argsOf(req), req, res);
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
      method('auth.revoke', async (args, _req, res) => {
        if (isTrue(args['test'])) {
          res.json({ ok: true, revoked: false });
          return;
        }
        await context.revokeGrant(context.token(res).grantId);
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
        const limit = limitOf(args['limit'], HISTORY_LIMIT);
        if (limit === undefined) return slackError(res, 'invalid_limit');
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
