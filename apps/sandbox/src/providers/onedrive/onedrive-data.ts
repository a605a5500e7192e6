/**
 * A deterministic OneDrive for the sandbox: one person's drive, a tree of folders and files under the
 * root, with the change history `GET /me/drive/root/delta` reads. Shapes follow Microsoft Graph v1.0:
 * - driveItem: https://learn.microsoft.com/en-us/graph/api/resources/driveitem
 * - drive and quota: https://learn.microsoft.com/en-us/graph/api/resources/drive,
 *   https://learn.microsoft.com/en-us/graph/api/resources/quota
 * - delta: https://learn.microsoft.com/en-us/graph/api/driveitem-delta
 * The same tree is shown as a OneDrive for Business drive to the work personas and as a consumer
 * OneDrive to the personal account: ids, owners, links and what delta omits differ (`DriveView`).
 */
import { createHash } from 'node:crypto';
import type { ChangeCounts } from '../../lib/emulation';
import { SeededRandom } from '../../lib/seeded-random';
import { DeltaLedger, type DeltaRound } from '../microsoft-common/delta-ledger';
import { odataContext } from '../microsoft-common/graph-request';
import { graphUserId, MICROSOFT_PERSONAS, type MicrosoftPersona } from '../microsoft-common/personas';

export const ONEDRIVE_DEFAULT_ITEMS = 300;
export const ONEDRIVE_MAX_ITEMS = 50_000;
/** Per kind of change and `mutate` call. */
export const ONEDRIVE_MAX_MUTATION = 1000;

/** The generated data is older than this; each change after start-up is one minute after the last. */
const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
const OLDEST = Date.UTC(2021, 2, 1, 9, 0, 0);
const CHANGE_STEP_MS = 60_000;
/** OneDrive for Business item ids: "01" and 32 base32 characters (`01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K`). */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** 1 TB for OneDrive for Business, 5 GB for a free consumer OneDrive. */
const QUOTA_TOTAL = { business: 1024 ** 4, personal: 5 * 1024 ** 3 } as const;
/** Consumer item ids are the drive id, "!" and a number; the root is 101 (`66D53BE8A5056ECA!101`). */
const PERSONAL_FIRST_ITEM = 101;

const FOLDER_NAMES = [
  'Projects',
  'Finance',
  'Marketing',
  'Design',
  'Meeting notes',
  'Clients',
  'Pictures',
  'Invoices',
  'Product',
  'Engineering',
  'Sales',
  'Legal',
  'Templates',
  'Archive 2023',
  'Team offsite',
  'Reports',
  'Contracts',
  'Research',
  'Recordings',
  'Personal',
];
const TOPICS = [
  'Q3 planning',
  'Roadmap 2025',
  'Onboarding guide',
  'Customer interviews',
  'Pricing research',
  'Hiring plan',
  'Brand guidelines',
  'Security review',
  'Release notes',
  'Budget',
  'Sales pipeline',
  'Vendor contracts',
  'Board update',
  'OKRs',
  'Retrospective',
  'Design system',
  'Marketing calendar',
  'Expense report',
  'Launch checklist',
  'Competitive analysis',
];
const COMPANIES = ['Northwind', 'Fabrikam', 'Litware', 'Tailspin Toys', 'Woodgrove Bank', 'Adventure Works'];
/** The work tenant's other people (Microsoft's own demo tenant names). */
const COLLEAGUES = ['Alex Wilber', 'Diego Siciliani', 'Lynne Robbins', 'Nestor Wilke', 'Patti Fernandez'];
const TENANT_DOMAIN = MICROSOFT_PERSONAS.member.userPrincipalName.split('@')[1];

interface FileKind {
  readonly extension: string;
  readonly mimeType: string;
  readonly weight: number;
  readonly bytes: readonly [number, number];
  readonly image?: boolean;
  readonly name: (random: SeededRandom) => string;
}

const dateStamp = (random: SeededRandom) =>
  new Date(OLDEST + random.next() * (NOW - OLDEST)).toISOString().slice(0, 10);
