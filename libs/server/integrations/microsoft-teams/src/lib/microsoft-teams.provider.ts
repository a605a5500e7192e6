import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  type AccountInfo,
  type CredentialsParams,
  cursorFields,
  decodeCursor,
  describeMicrosoftTokenError,
  encodeCursor,
  graphErrorCode,
  graphLinkPath,
  graphPage,
  type GraphPage,
  graphPreferHeader,
  graphPreferMaxPageSize,
  HttpProvider,
  type HttpProviderOptions,
  IntegrationError,
  type IntegrationProvider,
  IntegrationProviderClass,
  isGraphLink,
  microsoftIdentity,
  type MicrosoftIdentity,
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
import { MICROSOFT_TEAMS, personalAccountError, toMicrosoftTeamsIntegrationError } from './microsoft-teams-errors';
import { MICROSOFT_TEAMS_MANIFEST } from './microsoft-teams.manifest';
import { TeamPacer } from './team-pacer';

export interface MicrosoftTeamsProviderOptions extends HttpProviderOptions {
  /**
   * Records per page, and `$top` of channel message delta and of replies: 1 to 50, default 50 ("The
   * upper limit is 50", https://learn.microsoft.com/en-us/graph/api/chatmessage-delta;
   * https://learn.microsoft.com/en-us/graph/api/chatmessage-list-replies).
   */
  readonly pageSize: number;
  /**
   * Milliseconds between two calls on one team, 0 to 10 000, default 300: under Teams' "4 requests
   * per second per app … on a given team or channel" with room for timing jitter (team-pacer.ts).
   */
  readonly requestIntervalMs: number;
  /**
   * Days, 1 to 240, default 14: a thread whose latest activity is within this many days of its
   * channel's newest activity has its replies read again on each incremental sync. Graph has no reply
   * delta, and a new reply does not bring its thread back into channel message delta (see `sync`).
   */
  readonly replyWatchDays: number;
}

/** Nest token for `Partial<MicrosoftTeamsProviderOptions>` (optional). */
export const MICROSOFT_TEAMS_PROVIDER_OPTIONS = providerOptionsToken<MicrosoftTeamsProviderOptions>('microsoft-teams');

/** Threads per channel whose replies an incremental sync reads again: the most recently active. */
const MAX_WATCHED_THREADS = 50;
const DAY_MS = 86_400_000;
/** With Channel.ReadBasic.All a channel's basic properties (https://learn.microsoft.com/en-us/graph/api/resources/channel). */
const CHANNEL_FIELDS = 'id,displayName,description,membershipType,createdDateTime,webUrl';
const USER_FIELDS = 'id,displayName,mail,userPrincipalName';
/** With User.Read an app reads only id, displayName and verifiedDomains of the organization. */
const ORGANIZATION_FIELDS = 'id,displayName';
const MEMBERSHIP_TYPES: ReadonlySet<string> = new Set(['standard', 'private', 'shared']);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Channel ids are thread ids: `19:4a95f7d8db4c4e7fae857bcebe0623e6@thread.tacv2`. */
const CHANNEL_ID = /^[A-Za-z0-9][A-Za-z0-9:@._-]{0,255}$/;
/** Message ids are numbers (the creation time in epoch milliseconds: `1616989510408`). */
const MESSAGE_ID = /^[A-Za-z0-9._-]{1,64}$/;

interface GraphUser {
  id?: string;
  displayName?: string | null;
  mail?: string | null;
  userPrincipalName?: string | null;
}

interface GraphOrganization {
  id?: string;
  displayName?: string | null;
}

/** What /me/joinedTeams returns of a team: id, displayName and description only. */
interface GraphTeam {
  id?: string;
  displayName?: string | null;
  description?: string | null;
}

interface GraphChannel {
  id?: string;
  displayName?: string | null;
  description?: string | null;
  membershipType?: string | null;
  createdDateTime?: string | null;
  webUrl?: string | null;
}

interface GraphIdentity {
  id?: string | null;
  displayName?: string | null;
}

/** https://learn.microsoft.com/en-us/graph/api/resources/chatmessage */
interface ChatMessage {
  id?: string;
  replyToId?: string | null;
  messageType?: string | null;
  createdDateTime?: string | null;
  lastModifiedDateTime?: string | null;
  lastEditedDateTime?: string | null;
  deletedDateTime?: string | null;
  subject?: string | null;
  importance?: string | null;
  webUrl?: string | null;
  from?: { user?: GraphIdentity | null; application?: GraphIdentity | null; device?: GraphIdentity | null } | null;
  body?: { contentType?: string | null; content?: string | null } | null;
  attachments?: unknown[] | null;
  reactions?: unknown[] | null;
  replies?: ChatMessage[] | null;
  'replies@odata.nextLink'?: string | null;
  '@removed'?: { reason?: string } | null;
}

/** A record to write or an id to delete, in the order an answer brings them. */
type Unit = { readonly record: SyncPage['records'][number] } | { readonly deleted: string };

