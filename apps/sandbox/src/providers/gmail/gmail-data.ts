/**
 * A deterministic Gmail mailbox for the sandbox: threads of messages with Gmail's system and user
 * labels, each message's metadata (headers, snippet, size), and the mailbox's history log, shaped as
 * the Gmail API answers them:
 * - Message: https://developers.google.com/gmail/api/reference/rest/v1/users.messages#Message
 * - History: https://developers.google.com/gmail/api/reference/rest/v1/users.history/list#History
 * - Profile: https://developers.google.com/gmail/api/reference/rest/v1/users/getProfile
 * - Label: https://developers.google.com/gmail/api/reference/rest/v1/users.labels#Label
 *
 * `mutate` changes it the way use does (new mail, read/starred, trashed and deleted messages), each
 * change written to the history log with a growing, gappy history id, so history.list replays it.
 */
import type { ChangeCounts } from '../../lib/emulation';
import { SeededRandom } from '../../lib/seeded-random';

export const GMAIL_MAX_MESSAGES = 10_000;

export interface GmailHeader {
  readonly name: string;
  readonly value: string;
}

export interface GmailMessageState {
  readonly id: string;
  readonly threadId: string;
  labelIds: string[];
  readonly snippet: string;
  readonly headers: readonly GmailHeader[];
  readonly sizeEstimate: number;
  historyId: string;
  /** Epoch milliseconds. */
  readonly internalDate: number;
}

interface MessageRef {
  id: string;
  threadId: string;
  labelIds: string[];
}

/** One record of users.history.list. */
export interface GmailHistoryRecord {
  readonly id: string;
  readonly messages: { id: string; threadId: string }[];
  readonly messagesAdded?: { message: MessageRef }[];
  readonly messagesDeleted?: { message: MessageRef }[];
  readonly labelsAdded?: { message: MessageRef; labelIds: string[] }[];
  readonly labelsRemoved?: { message: MessageRef; labelIds: string[] }[];
}

export type GmailHistoryType = 'messageAdded' | 'messageDeleted' | 'labelAdded' | 'labelRemoved';

/** Gmail's system labels (users.labels.list), and the user's own. */
export const GMAIL_LABELS = [
  ...[
    'INBOX',
    'SENT',
    'UNREAD',
    'STARRED',
    'IMPORTANT',
    'TRASH',
    'SPAM',
    'DRAFT',
    'CHAT',
    'CATEGORY_PERSONAL',
    'CATEGORY_SOCIAL',
    'CATEGORY_PROMOTIONS',
    'CATEGORY_UPDATES',
    'CATEGORY_FORUMS',
  ].map((id) => ({ id, name: id, type: 'system' as const })),
  { id: 'Label_1', name: 'Receipts', type: 'user' as const },
  { id: 'Label_2', name: 'Travel', type: 'user' as const },
  { id: 'Label_3', name: 'Projects/Engine', type: 'user' as const },
];

const CONTACTS = [
  ['Charles Babbage', 'charles.babbage@example.org'],
  ['Mary Somerville', 'mary.somerville@example.net'],
  ['Augustus De Morgan', 'demorgan@example.ac.uk'],
  ['Michael Faraday', 'faraday@example.org'],
  ['Caroline Herschel', 'caroline@example.com'],
  ['Charles Wheatstone', 'wheatstone@example.co.uk'],
  ['Sophia De Morgan', 'sophia@example.ac.uk'],
] as const;

