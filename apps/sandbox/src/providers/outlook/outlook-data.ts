/**
 * A deterministic Outlook mailbox for the sandbox: a tree of mail folders and the messages in them,
 * with the per-folder change history message delta reads. Shapes follow Microsoft Graph v1.0:
 * - mailFolder: https://learn.microsoft.com/en-us/graph/api/resources/mailfolder
 * - message: https://learn.microsoft.com/en-us/graph/api/resources/message
 * - message delta, one folder at a time: https://learn.microsoft.com/en-us/graph/delta-query-messages
 * - ids: every message has an immutable id, kept when it moves, and a default (REST) id, which
 *   changes with the folder (https://learn.microsoft.com/en-us/graph/outlook-immutable-id).
 * One mailbox is shown to whichever persona signs in (its own name and address in From and To).
 */
import { createHash } from 'node:crypto';
import type { ChangeCounts } from '../../lib/emulation';
import { SeededRandom } from '../../lib/seeded-random';
import { DeltaLedger } from '../microsoft-common/delta-ledger';
import type { MicrosoftPersona } from '../microsoft-common/personas';

export const OUTLOOK_DEFAULT_MESSAGES = 300;
export const OUTLOOK_MAX_MESSAGES = 50_000;
/** Per kind of change and `mutate` call. */
export const OUTLOOK_MAX_MUTATION = 1000;

/** The generated mail is older than this; each change after start-up is one minute after the last. */
const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
const OLDEST = Date.UTC(2023, 0, 2, 8, 0, 0);
const CHANGE_STEP_MS = 60_000;

/** A recipient, or the signed-in person (rendered with the persona's name and address). */
type Address = { readonly name: string; readonly address: string } | 'me';

export interface MessageNode {
  /** Creation number: the seed of its ids. */
  readonly n: number;
  readonly immutableId: string;
  folderId: string;
  subject: string;
  readonly from: Address;
  readonly to: readonly Address[];
  readonly cc: readonly Address[];
  readonly receivedDateTime: string;
  readonly preview: string;
  readonly hasAttachments: boolean;
  readonly importance: 'low' | 'normal' | 'high';
  readonly conversationId: string;
  readonly internetMessageId: string;
  readonly isDraft: boolean;
  isRead: boolean;
  categories: string[];
  flagged: boolean;
  lastModifiedDateTime: string;
  /** The dataset's change clock at its last change (0: start-up data). */
  lastChange: number;
  deleted: boolean;
}

export interface FolderNode {
  readonly id: string;
  displayName: string;
  readonly parentId: string | null;
  readonly isHidden: boolean;
  /** Graph's well-known name (`inbox`, `sentitems`…), usable in place of the id. */
  readonly wellKnownName?: string;
  /** Bumped by `expire`: delta links issued before answer 410 SyncStateNotFound. */
  generation: number;
  deleted: boolean;
  /** The folder's delta history: one entry per message that was ever in it, visible while it is. */
  readonly ledger: DeltaLedger<MessageNode>;
}

/**
 * The folders of a new mailbox, with their share of the generated mail. Well-known names from
 * https://learn.microsoft.com/en-us/graph/api/resources/mailfolder#well-known-folder-names; Clutter is
 * the documented hidden folder (https://learn.microsoft.com/en-us/graph/api/user-list-mailfolders, example 2).
 */
const TREE: readonly {
  key: string;
  name: string;
  parent?: string;
  wellKnown?: string;
  hidden?: boolean;
  weight: number;
}[] = [
  { key: 'inbox', name: 'Inbox', wellKnown: 'inbox', weight: 34 },
  { key: 'projects', name: 'Projects', parent: 'inbox', weight: 8 },
  { key: 'falcon', name: 'Falcon', parent: 'projects', weight: 5 },
  { key: 'receipts', name: 'Receipts', parent: 'inbox', weight: 6 },
  { key: 'drafts', name: 'Drafts', wellKnown: 'drafts', weight: 1 },
  { key: 'sent', name: 'Sent Items', wellKnown: 'sentitems', weight: 18 },
  { key: 'deleted', name: 'Deleted Items', wellKnown: 'deleteditems', weight: 4 },
  { key: 'junk', name: 'Junk Email', wellKnown: 'junkemail', weight: 2 },
  { key: 'outbox', name: 'Outbox', wellKnown: 'outbox', weight: 0 },
  { key: 'archive', name: 'Archive', wellKnown: 'archive', weight: 4 },
  { key: '2023', name: '2023', parent: 'archive', weight: 8 },
  { key: '2024', name: '2024', parent: 'archive', weight: 8 },
  { key: 'history', name: 'Conversation History', wellKnown: 'conversationhistory', weight: 0 },
  { key: 'clutter', name: 'Clutter', hidden: true, weight: 2 },
];

