/**
 * A deterministic Microsoft Teams tenant for the sandbox: teams with channels, each channel's posts
 * (root messages) and their replies, and the history channel message delta reads. Shapes follow
 * Microsoft Graph v1.0:
 * - team (what /me/joinedTeams returns): https://learn.microsoft.com/en-us/graph/api/user-list-joinedteams
 * - channel: https://learn.microsoft.com/en-us/graph/api/resources/channel
 * - chatMessage: https://learn.microsoft.com/en-us/graph/api/resources/chatmessage, as the examples of
 *   https://learn.microsoft.com/en-us/graph/api/chatmessage-delta and
 *   https://learn.microsoft.com/en-us/graph/api/chatmessage-list-replies show it.
 * The member persona belongs to three teams, the admin to those and a fourth; a personal account to none
 * (the Teams APIs do not serve personal accounts).
 *
 * What delta sees: a post's own changes (created, edited, soft-deleted) are changes of its channel's
 * ledger; a reply is not — a new reply leaves its post's `lastModifiedDateTime` alone
 * (https://github.com/microsoftgraph/microsoft-graph-docs/issues/6693), so it never brings the post
 * back into delta, and there is no reply delta (https://github.com/microsoftgraph/microsoft-graph-docs/issues/4137).
 */
import type { ChangeCounts } from '../../lib/emulation';
import { SeededRandom } from '../../lib/seeded-random';
import { DeltaLedger, type DeltaRound } from '../microsoft-common/delta-ledger';
import { MICROSOFT_PERSONAS, type MicrosoftPersona, type MicrosoftPersonaKind } from '../microsoft-common/personas';

export const TEAMS_DEFAULT_POSTS = 40;
export const TEAMS_MAX_POSTS = 5000;
/** Per kind of change and `mutate` call. */
export const TEAMS_MAX_MUTATION = 1000;

/** The sandbox's clock: the data is older than this; each change after start-up is one minute later. */
export const TEAMS_NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
const CHANGE_STEP_MS = 60_000;
const DAY_MS = 86_400_000;
/** Posts go back ten months: the oldest are beyond delta's eight. */
const HISTORY_DAYS = 300;
/**
 * Threads active this recently (before their channel's newest activity) are the ones people reply
 * to: `mutate` adds, edits and deletes replies only there.
 */
export const TEAMS_RECENT_THREAD_DAYS = 7;

const WORK_PERSONAS: readonly MicrosoftPersonaKind[] = ['member', 'admin'];

interface TeamSpec {
  readonly displayName: string;
  readonly description: string;
  readonly members: readonly MicrosoftPersonaKind[];
  readonly channels: readonly { name: string; description: string; membershipType: 'standard' | 'private' }[];
}

const TEAM_SPECS: readonly TeamSpec[] = [
  {
    displayName: 'Mark 8 Project Team',
    description: 'Welcome to the team that we have assembled to create the Mark 8.',
    members: WORK_PERSONAS,
    channels: [
      {
        name: 'General',
        description: 'Welcome to the team that we have assembled to create the Mark 8.',
        membershipType: 'standard',
      },
      { name: 'Design', description: 'Design reviews and prototypes', membershipType: 'private' },
    ],
  },
  {
    displayName: 'Sales and Marketing',
    description: 'Campaigns, leads and launch plans',
    members: WORK_PERSONAS,
    channels: [{ name: 'General', description: 'Campaigns, leads and launch plans', membershipType: 'standard' }],
  },
  {
    displayName: 'Contoso Sandbox',
    description: 'Everyone in the organization',
    members: WORK_PERSONAS,
    channels: [{ name: 'General', description: 'Announcements for everyone', membershipType: 'standard' }],
  },
  {
    displayName: 'IT Admins',
    description: 'Tenant administration',
    members: ['admin'],
    channels: [{ name: 'General', description: 'Changes to the tenant and its policies', membershipType: 'standard' }],
  },
];