/** Kinds of mail: sender, labels, subjects, snippets. `null` sender: one of CONTACTS. */
const KINDS = [
  {
    category: 'CATEGORY_PERSONAL',
    from: null,
    labels: ['IMPORTANT'],
    subjects: [
      'Notes on the Analytical Engine',
      'Lecture on Thursday',
      'Dinner on Saturday?',
      'The Bernoulli table',
      'Letters from Paris',
    ],
    snippets: [
      'I have read your notes and have a few questions about the table',
      'Would Thursday at three suit you? The Society has the small room',
      'We would be delighted if you could join us',
      'The figures in the last column do not agree with mine',
    ],
  },
  {
    category: 'CATEGORY_UPDATES',
    from: ['Orders', 'orders@shop.example.com'],
    labels: ['Label_1'],
    subjects: ['Your order has shipped', 'Your receipt from Difference Supplies', 'Delivery scheduled for Tuesday'],
    snippets: [
      'Your order is on its way and will arrive on',
      'Thank you for your purchase. Order total',
      'A courier will deliver your parcel between',
    ],
  },
  {
    category: 'CATEGORY_UPDATES',
    from: ['Railway Bookings', 'tickets@rail.example.co.uk'],
    labels: ['Label_2'],
    subjects: ['Your tickets: London to Bath', 'Booking confirmed', 'Platform change'],
    snippets: [
      'Your e-tickets are attached. Seat reservations',
      'Booking reference',
      'Please note the platform for your service has changed',
    ],
  },
  {
    category: 'CATEGORY_PROMOTIONS',
    from: ['Difference Supplies', 'news@supplies.example.com'],
    labels: [],
    subjects: ['Summer catalogue: 20% off', 'New brass gears in stock', 'Last chance: free delivery'],
    snippets: [
      'Our summer catalogue is here: brass gears, punched cards and more',
      'Precision-cut gears for every engine',
      'Free delivery ends at midnight',
    ],
  },
  {
    category: 'CATEGORY_SOCIAL',
    from: ['Royal Society', 'events@society.example.org'],
    labels: [],
    subjects: ['New members this month', 'Invitation: evening lecture', 'Your membership'],
    snippets: [
      'Please welcome our new fellows',
      'You are invited to an evening lecture on',
      'Your membership renews on',
    ],
  },
  {
    category: 'CATEGORY_FORUMS',
    from: ['Engine Builders Group', 'engine-builders@groups.example.org'],
    labels: ['Label_3'],
    subjects: ['[engine-builders] Store capacity', '[engine-builders] Card readers', '[engine-builders] Meeting notes'],
    snippets: [
      'Has anyone tried a store of more than a thousand numbers',
      'The Jacquard mechanism jams when',
      'Notes from Tuesday’s meeting are below',
    ],
  },
] as const;

/** The newest start-up message; older ones go back from here. Mutations add mail after it. */
const NEWEST = Date.UTC(2025, 5, 1, 12, 0, 0);
const FIRST_HISTORY_ID = 1_284_003;

export class GmailMailbox {
  private messages = new Map<string, GmailMessageState>();
  private history: GmailHistoryRecord[] = [];
  private currentHistoryId = FIRST_HISTORY_ID;
  /** The oldest startHistoryId history.list still answers (older: 404). */
  private floor = FIRST_HISTORY_ID;
  private clock = NEWEST;
  private sequence = 0;
  private mutations = 0;

  constructor(
    readonly emailAddress: string,
    readonly size: number,
    readonly seed = 1,
    /** The mailbox owner's name, on the mail they send and receive. */
    readonly ownerName = 'Sandbox User',
  ) {
    if (!Number.isInteger(size) || size < 0 || size > GMAIL_MAX_MESSAGES) {
      throw new RangeError(`The Gmail sandbox holds 0 to ${GMAIL_MAX_MESSAGES} messages (got ${size})`);
    }
    this.generate();
  }

  get historyId(): string {
    return String(this.currentHistoryId);
  }

  get oldestHistoryId(): string {
    return String(this.floor);
  }

  /** users.getProfile. */
  profile(): { emailAddress: string; messagesTotal: number; threadsTotal: number; historyId: string } {
    return {
      emailAddress: this.emailAddress,
      messagesTotal: this.messages.size,
      threadsTotal: new Set([...this.messages.values()].map((m) => m.threadId)).size,
      historyId: this.historyId,
    };
  }

  /** Every message, newest first (Gmail's ids grow with time), trash and spam only when asked. */
  list(options: { includeSpamTrash?: boolean; labelIds?: readonly string[] } = {}): GmailMessageState[] {
    return [...this.messages.values()]
      .filter((m) => options.includeSpamTrash || !m.labelIds.some((l) => l === 'TRASH' || l === 'SPAM'))
      .filter((m) => (options.labelIds ?? []).every((label) => m.labelIds.includes(label)))
      .sort((a, b) => compareIds(b.id, a.id));
  }

  get(id: string): GmailMessageState | undefined {
    return this.messages.get(id);
  }

  /**
   * History records after `startHistoryId`, oldest first; undefined when Gmail would answer 404 (the
   * id is older than the log keeps).
   */
  historySince(startHistoryId: number): GmailHistoryRecord[] | undefined {
    if (startHistoryId < this.floor) return undefined;
    return this.history.filter((record) => Number(record.id) > startHistoryId);
  }

  /** Drops the history log: every earlier history id is now too old (history.list answers 404). */
  expireHistory(): void {
    this.history = [];
    this.floor = this.currentHistoryId;
  }