const topic = (random: SeededRandom) => random.pick(TOPICS);

const FILE_KINDS: readonly FileKind[] = [
  {
    extension: 'docx',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    weight: 22,
    bytes: [12_000, 2_500_000],
    name: (r) => r.pick([() => topic(r), () => `Meeting notes ${dateStamp(r)}`, () => `${topic(r)} - draft`])(),
  },
  {
    extension: 'xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    weight: 14,
    bytes: [8_000, 4_000_000],
    name: (r) => r.pick([() => `${topic(r)} tracker`, () => `${topic(r)} ${r.int(2021, 2025)}`])(),
  },
  {
    extension: 'pptx',
    mimeType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    weight: 8,
    bytes: [40_000, 25_000_000],
    name: (r) => `${topic(r)} deck`,
  },
  {
    extension: 'pdf',
    mimeType: 'application/pdf',
    weight: 16,
    bytes: [40_000, 8_000_000],
    name: (r) =>
      r.pick([
        () => `Invoice INV-${r.int(2021, 2025)}-${String(r.int(1, 9999)).padStart(4, '0')}`,
        () => `Contract - ${r.pick(COMPANIES)}`,
        () => topic(r),
      ])(),
  },
  {
    extension: 'jpg',
    mimeType: 'image/jpeg',
    weight: 12,
    bytes: [300_000, 6_000_000],
    image: true,
    name: (r) => `IMG_${r.int(1000, 9999)}`,
  },
  {
    extension: 'png',
    mimeType: 'image/png',
    weight: 8,
    bytes: [30_000, 3_000_000],
    image: true,
    name: (r) =>
      `Screenshot ${dateStamp(r)} ${String(r.int(8, 19)).padStart(2, '0')}${String(r.int(0, 59)).padStart(2, '0')}`,
  },
  { extension: 'txt', mimeType: 'text/plain', weight: 5, bytes: [120, 40_000], name: (r) => `${topic(r)} notes` },
  { extension: 'csv', mimeType: 'text/csv', weight: 4, bytes: [500, 900_000], name: (r) => `${topic(r)} export` },
  {
    extension: 'mp4',
    mimeType: 'video/mp4',
    weight: 3,
    bytes: [2_000_000, 150_000_000],
    name: (r) => `Recording ${dateStamp(r)}`,
  },
  {
    extension: 'zip',
    mimeType: 'application/x-zip-compressed',
    weight: 3,
    bytes: [50_000, 60_000_000],
    name: (r) => `${r.pick(COMPANIES)} assets`,
  },
];
const TOTAL_WEIGHT = FILE_KINDS.reduce((sum, kind) => sum + kind.weight, 0);

/** One item of the drive as the emulation keeps it; `render` makes a driveItem of it. */
export interface DriveNode {
  /** The ledger's id: the OneDrive for Business item id. */
  readonly key: string;
  /** Creation number (the root is 0): the consumer item id's number. */
  readonly n: number;
  readonly kind: 'root' | 'folder' | 'file';
  readonly name: string;
  /** The parent's key; null for the root. */
  readonly parent: string | null;
  /** Bytes; a folder's is the total of its descendants'. */
  readonly size: number;
  /** Visible children (folders and the root). */
  readonly childCount: number;
  readonly mimeType: string | null;
  readonly image: { readonly width: number; readonly height: number } | null;
  readonly createdDateTime: string;
  /** A folder's follows its descendants' (driveItem: "derived from descendants"). */
  readonly lastModifiedDateTime: string;
  /** `fileSystemInfo`: the client's own times. */
  readonly fileSystemCreated: string;
  readonly fileSystemModified: string;
  /** -1: the drive's owner; else an index into the colleagues. */
  readonly createdBy: number;
  readonly lastModifiedBy: number;
  readonly guid: string;
  /** eTag's counter: the item's own changes. */
  readonly version: number;
  /** cTag's counter: content (and, for folders, descendants). */
  readonly contentVersion: number;
  readonly shared: boolean;
  readonly deleted: boolean;
}

