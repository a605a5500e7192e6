/**
 * Deterministic Slack data for the sandbox: one workspace ("Sandbox Hub"), its people, 8 channels and
 * 40–80 messages in each, generated from a seed. Shapes follow Slack's reference:
 * - conversation objects: https://docs.slack.dev/reference/objects/conversation-object (as
 *   conversations.list returns them, https://docs.slack.dev/reference/methods/conversations.list);
 * - messages: https://docs.slack.dev/reference/events/message and its subtypes (channel_join,
 *   channel_topic, channel_archive, bot_message), threads (`thread_ts`, `reply_count`, `reply_users`,
 *   `latest_reply`: https://docs.slack.dev/messaging/#threading), `edited`, `reactions` and rich-text
 *   `blocks`, as conversations.history returns them
 *   (https://docs.slack.dev/reference/methods/conversations.history).
 *
 * `mutate` changes the data the way people using Slack would (new messages, edits, deletions), for
 * sync tests; `reset` (a fresh instance) goes back to the start-up state.
 */
import type { ChangeCounts } from '../../lib/emulation';
import { seededHash } from '../../lib/seeded-random';

export const SLACK_TEAM = { id: 'T07SBXHUB01', name: 'Sandbox Hub', domain: 'sandbox-hub' } as const;
export const SLACK_APP_ID = 'A07SBXHUBAP';

export interface SlackUser {
  readonly id: string;
  /** The handle (`user` in auth.test). */
  readonly name: string;
  readonly realName: string;
}

/** The person who signs in to the sandbox, as Slack knows them. */
export const SLACK_SANDBOX_USER: SlackUser = { id: 'U07SBX0SELF', name: 'sandbox.user', realName: 'Sandbox User' };

const PEOPLE: readonly SlackUser[] = [
  SLACK_SANDBOX_USER,
  { id: 'U07SBX1AMRA', name: 'amara.okafor', realName: 'Amara Okafor' },
  { id: 'U07SBX2LKAS', name: 'lukas.schmidt', realName: 'Lukas Schmidt' },
  { id: 'U07SBX3PRYA', name: 'priya.nair', realName: 'Priya Nair' },
  { id: 'U07SBX4DEGO', name: 'diego.martinez', realName: 'Diego Martínez' },
  { id: 'U07SBX5MEIC', name: 'mei.chen', realName: 'Mei Chen' },
  { id: 'U07SBX6TOMB', name: 'tom.baker', realName: 'Tom Baker' },
  { id: 'U07SBX7SOFI', name: 'sofia.rossi', realName: 'Sofia Rossi' },
  { id: 'U07SBX8KENJ', name: 'kenji.watanabe', realName: 'Kenji Watanabe' },
  { id: 'U07SBX9NORA', name: 'nora.lindqvist', realName: 'Nora Lindqvist' },
  { id: 'U07SBXAOMAR', name: 'omar.haddad', realName: 'Omar Haddad' },
  { id: 'U07SBXBJULI', name: 'julia.novak', realName: 'Julia Novák' },
];

const DEPLOY_BOT = { bot_id: 'B07SBXDPLOY', username: 'Deploy Bot' };
const PAGER_BOT = { bot_id: 'B07SBXPAGER', username: 'PagerDuty' };

/** The newest generated message is a little before this (2 June 2025, 16:00 UTC), epoch seconds. */
const NEWEST_SECONDS = Date.UTC(2025, 5, 2, 16, 0, 0) / 1000;
const DAY = 86_400;

interface ChannelSpec {
  readonly id: string;
  readonly name: string;
  readonly isPrivate: boolean;
  /** Whether the sandbox user is in it. */
  readonly member: boolean;
  readonly archived?: boolean;
  readonly general?: boolean;
  readonly createdDaysAgo: number;
  /** Its last message is this many days before NEWEST (archived channels went quiet long ago). */
  readonly quietDays?: number;
  readonly topic: string;
  readonly purpose: string;
  /** Indexes into PEOPLE (0 = the sandbox user). */
  readonly people: readonly number[];
  readonly lines: readonly string[];
  readonly bot?: { readonly bot_id: string; readonly username: string; readonly lines: readonly string[] };
}

const EVERYONE = PEOPLE.map((_, i) => i);