/** A thread and the epoch milliseconds of its latest activity (root or reply created or modified). */
type Watch = [root: string, at: number];
/** A thread whose replies are to be read: the replies link to follow, null to start from the first page. */
type Task = [root: string, link: string | null];

interface ChannelRef {
  /** The team's id. */
  readonly t: string;
  /** The channel's id. */
  readonly c: string;
}

/** Where a channel's next round starts: its `@odata.deltaLink`, and the threads whose replies it reads. */
interface ChannelRound extends ChannelRef {
  readonly d: string;
  readonly w: readonly Watch[];
}

interface PreviousRound {
  readonly d: string;
  readonly w: readonly Watch[];
}

/** A channel still to sync this run, with its previous round when the run is incremental. */
interface Todo extends ChannelRef {
  readonly p?: PreviousRound;
}

/**
 * The channel being synced. Its delta phase (`l`: the delta link to GET, null for the first request)
 * comes first; once the delta link `d` is reached, the threads phase reads the replies of `q`: the
 * threads whose expanded replies were cut short (`replies@odata.nextLink`) and, in an incremental
 * run, the watched threads of the previous round the delta did not bring (`s`: the threads it did).
 */
interface Current extends ChannelRef {
  readonly p?: PreviousRound;
  readonly l?: string | null;
  readonly d?: string;
  readonly w: readonly Watch[];
  readonly s?: readonly string[];
  readonly q: readonly Task[];
}

/** Where a channel-messages run resumes: channels done, still to do, the current one, and how much of its answer was handed out. */
interface MessagesCursor {
  readonly v: 1;
  readonly kind: 'messages';
  readonly done: readonly ChannelRound[];
  readonly todo: readonly Todo[];
  readonly cur: Current | null;
  /** Units of the current state's answer already handed out. */
  readonly skip: number;
}

/** A channel-messages sync token: every channel's round, for the next run. */
interface MessagesToken {
  readonly v: 1;
  readonly kind: 'rounds';
  readonly channels: readonly ChannelRound[];
}

/**
 * Where a channels pass resumes: in the team list (`team` null) or in the channel list of `team`
 * (teams go in id order), with `skip` units of that answer handed out.
 */
interface ChannelsCursor {
  readonly v: 1;
  readonly kind: 'channels';
  readonly team: string | null;
  readonly skip: number;
}

/**
 * Microsoft Teams: "connected as" the work or school account of the ID token, with its organization
 * and how many teams it belongs to, and a read-only sync of those teams, their channels, and the
 * channels' posts and replies.
 *
 * API used (base `https://graph.microsoft.com/v1.0`, overridable through `PROVIDER_BASE_URLS`):
 * - GET /me, GET /organization — name, address, tenant (https://learn.microsoft.com/en-us/graph/api/user-get,
 *   https://learn.microsoft.com/en-us/graph/api/organization-list);
 * - GET /me/joinedTeams — the teams the person is a direct member of; id, displayName and description
 *   only, no OData parameters (https://learn.microsoft.com/en-us/graph/api/user-list-joinedteams);
 * - GET /teams/{id}/channels?$select=… — the channels of a team the person sees (https://learn.microsoft.com/en-us/graph/api/channel-list);
 * - GET /teams/{id}/channels/{id}/messages/delta?$top=&$expand=replies — the root messages of a channel
 *   with their replies, then only the changed ones (https://learn.microsoft.com/en-us/graph/api/chatmessage-delta);
 * - GET /teams/{id}/channels/{id}/messages/{id}/replies?$top= — a thread's replies
 *   (https://learn.microsoft.com/en-us/graph/api/chatmessage-list-replies).
 * Never the metered getAllMessages (https://learn.microsoft.com/en-us/graph/teams-licenses).
 *
 * Personal Microsoft accounts have no Teams API: refused before any call (`personalAccountError`).
 * Calls on one team are spaced (TeamPacer); a 429's `Retry-After` is honoured by the runner.
 */
@Injectable()
@IntegrationProviderClass()
export class MicrosoftTeamsProvider extends HttpProvider<MicrosoftTeamsProviderOptions> implements IntegrationProvider {
  readonly manifest = MICROSOFT_TEAMS_MANIFEST;
  private readonly http = this.client({ errorCode: graphErrorCode });
  private readonly pacer: TeamPacer;

  constructor(
    @Optional() @Inject(PROVIDER_BASE_URLS) baseUrls?: ProviderBaseUrls | null,
    @Optional() @Inject(MICROSOFT_TEAMS_PROVIDER_OPTIONS) options?: Partial<MicrosoftTeamsProviderOptions> | null,
  ) {
    super(
      {
        manifest: MICROSOFT_TEAMS_MANIFEST,
        label: MICROSOFT_TEAMS,
        defaults: { timeoutMs: 15_000, pageSize: 50, requestIntervalMs: 300, replyWatchDays: 14 },
      },
      baseUrls,
      options,
    );
    requireCount(this.options.pageSize, 50, 'Microsoft Teams pages hold 1 to 50 messages');
    requireCount(this.options.replyWatchDays, 240, 'Microsoft Teams watches threads for 1 to 240 days');
    const interval = this.options.requestIntervalMs;
    if (!Number.isInteger(interval) || interval < 0 || interval > 10_000) {
      throw new RangeError('Microsoft Teams spaces calls on a team by 0 to 10000 ms');
    }
    this.pacer = new TeamPacer(interval);
  }

