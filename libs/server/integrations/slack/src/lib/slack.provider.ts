import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  type AccountInfo,
  type CredentialsParams,
  HttpProvider,
  type HttpProviderOptions,
  IntegrationError,
  type IntegrationProvider,
  IntegrationProviderClass,
  PROVIDER_BASE_URLS,
  type ProviderBaseUrls,
  providerOptionsToken,
  requireCount,
  type RevokeParams,
  type SyncPage,
  type SyncParams,
} from '@hub/server/integrations/core';
import { SlackApi, type SlackAnswer, slackErrorCode } from './slack-api';
import {
  type ChangesToken,
  compareTs,
  decodeChannelsCursor,
  decodeMessagesCursor,
  encodeChangesToken,
  encodeChannelsCursor,
  encodeHistoryCursor,
  type HistoryCursor,
  isChannelId,
  isSlackCursor,
  isTs,
} from './slack-cursors';
import { SlackApiError, toSlackIntegrationError } from './slack-errors';
import { SLACK_MANIFEST } from './slack.manifest';

export interface SlackProviderOptions extends HttpProviderOptions {
  /**
   * `limit` of conversations.list and conversations.history: Slack recommends no more than 200
   * (https://docs.slack.dev/apis/web-api/pagination). Slack may answer fewer, even before the end.
   */
  readonly pageSize: number;
  /**
   * Minimum milliseconds between two calls of one method for one connection (client-side pacing, see
   * MethodPacer); `{}` turns pacing off. Defaults follow the methods' tiers
   * (https://docs.slack.dev/apis/web-api/rate-limits): conversations.history is Tier 3 (50+ a minute
   * → 1.2 s), conversations.list is Tier 2 on its reference page (20+ a minute → 3 s).
   *
   * Since May 29, 2025, apps distributed commercially outside the Slack Marketplace get 1
   * conversations.history request a minute per workspace with at most 15 messages a page (new
   * installations; existing ones from March 3, 2026; https://docs.slack.dev/reference/methods/conversations.history).
   * Such a deployment sets `conversations.history` to 60000 here; smaller pages need no setting, as
   * Slack's cursor pagination copes with pages shorter than `limit`. Marketplace and internal apps keep
   * Tier 3.
   */
  readonly methodIntervalsMs: Readonly<Record<string, number>>;
}

/** Nest token for `Partial<SlackProviderOptions>` (optional). */
export const SLACK_PROVIDER_OPTIONS = providerOptionsToken<SlackProviderOptions>('slack');

export const SLACK_DEFAULT_METHOD_INTERVALS_MS: Readonly<Record<string, number>> = {
  'conversations.list': 3000,
  'conversations.history': 1200,
};

/** Both kinds of channel the scopes allow; direct messages (im, mpim) are not synced. */
const CHANNEL_TYPES = 'public_channel,private_channel';
/** Answers that mean a channel listed a moment ago cannot be read now (left, removed, deleted). */
const CHANNEL_GONE = new Set(['channel_not_found', 'not_in_channel']);

/** auth.test (https://docs.slack.dev/reference/methods/auth.test). */
interface AuthTestAnswer extends SlackAnswer {
  readonly url?: string;
  readonly team?: string;
  readonly user?: string;
  readonly team_id?: string;
  readonly user_id?: string;
}

/** auth.revoke (https://docs.slack.dev/reference/methods/auth.revoke): `{ "ok": true, "revoked": true }`. */
interface AuthRevokeAnswer extends SlackAnswer {
  readonly revoked?: boolean;
}

/**
 * auth.revoke's errors that mean the token, and the grant with it, no longer exists: "token_revoked:
 * Authentication token is for a deleted user or workspace or the app has been removed" and
 * "account_inactive: Authentication token is for a deleted user or workspace" (the method's Errors
 * table, https://docs.slack.dev/reference/methods/auth.revoke). Nothing is left to revoke. Every other
 * error leaves the grant possibly alive: invalid_auth ("either the provided token is invalid or the
 * request originates from an IP address disallowed from making the request"), token_expired (a
 * rotated access token past its 12 hours, its refresh token still valid), ratelimited, 5xx, network.
 */
const NOTHING_TO_REVOKE = new Set(['token_revoked', 'account_inactive']);

/** conversations.list (https://docs.slack.dev/reference/methods/conversations.list). */
interface ConversationsListAnswer extends SlackAnswer {
  readonly channels?: unknown;
}

/** conversations.history (https://docs.slack.dev/reference/methods/conversations.history). */
interface ConversationsHistoryAnswer extends SlackAnswer {
  readonly messages?: unknown;
  readonly has_more?: boolean;
}