/** Channel ids sort in this order, which is also conversations.list's order. */
const CHANNELS: readonly ChannelSpec[] = [
  {
    id: 'C07SBX0GNRL',
    name: 'general',
    isPrivate: false,
    member: true,
    general: true,
    createdDaysAgo: 880,
    topic: 'Company-wide announcements and work-based matters',
    purpose: 'This channel is for workspace-wide communication and announcements. All members are in this channel.',
    people: EVERYONE,
    lines: [
      'Reminder: all-hands moves to 16:00 today, same link as usual.',
      'Welcome {mention}, who joins the platform team this week!',
      'The office will be closed on Monday for the public holiday.',
      'Q2 OKR drafts are due Friday. Please add yours to the planning doc.',
      'Expense reports for May need to be in by the 5th.',
      'New parking policy starts next month, details in the handbook.',
      'Thanks everyone for a great offsite, photos are in the shared drive.',
      'Heads up: IT is rotating Wi-Fi passwords tonight.',
      'Benefits enrolment closes on the 15th.',
      'Lunch & learn on Thursday: accessibility basics with {mention}.',
    ],
  },
  {
    id: 'C07SBX1RNDM',
    name: 'random',
    isPrivate: false,
    member: true,
    createdDaysAgo: 880,
    topic: 'Non-work banter and water cooler conversation',
    purpose:
      "A place for non-work-related flimflam, faffing, hodge-podge or jibber-jabber you'd prefer to keep out of more focused work-related channels.",
    people: EVERYONE,
    lines: [
      'Anyone up for lunch at the new ramen place?',
      'Coffee machine on the 3rd floor is fixed :tada:',
      'Who left the sourdough starter in the fridge? It is alive now.',
      'Running club meets at 7:30 tomorrow, all paces welcome.',
      'Recommendations for a podcast for a long drive?',
      'My cat just walked across my keyboard during a demo.',
      'Board game night on Friday, bring snacks!',
      'There are cupcakes in the kitchen, first come first served.',
      'Does anyone have a spare HDMI adapter?',
      'Happy birthday {mention}! :birthday:',
    ],
  },
  {
    id: 'C07SBX2ENGR',
    name: 'engineering',
    isPrivate: false,
    member: true,
    createdDaysAgo: 760,
    topic: 'Code reviews, architecture and tooling. On-call: see #incidents',
    purpose: 'Engineering discussions',
    people: [0, 2, 3, 4, 5, 8, 10],
    lines: [
      'PR for the new sync cursor format is up, reviews welcome.',
      'CI is flaky on the integration tier again, looking into it.',
      'We should bump Node to 22 before the next release.',
      'Postgres migration for the audit table ran in 4 minutes on staging.',
      'Can someone pair on the rate limiter tomorrow morning?',
      'RFC: moving the worker to a queue per provider. Comments by Friday please.',
      'Heads up, main is frozen from 14:00 for the release cut.',
      'The flame graph points at JSON parsing in the record writer.',
      'Reminder to rotate your staging API keys this week.',
      '{mention} could you take a look at the retry logic in the token refresher?',
    ],
    bot: {
      ...DEPLOY_BOT,
      lines: [
        'Deploy of api@{sha} to staging finished in {n}m.',
        'Deploy of worker@{sha} to production finished in {n}m.',
        'Deploy of web@{sha} to production started by {mention}.',
      ],
    },
  },
  {
    id: 'C07SBX3DSGN',
    name: 'design-reviews',
    isPrivate: true,
    member: true,
    createdDaysAgo: 540,
    topic: 'Weekly critique, Thursdays 15:00',
    purpose: 'Design reviews before anything ships',
    people: [0, 1, 5, 7, 11],
    lines: [
      'New onboarding flow mocks are ready for crit.',
      'Can we use the secondary button style on the settings page?',
      'Updated the icon set, old ones are deprecated.',
      'Contrast on the disabled state fails AA, proposing a darker grey.',
      'User test recordings from Tuesday are in the research folder.',
      'Empty state illustrations v2 are up, feedback by Wednesday please.',
      'Should the connect button live on the card or in the drawer?',
      'Typography scale proposal: 12/14/16/20/24/32.',
    ],
  },
  {
    id: 'C07SBX4INCD',
    name: 'incidents',
    isPrivate: true,
    member: true,
    createdDaysAgo: 700,
    topic: 'Declared incidents only. Runbooks: wiki/oncall',
    purpose: 'Incident coordination',
    people: [0, 2, 4, 8, 10],
    lines: [
      'Declaring SEV2: sync jobs for one provider are failing with 401s.',
      'Mitigated by rolling back the worker, monitoring.',
      'Root cause was an expired signing key on staging, postmortem to follow.',
      'Error rate back to baseline, closing the incident.',
      'Customer reports delayed syncs, investigating.',
      'Queue depth is at 12k, scaling the workers.',
      'Postmortem doc is up, review on Monday.',
    ],
    bot: {
      ...PAGER_BOT,
      lines: [
        'Triggered: High error rate on api ({n}% 5xx) — assigned to {mention}',
        'Resolved: High error rate on api',
        'Acknowledged by {mention}: Worker queue depth above threshold',
      ],
    },
  },
  {
    id: 'C07SBX5LNCH',
    name: 'product-launch',
    isPrivate: false,
    member: true,
    createdDaysAgo: 120,
    topic: 'Launch date: 17 June',
    purpose: 'Coordinating the integrations hub launch',
    people: [0, 1, 3, 6, 7, 9, 11],
    lines: [
      'Launch checklist updated, 14 of 22 items done.',
      'Press release draft is ready for review.',
      'Pricing page copy signed off by legal.',
      'Beta customers get an email on launch day minus one.',
      'Demo video final cut is in the drive.',
      'We need screenshots of the Slack and Drive cards for the blog post.',
      'Support macros for the launch are live.',
      '{mention} can you confirm the webinar registration numbers?',
    ],
  },
  {
    id: 'C07SBX6WEBO',
    name: 'old-website',
    isPrivate: false,
    member: true,
    archived: true,
    createdDaysAgo: 860,
    quietDays: 320,
    topic: 'Website relaunch (done!)',
    purpose: 'Coordinating the 2023 website relaunch',
    people: [0, 1, 5, 6, 9],
    lines: [
      'Staging site is up for review.',
      'Redirects from the old blog URLs are in place.',
      'Lighthouse score is 96 on mobile now.',
      'Copy for the about page is final.',
      'Launched! Thanks all :rocket:',
    ],
  },
  {
    id: 'C07SBX7SLES',
    name: 'sales-emea',
    isPrivate: false,
    member: false,
    createdDaysAgo: 400,
    topic: 'Pipeline review Mondays 10:00 CET',
    purpose: 'Pipeline and deals in Europe, the Middle East and Africa',
    people: [6, 7, 9, 11],
    lines: [
      'Closed the renewal with the Berlin logistics account.',
      'Pipeline for Q3 is at 1.4x target.',
      'Who can join the call with the Dubai prospect on Thursday?',
      'Updated the EMEA pricing sheet with VAT notes.',
      'Lost the Lyon deal on price, notes in the CRM.',
    ],
  },
];