const COLLEAGUES = [
  'Alex Wilber',
  'Diego Siciliani',
  'Lynne Robbins',
  'Nestor Wilke',
  'Patti Fernandez',
  'Isaiah Langer',
];
const OPENERS = [
  'Quick update on',
  'Can someone review',
  'Notes from today’s sync about',
  'Heads up about',
  'Where are we with',
  'Draft ready for',
  'Reminder about',
  'Question on',
];
const TOPICS = [
  'the Mark 8 launch plan',
  'the Q3 budget',
  'the new onboarding flow',
  'customer feedback from Fabrikam',
  'the pricing page',
  'the security review',
  'the Northwind contract',
  'the design system tokens',
  'next week’s offsite',
  'the release checklist',
];
const REPLIES = [
  'Thanks, looks good to me.',
  'I’ll take a look this afternoon.',
  'Agreed, let’s go with option B.',
  'Can we move this to Thursday?',
  'Added my comments to the doc.',
  'Done ✅',
  'Looping in the design team.',
  'Great work everyone!',
];

export interface Person {
  readonly id: string;
  readonly displayName: string;
}

/** A post or a reply as the emulation keeps it; `render` makes a chatMessage of it. */
export interface Message {
  /** Epoch ms of its creation, as a string: Teams' message ids. */
  readonly id: string;
  /** The post it replies to; null for a post. */
  readonly replyTo: string | null;
  readonly createdMs: number;
  readonly modifiedMs: number;
  readonly editedMs: number | null;
  readonly deletedMs: number | null;
  readonly from: Person;
  readonly subject: string | null;
  readonly importance: 'normal' | 'high';
  readonly contentType: 'text' | 'html';
  readonly content: string;
  /** Global change numbers (0: start-up data): what `mutate` answers is counted with them. */
  readonly createdSeq: number;
  readonly lastSeq: number;
}

export interface ChannelData {
  readonly id: string;
  readonly teamId: string;
  readonly displayName: string;
  readonly description: string;
  readonly membershipType: 'standard' | 'private';
  readonly createdMs: number;
  /** Its posts with their own changes: what delta pages through. */
  readonly posts: DeltaLedger<Message>;
  /** Each post's replies, oldest first. */
  readonly replies: Map<string, Message[]>;
}

export interface TeamData {
  readonly id: string;
  readonly displayName: string;
  readonly description: string;
  readonly members: ReadonlySet<MicrosoftPersonaKind>;
  readonly channels: readonly ChannelData[];
}

export interface TeamsDatasetOptions {
  /** Posts per channel. */
  readonly posts: number;
  readonly seed: number;
}

export class TeamsDataset {
  private teamList: TeamData[] = [];
  private clock = 0;
  private issued = 0;
  private changes = 0;
  private mutations = 0;
  private people: Person[] = [];

  constructor(readonly options: TeamsDatasetOptions) {
    if (!Number.isInteger(options.posts) || options.posts < 0 || options.posts > TEAMS_MAX_POSTS) {
      throw new RangeError(
        `The Microsoft Teams sandbox holds 0 to ${TEAMS_MAX_POSTS} posts per channel (got ${options.posts})`,
      );
    }
    this.generate();
  }

  /** Back to the start-up data: the same tenant, no changes, no tokens handed out. */
  reset(): void {
    this.clock = 0;
    this.issued = 0;
    this.changes = 0;
    this.mutations = 0;
    this.generate();
  }

  /** The sandbox's now: TEAMS_NOW, one minute later per change since start-up. */
  now(): number {
    return TEAMS_NOW + this.changes * CHANGE_STEP_MS;
  }

  /**
   * The oldest creation time delta returns: eight months before now ("Delta will only return
   * messages within the last eight months", https://learn.microsoft.com/en-us/graph/api/chatmessage-delta).
   */
  horizon(): number {
    const at = new Date(this.now());
    at.setUTCMonth(at.getUTCMonth() - 8);
    return at.getTime();
  }

  /** Notes a deltaLink handed out: where the hub's last sync ended. */
  issue(): void {
    this.issued = this.clock;
  }

  /** The teams `persona` is a direct member of; none for a personal account. */
  teamsOf(persona: MicrosoftPersona): TeamData[] {
    return this.teamList.filter((team) => team.members.has(persona.kind));
  }

  team(id: string): TeamData | undefined {
    return this.teamList.find((team) => team.id === id.toLowerCase());
  }

  /** One page of a delta round of `channel`: its posts after position `after`, at most `limit`. */
  deltaPage(
    channel: ChannelData,
    round: DeltaRound,
    after: number,
    limit: number,
  ): { posts: Message[]; next: number | null } {
    const page = channel.posts.page(round, after, limit);
    const horizon = this.horizon();
    return {
      posts: page.items.map((entry) => entry.item).filter((post) => post.createdMs >= horizon),
      next: page.next,
    };
  }