/** The channel fields a synced record keeps (Slack's conversation object, https://docs.slack.dev/reference/objects/conversation-object). */
const CHANNEL_FIELDS = [
  'name',
  'name_normalized',
  'is_channel',
  'is_group',
  'is_private',
  'is_archived',
  'is_general',
  'is_shared',
  'is_ext_shared',
  'is_org_shared',
  'is_member',
  'created',
  'creator',
  'updated',
  'topic',
  'purpose',
  'previous_names',
  'num_members',
] as const;

/**
 * The message fields a synced record keeps (https://docs.slack.dev/messaging/retrieving-messages);
 * `bot_id` names the author of bot messages, which have no `user`. Blocks, files and reactions stay
 * out; the text carries the message.
 */
const MESSAGE_FIELDS = ['type', 'subtype', 'user', 'bot_id', 'text', 'thread_ts', 'reply_count', 'edited'] as const;

/**
 * Slack: "connected as" the workspace of the connecting person's user token, and read-only syncs of
 * channels and of messages in the channels that person is a member of.
 *
 * Web API (base `https://slack.com/api`, overridable through `PROVIDER_BASE_URLS` or `withBaseUrl`),
 * GET with query arguments and the token in `Authorization: Bearer`; every answer's `ok` is checked
 * (Slack answers most errors with HTTP 200, see SlackApi):
 * - `auth.test` — the token's workspace and user (no scope);
 * - `conversations.list?types=public_channel,private_channel&exclude_archived=false&limit=&cursor=` —
 *   channels, cursor-paginated by `response_metadata.next_cursor` (channels:read, groups:read);
 * - `conversations.history?channel=&limit=&cursor=&oldest=` — a channel's messages, newest first
 *   (channels:history, groups:history);
 * - `POST auth.revoke` (empty form body, the token as Bearer) — `revoke`, when the connection is
 *   disconnected (no scope).
 *
 * `channels` is a full pass every run (no sync token). `messages` is incremental: the full pass ends
 * with a sync token holding, per channel, the newest message `ts` it saw; the next run lists the
 * member channels again and asks each only for messages newer than that (`oldest`), reading newly
 * joined channels whole. Limit of that design: edits and deletions of messages older than the token,
 * and new thread replies (`reply_count`), are not seen by a changes run; Slack has no change feed a
 * user token can read. They are seen by the next full pass, which the runner starts when the cursor is
 * reset (or after CURSOR_INVALID), and which marks messages it no longer sees as deleted. Thread
 * replies (conversations.replies) are not synced.
 */
@Injectable()
@IntegrationProviderClass()
export class SlackProvider extends HttpProvider<SlackProviderOptions> implements IntegrationProvider {
  readonly manifest = SLACK_MANIFEST;
  private readonly api: SlackApi;

  constructor(
    @Optional() @Inject(PROVIDER_BASE_URLS) baseUrls?: ProviderBaseUrls | null,
    @Optional() @Inject(SLACK_PROVIDER_OPTIONS) options?: Partial<SlackProviderOptions> | null,
  ) {
    super(
      {
        manifest: SLACK_MANIFEST,
        label: 'Slack',
        defaults: { timeoutMs: 15_000, pageSize: 200, methodIntervalsMs: SLACK_DEFAULT_METHOD_INTERVALS_MS },
      },
      baseUrls,
      options,
    );
    // conversations.list takes up to 1000, conversations.history up to 999.
    requireCount(this.options.pageSize, 999, 'Slack pages hold 1 to 999 items');
    for (const [method, interval] of Object.entries(this.options.methodIntervalsMs)) {
      if (!Number.isFinite(interval) || interval < 0) throw new RangeError(`Slack pacing of ${method} must be ≥ 0 ms`);
    }
    this.api = new SlackApi(this.client({ errorCode: slackErrorCode }), this.options.methodIntervalsMs);
  }

  /** The workspace: one connection per workspace (`team_id`), shown by its name and domain. */
  async getAccountInfo(params: CredentialsParams): Promise<AccountInfo> {
    const answer = await this.api.call<AuthTestAnswer>(
      'auth.test',
      {},
      this.accessToken(params.credentials),
      params.signal,
    );
    const teamId = answer.team_id;
    if (typeof teamId !== 'string' || teamId === '') {
      throw new IntegrationError('UNKNOWN', 'Slack did not say which workspace the token belongs to');
    }
    const name = typeof answer.team === 'string' && answer.team !== '' ? answer.team : teamId;
    const url = workspaceUrl(answer.url);
    const details: Record<string, string> = {};
    if (url) details['domain'] = domainOf(url);
    if (typeof answer.user === 'string' && answer.user !== '') details['user'] = answer.user;
    return {
      externalAccountId: teamId,
      displayName: name,
      workspaceName: name,
      ...(url ? { url: url.href.replace(/\/+$/, '') } : {}),
      details,
    };
  }