const REACTIONS = ['+1', 'eyes', 'tada', 'white_check_mark', 'raised_hands', 'joy', 'heart', 'rocket'];
const EDIT_NOTES = [' (updated)', ', see the doc for details', ' — correction: Thursday, not Wednesday', ' :pray:'];

export type SlackMessage = Record<string, unknown> & { type: 'message'; ts: string; text: string };
export type SlackConversation = Record<string, unknown> & {
  id: string;
  name: string;
  is_private: boolean;
  is_archived: boolean;
  is_member: boolean;
};

/**
 * The generated workspace. Channels are fixed; each channel's messages are kept oldest first (the API
 * serves them newest first), keyed by `ts`.
 */
export class SlackWorkspace {
  readonly channels: readonly SlackConversation[];
  private readonly messages = new Map<string, SlackMessage[]>();
  /** The workspace's clock for changes (epoch microseconds): later than any message so far. */
  private clock: bigint;
  private mutations = 0;

  constructor(readonly seed = 1) {
    this.channels = CHANNELS.map((spec) => conversation(spec));
    for (const spec of CHANNELS) this.messages.set(spec.id, this.generate(spec));
    let newest = 0n;
    for (const list of this.messages.values()) for (const m of list) newest = max(newest, tsMicros(m.ts));
    this.clock = newest + 3600n * 1_000_000n;
  }

  channel(id: string): SlackConversation | undefined {
    return this.channels.find((c) => c.id === id);
  }