  /** A post's replies, newest first (as list-replies and `$expand=replies` answer them). */
  repliesOf(channel: ChannelData, postId: string): Message[] {
    return [...(channel.replies.get(postId) ?? [])].reverse();
  }

  /** Every post of `channel`, newest first (list channel messages), beyond the delta horizon too. */
  postsOf(channel: ChannelData): Message[] {
    return [...channel.posts.inOrder()].map((entry) => entry.item).reverse();
  }

  /** Counts for `GET /_sandbox/microsoft-teams/data`. */
  state(): Record<string, number> {
    let posts = 0;
    let replies = 0;
    let deleted = 0;
    let beyondDelta = 0;
    const horizon = this.horizon();
    for (const channel of this.channels()) {
      for (const { item } of channel.posts.inOrder()) {
        posts++;
        if (item.deletedMs !== null) deleted++;
        if (item.createdMs < horizon) beyondDelta++;
      }
      for (const list of channel.replies.values()) {
        replies += list.length;
        deleted += list.filter((reply) => reply.deletedMs !== null).length;
      }
    }
    return {
      teams: this.teamList.length,
      channels: this.channels().length,
      posts,
      replies,
      deleted,
      postsBeyondDeltaHorizon: beyondDelta,
      changes: this.clock,
      seed: this.options.seed,
    };
  }

  /**
   * What the hub's next sync of channel messages counts, since the newest deltaLink handed out: every
   * message (post or reply) changed since, one each — created then (added), deleted since (deleted),
   * else updated. `mutate` touches each message at most once between two syncs, and only messages the
   * next sync reads: posts (delta brings them) and replies of recent threads (which a client reads
   * again, as delta does not show replies).
   */
  expected(): ChangeCounts {
    const counts = { added: 0, updated: 0, deleted: 0 };
    for (const message of this.allMessages()) {
      if (message.lastSeq <= this.issued) continue;
      if (message.createdSeq > this.issued) {
        if (message.deletedMs === null) counts.added++;
      } else if (message.deletedMs !== null) counts.deleted++;
      else counts.updated++;
    }
    return counts;
  }

  /**
   * Changes the channels of the teams every work persona belongs to, as use would: `added` new posts
   * or new replies to recent threads, `updated` edited posts or replies, `deleted` soft-deleted posts
   * or replies (the message stays, with `deletedDateTime` and an empty body). Recent threads are those
   * active within TEAMS_RECENT_THREAD_DAYS of their channel's newest activity; edited and deleted
   * messages are picked among those unchanged since the newest deltaLink. Answers what the next sync
   * counts (`expected`).
   */
  mutate(request: ChangeCounts): ChangeCounts {
    for (const [name, value] of Object.entries(request)) {
      if (!Number.isInteger(value) || value < 0 || value > TEAMS_MAX_MUTATION) {
        throw new RangeError(`${name} must be a whole number from 0 to ${TEAMS_MAX_MUTATION}`);
      }
    }
    this.mutations++;
    const random = new SeededRandom(this.options.seed, 2, this.mutations);
    const channels = this.teamList
      .filter((team) => WORK_PERSONAS.every((kind) => team.members.has(kind)))
      .flatMap((team) => team.channels);
    const touched = new Set<string>();
    const unchanged = (message: Message) => message.lastSeq <= this.issued && message.deletedMs === null;
    const recentThreads = (channel: ChannelData) => {
      const newest = this.newestActivity(channel);
      return [...channel.posts.inOrder()]
        .map((entry) => entry.item)
        .filter(
          (post) =>
            post.deletedMs === null && this.activityOf(channel, post) >= newest - TEAMS_RECENT_THREAD_DAYS * DAY_MS,
        );
    };
    const postCandidates = () =>
      channels.flatMap((channel) =>
        [...channel.posts.inOrder()]
          .map((entry) => ({ channel, post: entry.item }))
          // A day's margin inside the horizon: a post the next sync would no longer see is not touched.
          .filter(({ post }) => unchanged(post) && post.createdMs >= this.horizon() + DAY_MS && !touched.has(post.id)),
      );
    const replyCandidates = () =>
      channels.flatMap((channel) =>
        recentThreads(channel)
          .filter((post) => !touched.has(post.id))
          .flatMap((post) =>
            (channel.replies.get(post.id) ?? [])
              .filter((reply) => unchanged(reply))
              .map((reply) => ({ channel, post, reply })),
          ),
      );

    for (let i = 0; i < request.added; i++) {
      const at = this.tick();
      const channel = random.pick(channels);
      const threads = recentThreads(channel).filter((post) => !touched.has(post.id));
      if (threads.length > 0 && random.chance(0.5)) {
        const post = random.pick(threads);
        const reply = this.newMessage(random, this.freeId(channel, at), post.id, this.clock);
        channel.replies.get(post.id)?.push(reply);
        touched.add(post.id);
      } else {
        const post = this.newMessage(random, this.freeId(channel, at), null, this.clock);
        channel.posts.record(post.id, post, true, at);
        channel.replies.set(post.id, []);
        touched.add(post.id);
      }
    }
    for (const kind of ['updated', 'deleted'] as const) {
      for (let i = 0; i < request[kind]; i++) {
        const replies = replyCandidates();
        const posts = postCandidates();
        const useReply = replies.length > 0 && (posts.length === 0 || random.chance(0.5));
        if (!useReply && posts.length === 0) break;
        const at = this.tick();
        if (useReply) {
          const { channel, post, reply } = random.pick(replies);
          const list = channel.replies.get(post.id) as Message[];
          list[list.indexOf(reply)] = this.changed(reply, kind, at, random);
          touched.add(post.id);
        } else {
          const { channel, post } = random.pick(posts);
          channel.posts.record(post.id, this.changed(post, kind, at, random), true, at);
          touched.add(post.id);
        }
      }
    }
    return this.expected();
  }