const COLLEAGUES = [
  'Alex Wilber',
  'Diego Siciliani',
  'Lynne Robbins',
  'Nestor Wilke',
  'Patti Fernandez',
  'Isaiah Langer',
];
const EXTERNAL = [
  { name: 'Northwind Traders', address: 'orders@northwindtraders.example' },
  { name: 'Fabrikam Billing', address: 'billing@fabrikam.example' },
  { name: 'Contoso Airlines', address: 'noreply@contosoair.example' },
  { name: 'Tailspin Toys', address: 'hello@tailspintoys.example' },
  { name: 'Woodgrove Bank', address: 'alerts@woodgrovebank.example' },
];
const TOPICS = [
  'Q3 planning',
  'Budget review',
  'Falcon kick-off',
  'Customer interviews',
  'Release notes',
  'Hiring plan',
  'Security review',
  'Board update',
  'Offsite agenda',
  'Design system',
  'Launch checklist',
  'Weekly sync',
];
const PREFIXES = ['', '', 'RE: ', 'FW: ', 'RE: RE: '];
const CATEGORIES = ['Red category', 'Blue category', 'Green category', 'Falcon'];
const WORK_DOMAIN = 'contoso-sandbox.example';

/** What a client reads of the mailbox: whose it is and which id form it asked for. */
export interface MailView {
  readonly persona: MicrosoftPersona;
  /** `Prefer: IdType="ImmutableId"`. */
  readonly immutable: boolean;
}

export class OutlookDataset {
  private folders = new Map<string, FolderNode>();
  private messages = new Map<string, MessageNode>();
  private byRestId = new Map<string, string>();
  private clock = 0;
  /** The clock when the newest delta link was handed out: where the hub's last sync ended. */
  private issuedAt = 0;
  private changeAt = NOW;
  private mutations = 0;
  private created = 0;
  private foldersCreated = 0;
  /** Each folder's (total, unread) when the folders were last listed: what the next folders pass compares. */
  private listedCounts = new Map<string, string>();

  constructor(private readonly options: { readonly messages: number; readonly seed: number }) {
    this.reset();
  }

  reset(): void {
    this.folders = new Map();
    this.messages = new Map();
    this.byRestId = new Map();
    this.clock = 0;
    this.issuedAt = 0;
    this.changeAt = NOW;
    this.mutations = 0;
    this.created = 0;
    this.foldersCreated = 0;
    const random = new SeededRandom(this.options.seed, 1);
    const ids = new Map<string, string>();
    for (const spec of TREE) {
      const id = this.folderIdOf(spec.key);
      ids.set(spec.key, id);
      this.folders.set(id, {
        id,
        displayName: spec.name,
        parentId: spec.parent ? (ids.get(spec.parent) as string) : null,
        isHidden: spec.hidden ?? false,
        ...(spec.wellKnown ? { wellKnownName: spec.wellKnown } : {}),
        generation: 0,
        deleted: false,
        ledger: new DeltaLedger<MessageNode>(),
      });
    }
    const weighted = TREE.flatMap((spec) => Array.from({ length: spec.weight }, () => ids.get(spec.key) as string));
    const sentId = ids.get('sent') as string;
    const draftsId = ids.get('drafts') as string;
    const generated: MessageNode[] = [];
    for (let i = 0; i < this.options.messages; i++) {
      const folderId = random.pick(weighted);
      const at = OLDEST + random.next() * (NOW - OLDEST);
      generated.push(
        this.newMessage(random, folderId, at, folderId === sentId || folderId === draftsId, folderId === draftsId),
      );
    }
    // Oldest first, as mail arrives.
    generated.sort((a, b) => a.receivedDateTime.localeCompare(b.receivedDateTime));
    for (const message of generated) {
      this.messages.set(message.immutableId, message);
      this.folder(message.folderId).ledger.seed(
        message.immutableId,
        message,
        true,
        Date.parse(message.receivedDateTime),
      );
    }
    this.listedCounts = this.folderCounts();
  }

  /** A folder by id or well-known name (case-insensitive), undefined when none or deleted. */
  find(idOrName: string): FolderNode | undefined {
    const byId = this.folders.get(idOrName);
    if (byId) return byId.deleted ? undefined : byId;
    const name = idOrName.toLowerCase();
    for (const folder of this.folders.values()) if (!folder.deleted && folder.wellKnownName === name) return folder;
    return undefined;
  }