  /** A channel's messages, oldest first (the stored objects: copy before changing). */
  history(channelId: string): readonly SlackMessage[] {
    return this.messages.get(channelId) ?? [];
  }

  /** Channels and message counts: what a full sync of each resource returns. */
  summary(): {
    seed: number;
    channels: number;
    memberChannels: number;
    messages: { total: number; inMemberChannels: number };
    perChannel: {
      id: string;
      name: string;
      is_private: boolean;
      is_archived: boolean;
      is_member: boolean;
      messages: number;
    }[];
  } {
    const perChannel = this.channels.map((c) => ({
      id: c.id,
      name: c.name,
      is_private: c.is_private,
      is_archived: c.is_archived,
      is_member: c.is_member,
      messages: this.history(c.id).length,
    }));
    return {
      seed: this.seed,
      channels: this.channels.length,
      memberChannels: perChannel.filter((c) => c.is_member).length,
      messages: {
        total: perChannel.reduce((sum, c) => sum + c.messages, 0),
        inMemberChannels: perChannel.filter((c) => c.is_member).reduce((sum, c) => sum + c.messages, 0),
      },
      perChannel,
    };
  }

  /**
   * Changes like real use: `added` new messages in open member channels (newer than everything so
   * far), `updated` edits of existing messages (new text and `edited.ts`; their `ts` stays), `deleted`
   * messages removed (only ones without thread replies: Slack keeps a tombstone for those). Edited and
   * deleted messages are chosen among the messages that existed before this call, in member channels.
   *
   * Answers what the hub's NEXT sync counts per resource, assuming it synced after the previous change:
   * its messages run starts from the sync token and reads only messages newer than the newest it saw
   * per channel (conversations.history `oldest`), so it sees the added messages but neither the edits
   * nor the deletions of older ones (those need a full pass). Channels do not change.
   * Throws RangeError when there are not enough messages to edit or delete.
   */
  mutate(request: ChangeCounts): { channels: ChangeCounts; messages: ChangeCounts } {
    const serial = ++this.mutations;
    const r = (index: number, salt: number) => seededHash(this.seed, serial * 7919 + index, salt, 9);
    const member = this.channels.filter((c) => c.is_member);
    const editable: [string, SlackMessage][] = [];
    for (const c of member)
      for (const m of this.history(c.id)) if (m['subtype'] === undefined) editable.push([c.id, m]);
    const shuffled = editable
      .map((entry, i) => ({ entry, key: r(i, 1) }))
      .sort((a, b) => a.key - b.key)
      .map(({ entry }) => entry);
    const toEdit = shuffled.slice(0, request.updated);
    const toDelete = shuffled.slice(request.updated).filter(([, m]) => m['reply_count'] === undefined);
    if (toEdit.length < request.updated) {
      throw new RangeError(`Only ${toEdit.length} messages can be edited (asked for ${request.updated})`);
    }
    if (toDelete.length < request.deleted) {
      throw new RangeError(
        `Only ${toDelete.length} messages without thread replies can be deleted (asked for ${request.deleted})`,
      );
    }

    toEdit.forEach(([channelId, original], i) => {
      const list = this.messages.get(channelId) as SlackMessage[];
      const at = list.indexOf(original);
      const text = `${original.text}${EDIT_NOTES[Math.floor(r(i, 2) * EDIT_NOTES.length)]}`;
      const editor = typeof original['user'] === 'string' ? original['user'] : SLACK_SANDBOX_USER.id;
      list[at] = {
        ...original,
        text,
        blocks: richText(text, original.ts),
        edited: { user: editor, ts: this.tick(r(i, 3)) },
      };
    });
    for (const [channelId, doomed] of toDelete.slice(0, request.deleted)) {
      const list = this.messages.get(channelId) as SlackMessage[];
      list.splice(list.indexOf(doomed), 1);
    }
    const open = CHANNELS.filter((spec) => spec.member && !spec.archived);
    for (let i = 0; i < request.added; i++) {
      const spec = open[Math.floor(r(i, 4) * open.length)];
      const author = PEOPLE[spec.people[Math.floor(r(i, 5) * spec.people.length)]];
      const line = spec.lines[Math.floor(r(i, 6) * spec.lines.length)];
      const ts = this.tick(r(i, 7));
      const text = fill(line, (salt) => r(i, 10 + salt), spec);
      (this.messages.get(spec.id) as SlackMessage[]).push(userMessage(author, text, ts, this.uuid(serial, i)));
    }
    return {
      channels: { added: 0, updated: 0, deleted: 0 },
      messages: { added: request.added, updated: 0, deleted: 0 },
    };
  }