  /** A thread's latest activity: its post's and replies' creation and modification times. */
  activityOf(channel: ChannelData, post: Message): number {
    return Math.max(
      post.createdMs,
      post.modifiedMs,
      ...(channel.replies.get(post.id) ?? []).flatMap((r) => [r.createdMs, r.modifiedMs]),
    );
  }

  /** The newest activity of the channel's threads that delta still returns. */
  private newestActivity(channel: ChannelData): number {
    const horizon = this.horizon();
    let newest = 0;
    for (const { item } of channel.posts.inOrder()) {
      if (item.createdMs >= horizon && item.deletedMs === null)
        newest = Math.max(newest, this.activityOf(channel, item));
    }
    return newest;
  }

  private channels(): ChannelData[] {
    return this.teamList.flatMap((team) => team.channels);
  }

  private *allMessages(): Iterable<Message> {
    for (const channel of this.channels()) {
      for (const { item } of channel.posts.inOrder()) yield item;
      for (const list of channel.replies.values()) yield* list;
    }
  }

  /** The next change: a new global number, one minute later. */
  private tick(): number {
    this.clock += 1;
    this.changes += 1;
    return this.now();
  }

  private changed(message: Message, kind: 'updated' | 'deleted', at: number, random: SeededRandom): Message {
    if (kind === 'deleted') return { ...message, deletedMs: at, modifiedMs: at, lastSeq: this.clock };
    const content = `${message.content.replace(/ \(edited: .*\)$/, '')} (edited: ${random.pick(['typo fixed', 'link added', 'more detail'])})`;
    return { ...message, content, editedMs: at, modifiedMs: at, lastSeq: this.clock };
  }

  /** An id no message of `channel` has: its creation time, a millisecond later if taken. */
  private freeId(channel: ChannelData, at: number): number {
    const taken = new Set([...channel.replies.values()].flatMap((list) => list.map((m) => m.id)));
    let created = at;
    while (channel.posts.get(String(created)) !== undefined || taken.has(String(created))) created += 1;
    return created;
  }

  private newMessage(random: SeededRandom, created: number, replyTo: string | null, seq: number): Message {
    return {
      id: String(created),
      replyTo,
      createdMs: created,
      modifiedMs: created,
      editedMs: null,
      deletedMs: null,
      from: random.pick(this.people),
      subject:
        replyTo === null && random.chance(0.3)
          ? random
              .pick(TOPICS)
              .replace(/^the /, '')
              .replace(/^./, (c) => c.toUpperCase())
          : null,
      importance: replyTo === null && random.chance(0.1) ? 'high' : 'normal',
      ...this.body(random, replyTo),
      createdSeq: seq,
      lastSeq: seq,
    };
  }