  /** The live child folders of `parentId` (null: the top of the tree), hidden ones only if asked. */
  children(parentId: string | null, includeHidden: boolean): FolderNode[] {
    return [...this.folders.values()].filter(
      (f) => !f.deleted && f.parentId === parentId && (includeHidden || !f.isHidden),
    );
  }

  /** The mailFolder resource (https://learn.microsoft.com/en-us/graph/api/resources/mailfolder). */
  renderFolder(folder: FolderNode): Record<string, unknown> {
    const inIt = [...this.messages.values()].filter((m) => !m.deleted && m.folderId === folder.id);
    return {
      id: folder.id,
      displayName: folder.displayName,
      parentFolderId: folder.parentId ?? this.rootId(),
      childFolderCount: this.children(folder.id, true).length,
      unreadItemCount: inIt.filter((m) => !m.isRead).length,
      totalItemCount: inIt.length,
      isHidden: folder.isHidden,
    };
  }

  /** Notes that the top of the folder tree was listed (the hub's folders pass). */
  listed(): void {
    this.listedCounts = this.folderCounts();
  }

  message(id: string, view: MailView): MessageNode | undefined {
    const immutableId = view.immutable ? id : this.byRestId.get(id);
    const message = immutableId === undefined ? undefined : this.messages.get(immutableId);
    if (!message || message.deleted) return undefined;
    // A default id names the message in one folder only: after a move it is gone.
    return view.immutable || this.restId(message, message.folderId) === id ? message : undefined;
  }

  /** The id a client sees for `message` in `folderId`. */
  idOf(message: MessageNode, folderId: string, view: MailView): string {
    return view.immutable ? message.immutableId : this.restId(message, folderId);
  }

  /** The message resource as Graph renders it (https://learn.microsoft.com/en-us/graph/api/resources/message). */
  renderMessage(message: MessageNode, view: MailView, webBase: string): Record<string, unknown> {
    const address = (a: Address) => ({
      emailAddress:
        a === 'me'
          ? { name: view.persona.displayName, address: view.persona.mail ?? view.persona.userPrincipalName }
          : { ...a },
    });
    const id = this.idOf(message, message.folderId, view);
    const changeKey = this.hash('ck', message.n, message.lastChange).slice(0, 20);
    return {
      '@odata.type': '#microsoft.graph.message',
      '@odata.etag': `W/"CQAAABYAAAA${changeKey}"`,
      id,
      createdDateTime: message.receivedDateTime,
      lastModifiedDateTime: message.lastModifiedDateTime,
      changeKey: `CQAAABYAAAA${changeKey}`,
      categories: [...message.categories],
      receivedDateTime: message.receivedDateTime,
      sentDateTime: message.receivedDateTime,
      hasAttachments: message.hasAttachments,
      internetMessageId: message.internetMessageId,
      subject: message.subject,
      bodyPreview: message.preview,
      importance: message.importance,
      parentFolderId: message.folderId,
      conversationId: message.conversationId,
      isDeliveryReceiptRequested: false,
      isReadReceiptRequested: false,
      isRead: message.isRead,
      isDraft: message.isDraft,
      webLink: `${webBase}?ItemID=${encodeURIComponent(id)}&exvsurl=1&viewmodel=ReadMessageItem`,
      inferenceClassification: 'focused',
      body: { contentType: 'html', content: `<html><body><p>${message.preview}</p></body></html>` },
      sender: address(message.from),
      from: address(message.from),
      toRecipients: message.to.map(address),
      ccRecipients: message.cc.map(address),
      bccRecipients: [],
      replyTo: [],
      flag: { flagStatus: message.flagged ? 'flagged' : 'notFlagged' },
    };
  }

  /** Notes a delta link handed out: the hub's next sync counts the changes after now. */
  issue(): void {
    this.issuedAt = this.clock;
  }

  /** Hard-deletes a folder, its child folders and every message in them; the number of messages gone. */
  deleteFolder(folder: FolderNode): number {
    let gone = 0;
    for (const child of this.children(folder.id, true)) gone += this.deleteFolder(child);
    for (const message of this.messages.values()) {
      if (message.deleted || message.folderId !== folder.id) continue;
      this.remove(message, this.nextChangeTime());
      gone++;
    }
    folder.deleted = true;
    return gone;
  }