  /**
   * Who connected comes from the ID token (`tid`, `oid`: the account key); a personal account is
   * refused before any call. /me, /organization and /me/joinedTeams only describe them.
   */
  async getAccountInfo(params: CredentialsParams): Promise<AccountInfo> {
    const token = this.accessToken(params.credentials);
    const identity = workIdentity(params.credentials['idToken']);
    const signal = params.signal ?? new AbortController().signal;
    const me = await this.http.get<GraphUser | undefined>(`/me?${select(USER_FIELDS)}`, token, signal);
    const organization = organizationOf(
      await this.http.get<unknown>(`/organization?${select(ORGANIZATION_FIELDS)}`, token, signal),
      identity.tenantId,
    );
    const teams = await this.joinedTeams(token, signal);
    const email = emailOf(me) ?? (identity.username?.includes('@') ? identity.username : undefined);
    return {
      externalAccountId: identity.accountKey,
      displayName: nonEmpty(me?.displayName) ?? identity.name ?? email ?? identity.accountKey,
      ...(email ? { email } : {}),
      ...(organization ? { workspaceName: organization } : {}),
      url: 'https://teams.microsoft.com/',
      details: {
        accountType: 'work or school account',
        ...(organization ? { organization } : {}),
        teams: teams.length,
      },
    };
  }

  async *sync(params: SyncParams): AsyncIterable<SyncPage> {
    if (params.resource !== 'channels' && params.resource !== 'channel-messages') {
      throw new IntegrationError(
        'INVALID_CONFIG',
        `${MICROSOFT_TEAMS} cannot sync "${params.resource}" (only channels and channel-messages)`,
      );
    }
    const token = this.accessToken(params.credentials);
    refusePersonal(params.credentials);
    if (params.resource === 'channels') yield* this.syncChannels(token, params.cursor, params.signal);
    else yield* this.syncMessages(token, params.cursor, params.signal);
  }

  toIntegrationError(error: unknown): IntegrationError {
    return toMicrosoftTeamsIntegrationError(error);
  }

  /** Microsoft's token refusals (AADSTS codes, admin consent among them), named for Microsoft Teams. */
  describeTokenError(details: TokenErrorDetails): TokenErrorMeaning | undefined {
    return describeMicrosoftTokenError(details, MICROSOFT_TEAMS);
  }

  // -------------------------------------------------------------------------------------------
  // Teams and channels: a full pass each run (a handful of calls)
  // -------------------------------------------------------------------------------------------