  async *sync(params: SyncParams): AsyncIterable<SyncPage> {
    if (params.resource === 'channels') {
      yield* this.syncChannels(params);
    } else if (params.resource === 'messages') {
      yield* this.syncMessages(params);
    } else {
      throw new IntegrationError(
        'INVALID_CONFIG',
        `Slack cannot sync "${params.resource}" (only channels and messages)`,
      );
    }
  }

  /**
   * Revokes the user token with auth.revoke (https://docs.slack.dev/reference/methods/auth.revoke),
   * authenticated by that token; the app's credentials are not needed. Resolves on
   * `{ "ok": true, "revoked": true }`, and on the errors saying the token is already gone
   * (NOTHING_TO_REVOKE); throws on anything else (SlackApiError and the rest, for toIntegrationError),
   * including an `ok` answer that does not say `revoked: true`.
   */
  async revoke(params: RevokeParams): Promise<void> {
    const token = params.credentials['accessToken'];
    if (typeof token !== 'string' || token === '') {
      throw new IntegrationError('INVALID_CONFIG', 'Slack revokes with the access token (auth.revoke): none was given');
    }
    let answer: AuthRevokeAnswer;
    try {
      answer = await this.api.post<AuthRevokeAnswer>('auth.revoke', token, params.signal);
    } catch (error) {
      if (error instanceof SlackApiError && error.code && NOTHING_TO_REVOKE.has(error.code)) return;
      throw error;
    }
    if (answer.revoked !== true) {
      throw new IntegrationError('UNKNOWN', 'Slack answered auth.revoke without confirming the token was revoked');
    }
  }

  toIntegrationError(error: unknown): IntegrationError {
    return toSlackIntegrationError(error);
  }

  /** Every channel conversations.list shows the person, page by page; a full pass each run. */
  private async *syncChannels(params: SyncParams): AsyncIterable<SyncPage> {
    const token = this.accessToken(params.credentials);
    let next = params.cursor === null ? '' : decodeChannelsCursor(params.cursor).next;
    for (;;) {
      params.signal.throwIfAborted();
      const page = await this.listChannels(token, next, params.signal);
      const records = page.channels.map((channel) => ({ externalId: channel.id, data: pick(channel, CHANNEL_FIELDS) }));
      yield { records, nextCursor: page.next ? encodeChannelsCursor(page.next) : null };
      if (!page.next) return;
      next = page.next;
    }
  }

  /**
   * Messages of the member channels, one conversations.history page per yield. A run from null is a
   * full pass; a run from the sync token reads what is newer than it; a run from a `history` cursor
   * resumes a pass where it stopped (its channel list is kept, so no page is read twice).
   */
  private async *syncMessages(params: SyncParams): AsyncIterable<SyncPage> {
    const token = this.accessToken(params.credentials);
    const saved = params.cursor === null ? null : decodeMessagesCursor(params.cursor);
    let pass: Pass | null =
      saved?.kind === 'history' ? fromCursor(saved) : await this.startPass(token, saved, params.signal);
    if (pass === null) {
      // No member channel: nothing to read, and nothing known for the next run.
      yield { records: [], nextCursor: null, syncToken: encodeChangesToken({}) };
      return;
    }
    for (;;) {
      params.signal.throwIfAborted();
      const channel: string = pass.channels[0];
      let answer: HistoryPage | null;
      try {
        answer = await this.history(token, channel, pass.page, pass.since[channel], params.signal);
      } catch (error) {
        // Left or removed since the listing: nothing to read there now. A full pass then marks the
        // channel's messages deleted; a changes run forgets the channel (read whole if it comes back).
        if (!(error instanceof SlackApiError && error.code && CHANNEL_GONE.has(error.code))) throw error;
        delete pass.newest[channel];
        answer = null;
      }
      const messages = answer?.messages ?? [];
      for (const message of messages) {
        const seen = pass.newest[channel];
        if (seen === undefined || compareTs(message.ts, seen) > 0) pass.newest[channel] = message.ts;
      }
      const records = messages.map((message) => ({
        externalId: `${channel}:${message.ts}`,
        data: { channel, ts: message.ts, ...pick(message, MESSAGE_FIELDS) },
      }));
      const following: Pass | null = answer?.next ? { ...pass, page: answer.next } : nextChannel(pass);
      if (following === null) {
        yield { records, nextCursor: null, syncToken: encodeChangesToken(pass.newest) };
        return;
      }
      // A channel that could not be read gives no page: the run goes straight on to the next one.
      if (answer) yield { records, nextCursor: encodeHistoryCursor(following) };
      pass = following;
    }
  }