/** How the signed-in persona sees the drive. */
export interface DriveView {
  readonly kind: 'business' | 'personal';
  readonly persona: MicrosoftPersona;
  readonly driveId: string;
  /** OneDrive for Business: `https://<tenant>-my.sharepoint.com/personal/<upn>`. */
  readonly webBase: string;
}

interface Colleague {
  readonly displayName: string;
  readonly email: string;
  readonly id: string;
}

export interface OneDriveDatasetOptions {
  /** Folders and files under the root. */
  readonly items: number;
  readonly seed: number;
}

export class OneDriveDataset {
  private ledger = new DeltaLedger<DriveNode>();
  private byNumber: string[] = [];
  /** Lower-cased names per folder key: OneDrive names are unique in a folder, case-insensitively. */
  private names = new Map<string, Set<string>>();
  private recycleBinBytes = 0;
  private mutations = 0;
  private changes = 0;
  private readonly colleagues: Colleague[];
  rootKey = '';

  constructor(readonly options: OneDriveDatasetOptions) {
    if (!Number.isInteger(options.items) || options.items < 0 || options.items > ONEDRIVE_MAX_ITEMS) {
      throw new RangeError(`The OneDrive sandbox holds 0 to ${ONEDRIVE_MAX_ITEMS} items (got ${options.items})`);
    }
    const random = new SeededRandom(options.seed, 1);
    this.colleagues = COLLEAGUES.map((displayName) => ({
      displayName,
      email: `${displayName.toLowerCase().replace(' ', '.')}@${TENANT_DOMAIN}`,
      id: guid(random).toLowerCase(),
    }));
    this.generate();
  }

  /** Back to the start-up data: the same tree, no changes, no tokens handed out. */
  reset(): void {
    this.ledger = new DeltaLedger<DriveNode>();
    this.byNumber = [];
    this.names = new Map();
    this.recycleBinBytes = 0;
    this.mutations = 0;
    this.changes = 0;
    this.generate();
  }

  /** The newest change's sequence number (0: start-up data). */
  get seq(): number {
    return this.ledger.seq;
  }

  /** Notes a deltaLink handed out for `seq`: where the hub's sync ended. */
  issue(seq: number): void {
    this.ledger.issue(seq);
  }

  /** The persona's view of the drive: OneDrive for Business for work accounts, consumer for personal ones. */
  view(persona: MicrosoftPersona): DriveView {
    if (persona.kind === 'personal') {
      return { kind: 'personal', persona, driveId: graphUserId(persona), webBase: 'https://onedrive.live.com' };
    }
    const tenant = (persona.tenantName ?? 'contoso').toLowerCase().replace(/[^a-z0-9]/g, '');
    return {
      kind: 'business',
      persona,
      // `b!` and 64 base64url characters, as OneDrive for Business drive ids look.
      driveId: `b!${createHash('sha512').update(`${this.options.seed}:${persona.objectId}`).digest('base64url').slice(0, 64)}`,
      webBase: `https://${tenant}-my.sharepoint.com/personal/${persona.userPrincipalName.replace(/[@.]/g, '_')}`,
    };
  }

  /** The item's id as `view` shows it. */
  idOf(node: DriveNode, view: DriveView): string {
    return view.kind === 'business' ? node.key : `${view.driveId.toUpperCase()}!${PERSONAL_FIRST_ITEM + node.n}`;
  }

  /** The root or an item by the id `view` shows (tombstones included); undefined when there is none. */
  find(id: string, view: DriveView): DriveNode | undefined {
    if (view.kind === 'business') return this.ledger.get(id);
    const match = /^([0-9A-F]{16})!(\d{1,9})$/.exec(id);
    if (!match || match[1] !== view.driveId.toUpperCase()) return undefined;
    const key = this.byNumber[Number(match[2]) - PERSONAL_FIRST_ITEM];
    return key === undefined ? undefined : this.ledger.get(key);
  }

  root(): DriveNode {
    return this.ledger.get(this.rootKey) as DriveNode;
  }

