import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { MICROSOFT_TEAMS_MANIFEST } from '@hub/server/integrations/microsoft-teams';
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
import { graphLink, graphTokens, syncReset } from '../microsoft-common/graph-links';
import { odataContext, parseSelect, queryOption, selectProperties } from '../microsoft-common/graph-request';
import { GraphThrottle, throttleAnswer } from '../microsoft-common/graph-throttle';
import { MicrosoftIdentityPlatform } from '../microsoft-common/identity-platform';
import { personaFor } from '../microsoft-common/persona-control';
import { type MicrosoftPersona, PersonaSetting, SANDBOX_TENANT_ID } from '../microsoft-common/personas';
import {
  type ChannelData,
  type Message,
  TEAMS_DEFAULT_POSTS,
  TEAMS_MAX_POSTS,
  type TeamData,
  TeamsDataset,
} from './microsoft-teams-data';
import { CHANNEL_TYPE } from './microsoft-teams-types';

const TEAMS_OPTIONS = {
  /** Posts (root messages) per channel, over ten months. */
  posts: integerOption({
    default: TEAMS_DEFAULT_POSTS,
    env: 'SANDBOX_MICROSOFT_TEAMS_POSTS',
    min: 0,
    max: TEAMS_MAX_POSTS,
  }),
  /** Seed of the generated tenant. */
  seed: integerOption({ default: 1, env: 'SANDBOX_MICROSOFT_TEAMS_SEED' }),
  /**
   * Requests per second one team or channel answers before 429 (0: no limit): "A maximum of 4
   * requests per second per app can be issued on a given team or channel"
   * (https://learn.microsoft.com/en-us/graph/throttling-limits).
   */
  teamRequestsPerSecond: integerOption({ default: 4, env: 'SANDBOX_MICROSOFT_TEAMS_TEAM_RPS', min: 0, max: 1000 }),
  /** Replies `$expand=replies` returns per post before `replies@odata.nextLink`: 1000 (channel-list-messages). */
  expandedReplies: integerOption({ default: 1000, min: 1, max: 1000 }),
};

/** `$top` of channel messages, replies and delta: "The upper limit is 50"; lists default to 20 (channel-list-messages). */
const MAX_TOP = 50;
const DEFAULT_TOP = 20;