  /**
   * A new pass over the member channels: `full` from scratch, or `changes` from a sync token (each
   * channel read from its newest known `ts`; channels the token does not know, read whole).
   */
  private async startPass(token: string, saved: ChangesToken | null, signal: AbortSignal): Promise<Pass | null> {
    const channels: string[] = [];
    let next = '';
    do {
      signal.throwIfAborted();
      const page = await this.listChannels(token, next, signal);
      for (const channel of page.channels) if (channel['is_member'] === true) channels.push(channel.id);
      next = page.next;
    } while (next);
    const since: Record<string, string> = {};
    if (saved) for (const channel of channels) if (saved.newest[channel]) since[channel] = saved.newest[channel];
    const pass: Pass = { mode: saved ? 'changes' : 'full', channels, page: '', since, newest: { ...since } };
    return channels.length > 0 ? pass : null;
  }

  private async listChannels(
    token: string,
    cursor: string,
    signal: AbortSignal,
  ): Promise<{ channels: (Record<string, unknown> & { id: string })[]; next: string }> {
    const answer = await this.api.call<ConversationsListAnswer>(
      'conversations.list',
      {
        types: CHANNEL_TYPES,
        exclude_archived: false,
        limit: this.options.pageSize,
        cursor: cursor || undefined,
      },
      token,
      signal,
    );
    if (!Array.isArray(answer.channels)) {
      throw new IntegrationError('UNKNOWN', 'Slack answered conversations.list without a list of channels');
    }
    const channels = answer.channels.map((channel: unknown) => {
      const fields = (channel ?? {}) as Record<string, unknown>;
      if (!isChannelId(fields['id']))
        throw new IntegrationError('UNKNOWN', 'Slack listed a channel without a valid id');
      return fields as Record<string, unknown> & { id: string };
    });
    return { channels, next: nextCursorOf(answer, cursor, 'conversations.list') };
  }

  private async history(
    token: string,
    channel: string,
    cursor: string,
    oldest: string | undefined,
    signal: AbortSignal,
  ): Promise<HistoryPage> {
    const answer = await this.api.call<ConversationsHistoryAnswer>(
      'conversations.history',
      { channel, limit: this.options.pageSize, cursor: cursor || undefined, oldest },
      token,
      signal,
    );
    if (!Array.isArray(answer.messages)) {
      throw new IntegrationError('UNKNOWN', 'Slack answered conversations.history without a list of messages');
    }
    const messages = answer.messages.map((message: unknown) => {
      const fields = (message ?? {}) as Record<string, unknown>;
      if (!isTs(fields['ts'])) throw new IntegrationError('UNKNOWN', 'Slack returned a message without a valid ts');
      return fields as Record<string, unknown> & { ts: string };
    });
    const next = nextCursorOf(answer, cursor, 'conversations.history');
    if (answer.has_more === true && !next) {
      throw new IntegrationError('UNKNOWN', 'Slack said more messages follow but gave no cursor to read them');
    }
    return { messages, next };
  }
}

/** A messages pass in progress (a `history` cursor, mutable while the run goes on). */
interface Pass {
  mode: 'full' | 'changes';
  channels: readonly string[];
  page: string;
  since: Record<string, string>;
  newest: Record<string, string>;
}

interface HistoryPage {
  readonly messages: readonly (Record<string, unknown> & { ts: string })[];
  readonly next: string;
}

function fromCursor(cursor: HistoryCursor): Pass {
  return {
    mode: cursor.mode,
    channels: cursor.channels,
    page: cursor.page,
    since: { ...cursor.since },
    newest: { ...cursor.newest },
  };
}

/** The pass moved on to its next channel, or null when that was the last one. */
function nextChannel(pass: Pass): Pass | null {
  const [done, ...rest] = pass.channels;
  if (rest.length === 0) return null;
  const since = { ...pass.since };
  delete since[done];
  return { ...pass, channels: rest, page: '', since };
}

/**
 * `response_metadata.next_cursor`: empty, null or absent means the last page
 * (https://docs.slack.dev/apis/web-api/pagination). The same cursor again would loop for ever.
 */
function nextCursorOf(answer: SlackAnswer, current: string, method: string): string {
  const next = answer.response_metadata?.next_cursor;
  if (next === undefined || next === null || next === '') return '';
  if (!isSlackCursor(next)) throw new IntegrationError('UNKNOWN', `Slack answered ${method} with a malformed cursor`);
  if (next === current) throw new IntegrationError('UNKNOWN', `Slack answered ${method} with the same cursor again`);
  return next;
}

/** auth.test's `url` ("https://acme.slack.com/"), when it is an https URL. */
function workspaceUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && !url.username && !url.password ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The workspace's Slack domain: "acme" for acme.slack.com; the whole host elsewhere. */
function domainOf(url: URL): string {
  const host = url.hostname;
  return host.endsWith('.slack.com') ? host.slice(0, -'.slack.com'.length) : host;
}

/** The listed fields `source` has, as plain JSON. */
function pick(source: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const field of fields) if (source[field] !== undefined) data[field] = source[field];
  return data;
}