  /** The drive resource (`GET /me/drive`). */
  drive(view: DriveView, apiBaseUrl: string): Record<string, unknown> {
    const root = this.root();
    const total = QUOTA_TOTAL[view.kind];
    // The recycle bin counts against the quota ("deleted": space used by files in the recycle bin).
    const used = root.size + this.recycleBinBytes;
    const remaining = Math.max(0, total - used);
    const quota = {
      deleted: this.recycleBinBytes,
      remaining,
      state: quotaState(remaining, total),
      total,
      used,
    };
    const owner = this.identity(-1, view);
    if (view.kind === 'personal') {
      return {
        '@odata.context': odataContext(apiBaseUrl, 'drives/$entity'),
        id: view.driveId,
        driveType: 'personal',
        owner,
        quota: { ...quota, storagePlanInformation: { upgradeAvailable: true } },
      };
    }
    return {
      '@odata.context': odataContext(apiBaseUrl, 'drives/$entity'),
      createdDateTime: root.createdDateTime,
      description: '',
      id: view.driveId,
      lastModifiedDateTime: root.lastModifiedDateTime,
      name: 'OneDrive',
      webUrl: `${view.webBase}/Documents`,
      driveType: 'business',
      createdBy: { user: { displayName: 'System Account' } },
      lastModifiedBy: owner,
      owner,
      quota,
    };
  }

  /**
   * A driveItem as `view` shows it. In a delta answer (`inDelta`) `parentReference` has no `path`
   * ("track items by id") and what delta omits is left out: OneDrive for Business omits `cTag` on
   * create/modify and `cTag` and `name` on delete, consumer OneDrive omits `cTag` and `size` on delete
   * (driveitem-delta, Remarks). OneDrive for Business never returns a folder's `cTag` (driveItem).
   */
  render(node: DriveNode, view: DriveView, inDelta: boolean): Record<string, unknown> {
    const business = view.kind === 'business';
    const facet =
      node.kind === 'file'
        ? { file: this.fileFacet(node, view) }
        : { folder: { childCount: node.deleted ? 0 : node.childCount } };
    const common = {
      id: this.idOf(node, view),
      createdDateTime: node.createdDateTime,
      lastModifiedDateTime: node.lastModifiedDateTime,
      parentReference: this.parentReference(node, view, inDelta),
    };
    if (node.deleted) {
      return {
        ...common,
        ...(business ? { size: node.size } : { name: node.name }),
        ...facet,
        deleted: {},
      };
    }
    const cTag = node.kind === 'file' ? !(business && inDelta) : !business;
    return {
      createdBy: this.identity(node.createdBy, view),
      ...common,
      eTag: `"{${node.guid}},${node.version}"`,
      ...(cTag ? { cTag: `"c:{${node.guid}},${node.contentVersion}"` } : {}),
      lastModifiedBy: this.identity(node.lastModifiedBy, view),
      name: node.name,
      webUrl: this.webUrl(node, view),
      fileSystemInfo: { createdDateTime: node.fileSystemCreated, lastModifiedDateTime: node.fileSystemModified },
      size: node.size,
      ...facet,
      ...(node.image ? { image: node.image } : {}),
      ...(node.kind === 'root' ? { root: {} } : {}),
      ...(node.shared ? { shared: { scope: 'users' } } : {}),
    };
  }

  /** One page of a delta round: the round's items after position `after`, at most `limit`. */
  deltaPage(
    round: DeltaRound,
    after: number,
    limit: number,
    excludeParents: boolean,
  ): { items: DriveNode[]; next: number | null } {
    const page = this.ledger.page(round, after, limit, { excludeDerived: excludeParents });
    return { items: page.items.map((entry) => entry.item), next: page.next };
  }

  /** Counts for `GET /_sandbox/onedrive/data`. */
  state(): Record<string, number> {
    let folders = 0;
    let files = 0;
    let deleted = 0;
    for (const { item } of this.ledger.inOrder()) {
      if (item.kind === 'root') continue;
      if (item.deleted) deleted++;
      else if (item.kind === 'folder') folders++;
      else files++;
    }
    return {
      items: folders + files,
      folders,
      files,
      deleted,
      recycleBinBytes: this.recycleBinBytes,
      changes: this.ledger.seq,
      seed: this.options.seed,
    };
  }