  /** Moves the clock 5 s to 10 min on and answers it as a message `ts`. */
  private tick(random: number): string {
    this.clock += BigInt(5_000_000 + Math.floor(random * 595_000_000));
    return tsString(this.clock);
  }

  private generate(spec: ChannelSpec): SlackMessage[] {
    const salt = spec.id.split('').reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0, 7);
    const r = (index: number, n: number) => seededHash(this.seed, salt, index, n);
    const count = 40 + Math.floor(r(0, 1) * 41);
    // Gaps between messages (a few minutes to two days), then laid out to end just before NEWEST.
    const gaps: number[] = [];
    for (let i = 1; i < count; i++) gaps.push(60 + Math.floor(r(i, 2) ** 2 * 2 * DAY));
    const span = gaps.reduce((a, b) => a + b, 0);
    const end = NEWEST_SECONDS - (spec.quietDays ?? 0) * DAY - Math.floor(r(0, 3) * 6 * 3600);
    const creator = PEOPLE[spec.people[0] === 0 && spec.people.length > 1 ? spec.people[1] : spec.people[0]];
    const out: SlackMessage[] = [];
    let seconds = end - span;
    for (let i = 0; i < count; i++) {
      if (i > 0) seconds += gaps[i - 1];
      const ts = `${seconds}.${String(Math.floor(r(i, 4) * 1_000_000)).padStart(6, '0')}`;
      const author = PEOPLE[spec.people[Math.floor(r(i, 5) * spec.people.length)]];
      if (i === 0) {
        out.push({
          type: 'message',
          subtype: 'channel_join',
          user: creator.id,
          text: `<@${creator.id}> has joined the channel`,
          ts,
        });
      } else if (i === 1) {
        out.push({
          type: 'message',
          subtype: 'channel_topic',
          user: creator.id,
          text: `<@${creator.id}> set the channel topic: ${spec.topic}`,
          topic: spec.topic,
          ts,
        });
      } else if (spec.archived && i === count - 1) {
        out.push({
          type: 'message',
          subtype: 'channel_archive',
          user: creator.id,
          text: `<@${creator.id}> archived the channel`,
          ts,
        });
      } else if (r(i, 6) < 0.04) {
        out.push({
          type: 'message',
          subtype: 'channel_join',
          user: author.id,
          text: `<@${author.id}> has joined the channel`,
          ts,
        });
      } else if (spec.bot && r(i, 7) < 0.25) {
        const line = spec.bot.lines[Math.floor(r(i, 8) * spec.bot.lines.length)];
        out.push({
          type: 'message',
          subtype: 'bot_message',
          text: fill(line, (n) => r(i, 20 + n), spec),
          ts,
          bot_id: spec.bot.bot_id,
          username: spec.bot.username,
        });
      } else {
        const line = spec.lines[Math.floor(r(i, 8) * spec.lines.length)];
        const text = fill(line, (n) => r(i, 20 + n), spec);
        const message = userMessage(author, text, ts, this.uuid(salt, i));
        if (r(i, 9) < 0.15)
          Object.assign(
            message,
            thread(spec, ts, (n) => r(i, 30 + n)),
          );
        if (r(i, 10) < 0.2) message['reactions'] = reactions(spec, (n) => r(i, 40 + n));
        if (r(i, 11) < 0.06) {
          message['edited'] = {
            user: author.id,
            ts: tsString(tsMicros(ts) + BigInt(60 + Math.floor(r(i, 12) * 900)) * 1_000_000n),
          };
        }
        out.push(message);
      }
    }
    return out;
  }

  /** A v4-shaped UUID (client_msg_id) from (seed, a, b). */
  private uuid(a: number, b: number): string {
    const hex = Array.from({ length: 32 }, (_, i) =>
      Math.floor(seededHash(this.seed, a, b, 100 + i) * 16).toString(16),
    );
    hex[12] = '4';
    hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}