  /**
   * New mail (`added`), read or starred messages (`updated`: a label change), trashed or deleted ones
   * (`deleted`: every other one to the trash, the rest deleted for good), each in the history log.
   * Updated and deleted messages are distinct and were there before; asked for more than there are,
   * it changes what there is. Answers what it did: what the next incremental sync counts.
   */
  mutate(request: ChangeCounts): ChangeCounts {
    this.mutations += 1;
    const rng = random(this.seed * 7919 + this.mutations);
    const live = this.list().map((m) => m.id);
    const pick = (count: number): string[] => {
      const chosen: string[] = [];
      while (chosen.length < count && live.length > 0) chosen.push(...live.splice(Math.floor(rng() * live.length), 1));
      return chosen;
    };
    const deleted = pick(request.deleted);
    const updated = pick(request.updated);
    deleted.forEach((id, index) => (index % 2 === 0 ? this.trash(id) : this.remove(id)));
    for (const id of updated) this.toggleRead(id);
    for (let i = 0; i < request.added; i++) this.receive(rng);
    return { added: request.added, updated: updated.length, deleted: deleted.length };
  }

  private generate(): void {
    const rng = random(this.seed);
    const plans: { at: number; kind: number; subject: string; contact: number; reply: boolean }[] = [];
    // Threads of 1 to 4 messages, going back from NEWEST about 5 hours a thread.
    let at = NEWEST;
    while (plans.length < this.size) {
      const kind = Math.floor(rng() * KINDS.length);
      const k = KINDS[kind];
      const subject = k.subjects[Math.floor(rng() * k.subjects.length)];
      const contact = Math.floor(rng() * CONTACTS.length);
      const length = Math.min(this.size - plans.length, k.from === null ? 1 + Math.floor(rng() * 4) : 1);
      const times: number[] = [];
      for (let i = 0; i < length; i++) times.push(at - i * (20 + Math.floor(rng() * 600)) * 60_000);
      at -= (60 + Math.floor(rng() * 540)) * 60_000 + (times[0] - times[times.length - 1]);
      // Oldest first within the thread: the first message names the thread.
      times.reverse().forEach((time, i) => plans.push({ at: time, kind, subject, contact, reply: i > 0 }));
    }
    // Built oldest first, so ids and history ids grow with time as Gmail's do.
    plans.sort((a, b) => a.at - b.at);
    const threadOf = new Map<string, string>();
    for (const plan of plans) {
      const key = `${plan.kind}|${plan.subject}|${plan.contact}`;
      const message = this.build(
        rng,
        plan.at,
        plan.kind,
        plan.subject,
        plan.contact,
        plan.reply ? threadOf.get(key) : undefined,
      );
      if (!plan.reply || !threadOf.has(key)) threadOf.set(key, message.threadId);
      this.messages.set(message.id, message);
    }
    this.currentHistoryId += 1 + Math.floor(rng() * 40);
    this.floor = this.currentHistoryId;
  }

  private build(
    rng: () => number,
    at: number,
    kindIndex: number,
    subject: string,
    contactIndex: number,
    threadId: string | undefined,
  ): GmailMessageState {
    const kind = KINDS[kindIndex];
    const [contactName, contactEmail] = CONTACTS[contactIndex];
    const me = this.emailAddress;
    // Personal threads alternate: a reply from the mailbox's owner now and then.
    const sent = kind.from === null && threadId !== undefined && rng() < 0.4;
    const from = sent
      ? `${this.ownerName} <${me}>`
      : kind.from
        ? `${kind.from[0]} <${kind.from[1]}>`
        : `${contactName} <${contactEmail}>`;
    const to = sent ? `${contactName} <${contactEmail}>` : kind.from ? me : `${this.ownerName} <${me}>`;
    const cc =
      kind.from === null && rng() < 0.25
        ? `${CONTACTS[(contactIndex + 1) % CONTACTS.length][0]} <${CONTACTS[(contactIndex + 1) % CONTACTS.length][1]}>`
        : null;
    const id = this.nextId(at);
    const labels = new Set<string>(sent ? ['SENT'] : ['INBOX', kind.category, ...kind.labels]);
    if (!sent && at > NEWEST - 3 * 86_400_000 && rng() < 0.6) labels.add('UNREAD');
    if (!sent && rng() < 0.08) labels.add('STARRED');
    this.currentHistoryId += 1 + Math.floor(rng() * 30);
    const snippetBase = kind.snippets[Math.floor(rng() * kind.snippets.length)];
    const headers: GmailHeader[] = [
      { name: 'Delivered-To', value: me },
      { name: 'MIME-Version', value: '1.0' },
      { name: 'Date', value: rfc2822(at) },
      { name: 'Message-ID', value: `<${id}.${Math.floor(rng() * 1e9).toString(36)}@mail.example.com>` },
      { name: 'Subject', value: threadId ? `Re: ${subject}` : subject },
      { name: 'From', value: from },
      { name: 'To', value: to },
      ...(cc ? [{ name: 'Cc', value: cc }] : []),
      { name: 'Content-Type', value: 'multipart/alternative; boundary="000000000000a1b2c3d4e5f6"' },
    ];
    return {
      id,
      threadId: threadId ?? id,
      labelIds: order(labels),
      snippet: `${snippetBase} …`,
      headers,
      sizeEstimate: 2_000 + Math.floor(rng() ** 2 * 80_000),
      historyId: this.historyId,
      internalDate: at,
    };
  }