  /**
   * What the next delta from the newest deltaLink handed out shows a client that keeps the items
   * under the root by id (the root itself, always in a delta answer that has changes, is no record).
   */
  expected(): ChangeCounts {
    return this.ledger.countsSince(this.ledger.lastIssued, (id) => id !== this.rootKey);
  }

  /**
   * Changes the drive as use would: `added` new files (in the root or a folder), `updated` files edited
   * (new content and size, some renamed, some moved to another folder) and `deleted` files (to the
   * recycle bin). Edited and deleted files are picked among those unchanged since the newest deltaLink,
   * so each counts once. Every folder above a changed file changes too (its size, its
   * lastModifiedDateTime, its childCount when a child came or went) and is in the next delta as the
   * service returns "the parent items in the hierarchy" (driveitem-delta, `deltaExcludeParent`): the
   * answer counts those folders as updated, once each. Answers what the next delta shows.
   */
  mutate(request: ChangeCounts): ChangeCounts {
    for (const [name, value] of Object.entries(request)) {
      if (!Number.isInteger(value) || value < 0 || value > ONEDRIVE_MAX_MUTATION) {
        throw new RangeError(`${name} must be a whole number from 0 to ${ONEDRIVE_MAX_MUTATION}`);
      }
    }
    this.mutations++;
    const random = new SeededRandom(this.options.seed, 2, this.mutations);
    const candidates = random.sample(
      this.ledger.unchangedSince(this.ledger.lastIssued, (node) => node.kind === 'file'),
      request.updated + request.deleted,
    );
    // Mutations add, edit, move and delete files only: the folders (and the root) stay.
    const folders = [...this.ledger.inOrder()]
      .filter(({ item, visible }) => visible && item.kind !== 'file')
      .map(({ id }) => id);

    for (let i = 0; i < request.added; i++) {
      const at = this.nextChangeTime();
      const parent = random.pick(folders);
      const node = this.newFile(random, this.newKey(random), this.byNumber.length, parent, at, at);
      this.byNumber.push(node.key);
      this.place(node);
      this.ledger.record(node.key, node, true, Date.parse(at));
      this.surface(this.chain(parent, node.size, 1), at);
    }
    for (const { id } of candidates.slice(0, request.updated)) {
      const at = this.nextChangeTime();
      const old = this.node(id);
      let size = Math.max(1, Math.round(old.size * (0.8 + random.next() * 0.5)));
      if (size === old.size) size += 1; // an edit changes the content, so the size (and every folder's above)
      let name = old.name;
      let parent = old.parent as string;
      if (random.chance(0.4)) name = renamed(old.name, random);
      if (random.chance(0.2)) {
        const elsewhere = folders.filter((key) => key !== parent);
        if (elsewhere.length > 0) parent = random.pick(elsewhere);
      }
      this.unplace(old);
      const node: DriveNode = {
        ...old,
        name: this.uniqueName(parent, name),
        parent,
        size,
        lastModifiedDateTime: at,
        fileSystemModified: at,
        lastModifiedBy: random.chance(0.7) ? -1 : random.int(0, this.colleagues.length - 1),
        version: old.version + 1,
        contentVersion: old.contentVersion + 1,
      };
      this.place(node);
      this.ledger.record(id, node, true, Date.parse(at));
      const deltas =
        parent === old.parent
          ? this.chain(parent, size - old.size, 0)
          : this.chain(parent, size, 1, this.chain(old.parent as string, -old.size, -1));
      this.surface(deltas, at);
    }
    for (const { id } of candidates.slice(request.updated)) {
      const at = this.nextChangeTime();
      const old = this.node(id);
      this.unplace(old);
      this.recycleBinBytes += old.size;
      this.ledger.record(id, { ...old, deleted: true, version: old.version + 1 }, false, Date.parse(at));
      this.surface(this.chain(old.parent as string, -old.size, -1), at);
    }
    return this.expected();
  }