/** Delegated permissions of each API, least privileged first (their permissions tables). */
const JOINED_TEAMS_READ = [
  'Team.ReadBasic.All',
  'TeamSettings.Read.All',
  'TeamSettings.ReadWrite.All',
  'User.Read.All',
  'User.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
const CHANNELS_READ = [
  'Channel.ReadBasic.All',
  'ChannelSettings.Read.All',
  'ChannelSettings.ReadWrite.All',
  'Group.Read.All',
  'Group.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
const CHANNEL_MESSAGES_READ = ['ChannelMessage.Read.All'];

/** The manifest's resources, so that the mutate answer names what the hub syncs. */
const RESOURCES = MICROSOFT_TEAMS_MANIFEST.sync?.resources.map((r) => r.id) ?? ['channels', 'channel-messages'];

/** A delta link's state: one round of one channel's delta; `u` (the round's upTo) and `p` while it is paged. */
interface DeltaState {
  /** The token epoch: a reset or `expire-delta` starts a new one, and older tokens answer 410. */
  readonly e: number;
  readonly t: string;
  readonly c: string;
  readonly k: 'start' | 'seq';
  /** After this ledger sequence (`seq`); 0 for `start`. */
  readonly a: number;
  readonly u?: number;
  readonly p?: number;
  /** `$top` and `$expand=replies` as first given: Graph's links hold the whole query. */
  readonly n: number;
  readonly x: boolean;
}

/** A list's state: replies of post `r`, or a channel's posts; `o` items already listed. */
interface ListState {
  readonly e: number;
  readonly t: string;
  readonly c: string;
  readonly r?: string;
  readonly o: number;
  readonly n: number;
  readonly x?: boolean;
}

const isInteger = (value: unknown) => Number.isSafeInteger(value);
const isText = (value: unknown) => typeof value === 'string' && value.length > 0 && value.length <= 256;
const DELTA_TOKENS = graphTokens<DeltaState>((v): v is DeltaState => {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return (
    isInteger(s['e']) &&
    isText(s['t']) &&
    isText(s['c']) &&
    (s['k'] === 'start' || s['k'] === 'seq') &&
    isInteger(s['a']) &&
    (s['u'] === undefined) === (s['p'] === undefined) &&
    (s['u'] === undefined || isInteger(s['u'])) &&
    (s['p'] === undefined || isInteger(s['p'])) &&
    isInteger(s['n']) &&
    typeof s['x'] === 'boolean'
  );
});
const LIST_TOKENS = graphTokens<ListState>((v): v is ListState => {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return (
    isInteger(s['e']) &&
    isText(s['t']) &&
    isText(s['c']) &&
    (s['r'] === undefined || isText(s['r'])) &&
    isInteger(s['o']) &&
    isInteger(s['n']) &&
    (s['x'] === undefined || typeof s['x'] === 'boolean')
  );
});

/**
 * Microsoft Graph v1.0 (https://graph.microsoft.com/v1.0) as the Microsoft Teams provider calls it, at
 * `/microsoft-teams/api`: `GET /me`, `GET /organization`, `GET /me/joinedTeams`,
 * `GET /teams/{id}/channels`, channel message delta `GET /teams/{id}/channels/{id}/messages/delta`,
 * `GET …/messages` (list), `GET …/messages/{id}` and `GET …/messages/{id}/replies`, over a tenant that
 * `POST /_sandbox/microsoft-teams/mutate` changes. The signed-in persona (`/_sandbox/microsoft-teams/persona`)
 * decides what Graph answers: the member's three teams, the admin's four, or — for a personal account,
 * which the Teams APIs do not serve — 400. Sign-in is Microsoft's identity platform with admin consent:
 * ChannelMessage.Read.All is admin-only, so a member is refused AADSTS90094 until the tenant's
 * administrator consents (signing in, or at `/microsoft-teams/{tenant}/v2.0/adminconsent`). Further
 * controls: `POST /_sandbox/microsoft-teams/expire-delta` (earlier delta and next links answer 410) and
 * `/_sandbox/microsoft-teams/throttle` (429 or 503 with `Retry-After`); each team answers at most
 * `teamRequestsPerSecond` requests a second.
 */
export const microsoftTeamsEmulation = defineEmulation({
  id: 'microsoft-teams',
  options: TEAMS_OPTIONS,
  create: (options) => new MicrosoftTeamsEmulation(options).provider(),
});

class MicrosoftTeamsEmulation {
  private readonly data: TeamsDataset;
  private readonly personas = new PersonaSetting();
  private readonly throttle = new GraphThrottle('TooManyRequests');
  private readonly teamLimit: TeamLimit;
  // Microsoft's sign-in with admin consent: ChannelMessage.Read.All's "Admin Consent Required" is Yes
  // (https://learn.microsoft.com/en-us/graph/permissions-reference).
  private readonly identity = new MicrosoftIdentityPlatform(this.personas, ['ChannelMessage.Read.All']);
  private epoch = 1;

  constructor(private readonly options: OptionValues<typeof TEAMS_OPTIONS>) {
    this.data = new TeamsDataset({ posts: options.posts, seed: options.seed });
    this.teamLimit = new TeamLimit(options.teamRequestsPerSecond);
  }

  provider(): SandboxProvider {
    return {
      // The OpenID Connect scopes the identity platform accepts besides Graph's
      // (https://learn.microsoft.com/en-us/entra/identity-platform/scopes-oidc#openid-connect-scopes).
      ...fromManifest(MICROSOFT_TEAMS_MANIFEST, ['openid', 'profile', 'email']),
      name: 'Microsoft Teams',
      ...this.identity.hooks(),
      sendError: graphErrorSender({ not_found: { code: 'NotFound' }, forbidden: { code: 'Forbidden' } }),
      // Graph sends no rate-limit headers of this kind: a throttled answer's Retry-After says it all.
      rateLimitHeaders: () => ({}),
      api: (context) => this.api(context),
      dataset: {
        state: () => ({
          ...this.data.state(),
          adminConsented: this.identity.tenantConsented(SANDBOX_TENANT_ID, 'ChannelMessage.Read.All') ? 1 : 0,
        }),
        // Changes channel messages as use would and says what the next sync counts; channels stay.
        mutate: (request) => ({
          expected: {
            [RESOURCES[0]]: { added: 0, updated: 0, deleted: 0 },
            [RESOURCES[1]]: this.data.mutate(request),
          },
        }),
        reset: () => {
          this.data.reset();
          this.personas.reset();
          this.throttle.clear();
          this.teamLimit.clear();
          this.identity.reset();
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
    router.use('/teams/:teamId', this.teamLimit.middleware);
    const signedIn = (res: Response): MicrosoftPersona => personaFor(context.token(res).accountId, this.personas);
    router.use(directoryRoutes(context, signedIn));

    router.get('/me/joinedTeams', (_req, res) => {
      const persona = this.teamsPersona(context, res, JOINED_TEAMS_READ);
      // "Currently, this API call returns only the id, displayName, and description properties"
      // and takes no OData parameters (user-list-joinedteams).
      res.json({
        value: this.data
          .teamsOf(persona)
          .map((team) => ({ id: team.id, displayName: team.displayName, description: team.description })),
      });
    });
    router.get('/teams/:teamId/channels', (req, res) => {
      const persona = this.teamsPersona(context, res, CHANNELS_READ);
      const team = this.memberTeam(persona, req);
      const select = parseSelect(queryOption(req, 'select'), CHANNEL_TYPE);
      const filter = membershipFilter(queryOption(req, 'filter'));
      const value = team.channels
        .filter((channel) => filter === undefined || channel.membershipType === filter)
        .map((channel) => selectProperties(this.renderChannel(team, channel), select, { always: ['id'] }));
      res.json({
        '@odata.context': odataContext(
          context.apiBaseUrl,
          `teams('${team.id}')/channels${select ? `(${select.join(',')})` : ''}`,
        ),
        '@odata.count': value.length,
        value,
      });
    });
    router.get('/teams/:teamId/channels/:channelId/messages/delta', (req, res) => {
      const persona = this.teamsPersona(context, res, CHANNEL_MESSAGES_READ);
      const { team, channel } = this.memberChannel(persona, req);
      this.delta(context, req, res, team, channel);
    });
    router.get('/teams/:teamId/channels/:channelId/messages', (req, res) => {
      const persona = this.teamsPersona(context, res, CHANNEL_MESSAGES_READ);
      const { team, channel } = this.memberChannel(persona, req);
      this.listPosts(context, req, res, team, channel);
    });
    router.get('/teams/:teamId/channels/:channelId/messages/:messageId', (req, res) => {
      const persona = this.teamsPersona(context, res, CHANNEL_MESSAGES_READ);
      const { team, channel } = this.memberChannel(persona, req);
      const post = channel.posts.get(String(req.params['messageId']));
      if (!post) throw notFound('Message not found.');
      res.json({
        '@odata.context': odataContext(
          context.apiBaseUrl,
          `teams('${team.id}')/channels('${encodeURIComponent(channel.id)}')/messages/$entity`,
        ),
        ...this.render(team, channel, post, false),
      });
    });
    router.get('/teams/:teamId/channels/:channelId/messages/:messageId/replies', (req, res) => {
      const persona = this.teamsPersona(context, res, CHANNEL_MESSAGES_READ);
      const { team, channel } = this.memberChannel(persona, req);
      this.listReplies(context, req, res, team, channel, String(req.params['messageId']));
    });

    router.use(graphErrorHandler);
    return router;
  }

  private control(): Router {
    const router = express.Router();
    this.identity.addControls(router);
    router.use(this.throttle.control());
    // Every delta and next link handed out so far goes stale: its next use answers 410, as for a
    // delta token Graph no longer knows (https://learn.microsoft.com/en-us/graph/delta-query-overview).
    router.post('/expire-delta', (_req, res) => {
      this.epoch += 1;
      res.json({ expired: true });
    });
    return router;
  }

  /**
   * The persona of the token, for a Teams API: a personal account is refused as Graph refuses an MSA
   * token on a resource it does not serve — 400 BadRequest "Specified resource is not supported for MSA
   * requests" (https://github.com/microsoftgraph/microsoft-graph-docs-contrib/issues/7945); Microsoft
   * on Teams: "Microsoft Graph APIs for Teams do not support MSA accounts"
   * (https://github.com/MicrosoftDocs/msteams-docs/issues/622). A token without the permission gets
   * Teams' 403 naming what the API requires and what the token has (observed:
   * https://github.com/pnp/cli-microsoft365/issues/2617, https://github.com/telstrapurple/MSTeamsChatExporter/issues/9).
   */
  private teamsPersona(context: ApiContext, res: Response, permissions: readonly string[]): MicrosoftPersona {
    const granted = context.token(res).scopes;
    if (!permissions.some((permission) => granted.has(permission))) {
      throw new GraphError({
        status: 403,
        code: 'Forbidden',
        message: `Missing scope permissions on the request. API requires one of '${permissions.join(', ')}'. Scopes on the request '${[...granted].join(', ')}'`,
      });
    }
    const persona = personaFor(context.token(res).accountId, this.personas);
    if (persona.kind === 'personal') {
      throw new GraphError({
        status: 400,
        code: 'BadRequest',
        message: 'Specified resource is not supported for MSA requests',
      });
    }
    return persona;
  }

  /**
   * The team of the path when the persona belongs to it. Unknown: 404 "No team found with Group Id";
   * a team the person is not in: 403 Forbidden "Failed to execute Skype backend request"
   * (https://techcommunity.microsoft.com/discussions/microsoft-365/api-to-get-the-ms-teams-channels-is-failing/1592563,
   * https://github.com/microsoftgraph/microsoft-graph-toolkit/issues/1663).
   */
  private memberTeam(persona: MicrosoftPersona, req: Request): TeamData {
    const id = String(req.params['teamId']);
    const team = this.data.team(id);
    if (!team) throw notFound(`No team found with Group Id ${id}`);
    if (!team.members.has(persona.kind)) {
      throw new GraphError({
        status: 403,
        code: 'Forbidden',
        message: 'Failed to execute Skype backend request GetThreadS2SRequest.',
      });
    }
    return team;
  }

  private memberChannel(persona: MicrosoftPersona, req: Request): { team: TeamData; channel: ChannelData } {
    const team = this.memberTeam(persona, req);
    const id = String(req.params['channelId']);
    const channel = team.channels.find((c) => c.id === id);
    if (!channel) throw notFound(`Channel ${id} was not found in team ${team.id}.`);
    return { team, channel };
  }

  /**
   * Channel message delta (https://learn.microsoft.com/en-us/graph/api/chatmessage-delta): root
   * messages only, of the last eight months, oldest first; `$top` up to 50, `$expand=replies` (up to
   * 1000 each, newest first, then `replies@odata.nextLink`). The first request answers an empty page
   * with a next link, as Graph has been seen doing (https://github.com/microsoftgraph/microsoft-graph-docs/issues/8864);
   * pages carry `$skiptoken` next links until the last, which carries a `$deltatoken` delta link whose
   * round brings the posts created, edited or soft-deleted since. Soft-deleted posts come with
   * `deletedDateTime` set. A token from before a reset or `expire-delta` answers 410 syncStateNotFound
   * with `Location` a fresh round's link; one Graph never issued, 400.
   */
  private delta(context: ApiContext, req: Request, res: Response, team: TeamData, channel: ChannelData): void {
    const query = new URLSearchParams(req.url.split('?')[1] ?? '');
    const options = [...query.keys()];
    const skip = query.get('$skiptoken');
    const delta = query.get('$deltatoken');
    const given = skip ?? delta;
    for (const name of options) {
      if (name === '$filter' || name === '$skip') {
        throw new GraphError({
          status: 501,
          code: 'notSupported',
          message: `The sandbox does not emulate ${name} on channel message delta.`,
        });
      }
      if (!['$top', '$expand', '$skiptoken', '$deltatoken'].includes(name)) throw queryNotAllowed(name);
    }
    const base = (state: Pick<DeltaState, 'n' | 'x'>): DeltaState => ({
      e: this.epoch,
      t: team.id,
      c: channel.id,
      k: 'start',
      a: 0,
      ...state,
    });
    const path = `/teams/${team.id}/channels/${channel.id}/messages/delta`;
    const link = (name: '$skiptoken' | '$deltatoken', state: DeltaState) =>
      graphLink(context.apiBaseUrl, path, { [name]: DELTA_TOKENS.encode(state) });

    if (given === null) {
      const top = topOf(query);
      const expand = query.get('$expand');
      if (expand !== null && expand !== 'replies') {
        throw new GraphError({
          status: 400,
          code: 'BadRequest',
          message: `Expanding '${expand}' is not supported: only replies.`,
        });
      }
      // The first request: an empty page and a next link (issue 8864).
      const start = base({ n: top, x: expand === 'replies' });
      res.json({
        '@odata.context': odataContext(context.apiBaseUrl, 'Collection(chatMessage)'),
        '@odata.nextLink': link('$skiptoken', { ...start, u: channel.posts.seq, p: -1 }),
        value: [],
      });
      return;
    }
    const decoded = DELTA_TOKENS.decode(given);
    if (
      !decoded ||
      decoded.t !== team.id ||
      decoded.c !== channel.id ||
      (skip !== null) === (decoded.u === undefined)
    ) {
      throw new GraphError({
        status: 400,
        code: 'BadRequest',
        message: `The ${skip !== null ? '$skiptoken' : '$deltatoken'} is not valid.`,
      });
    }
    if (decoded.e !== this.epoch || decoded.a > channel.posts.seq) {
      throw syncReset({
        location: graphLink(context.apiBaseUrl, path, {
          $top: String(decoded.n),
          ...(decoded.x ? { $expand: 'replies' } : {}),
        }),
        code: 'syncStateNotFound',
        message: 'The sync state generation is not found.',
      });
    }
    const state: DeltaState = decoded.u === undefined ? { ...decoded, u: channel.posts.seq, p: -1 } : decoded;
    const upTo = state.u as number;
    const round: DeltaRound = state.k === 'start' ? { kind: 'start', upTo } : { kind: 'seq', after: state.a, upTo };
    const page = this.data.deltaPage(channel, round, state.p as number, state.n);
    const value = page.posts.map((post) => ({
      ...this.render(team, channel, post, true),
      ...(state.x ? this.expandedReplies(context, team, channel, post) : {}),
    }));
    let next: Record<string, string>;
    if (page.next === null) {
      this.data.issue();
      next = {
        '@odata.deltaLink': link('$deltatoken', {
          e: this.epoch,
          t: team.id,
          c: channel.id,
          k: 'seq',
          a: upTo,
          n: state.n,
          x: state.x,
        }),
      };
    } else {
      next = { '@odata.nextLink': link('$skiptoken', { ...state, p: page.next }) };
    }
    res.json({ '@odata.context': odataContext(context.apiBaseUrl, 'Collection(chatMessage)'), ...next, value });
  }

  /** `replies` of a post as `$expand=replies` gives them: up to `expandedReplies`, newest first, then a next link. */
  private expandedReplies(
    context: ApiContext,
    team: TeamData,
    channel: ChannelData,
    post: Message,
  ): Record<string, unknown> {
    const replies = this.data.repliesOf(channel, post.id);
    const shown = replies.slice(0, this.options.expandedReplies);
    return {
      'replies@odata.count': shown.length,
      ...(replies.length > shown.length
        ? {
            'replies@odata.nextLink': graphLink(
              context.apiBaseUrl,
              `/teams/${team.id}/channels/${channel.id}/messages/${post.id}/replies`,
              {
                $skiptoken: LIST_TOKENS.encode({
                  e: this.epoch,
                  t: team.id,
                  c: channel.id,
                  r: post.id,
                  o: shown.length,
                  n: MAX_TOP,
                }),
              },
            ),
          }
        : {}),
      replies: shown.map((reply) => this.render(team, channel, reply, true)),
    };
  }

  /** List replies (https://learn.microsoft.com/en-us/graph/api/chatmessage-list-replies): newest first, `$top` up to 50. */
  private listReplies(
    context: ApiContext,
    req: Request,
    res: Response,
    team: TeamData,
    channel: ChannelData,
    postId: string,
  ): void {
    const post = channel.posts.get(postId);
    if (!post) throw notFound('Message not found.');
    const state = this.listState(req, team, channel, postId);
    const replies = this.data.repliesOf(channel, post.id);
    const value = replies.slice(state.o, state.o + state.n).map((reply) => this.render(team, channel, reply, false));
    const more = state.o + state.n < replies.length;
    res.json({
      '@odata.context': odataContext(
        context.apiBaseUrl,
        `teams('${team.id}')/channels('${encodeURIComponent(channel.id)}')/messages('${post.id}')/replies`,
      ),
      '@odata.count': value.length,
      ...(more
        ? {
            '@odata.nextLink': graphLink(
              context.apiBaseUrl,
              `/teams/${team.id}/channels/${channel.id}/messages/${post.id}/replies`,
              {
                $skiptoken: LIST_TOKENS.encode({ ...state, o: state.o + state.n }),
              },
            ),
          }
        : {}),
      value,
    });
  }

  /**
   * List channel messages (https://learn.microsoft.com/en-us/graph/api/channel-list-messages): every
   * post, beyond the delta horizon too, newest first, without replies unless `$expand=replies`.
   */
  private listPosts(context: ApiContext, req: Request, res: Response, team: TeamData, channel: ChannelData): void {
    const state = this.listState(req, team, channel, undefined);
    const posts = this.data.postsOf(channel);
    const value = posts.slice(state.o, state.o + state.n).map((post) => ({
      ...this.render(team, channel, post, false),
      ...(state.x ? this.expandedReplies(context, team, channel, post) : {}),
    }));
    const more = state.o + state.n < posts.length;
    res.json({
      '@odata.context': odataContext(
        context.apiBaseUrl,
        `teams('${team.id}')/channels('${encodeURIComponent(channel.id)}')/messages`,
      ),
      '@odata.count': value.length,
      ...(more
        ? {
            '@odata.nextLink': graphLink(context.apiBaseUrl, `/teams/${team.id}/channels/${channel.id}/messages`, {
              $skiptoken: LIST_TOKENS.encode({ ...state, o: state.o + state.n }),
            }),
          }
        : {}),
      value,
    });
  }

  /** A list's position: from `$skiptoken` (checked to be this list's), or the first page with `$top` and `$expand`. */
  private listState(req: Request, team: TeamData, channel: ChannelData, postId: string | undefined): ListState {
    const query = new URLSearchParams(req.url.split('?')[1] ?? '');
    const allowed = postId === undefined ? ['$top', '$expand', '$skiptoken'] : ['$top', '$skiptoken'];
    for (const name of query.keys()) if (!allowed.includes(name)) throw queryNotAllowed(name);
    const token = query.get('$skiptoken');
    if (token !== null) {
      const state = LIST_TOKENS.decode(token);
      if (!state || state.e !== this.epoch || state.t !== team.id || state.c !== channel.id || state.r !== postId) {
        throw new GraphError({ status: 400, code: 'BadRequest', message: 'The $skiptoken is not valid.' });
      }
      return state;
    }
    const expand = query.get('$expand');
    if (expand !== null && expand !== 'replies') {
      throw new GraphError({
        status: 400,
        code: 'BadRequest',
        message: `Expanding '${expand}' is not supported: only replies.`,
      });
    }
    return {
      e: this.epoch,
      t: team.id,
      c: channel.id,
      ...(postId === undefined ? { x: expand === 'replies' } : { r: postId }),
      o: 0,
      n: topOf(query),
    };
  }

  /** A channel as list channels answers it (https://learn.microsoft.com/en-us/graph/api/channel-list). */
  private renderChannel(team: TeamData, channel: ChannelData): Record<string, unknown> {
    return {
      id: channel.id,
      createdDateTime: new Date(channel.createdMs).toISOString(),
      displayName: channel.displayName,
      description: channel.description,
      isFavoriteByDefault: channel.displayName === 'General' ? true : null,
      email: '',
      tenantId: SANDBOX_TENANT_ID,
      webUrl: `https://teams.microsoft.com/l/channel/${encodeURIComponent(channel.id)}/${encodeURIComponent(channel.displayName)}?groupId=${team.id}&tenantId=${SANDBOX_TENANT_ID}`,
      membershipType: channel.membershipType,
      isArchived: false,
    };
  }

  /**
   * A chatMessage as the delta and list-replies examples show it. A soft-deleted one keeps its id and
   * author with `deletedDateTime` set and an empty body ("Timestamp at which the chat message was
   * deleted, or null if not deleted", https://learn.microsoft.com/en-us/graph/api/resources/chatmessage).
   * Delta answers carry `@odata.type`.
   */
  private render(team: TeamData, channel: ChannelData, message: Message, inDelta: boolean): Record<string, unknown> {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    const root = message.replyTo ?? message.id;
    return {
      ...(inDelta ? { '@odata.type': '#microsoft.graph.chatMessage' } : {}),
      id: message.id,
      replyToId: message.replyTo,
      etag: String(message.modifiedMs),
      messageType: 'message',
      createdDateTime: iso(message.createdMs),
      lastModifiedDateTime: iso(message.modifiedMs),
      lastEditedDateTime: iso(message.editedMs),
      deletedDateTime: iso(message.deletedMs),
      subject: message.subject,
      summary: null,
      chatId: null,
      importance: message.importance,
      locale: 'en-us',
      webUrl: `https://teams.microsoft.com/l/message/${encodeURIComponent(channel.id)}/${message.id}?groupId=${team.id}&tenantId=${SANDBOX_TENANT_ID}&createdTime=${message.createdMs}&parentMessageId=${root}`,
      policyViolation: null,
      eventDetail: null,
      from: {
        application: null,
        device: null,
        user: {
          '@odata.type': '#microsoft.graph.teamworkUserIdentity',
          id: message.from.id,
          displayName: message.from.displayName,
          userIdentityType: 'aadUser',
          tenantId: SANDBOX_TENANT_ID,
        },
      },
      body: { contentType: message.contentType, content: message.deletedMs === null ? message.content : '' },
      channelIdentity: { teamId: team.id, channelId: channel.id },
      attachments: [],
      mentions: [],
      reactions: [],
      messageHistory: [],
    };
  }
}

/**
 * "A maximum of 4 requests per second per app can be issued on a given team or channel"
 * (https://learn.microsoft.com/en-us/graph/throttling-limits): requests under `/teams/{id}` beyond the
 * limit within a second answer 429 TooManyRequests, with `Retry-After` the (fractional) seconds until
 * the oldest leaves the window (https://learn.microsoft.com/en-us/graph/throttling).
 */
class TeamLimit {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly perSecond: number) {}

  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    if (this.perSecond === 0) return next();
    const team = String(req.params['teamId']).toLowerCase();
    const now = Date.now();
    const recent = (this.hits.get(team) ?? []).filter((at) => at > now - 1000);
    if (recent.length >= this.perSecond) {
      this.hits.set(team, recent);
      const wait = Math.max(0.001, (recent[0] + 1000 - now) / 1000);
      sendGraphError(
        res,
        throttleAnswer({ status: 429, retryAfterSeconds: Number(wait.toFixed(3)), code: 'TooManyRequests' }),
      );
      return;
    }
    recent.push(now);
    this.hits.set(team, recent);
    next();
  };

  clear(): void {
    this.hits.clear();
  }
}

/** `$top` up to 50 ("The upper limit is 50"); above it, OData's refusal. Default 20. */
function topOf(query: URLSearchParams): number {
  const raw = query.get('$top');
  if (raw === null) return DEFAULT_TOP;
  if (!/^\d{1,10}$/.test(raw)) {
    throw new GraphError({
      status: 400,
      code: 'BadRequest',
      message: `Invalid value '${raw}' for $top query option found. The $top query option requires a non-negative integer value.`,
    });
  }
  const top = Number(raw);
  if (top > MAX_TOP) {
    throw new GraphError({
      status: 400,
      code: 'BadRequest',
      message: `The limit of '${MAX_TOP}' for Top query has been exceeded. The value from the incoming request is '${top}'.`,
    });
  }
  return Math.max(1, top);
}

/** `$filter=membershipType eq 'private'` (channel-list, Example 2); anything else is refused. */
function membershipFilter(raw: string | null): string | undefined {
  if (raw === null) return undefined;
  const match = /^membershipType eq '(standard|private|shared)'$/.exec(raw.trim());
  if (!match) throw new GraphError({ status: 400, code: 'BadRequest', message: `Invalid filter clause: ${raw}` });
  return match[1];
}

/** OData's refusal of a query option an API does not take. */
function queryNotAllowed(name: string): GraphError {
  return new GraphError({
    status: 400,
    code: 'BadRequest',
    message: `The query specified in the URI is not valid. Query option '${name.replace(/^\$/, '').replace(/^./, (c) => c.toUpperCase())}' is not allowed.`,
  });
}

function notFound(message: string): GraphError {
  return new GraphError({ status: 404, code: 'NotFound', message });
}