  private nextId(at: number): string {
    this.sequence += 1;
    return (BigInt(at) * 1_048_576n + BigInt(this.sequence % 1_048_576)).toString(16);
  }

  private record(record: Omit<GmailHistoryRecord, 'id'>): string {
    this.currentHistoryId += 1 + (this.currentHistoryId % 7);
    this.history.push({ id: this.historyId, ...record });
    return this.historyId;
  }

  private receive(rng: () => number): void {
    this.clock += 60_000 + Math.floor(rng() * 600) * 1000;
    const kind = Math.floor(rng() * KINDS.length);
    const subject = KINDS[kind].subjects[Math.floor(rng() * KINDS[kind].subjects.length)];
    const message = this.build(rng, this.clock, kind, subject, Math.floor(rng() * CONTACTS.length), undefined);
    message.labelIds = order(new Set([...message.labelIds.filter((l) => l !== 'SENT'), 'INBOX', 'UNREAD']));
    this.messages.set(message.id, message);
    message.historyId = this.record({
      messages: [ref(message)],
      messagesAdded: [{ message: full(message) }],
    });
  }

  /** Read it (UNREAD off) when unread, else star or unstar it. */
  private toggleRead(id: string): void {
    const message = this.messages.get(id);
    if (!message) return;
    const label = message.labelIds.includes('UNREAD') ? 'UNREAD' : 'STARRED';
    const removing = message.labelIds.includes(label);
    message.labelIds = removing
      ? message.labelIds.filter((l) => l !== label)
      : order(new Set([...message.labelIds, label]));
    message.historyId = this.record(
      removing
        ? { messages: [ref(message)], labelsRemoved: [{ message: full(message), labelIds: [label] }] }
        : { messages: [ref(message)], labelsAdded: [{ message: full(message), labelIds: [label] }] },
    );
  }

  /** To the trash (users.messages.trash): TRASH on, INBOX and UNREAD off, in one history record. */
  private trash(id: string): void {
    const message = this.messages.get(id);
    if (!message) return;
    const removed: string[] = message.labelIds.filter((l) => l === 'INBOX' || l === 'UNREAD');
    message.labelIds = order(new Set([...message.labelIds.filter((l) => !removed.includes(l)), 'TRASH']));
    message.historyId = this.record({
      messages: [ref(message)],
      labelsAdded: [{ message: full(message), labelIds: ['TRASH'] }],
      ...(removed.length > 0 ? { labelsRemoved: [{ message: full(message), labelIds: removed }] } : {}),
    });
  }

  /** Deleted for good (users.messages.delete): gone, and a messagesDeleted record. */
  private remove(id: string): void {
    const message = this.messages.get(id);
    if (!message) return;
    this.messages.delete(id);
    this.record({ messages: [ref(message)], messagesDeleted: [{ message: full(message) }] });
  }
}

/** Gmail ids are hexadecimal numbers that grow with time; compare them as numbers. */
export function compareIds(a: string, b: string): number {
  const x = BigInt(`0x${a}`);
  const y = BigInt(`0x${b}`);
  return x < y ? -1 : x > y ? 1 : 0;
}

function ref(message: GmailMessageState): { id: string; threadId: string } {
  return { id: message.id, threadId: message.threadId };
}

function full(message: GmailMessageState): MessageRef {
  return { id: message.id, threadId: message.threadId, labelIds: [...message.labelIds] };
}

/** Labels in the order Gmail tends to list them (UNREAD, STARRED, IMPORTANT first; INBOX or SENT last). */
function order(labels: Set<string>): string[] {
  const rank = (label: string) =>
    ['UNREAD', 'STARRED', 'IMPORTANT', 'TRASH'].indexOf(label) >= 0
      ? ['UNREAD', 'STARRED', 'IMPORTANT', 'TRASH'].indexOf(label)
      : label === 'INBOX' || label === 'SENT'
        ? 100
        : 10;
  return [...labels].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** `Sun, 1 Jun 2025 09:12:44 +0000` (RFC 5322 date-time, as mail headers carry it). */
export function rfc2822(ms: number): string {
  const d = new Date(ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

/** The mailbox's stream: the state Gmail's data has always started from (its tests pin the data). */
function random(seed: number): () => number {
  return SeededRandom.fromState(seed * 0x9e3779b1).next;
}