  private node(key: string): DriveNode {
    return this.ledger.get(key) as DriveNode;
  }

  private nextChangeTime(): string {
    this.changes += 1;
    return new Date(NOW + this.changes * CHANGE_STEP_MS).toISOString();
  }

  /**
   * Size and child-count changes of `parent` and every folder above it up to the root, added to
   * `into`: `children` applies to `parent` only.
   */
  private chain(
    parent: string,
    size: number,
    children: number,
    into = new Map<string, { size: number; children: number }>(),
  ): Map<string, { size: number; children: number }> {
    for (let key: string | null = parent, first = true; key !== null; key = this.node(key).parent, first = false) {
      const delta = into.get(key) ?? { size: 0, children: 0 };
      delta.size += size;
      if (first) delta.children += children;
      into.set(key, delta);
    }
    return into;
  }

  /**
   * The folders above a change, changed in turn: size and childCount, lastModifiedDateTime and cTag
   * follow the descendants; eTag does not ("eTag … is only modified when the folder's properties are
   * changed, except for properties that are derived from descendants", driveItem).
   */
  private surface(deltas: Map<string, { size: number; children: number }>, at: string): void {
    for (const [key, delta] of deltas) {
      const folder = this.node(key);
      const next: DriveNode = {
        ...folder,
        size: folder.size + delta.size,
        childCount: folder.childCount + delta.children,
        lastModifiedDateTime: at,
        contentVersion: folder.contentVersion + 1,
      };
      this.ledger.record(key, next, true, Date.parse(at), true);
    }
  }

  private place(node: DriveNode): void {
    if (node.parent === null) return;
    const names = this.names.get(node.parent) ?? new Set<string>();
    names.add(node.name.toLowerCase());
    this.names.set(node.parent, names);
  }

  private unplace(node: DriveNode): void {
    if (node.parent !== null) this.names.get(node.parent)?.delete(node.name.toLowerCase());
  }

  /** `name`, or `name 1`, `name 2`… before the extension, unique in `parent` (OneDrive's "rename" behaviour). */
  private uniqueName(parent: string, name: string): string {
    const taken = this.names.get(parent) ?? new Set<string>();
    if (!taken.has(name.toLowerCase())) return name;
    const dot = name.lastIndexOf('.');
    const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    for (let i = 1; ; i++) {
      const candidate = `${stem} ${i}${extension}`;
      if (!taken.has(candidate.toLowerCase())) return candidate;
    }
  }

  /** A key no item has (mutations add items after start-up). */
  private newKey(random: SeededRandom): string {
    for (;;) {
      const key = `01${random.chars(32, BASE32)}`;
      if (this.ledger.get(key) === undefined) return key;
    }
  }