  /** Creates a folder under `parent` (null: the top) holding `messages` new messages. */
  createFolder(name: string, parent: FolderNode | null, messages: number): FolderNode {
    const id = this.folderIdOf(`created-${++this.foldersCreated}`);
    const folder: FolderNode = {
      id,
      displayName: name,
      parentId: parent?.id ?? null,
      isHidden: false,
      generation: 0,
      deleted: false,
      ledger: new DeltaLedger<MessageNode>(),
    };
    this.folders.set(id, folder);
    const random = new SeededRandom(this.options.seed, 3, this.foldersCreated);
    for (let i = 0; i < messages; i++) this.add(random, id);
    return folder;
  }

  /** Moves a message to another folder: @removed in the old folder's delta, an add in the new one's. */
  move(message: MessageNode, to: FolderNode): void {
    if (message.folderId === to.id) return;
    const at = this.nextChangeTime();
    const from = this.folder(message.folderId);
    message.folderId = to.id;
    this.touch(message, at);
    from.ledger.record(message.immutableId, message, false, Date.parse(at));
    to.ledger.record(message.immutableId, message, true, Date.parse(at));
    this.byRestId.set(this.restId(message, to.id), message.immutableId);
  }

  /** Every delta link of `folder` (or of every folder) issued so far answers 410 SyncStateNotFound. */
  expire(folder?: FolderNode): void {
    for (const f of folder ? [folder] : this.folders.values()) f.generation += 1;
  }

  /**
   * Changes the mailbox as use would and answers what the hub's next sync counts, for a hub that
   * syncs every folder it can see (all but hidden ones) with immutable ids: `added` new messages;
   * `updated` messages read, flagged, categorized or moved to another folder (the first one always
   * moved: a move keeps its immutable id, so a client counts it as one update); `deleted` messages
   * deleted for good. Only messages unchanged since the last delta link are touched, so that each is
   * counted once. `folders`: the folders whose counts changed since they were last listed.
   */
  mutate(request: ChangeCounts): { messages: ChangeCounts; folders: ChangeCounts } {
    for (const [name, value] of Object.entries(request)) {
      if (!Number.isInteger(value) || value < 0 || value > OUTLOOK_MAX_MUTATION) {
        throw new RangeError(`${name} must be a whole number from 0 to ${OUTLOOK_MAX_MUTATION}`);
      }
    }
    const visible = (folderId: string) => {
      for (let f = this.folders.get(folderId); f; f = f.parentId ? this.folders.get(f.parentId) : undefined) {
        if (f.deleted || f.isHidden) return false;
      }
      return true;
    };
    const candidates = [...this.messages.values()].filter(
      (m) => !m.deleted && m.lastChange <= this.issuedAt && visible(m.folderId),
    );
    if (request.updated + request.deleted > candidates.length) {
      throw new RangeError(
        `Only ${candidates.length} messages are unchanged since the last sync: ask for fewer updates and deletions`,
      );
    }
    this.mutations++;
    const random = new SeededRandom(this.options.seed, 2, this.mutations);
    const chosen = random.sample(candidates, request.updated + request.deleted);
    const targets = [...this.folders.values()].filter(
      (f) => !f.deleted && visible(f.id) && f.wellKnownName !== 'outbox',
    );
    const inbox = this.find('inbox') as FolderNode;
    for (let i = 0; i < request.added; i++) this.add(random, random.chance(0.7) ? inbox.id : random.pick(targets).id);
    chosen.slice(0, request.updated).forEach((message, index) => {
      const kind = index === 0 ? 3 : random.int(0, 3);
      if (kind === 3) {
        const to = targets.filter((f) => f.id !== message.folderId);
        this.move(message, random.pick(to));
        return;
      }
      const at = this.nextChangeTime();
      if (kind === 0) message.isRead = !message.isRead;
      else if (kind === 1) message.flagged = !message.flagged;
      else {
        const category = random.pick(CATEGORIES.filter((c) => !message.categories.includes(c)));
        message.categories = [...message.categories, category];
      }
      this.touch(message, at);
      this.folder(message.folderId).ledger.record(message.immutableId, message, true, Date.parse(at));
    });
    for (const message of chosen.slice(request.updated)) this.remove(message, this.nextChangeTime());
    const now = this.folderCounts();
    const changedFolders = [...now].filter(([id, counts]) => this.listedCounts.get(id) !== counts).length;
    return { messages: { ...request }, folders: { added: 0, updated: changedFolders, deleted: 0 } };
  }