  private body(random: SeededRandom, replyTo: string | null): Pick<Message, 'contentType' | 'content'> {
    if (replyTo !== null) return { contentType: 'text', content: random.pick(REPLIES) };
    const text = `${random.pick(OPENERS)} ${random.pick(TOPICS)}?`.replace(/\?$/, random.chance(0.5) ? '?' : '.');
    return random.chance(0.4)
      ? { contentType: 'html', content: `<p>${text}</p>` }
      : { contentType: 'text', content: text };
  }

  private generate(): void {
    const random = new SeededRandom(this.options.seed, 1);
    const guid = () => {
      const hex = random.chars(32, '0123456789abcdef');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[random.int(0, 3)]}${hex.slice(17, 20)}-${hex.slice(20)}`;
    };
    this.people = [
      { id: MICROSOFT_PERSONAS.member.objectId, displayName: MICROSOFT_PERSONAS.member.displayName },
      { id: MICROSOFT_PERSONAS.admin.objectId, displayName: MICROSOFT_PERSONAS.admin.displayName },
      ...COLLEAGUES.map((displayName) => ({ id: guid(), displayName })),
    ];
    const start = TEAMS_NOW - HISTORY_DAYS * DAY_MS;
    this.teamList = TEAM_SPECS.map((spec) => {
      const teamId = guid();
      const channels = spec.channels.map((channelSpec, index): ChannelData => {
        const channel: ChannelData = {
          id: `19:${random.chars(32, '0123456789abcdef')}@thread.tacv2`,
          teamId,
          displayName: channelSpec.name,
          description: channelSpec.description,
          membershipType: channelSpec.membershipType,
          createdMs: start - (30 - index) * DAY_MS,
          posts: new DeltaLedger<Message>(),
          replies: new Map(),
        };
        this.generatePosts(random, channel, start);
        return channel;
      });
      return {
        id: teamId,
        displayName: spec.displayName,
        description: spec.description,
        members: new Set(spec.members),
        channels,
      };
    });
  }

  /**
   * The channel's posts, oldest first: most spread over the ten months, the last three within the
   * last week (threads still active); each with up to four replies in the days after it, a few
   * edited or deleted.
   */
  private generatePosts(random: SeededRandom, channel: ChannelData, start: number): void {
    const count = this.options.posts;
    const recent = Math.min(3, count);
    const times: number[] = [];
    for (let i = 0; i < count - recent; i++)
      times.push(start + Math.floor(random.next() * (HISTORY_DAYS - 8) * DAY_MS));
    for (let i = 0; i < recent; i++) times.push(TEAMS_NOW - Math.floor((0.2 + random.next() * 5) * DAY_MS));
    times.sort((a, b) => a - b);
    const ids = new Set<number>();
    const unique = (ms: number) => {
      let at = ms;
      while (ids.has(at)) at += 1;
      ids.add(at);
      return at;
    };
    for (const time of times) {
      const created = unique(time);
      const post = this.startupMessage(random, created, null);
      const replies: Message[] = [];
      const replyCount = random.int(created > TEAMS_NOW - 7 * DAY_MS ? 1 : 0, 4);
      let at = created;
      for (let r = 0; r < replyCount; r++) {
        at = Math.min(TEAMS_NOW - 60_000, at + Math.floor((0.02 + random.next() * 1.5) * DAY_MS));
        if (at <= created) break;
        replies.push(this.startupMessage(random, unique(at), post.id));
      }
      channel.posts.seed(post.id, post, true, post.modifiedMs);
      channel.replies.set(post.id, replies);
    }
  }

  private startupMessage(random: SeededRandom, created: number, replyTo: string | null): Message {
    const message = this.newMessage(random, created, replyTo, 0);
    const roll = random.next();
    const later = Math.min(TEAMS_NOW - 60_000, created + Math.floor(random.next() * 2 * DAY_MS));
    if (roll < 0.04 && later > created) return { ...message, deletedMs: later, modifiedMs: later };
    if (roll < 0.12 && later > created) return { ...message, editedMs: later, modifiedMs: later };
    return message;
  }
}