  private generate(): void {
    const random = new SeededRandom(this.options.seed, 3);
    const rootCreated = new Date(OLDEST - 30 * 86_400_000).toISOString();
    const keys = new Set<string>();
    const uniqueKey = () => {
      for (;;) {
        const key = `01${random.chars(32, BASE32)}`;
        if (!keys.has(key)) {
          keys.add(key);
          return key;
        }
      }
    };
    const root: Mutable<DriveNode> = {
      key: uniqueKey(),
      n: 0,
      kind: 'root',
      name: 'root',
      parent: null,
      size: 0,
      childCount: 0,
      mimeType: null,
      image: null,
      createdDateTime: rootCreated,
      lastModifiedDateTime: rootCreated,
      fileSystemCreated: rootCreated,
      fileSystemModified: rootCreated,
      createdBy: -1,
      lastModifiedBy: -1,
      guid: guid(random),
      version: 1,
      contentVersion: 1,
      shared: false,
      deleted: false,
    };
    this.rootKey = root.key;
    const nodes: Mutable<DriveNode>[] = [root];
    const byKey = new Map<string, Mutable<DriveNode>>([[root.key, root]]);
    const add = (node: Mutable<DriveNode>) => {
      nodes.push(node);
      byKey.set(node.key, node);
      this.place(node);
    };
    this.names.set(root.key, new Set());

    const folderCount = this.options.items === 0 ? 0 : Math.max(1, Math.round(this.options.items / 10));
    const depth = new Map<string, number>([[root.key, 0]]);
    const folders: string[] = [];
    for (let i = 0; i < folderCount; i++) {
      // The first eight sit in the root, the others at most three levels down.
      const parent = i < 8 ? root.key : random.pick([root.key, ...folders.filter((f) => (depth.get(f) ?? 0) < 3)]);
      const base = FOLDER_NAMES[i % FOLDER_NAMES.length];
      const name = i < FOLDER_NAMES.length ? base : `${base} ${Math.floor(i / FOLDER_NAMES.length) + 1}`;
      const created = timeBetween(random, OLDEST, NOW - 120 * 86_400_000);
      const createdBy = this.author(random);
      const folder: Mutable<DriveNode> = {
        ...root,
        key: uniqueKey(),
        n: nodes.length,
        kind: 'folder',
        name: this.uniqueName(parent, name),
        parent,
        createdDateTime: created,
        lastModifiedDateTime: created,
        fileSystemCreated: created,
        fileSystemModified: created,
        createdBy,
        lastModifiedBy: createdBy,
        guid: guid(random),
        version: random.int(1, 4),
        shared: random.chance(0.15),
      };
      add(folder);
      this.names.set(folder.key, new Set());
      depth.set(folder.key, (depth.get(parent) ?? 0) + 1);
      folders.push(folder.key);
    }
    for (let i = folderCount; i < this.options.items; i++) {
      const parent = folders.length === 0 || random.chance(0.2) ? root.key : random.pick(folders);
      const created = timeBetween(random, OLDEST, NOW - 86_400_000);
      add(this.newFile(random, uniqueKey(), nodes.length, parent, created, undefined));
    }

    // Folders' derived properties: children come after their parent, so going backwards totals each
    // folder before its own parent takes it in.
    for (let i = nodes.length - 1; i > 0; i--) {
      const node = nodes[i];
      const parent = byKey.get(node.parent as string) as Mutable<DriveNode>;
      parent.size += node.size;
      parent.childCount += 1;
      if (node.lastModifiedDateTime > parent.lastModifiedDateTime)
        parent.lastModifiedDateTime = node.lastModifiedDateTime;
    }
    for (const node of nodes) {
      this.byNumber.push(node.key);
      this.ledger.seed(node.key, node, true, Date.parse(node.lastModifiedDateTime));
    }
  }

  /** A new file of a random kind in `parent`, created at `createdTime`. */
  private newFile(
    random: SeededRandom,
    key: string,
    n: number,
    parent: string,
    createdTime: string,
    modifiedTime: string | undefined,
  ): Mutable<DriveNode> {
    let pick = random.next() * TOTAL_WEIGHT;
    const kind = FILE_KINDS.find((k) => (pick -= k.weight) < 0) ?? FILE_KINDS[0];
    const modified = modifiedTime ?? timeBetween(random, Date.parse(createdTime), NOW);
    const createdBy = this.author(random);
    return {
      key,
      n,
      kind: 'file',
      name: this.uniqueName(parent, `${kind.name(random)}.${kind.extension}`),
      parent,
      size: random.int(kind.bytes[0], kind.bytes[1]),
      childCount: 0,
      mimeType: kind.mimeType,
      image: kind.image ? imageSize(random) : null,
      createdDateTime: createdTime,
      lastModifiedDateTime: modified,
      fileSystemCreated: createdTime,
      fileSystemModified: modified,
      createdBy,
      lastModifiedBy: random.chance(0.7) ? createdBy : this.author(random),
      guid: guid(random),
      version: random.int(1, 30),
      contentVersion: random.int(1, 20),
      shared: random.chance(0.15),
      deleted: false,
    };
  }