  /**
   * The teams (records keyed by team id), then each team's channels (keyed `<team id>/<channel id>`:
   * a shared channel may be listed under several teams). No sync token: every run is a full pass, and
   * the hub deletes what it no longer sees (a team left, a channel deleted).
   */
  private async *syncChannels(token: string, cursor: string | null, signal: AbortSignal): AsyncIterable<SyncPage> {
    const position =
      cursor === null ? { team: null, skip: 0 } : decodeCursor(cursor, MICROSOFT_TEAMS, isChannelsCursor);
    const teams = await this.joinedTeams(token, signal);
    let index = position.team === null ? -1 : teams.findIndex((team) => team.id >= (position.team as string));
    if (index === -1 && position.team !== null) index = teams.length;
    let skip = position.team === null || teams[index]?.id === position.team ? position.skip : 0;

    for (; index < teams.length; index++, skip = 0) {
      const team = index === -1 ? undefined : teams[index];
      const units: Unit[] = team
        ? (await this.channelsOf(team.id, token, signal)).map((channel) => ({
            record: { externalId: `${team.id}/${channel.id}`, data: channelData(channel, team) },
          }))
        : teams.map((t) => ({ record: { externalId: t.id, data: teamData(t) } }));
      const here: ChannelsCursor = { v: 1, kind: 'channels', team: team?.id ?? null, skip: 0 };
      const next = teams[index + 1];
      const after: ChannelsCursor | null = next ? { v: 1, kind: 'channels', team: next.id, skip: 0 } : null;
      yield* this.chunks(units, skip, (k) => encodeCursor({ ...here, skip: k }), after && encodeCursor(after), signal);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Channel messages: delta per channel, and the replies of recently active threads
  // -------------------------------------------------------------------------------------------

  /**
   * Posts and replies of every channel, channel by channel (records keyed `<channel id>/<message id>`).
   *
   * From no cursor, a full round per channel of channel message delta with `$expand=replies`: every
   * post of the last eight months ("Delta will only return messages within the last eight months",
   * chatmessage-delta) with up to 1000 replies each; a thread with more has `replies@odata.nextLink`,
   * followed once the channel's delta is done. The last page's sync token holds each channel's
   * `@odata.deltaLink` and the threads it watches. From it, each deltaLink gives the posts created,
   * edited or deleted since, again with their replies.
   *
   * A new reply does not change its post (`lastModifiedDateTime` follows edits and reactions only:
   * https://github.com/microsoftgraph/microsoft-graph-docs/issues/6693, the property's description
   * since https://github.com/microsoftgraph/microsoft-graph-docs/pull/9949), so delta never shows it,
   * and Graph has no reply delta (https://github.com/microsoftgraph/microsoft-graph-docs/issues/4137).
   * So each incremental run also lists the replies of the watched threads — those active within
   * `replyWatchDays` of the channel's newest activity, at most 50 — that the delta did not bring. A
   * reply to an older thread waits for the next full sync.
   *
   * Deletions: a soft-deleted message keeps its id with `deletedDateTime` set, a removed one comes as
   * `@removed` (https://learn.microsoft.com/en-us/graph/delta-query-overview): either is a deletedId.
   * The channel list is read at the start of every run: a new channel starts with a full round; a
   * channel gone (left, deleted) ends the run CURSOR_INVALID, so the full sync that follows forgets its
   * messages. A saved link Graph refuses (410, or 400/404) is CURSOR_INVALID too.
   */
  private async *syncMessages(token: string, cursor: string | null, signal: AbortSignal): AsyncIterable<SyncPage> {
    let state: MessagesCursor;
    let skip = 0;
    if (cursor === null) {
      const plan = await this.channelPlan(token, signal);
      state = { v: 1, kind: 'messages', done: [], todo: plan, cur: null, skip: 0 };
    } else {
      const saved = decodeCursor(cursor, MICROSOFT_TEAMS, isMessagesCursorOrToken(this.options.apiBaseUrl));
      if (saved.kind === 'rounds') {
        state = {
          v: 1,
          kind: 'messages',
          done: [],
          todo: await this.incrementalPlan(saved, token, signal),
          cur: null,
          skip: 0,
        };
      } else {
        state = saved;
        skip = saved.skip;
      }
    }
    state = settle(state);

    for (;;) {
      const cur = state.cur;
      if (cur === null) {
        // Nothing left: the last page (only reached with no channel at all, or an empty answer).
        yield { records: [], deletedIds: [], nextCursor: null, syncToken: encodeCursor(tokenOf(state)) };
        return;
      }
      const { units, next } = await this.step(cur, token, signal);
      const after = settle({ ...state, cur: next, skip: 0 });
      const last = after.cur === null;
      const here = state;
      yield* this.chunks(
        units,
        skip,
        (k) => encodeCursor({ ...here, skip: k } satisfies MessagesCursor),
        last ? null : encodeCursor(after),
        signal,
        last ? encodeCursor(tokenOf(after)) : undefined,
      );
      if (last) return;
      state = after;
      skip = 0;
    }
  }

  /** One answer of the current channel: its units, and the channel's state after it (`settle` moves a finished one to `done`). */
  private async step(cur: Current, token: string, signal: AbortSignal): Promise<{ units: Unit[]; next: Current }> {
    const base = this.options.apiBaseUrl;
    const window = this.options.replyWatchDays * DAY_MS;
    if (cur.l !== undefined) {
      const fromLink = cur.l !== null;
      const path =
        cur.l === null
          ? `${channelPath(cur)}/messages/delta?${new URLSearchParams({ $top: String(this.options.pageSize), $expand: 'replies' })}`
          : graphLinkPath(cur.l, base, MICROSOFT_TEAMS);
      const page = graphPage<ChatMessage>(
        await this.fetch(cur.t, path, fromLink, token, signal),
        base,
        MICROSOFT_TEAMS,
      );
      const watch = new Map(cur.w);
      const seen = cur.s ? new Set(cur.s) : undefined;
      const tasks: Task[] = [...cur.q];
      const units: Unit[] = [];
      for (const message of latestOf(page.value)) {
        const root = messageId(message);
        seen?.add(root);
        if (isDeleted(message)) {
          units.push({ deleted: messageKey(cur, root) });
          watch.delete(root);
        } else {
          units.push({ record: messageRecord(cur, message, root) });
          watch.set(root, Math.max(watch.get(root) ?? 0, activityOf(message)));
        }
        for (const reply of message.replies ?? []) units.push(replyUnit(cur, reply, root));
        const more = message['replies@odata.nextLink'];
        if (typeof more === 'string' && !isDeleted(message)) {
          graphLinkPath(more, base, MICROSOFT_TEAMS);
          tasks.push([root, more]);
        }
      }
      if (page.nextLink !== undefined) {
        return {
          units,
          next: { ...cur, l: page.nextLink, w: prune(watch, window), ...(seen ? { s: [...seen] } : {}), q: tasks },
        };
      }
      if (page.deltaLink === undefined) {
        throw new IntegrationError(
          'UNKNOWN',
          `${MICROSOFT_TEAMS} answered delta with neither a next link nor a delta link`,
        );
      }
      // The delta is done: the previous round's watched threads it did not bring get their replies read.
      const watched = (cur.p?.w ?? []).filter(([root]) => watch.has(root) && !seen?.has(root));
      const queue: Task[] = [...tasks, ...watched.map(([root]): Task => [root, null])];
      return { units, next: { t: cur.t, c: cur.c, d: page.deltaLink, w: prune(watch, window), q: queue } };
    }

    // The threads phase: one page of replies of the first queued thread.
    const [root, link] = cur.q[0];
    const path =
      link === null
        ? `${channelPath(cur)}/messages/${segment(root)}/replies?${new URLSearchParams({ $top: String(this.options.pageSize) })}`
        : graphLinkPath(link, base, MICROSOFT_TEAMS);
    let body: unknown;
    try {
      body = await this.get(cur.t, path, token, signal);
    } catch (error) {
      // The thread is gone (a retention policy purged it): nothing to read, not a failure of the run.
      if (error instanceof ProviderApiError && error.status === 404) {
        const watch = new Map(cur.w);
        watch.delete(root);
        return { units: [], next: { ...cur, w: [...watch], q: cur.q.slice(1) } };
      }
      throw error;
    }
    const page = graphPage<ChatMessage>(body, base, MICROSOFT_TEAMS);
    const units = latestOf(page.value).map((reply) => replyUnit(cur, reply, root));
    const watch = new Map(cur.w);
    const known = watch.get(root);
    const activity = Math.max(known ?? 0, ...page.value.map(activityOf));
    if (known !== undefined || activity > 0) watch.set(root, activity);
    const q: Task[] = page.nextLink !== undefined ? [[root, page.nextLink], ...cur.q.slice(1)] : cur.q.slice(1);
    return { units, next: { ...cur, w: prune(watch, window), q } };
  }

  /** Every channel of every joined team, once each (a shared channel may be listed under several teams). */
  private async channelPlan(token: string, signal: AbortSignal): Promise<ChannelRef[]> {
    const plan: ChannelRef[] = [];
    const seen = new Set<string>();
    for (const team of await this.joinedTeams(token, signal)) {
      for (const channel of await this.channelsOf(team.id, token, signal)) {
        if (seen.has(channel.id)) continue;
        seen.add(channel.id);
        plan.push({ t: team.id, c: channel.id });
      }
    }
    return plan;
  }

  /** The channels of now, each with its previous round if it had one; a channel gone ends the run CURSOR_INVALID. */
  private async incrementalPlan(saved: MessagesToken, token: string, signal: AbortSignal): Promise<Todo[]> {
    const plan = await this.channelPlan(token, signal);
    const now = new Set(plan.map((ref) => ref.c));
    const gone = saved.channels.filter((round) => !now.has(round.c));
    if (gone.length > 0) {
      throw new IntegrationError(
        'CURSOR_INVALID',
        `${gone.length === 1 ? 'A channel' : `${gone.length} channels`} synced before ${gone.length === 1 ? 'is' : 'are'} no longer in your teams: a full sync follows, which removes ${gone.length === 1 ? 'its' : 'their'} messages`,
      );
    }
    const previous = new Map(saved.channels.map((round) => [round.c, round]));
    return plan.map((ref) => {
      const round = previous.get(ref.c);
      return round ? { ...ref, p: { d: round.d, w: round.w } } : ref;
    });
  }

  /** The teams the person is a direct member of, by id (the order channel passes resume in). */
  private async joinedTeams(token: string, signal: AbortSignal): Promise<{ id: string; team: GraphTeam }[]> {
    const base = this.options.apiBaseUrl;
    const teams = new Map<string, GraphTeam>();
    let path: string | undefined = '/me/joinedTeams';
    for (let pages = 0; path !== undefined; pages++) {
      if (pages === 100)
        throw new IntegrationError('UNKNOWN', `${MICROSOFT_TEAMS} answered joinedTeams with endless pages`);
      const page: GraphPage<GraphTeam> = graphPage(
        await this.get(undefined, path, token, signal),
        base,
        MICROSOFT_TEAMS,
      );
      for (const team of page.value) {
        const id = typeof team?.id === 'string' && GUID.test(team.id) ? team.id.toLowerCase() : undefined;
        if (!id) throw new IntegrationError('UNKNOWN', `${MICROSOFT_TEAMS} returned a team without an id`);
        teams.set(id, team);
      }
      path = page.nextLink === undefined ? undefined : graphLinkPath(page.nextLink, base, MICROSOFT_TEAMS);
    }
    return [...teams].map(([id, team]) => ({ id, team })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** A team's channels, in Graph's order. */
  private async channelsOf(
    teamId: string,
    token: string,
    signal: AbortSignal,
  ): Promise<(GraphChannel & { id: string })[]> {
    const base = this.options.apiBaseUrl;
    const channels: (GraphChannel & { id: string })[] = [];
    let path: string | undefined = `/teams/${segment(teamId)}/channels?${select(CHANNEL_FIELDS)}`;
    for (let pages = 0; path !== undefined; pages++) {
      if (pages === 100)
        throw new IntegrationError('UNKNOWN', `${MICROSOFT_TEAMS} answered channels with endless pages`);
      const page: GraphPage<GraphChannel> = graphPage(
        await this.get(teamId, path, token, signal),
        base,
        MICROSOFT_TEAMS,
      );
      for (const channel of page.value) {
        if (typeof channel?.id !== 'string' || !CHANNEL_ID.test(channel.id)) {
          throw new IntegrationError('UNKNOWN', `${MICROSOFT_TEAMS} returned a channel without an id it can use`);
        }
        channels.push(channel as GraphChannel & { id: string });
      }
      path = page.nextLink === undefined ? undefined : graphLinkPath(page.nextLink, base, MICROSOFT_TEAMS);
    }
    return channels;
  }

  /**
   * One GET, paced per team. `Prefer: odata.maxpagesize` states the page size on lists without `$top`
   * (joinedTeams takes no OData parameters, channels no `$top`); a service that does not honour a
   * preference ignores it (https://learn.microsoft.com/en-us/graph/paging), and the hub cuts pages itself.
   */
  private async get(team: string | undefined, path: string, token: string, signal: AbortSignal): Promise<unknown> {
    signal.throwIfAborted();
    if (team !== undefined) await this.pacer.wait(team, signal);
    const headers = path.includes('$top=')
      ? undefined
      : graphPreferHeader(graphPreferMaxPageSize(this.options.pageSize));
    return (await this.http.request<unknown>('GET', path, { token, signal, ...(headers ? { headers } : {}) })).body;
  }

  /**
   * A delta request. A saved link Graph then refuses as malformed (400) or unknown (404: the channel
   * was deleted) is CURSOR_INVALID, so the runner starts over once with a fresh round of every channel
   * rather than stopping for good on it. A first request failing that way is mapped as usual.
   */
  private async fetch(
    team: string,
    path: string,
    fromLink: boolean,
    token: string,
    signal: AbortSignal,
  ): Promise<unknown> {
    try {
      return await this.get(team, path, token, signal);
    } catch (error) {
      if (fromLink && error instanceof ProviderApiError && (error.status === 400 || error.status === 404)) {
        throw new IntegrationError(
          'CURSOR_INVALID',
          `${MICROSOFT_TEAMS} no longer accepts a saved delta link (${error.status}${error.code ? `, ${error.code}` : ''}): a full sync follows`,
          { status: error.status },
        );
      }
      throw error;
    }
  }

  /**
   * `units` from `skip` in pages of at most the page size; `at(k)` is the cursor after `k` units of
   * this answer, `after` the one past it (null on the run's last page, which carries `syncToken`).
   */
  private *chunks(
    units: readonly Unit[],
    skip: number,
    at: (k: number) => string,
    after: string | null,
    signal: AbortSignal,
    syncToken?: string,
  ): Iterable<SyncPage> {
    const size = this.options.pageSize;
    let from = Math.min(skip, units.length);
    do {
      signal.throwIfAborted();
      const to = Math.min(units.length, from + size);
      const slice = units.slice(from, to);
      const end = to === units.length;
      yield {
        records: slice.flatMap((unit) => ('record' in unit ? [unit.record] : [])),
        deletedIds: slice.flatMap((unit) => ('deleted' in unit ? [unit.deleted] : [])),
        nextCursor: end ? after : at(to),
        ...(end && after === null && syncToken !== undefined ? { syncToken } : {}),
      };
      from = to;
    } while (from < units.length);
  }
}

// ---------------------------------------------------------------------------------------------
// Cursor states
// ---------------------------------------------------------------------------------------------

/** The state moved on past finished channels: the next channel started, a done one kept for the token. */
function settle(state: MessagesCursor): MessagesCursor {
  let { done, todo, cur } = state;
  for (;;) {
    if (cur !== null && cur.l === undefined && cur.d !== undefined && cur.q.length === 0) {
      done = [...done, { t: cur.t, c: cur.c, d: cur.d, w: cur.w }];
      cur = null;
      continue;
    }
    if (cur === null && todo.length > 0) {
      const [first, ...rest] = todo;
      cur = first.p
        ? { t: first.t, c: first.c, p: first.p, l: first.p.d, w: first.p.w, s: [], q: [] }
        : { t: first.t, c: first.c, l: null, w: [], q: [] };
      todo = rest;
      continue;
    }
    return { ...state, done, todo, cur };
  }
}

function tokenOf(state: MessagesCursor): MessagesToken {
  return { v: 1, kind: 'rounds', channels: state.done };
}

/** The watched threads: active within `window` of the newest, most recent first, at most 50. */
function prune(watch: ReadonlyMap<string, number> | readonly Watch[], window: number): Watch[] {
  const entries = [...watch] as Watch[];
  const newest = Math.max(0, ...entries.map(([, at]) => at));
  return entries
    .filter(([, at]) => at >= newest - window)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, MAX_WATCHED_THREADS);
}

function isChannelsCursor(value: unknown): value is ChannelsCursor {
  const f = cursorFields(value);
  return (
    f?.['v'] === 1 &&
    f['kind'] === 'channels' &&
    (f['team'] === null || (typeof f['team'] === 'string' && GUID.test(f['team']))) &&
    isCount(f['skip'])
  );
}

function isMessagesCursorOrToken(base: string) {
  const isLink = (value: unknown): value is string => isGraphLink(value, base);
  const isRef = (f: Record<string, unknown> | undefined): f is Record<string, unknown> =>
    f !== undefined &&
    typeof f['t'] === 'string' &&
    GUID.test(f['t']) &&
    typeof f['c'] === 'string' &&
    CHANNEL_ID.test(f['c']);
  const isWatch = (value: unknown): boolean =>
    Array.isArray(value) &&
    value.length <= MAX_WATCHED_THREADS &&
    value.every((w) => Array.isArray(w) && w.length === 2 && isMessageId(w[0]) && isCount(w[1]));
  const isRound = (value: unknown): boolean => {
    const f = cursorFields(value);
    return isRef(f) && isLink(f['d']) && isWatch(f['w']);
  };
  const isPrevious = (value: unknown): boolean => {
    const f = cursorFields(value);
    return f !== undefined && isLink(f['d']) && isWatch(f['w']);
  };
  const isTodo = (value: unknown): boolean => {
    const f = cursorFields(value);
    return isRef(f) && (f['p'] === undefined || isPrevious(f['p']));
  };
  const isCurrent = (value: unknown): boolean => {
    const f = cursorFields(value);
    if (!isRef(f)) return false;
    const delta = 'l' in f;
    return (
      (f['p'] === undefined || isPrevious(f['p'])) &&
      (delta ? f['l'] === null || isLink(f['l']) : isLink(f['d'])) &&
      (!delta || f['d'] === undefined) &&
      isWatch(f['w']) &&
      (f['s'] === undefined || (Array.isArray(f['s']) && f['s'].every(isMessageId))) &&
      Array.isArray(f['q']) &&
      f['q'].every(
        (task) =>
          Array.isArray(task) && task.length === 2 && isMessageId(task[0]) && (task[1] === null || isLink(task[1])),
      )
    );
  };
  return (value: unknown): value is MessagesCursor | MessagesToken => {
    const f = cursorFields(value);
    if (f?.['v'] !== 1) return false;
    if (f['kind'] === 'rounds') return Array.isArray(f['channels']) && f['channels'].every(isRound);
    return (
      f['kind'] === 'messages' &&
      Array.isArray(f['done']) &&
      f['done'].every(isRound) &&
      Array.isArray(f['todo']) &&
      f['todo'].every(isTodo) &&
      (f['cur'] === null || isCurrent(f['cur'])) &&
      isCount(f['skip'])
    );
  };
}

// ---------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------

/** The ID token's work or school account; a personal account is refused (the Teams APIs do not serve it). */
function workIdentity(idToken: unknown): MicrosoftIdentity {
  const identity = microsoftIdentity(idToken, MICROSOFT_TEAMS);
  if (identity.personal) throw personalAccountError();
  return identity;
}

/** A sync refuses a personal account as `getAccountInfo` does (a connection without an ID token goes on). */
function refusePersonal(credentials: ProviderCredentials): void {
  if (credentials['idToken'] !== undefined) workIdentity(credentials['idToken']);
}

/** A path segment as Graph's documentation writes ids (`19:…@thread.tacv2` keeps its `:` and `@`). */
function segment(id: string): string {
  return encodeURIComponent(id).replace(/%3A/gi, ':').replace(/%40/g, '@');
}

function channelPath(ref: ChannelRef): string {
  return `/teams/${segment(ref.t)}/channels/${segment(ref.c)}`;
}

function messageKey(ref: ChannelRef, id: string): string {
  return `${ref.c}/${id}`;
}

function isMessageId(value: unknown): value is string {
  return typeof value === 'string' && MESSAGE_ID.test(value);
}

function messageId(message: ChatMessage | undefined): string {
  if (!isMessageId(message?.id))
    throw new IntegrationError('UNKNOWN', `${MICROSOFT_TEAMS} returned a message without an id`);
  return message.id;
}

/**
 * Soft-deleted (`deletedDateTime` set: "Read only. Timestamp at which the chat message was deleted,
 * or null if not deleted", https://learn.microsoft.com/en-us/graph/api/resources/chatmessage) or
 * removed from the delta (`@removed`).
 */
function isDeleted(message: ChatMessage): boolean {
  return (
    (typeof message.deletedDateTime === 'string' && message.deletedDateTime !== '') ||
    (typeof message['@removed'] === 'object' && message['@removed'] !== null)
  );
}

/** The same message may appear more than once in a delta answer: its last occurrence, in that order. */
function latestOf(messages: readonly ChatMessage[]): ChatMessage[] {
  const latest = new Map<string, ChatMessage>();
  for (const message of messages) {
    const id = messageId(message);
    latest.delete(id);
    latest.set(id, message);
  }
  return [...latest.values()];
}

function replyUnit(ref: ChannelRef, reply: ChatMessage, root: string): Unit {
  const id = messageId(reply);
  return isDeleted(reply) ? { deleted: messageKey(ref, id) } : { record: messageRecord(ref, reply, root) };
}

/** Epoch ms of a thread's latest activity: its post's and replies' creation and modification times. */
function activityOf(message: ChatMessage): number {
  const times = [message, ...(message.replies ?? [])].flatMap((m) =>
    [m.createdDateTime, m.lastModifiedDateTime].map((t) => (typeof t === 'string' ? Date.parse(t) : NaN)),
  );
  return Math.max(0, ...times.filter((t) => Number.isSafeInteger(t) && t > 0));
}

function messageRecord(ref: ChannelRef, message: ChatMessage, root: string): SyncPage['records'][number] {
  const id = messageId(message);
  const data: Record<string, unknown> = { teamId: ref.t, channelId: ref.c, threadId: root, isReply: id !== root };
  if (typeof message.messageType === 'string') data['messageType'] = message.messageType;
  const from = authorOf(message.from);
  if (from) data['from'] = from;
  for (const key of ['createdDateTime', 'lastModifiedDateTime', 'lastEditedDateTime'] as const) {
    if (typeof message[key] === 'string') data[key] = message[key];
  }
  const subject = nonEmpty(message.subject);
  if (subject) data['subject'] = subject;
  if (typeof message.importance === 'string') data['importance'] = message.importance;
  if (typeof message.body?.contentType === 'string') data['contentType'] = message.body.contentType;
  if (typeof message.body?.content === 'string') data['content'] = message.body.content;
  if (Array.isArray(message.attachments)) data['attachments'] = message.attachments.length;
  if (Array.isArray(message.reactions)) data['reactions'] = message.reactions.length;
  const webUrl = httpsUrl(message.webUrl);
  if (webUrl) data['webUrl'] = webUrl;
  return { externalId: messageKey(ref, id), data };
}

/** The author as a record keeps it: the user's name and id, else the app's or device's name. */
function authorOf(from: ChatMessage['from']): Record<string, string> | undefined {
  const user = from?.user;
  const name =
    nonEmpty(user?.displayName) ?? nonEmpty(from?.application?.displayName) ?? nonEmpty(from?.device?.displayName);
  if (!name) return undefined;
  return {
    displayName: name,
    ...(user && typeof user.id === 'string' && GUID.test(user.id) ? { userId: user.id } : {}),
  };
}

function teamData(entry: { id: string; team: GraphTeam }): Record<string, unknown> {
  const name = nonEmpty(entry.team.displayName);
  const description = nonEmpty(entry.team.description);
  return { type: 'team', ...(name ? { name } : {}), ...(description ? { description } : {}) };
}

function channelData(
  channel: GraphChannel & { id: string },
  team: { id: string; team: GraphTeam },
): Record<string, unknown> {
  const data: Record<string, unknown> = { type: 'channel', channelId: channel.id, teamId: team.id };
  const teamName = nonEmpty(team.team.displayName);
  if (teamName) data['teamName'] = teamName;
  const name = nonEmpty(channel.displayName);
  if (name) data['name'] = name;
  const description = nonEmpty(channel.description);
  if (description) data['description'] = description;
  if (typeof channel.membershipType === 'string' && MEMBERSHIP_TYPES.has(channel.membershipType)) {
    data['membershipType'] = channel.membershipType;
  }
  if (typeof channel.createdDateTime === 'string') data['createdDateTime'] = channel.createdDateTime;
  const webUrl = httpsUrl(channel.webUrl);
  if (webUrl) data['webUrl'] = webUrl;
  return data;
}

/** `$select` (URLSearchParams writes `$` as `%24`, which OData takes). */
function select(fields: string): URLSearchParams {
  return new URLSearchParams({ $select: fields });
}

/** `mail`, else `userPrincipalName`, but not a guest's `…#EXT#@…` name. */
function emailOf(me: GraphUser | undefined): string | undefined {
  const mail = nonEmpty(me?.mail);
  if (mail?.includes('@')) return mail;
  const upn = nonEmpty(me?.userPrincipalName);
  return upn?.includes('@') && !upn.includes('#EXT#') ? upn : undefined;
}

/** The tenant's name: the organization whose id is the token's `tid`, else the first. */
function organizationOf(body: unknown, tenantId: string): string | undefined {
  const value = cursorFields(body)?.['value'];
  if (!Array.isArray(value)) return undefined;
  const organizations = value as (GraphOrganization | null)[];
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