  state(): Record<string, number> {
    const live = [...this.messages.values()].filter((m) => !m.deleted);
    return {
      folders: [...this.folders.values()].filter((f) => !f.deleted).length,
      hiddenFolders: [...this.folders.values()].filter((f) => !f.deleted && f.isHidden).length,
      messages: live.length,
      unread: live.filter((m) => !m.isRead).length,
      changes: this.clock,
      seed: this.options.seed,
    };
  }

  /** Visible messages of a folder, by immutable id: for controls and tests. */
  messagesIn(folder: FolderNode): MessageNode[] {
    return [...this.messages.values()].filter((m) => !m.deleted && m.folderId === folder.id);
  }

  private add(random: SeededRandom, folderId: string): MessageNode {
    const at = this.nextChangeTime();
    const message = this.newMessage(random, folderId, Date.parse(at), false, false);
    message.lastChange = ++this.clock;
    this.messages.set(message.immutableId, message);
    this.folder(folderId).ledger.record(message.immutableId, message, true, Date.parse(at));
    return message;
  }

  private remove(message: MessageNode, at: string): void {
    message.deleted = true;
    this.touch(message, at);
    this.folder(message.folderId).ledger.record(message.immutableId, message, false, Date.parse(at));
  }

  private touch(message: MessageNode, at: string): void {
    message.lastModifiedDateTime = at;
    message.lastChange = ++this.clock;
  }

  private newMessage(
    random: SeededRandom,
    folderId: string,
    at: number,
    fromMe: boolean,
    isDraft: boolean,
  ): MessageNode {
    const n = ++this.created;
    const colleague = (): Address => {
      const name = random.pick(COLLEAGUES);
      return { name, address: `${name.toLowerCase().replace(' ', '.')}@${WORK_DOMAIN}` };
    };
    const other = () => (random.chance(0.6) ? colleague() : random.pick(EXTERNAL));
    const topic = random.pick(TOPICS);
    const received = new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const message: MessageNode = {
      n,
      immutableId: `AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A${this.hash('immutable', n)}AAA=`,
      folderId,
      subject: `${random.pick(PREFIXES)}${topic}`,
      from: fromMe ? 'me' : other(),
      to: fromMe ? [other()] : ['me', ...(random.chance(0.3) ? [colleague()] : [])],
      cc: random.chance(0.25) ? [colleague()] : [],
      receivedDateTime: received,
      preview: `${topic}: here are the notes from today, with the next steps and owners.`,
      hasAttachments: random.chance(0.2),
      importance: random.chance(0.1) ? 'high' : random.chance(0.05) ? 'low' : 'normal',
      conversationId: `AAQkAGI2TG93AAAQA${this.hash('conversation', TOPICS.indexOf(topic)).slice(0, 14)}=`,
      internetMessageId: `<${this.hash('mid', n).slice(0, 16)}@${WORK_DOMAIN}>`,
      isDraft,
      isRead: fromMe || random.chance(0.8),
      categories: random.chance(0.15) ? [random.pick(CATEGORIES)] : [],
      flagged: random.chance(0.05),
      lastModifiedDateTime: received,
      lastChange: 0,
      deleted: false,
    };
    this.byRestId.set(this.restId(message, folderId), message.immutableId);
    return message;
  }

  private folder(id: string): FolderNode {
    return this.folders.get(id) as FolderNode;
  }

  private folderCounts(): Map<string, string> {
    const counts = new Map<string, string>();
    for (const folder of this.folders.values()) {
      if (folder.deleted) continue;
      const f = this.renderFolder(folder);
      counts.set(folder.id, `${String(f['totalItemCount'])}/${String(f['unreadItemCount'])}`);
    }
    return counts;
  }

  /** The default id of a message: it depends on its folder, as Outlook's does. */
  private restId(message: MessageNode, folderId: string): string {
    return `AAMkAGI2TG93AAA${this.hash('rest', message.n, folderId)}AAA=`;
  }

  private folderIdOf(key: string): string {
    return `AAMkAGI2TG93AAAuAAAAAAAiQ8W967B7TKBjgx9rVEURAQAiIsqMbYjsT5e-T7KzowPTAAA${this.hash('folder', key).slice(0, 12)}AAA=`;
  }

  private rootId(): string {
    return this.folderIdOf('msgfolderroot');
  }

  private hash(...parts: (string | number)[]): string {
    return createHash('sha256')
      .update([this.options.seed, ...parts].join(':'))
      .digest('base64url')
      .slice(0, 22);
  }

  private nextChangeTime(): string {
    this.changeAt += CHANGE_STEP_MS;
    return new Date(this.changeAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
}