  /** The owner about three times in four, else a colleague. */
  private author(random: SeededRandom): number {
    return random.chance(0.75) ? -1 : random.int(0, this.colleagues.length - 1);
  }

  /**
   * An identitySet: a work account's user has an email and the directory's object id; a consumer
   * drive's a display name and the 16-hex id, and it shows every item as its owner's (there is no
   * tenant of colleagues).
   */
  private identity(who: number, view: DriveView): Record<string, unknown> {
    const { persona } = view;
    if (view.kind === 'personal') return { user: { displayName: persona.displayName, id: graphUserId(persona) } };
    if (who < 0) {
      return {
        user: {
          email: persona.mail ?? persona.userPrincipalName,
          id: persona.objectId,
          displayName: persona.displayName,
        },
      };
    }
    const colleague = this.colleagues[who];
    return { user: { email: colleague.email, id: colleague.id, displayName: colleague.displayName } };
  }

  /** The file facet: OneDrive for Business hashes with quickXorHash, consumer OneDrive with SHA-1 and SHA-256 too. */
  private fileFacet(node: DriveNode, view: DriveView): Record<string, unknown> {
    const content = `${node.key}:${node.contentVersion}`;
    const quickXorHash = createHash('sha1').update(content).digest('base64');
    if (view.kind === 'business') return { mimeType: node.mimeType, hashes: { quickXorHash } };
    return {
      mimeType: node.mimeType,
      hashes: {
        quickXorHash,
        sha1Hash: createHash('sha1').update(`${content}:sha1`).digest('hex').toUpperCase(),
        sha256Hash: createHash('sha256').update(content).digest('hex').toUpperCase(),
      },
    };
  }

  private parentReference(node: DriveNode, view: DriveView, inDelta: boolean): Record<string, unknown> {
    const drive = { driveType: view.kind, driveId: view.driveId };
    if (node.parent === null) return drive;
    const parent = this.node(node.parent);
    return {
      ...drive,
      id: this.idOf(parent, view),
      // "parentReference … won't include a value for path" in delta (driveitem-delta, Remarks).
      ...(inDelta ? {} : { path: `/drive/root:${this.path(parent)}` }),
    };
  }

  /** `/Folder/Sub` from the root ('' for the root). */
  private path(node: DriveNode): string {
    const names: string[] = [];
    for (let at: DriveNode = node; at.parent !== null; at = this.node(at.parent)) names.unshift(at.name);
    return names.map((name) => `/${name}`).join('');
  }

  private webUrl(node: DriveNode, view: DriveView): string {
    if (view.kind === 'personal') {
      return `${view.webBase}/?cid=${view.driveId}&id=${encodeURIComponent(this.idOf(node, view))}`;
    }
    return `${view.webBase}/Documents${this.path(node)
      .split('/')
      .map((segment) => encodeURIComponent(segment))
      .join('/')}`;
  }
}

/** quota.state: normal, nearing (under 10% left), critical (under 1%), exceeded (https://learn.microsoft.com/en-us/graph/api/resources/quota). */
export function quotaState(remaining: number, total: number): 'normal' | 'nearing' | 'critical' | 'exceeded' {
  if (remaining <= 0) return 'exceeded';
  if (remaining < total * 0.01) return 'critical';
  if (remaining < total * 0.1) return 'nearing';
  return 'normal';
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function guid(random: SeededRandom): string {
  const hex = random.chars(32, '0123456789ABCDEF');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function imageSize(random: SeededRandom): { width: number; height: number } {
  const [width, height] = random.pick([
    [4032, 3024],
    [3024, 4032],
    [1920, 1080],
    [2560, 1440],
    [1280, 720],
  ]);
  return { width, height };
}

function timeBetween(random: SeededRandom, from: number, to: number): string {
  return new Date(from + Math.floor(random.next() * Math.max(0, to - from))).toISOString();
}

function renamed(name: string, random: SeededRandom): string {
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  return `${stem.replace(/ \(v\d+\)$/, '')} (v${random.int(2, 9)})${extension}`;
}