function conversation(spec: ChannelSpec): SlackConversation {
  const created = NEWEST_SECONDS - spec.createdDaysAgo * DAY;
  const creator = PEOPLE[spec.people[0] === 0 && spec.people.length > 1 ? spec.people[1] : spec.people[0]].id;
  return {
    id: spec.id,
    name: spec.name,
    is_channel: true,
    is_group: false,
    is_im: false,
    is_mpim: false,
    is_private: spec.isPrivate,
    created,
    is_archived: spec.archived ?? false,
    is_general: spec.general ?? false,
    unlinked: 0,
    name_normalized: spec.name,
    is_shared: false,
    is_org_shared: false,
    is_pending_ext_shared: false,
    pending_shared: [],
    context_team_id: SLACK_TEAM.id,
    updated: (created + 3600) * 1000,
    parent_conversation: null,
    creator,
    is_ext_shared: false,
    shared_team_ids: [SLACK_TEAM.id],
    pending_connected_team_ids: [],
    is_member: spec.member,
    topic: { value: spec.topic, creator, last_set: created + 60 },
    purpose: { value: spec.purpose, creator, last_set: created },
    previous_names: [],
    num_members: spec.people.length,
  };
}

function userMessage(author: SlackUser, text: string, ts: string, clientMsgId: string): SlackMessage {
  return {
    user: author.id,
    type: 'message',
    ts,
    client_msg_id: clientMsgId,
    text,
    team: SLACK_TEAM.id,
    blocks: richText(text, ts),
  };
}

/** The rich-text block Slack's clients send with a plain message. */
function richText(text: string, ts: string): unknown[] {
  return [
    {
      type: 'rich_text',
      block_id: ts.replace('.', '').slice(-5),
      elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text }] }],
    },
  ];
}

/** Thread fields of a parent message: its replies are not in conversations.history. */
function thread(spec: ChannelSpec, ts: string, r: (n: number) => number): Record<string, unknown> {
  const replies = 1 + Math.floor(r(1) * 8);
  const users = [
    ...new Set(
      Array.from({ length: replies }, (_, i) => PEOPLE[spec.people[Math.floor(r(10 + i) * spec.people.length)]].id),
    ),
  ];
  const latest = tsMicros(ts) + BigInt(120 + Math.floor(r(2) * 6 * 3600)) * 1_000_000n;
  return {
    thread_ts: ts,
    reply_count: replies,
    reply_users_count: users.length,
    latest_reply: tsString(latest),
    reply_users: users,
    is_locked: false,
    subscribed: users.includes(SLACK_SANDBOX_USER.id),
  };
}

function reactions(spec: ChannelSpec, r: (n: number) => number): unknown[] {
  const kinds = 1 + Math.floor(r(1) * 3);
  const out: { name: string; users: string[]; count: number }[] = [];
  for (let k = 0; k < kinds; k++) {
    const name = REACTIONS[Math.floor(r(2 + k) * REACTIONS.length)];
    if (out.some((reaction) => reaction.name === name)) continue;
    const users = [
      ...new Set(
        Array.from(
          { length: 1 + Math.floor(r(10 + k) * 4) },
          (_, i) => PEOPLE[spec.people[Math.floor(r(20 + k * 5 + i) * spec.people.length)]].id,
        ),
      ),
    ];
    out.push({ name, users, count: users.length });
  }
  return out;
}

/** Fills `{mention}`, `{sha}` and `{n}` in a line. */
function fill(line: string, r: (n: number) => number, spec: ChannelSpec): string {
  return line
    .replace('{mention}', () => `<@${PEOPLE[spec.people[Math.floor(r(1) * spec.people.length)]].id}>`)
    .replace('{sha}', () =>
      Math.floor(r(2) * 0xfffffff)
        .toString(16)
        .padStart(7, '0'),
    )
    .replace('{n}', () => String(1 + Math.floor(r(3) * 9)));
}

/** A `ts` ("1717000000.000123") in microseconds; seconds alone, or fewer decimals, are accepted. */
export function tsMicros(ts: string): bigint {
  const [seconds, fraction = ''] = ts.split('.');
  return BigInt(seconds) * 1_000_000n + BigInt(fraction.padEnd(6, '0').slice(0, 6) || '0');
}

export function tsString(micros: bigint): string {
  return `${micros / 1_000_000n}.${String(micros % 1_000_000n).padStart(6, '0')}`;
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
