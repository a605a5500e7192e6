/**
 * A deterministic Google Drive for the sandbox: one person's My Drive (folders and files of the usual
 * kinds, some starred or shared, a few in the trash) plus files colleagues shared with them, and the
 * change log that `changes.list` reads. Shapes follow the Drive API v3 reference:
 * - File: https://developers.google.com/drive/api/reference/rest/v3/files
 * - About: https://developers.google.com/drive/api/reference/rest/v3/about
 * - Change: https://developers.google.com/drive/api/reference/rest/v3/changes
 * Int64 values (`size`, `quotaBytesUsed`, the storage quota) are strings, as Drive sends them.
 */
import type { SandboxAccount } from '../../lib/provider-definition';
import type { ChangeCounts } from '../../lib/emulation';
import { ChangeLedger } from '../google-common/change-ledger';
import { SeededRandom } from '../../lib/seeded-random';

export const DRIVE_FOLDER = 'application/vnd.google-apps.folder';
export const DRIVE_DEFAULT_FILES = 150;
export const DRIVE_DEFAULT_TRASHED = 6;
export const DRIVE_MAX_FILES = 20_000;
/** Per kind of change and `mutate` call. */
export const DRIVE_MAX_MUTATION = 1000;

/** The generated data is older than this; each change after start-up is one minute later than the last. */
const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
const OLDEST = Date.UTC(2022, 0, 3, 9, 0, 0);
const CHANGE_STEP_MS = 60_000;
/**
 * Start page tokens are change numbers, as Drive's are (`"startPageToken": "3471"`): the number of
 * the next change. Start-up data ends at TOKEN_BASE; a token below it or past the next change is one
 * Drive never issued (400 Invalid Value).
 */
const TOKEN_BASE = 3470;
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const FOLDER_NAMES = [
  'Projects',
  'Finance',
  'Marketing',
  'Design',
  'Meeting notes',
  'Clients',
  'Photos',
  'Invoices',
  'Product',
  'Engineering',
  'Sales',
  'Legal',
  'Templates',
  'Archive 2023',
  'Team offsite',
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
const COMPANIES = ['Northwind', 'Contoso', 'Fabrikam', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark Industries'];
const COLLEAGUES = [
  { displayName: 'Alex Morgan', emailAddress: 'alex.morgan@example.com' },
  { displayName: 'Priya Patel', emailAddress: 'priya.patel@example.com' },
  { displayName: 'Jonas Weber', emailAddress: 'jonas.weber@example.com' },
  { displayName: 'Mei Chen', emailAddress: 'mei.chen@example.com' },
  { displayName: 'Lucas Martin', emailAddress: 'lucas.martin@example.com' },
];

interface Kind {
  readonly mimeType: string;
  readonly weight: number;
  /** The file's name from a random source. */
  readonly name: (random: SeededRandom) => string;
  /** `docs.google.com/<editor>/d/<id>/edit` for Google's editors, else a Drive file page. */
  readonly editor?: string;
  readonly extension?: string;
  readonly bytes: readonly [number, number];
}

const dateStamp = (random: SeededRandom) =>
  new Date(OLDEST + random.next() * (NOW - OLDEST)).toISOString().slice(0, 10);
const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-');

const KINDS: readonly Kind[] = [
  {
    mimeType: 'application/vnd.google-apps.document',
    weight: 22,
    editor: 'document',
    name: (r) =>
      r.pick([() => r.pick(TOPICS), () => `Meeting notes ${dateStamp(r)}`, () => `${r.pick(TOPICS)} — draft`])(),
    bytes: [2_048, 250_000],
  },
  {
    mimeType: 'application/vnd.google-apps.spreadsheet',
    weight: 14,
    editor: 'spreadsheets',
    name: (r) => r.pick([() => `${r.pick(TOPICS)} tracker`, () => `${r.pick(TOPICS)} ${r.int(2022, 2025)}`])(),
    bytes: [4_096, 900_000],
  },
  {
    mimeType: 'application/vnd.google-apps.presentation',
    weight: 8,
    editor: 'presentation',
    name: (r) => `${r.pick(TOPICS)} deck`,
    bytes: [20_000, 4_000_000],
  },
  {
    mimeType: 'application/pdf',
    weight: 16,
    extension: 'pdf',
    name: (r) =>
      r.pick([
        () => `Invoice INV-${r.int(2023, 2025)}-${String(r.int(1, 9999)).padStart(4, '0')}`,
        () => `Contract - ${r.pick(COMPANIES)}`,
        () => r.pick(TOPICS),
      ])(),
    bytes: [40_000, 8_000_000],
  },
  {
    mimeType: 'image/jpeg',
    weight: 10,
    extension: 'jpg',
    name: (r) => `IMG_${r.int(1000, 9999)}`,
    bytes: [300_000, 6_000_000],
  },
  {
    mimeType: 'image/png',
    weight: 8,
    extension: 'png',
    name: (r) =>
      `Screenshot ${dateStamp(r)} at ${r.int(8, 19)}.${String(r.int(0, 59)).padStart(2, '0')}.${String(r.int(0, 59)).padStart(2, '0')}`,
    bytes: [50_000, 2_500_000],
  },
  {
    mimeType: 'text/csv',
    weight: 5,
    extension: 'csv',
    name: (r) => `${slug(r.pick(TOPICS))}-export-${dateStamp(r)}`,
    bytes: [1_000, 3_000_000],
  },
  {
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    weight: 5,
    extension: 'docx',
    name: (r) => `${r.pick(TOPICS)} (${r.pick(COMPANIES)})`,
    bytes: [15_000, 1_500_000],
  },
  {
    mimeType: 'application/zip',
    weight: 3,
    extension: 'zip',
    name: (r) => `${slug(r.pick(TOPICS))}-assets`,
    bytes: [1_000_000, 90_000_000],
  },
  {
    mimeType: 'video/mp4',
    weight: 3,
    extension: 'mp4',
    name: (r) => `${r.pick(TOPICS)} recording`,
    bytes: [5_000_000, 400_000_000],
  },
  {
    mimeType: 'text/plain',
    weight: 3,
    extension: 'txt',
    name: (r) => `notes-${r.int(1, 99)}`,
    bytes: [200, 40_000],
  },
];
const TOTAL_WEIGHT = KINDS.reduce((sum, kind) => sum + kind.weight, 0);

export interface DriveUser {
  kind: 'drive#user';
  displayName: string;
  photoLink: string;
  me: boolean;
  permissionId: string;
  emailAddress: string;
}

/** A Drive file resource (the fields a metadata-only client sees; no capabilities, no content hints). */
export interface DriveFile {
  kind: 'drive#file';
  id: string;
  name: string;
  mimeType: string;
  starred: boolean;
  trashed: boolean;
  explicitlyTrashed: boolean;
  /** Absent for files shared with the person that are not in their My Drive. */
  parents?: string[];
  spaces: string[];
  version: string;
  webViewLink: string;
  iconLink: string;
  hasThumbnail: boolean;
  viewedByMe: boolean;
  createdTime: string;
  modifiedTime: string;
  owners: DriveUser[];
  lastModifyingUser: DriveUser;
  shared: boolean;
  ownedByMe: boolean;
  /** Bytes, for blobs and Google's editor files; absent for folders. */
  size?: string;
  quotaBytesUsed: string;
  originalFilename?: string;
  fullFileExtension?: string;
  fileExtension?: string;
  md5Checksum?: string;
}

/** A file as the change log keeps it: `removed` once it is deleted for good (or access was lost). */
interface StoredFile {
  file: DriveFile;
  removed: boolean;
  /** When it last changed (the change's `time`). */
  changedAt: string;
}

/** One entry of `changes.list` (https://developers.google.com/drive/api/reference/rest/v3/changes). */
export interface DriveChange {
  kind: 'drive#change';
  changeType: 'file';
  time: string;
  removed: boolean;
  fileId: string;
  file?: DriveFile;
}

export interface DriveDatasetOptions {
  /** Files and folders a full listing shows (`trashed = false`). */
  readonly files: number;
  /** Files in the trash (not listed with `trashed = false`). */
  readonly trashed: number;
  readonly seed: number;
}

export class DriveDataset {
  readonly user: DriveUser;
  /** My Drive's root folder id (Drive's look like `0AHr…Uk9PVA`). */
  readonly rootId: string;
  private ledger = new ChangeLedger<StoredFile>();
  private mutations = 0;
  private readonly colleagues: DriveUser[];

  constructor(
    readonly options: DriveDatasetOptions,
    account: SandboxAccount,
  ) {
    for (const [name, value] of [
      ['files', options.files],
      ['trashed', options.trashed],
    ] as const) {
      if (!Number.isInteger(value) || value < 0 || value > DRIVE_MAX_FILES) {
        throw new RangeError(`The Drive sandbox holds 0 to ${DRIVE_MAX_FILES} ${name} (got ${value})`);
      }
    }
    const random = new SeededRandom(options.seed, 1);
    this.rootId = `0A${random.chars(17, ID_ALPHABET.slice(0, 62))}Uk9PVA`;
    this.user = driveUser(account.name, account.email, true, random);
    this.colleagues = COLLEAGUES.map((c) => driveUser(c.displayName, c.emailAddress, false, random));
    this.generate();
  }

  /** Back to the start-up data: the same files, no changes, no tokens handed out. */
  reset(): void {
    this.ledger = new ChangeLedger<StoredFile>();
    this.mutations = 0;
    this.generate();
  }

  /** The about resource (https://developers.google.com/drive/api/reference/rest/v3/about). */
  about(): Record<string, unknown> {
    let usage = 0;
    let trash = 0;
    for (const { item } of this.ledger.inOrder()) {
      if (item.removed || !item.file.ownedByMe) continue;
      const bytes = Number(item.file.quotaBytesUsed);
      usage += bytes;
      if (item.file.trashed) trash += bytes;
    }
    return {
      kind: 'drive#about',
      user: this.user,
      storageQuota: {
        limit: String(15 * 1024 ** 3),
        usage: String(usage + 734_003_200), // Gmail and Photos share the quota
        usageInDrive: String(usage),
        usageInDriveTrash: String(trash),
      },
      maxUploadSize: String(5 * 1024 ** 4),
      appInstalled: false,
      canCreateDrives: false,
    };
  }

  /** Every file, trashed or not, never the removed ones. */
  file(id: string): DriveFile | undefined {
    const stored = this.ledger.get(id);
    return stored && !stored.removed ? stored.file : undefined;
  }

  /**
   * Files from listing position `from` on that `keep` accepts, at most `limit`; `next` is the
   * position to continue from, or null at the end.
   */
  listFiles(
    from: number,
    limit: number,
    keep: (file: DriveFile) => boolean,
  ): { files: DriveFile[]; next: number | null } {
    const files: DriveFile[] = [];
    for (const { position, item } of this.ledger.inOrder(from)) {
      if (item.removed || !keep(item.file)) continue;
      if (files.length === limit) return { files, next: position };
      files.push(item.file);
    }
    return { files, next: null };
  }

  /** `changes.getStartPageToken`: the number of the next change. Handing it out marks a sync's start. */
  startPageToken(): string {
    return String(TOKEN_BASE + this.ledger.issue(this.ledger.seq) + 1);
  }

  /** Whether Drive could have issued `token` (a change number of this account's log). */
  knowsToken(token: string): boolean {
    if (!/^\d{1,15}$/.test(token)) return false;
    const value = Number(token);
    return value >= TOKEN_BASE + 1 && value <= TOKEN_BASE + this.ledger.seq + 1;
  }

  /**
   * `changes.list` from `token` (checked with knowsToken): each changed file once, its latest state,
   * oldest change first. More to come: `nextPageToken`; the end: `newStartPageToken`, which marks where
   * the hub's sync ended.
   */
  changes(
    token: string,
    pageSize: number,
    includeRemoved: boolean,
  ): { changes: DriveChange[]; nextPageToken?: string; newStartPageToken?: string } {
    const since = Number(token) - TOKEN_BASE - 1;
    const changed = this.ledger.changedSince(since).filter((change) => includeRemoved || !change.item.removed);
    const page = changed.slice(0, pageSize);
    const changes = page.map(({ id, item }): DriveChange => ({
      kind: 'drive#change',
      changeType: 'file',
      time: item.changedAt,
      removed: item.removed,
      fileId: id,
      ...(item.removed ? {} : { file: item.file }),
    }));
    if (changed.length > pageSize) {
      return { changes, nextPageToken: String(TOKEN_BASE + page[page.length - 1].seq + 1) };
    }
    return { changes, newStartPageToken: String(TOKEN_BASE + this.ledger.issue(this.ledger.seq) + 1) };
  }

  /** Counts of the start-up data and the changes since, for `GET /_sandbox/google-drive/data`. */
  state(): Record<string, number> {
    let listed = 0;
    let trashed = 0;
    let removed = 0;
    let folders = 0;
    for (const { item } of this.ledger.inOrder()) {
      if (item.removed) removed++;
      else if (item.file.trashed) trashed++;
      else {
        listed++;
        if (item.file.mimeType === DRIVE_FOLDER) folders++;
      }
    }
    return { files: listed, folders, trashed, removed, changes: this.ledger.seq, seed: this.options.seed };
  }

  /** What the next sync counts: the changes since the newest token handed out. */
  expected(): ChangeCounts {
    return this.ledger.countsSince(this.ledger.lastIssued);
  }

  /**
   * Changes the Drive as use would: `added` new files (in a folder of My Drive), `updated` files
   * edited (a later modifiedTime, a new version, sometimes a new name or size) and `deleted` files,
   * alternately moved to the trash and deleted for good. Edited and deleted files are picked among
   * those unchanged since the last token, so each counts once. Answers what the next sync counts.
   */
  mutate(request: ChangeCounts): ChangeCounts {
    for (const [name, value] of Object.entries(request)) {
      if (!Number.isInteger(value) || value < 0 || value > DRIVE_MAX_MUTATION) {
        throw new RangeError(`${name} must be a whole number from 0 to ${DRIVE_MAX_MUTATION}`);
      }
    }
    this.mutations++;
    const random = new SeededRandom(this.options.seed, 2, this.mutations);
    const candidates = random.sample(
      this.ledger.unchangedSince(this.ledger.lastIssued, (s) => !s.removed && s.file.mimeType !== DRIVE_FOLDER),
      request.updated + request.deleted,
    );
    const folders = [...this.ledger.inOrder()]
      .filter(({ item, visible }) => visible && item.file.ownedByMe && item.file.mimeType === DRIVE_FOLDER)
      .map(({ id }) => id);

    for (let i = 0; i < request.added; i++) {
      const at = this.nextChangeTime();
      const file = this.newFile(random, random.pick([this.rootId, ...folders]), at, at);
      this.ledger.record(file.id, { file, removed: false, changedAt: at }, true);
    }
    for (const { id, item } of candidates.slice(0, request.updated)) {
      const at = this.nextChangeTime();
      const file: DriveFile = {
        ...item.file,
        modifiedTime: at,
        version: String(Number(item.file.version) + random.int(1, 6)),
        lastModifyingUser: item.file.ownedByMe ? this.user : item.file.owners[0],
        viewedByMe: true,
      };
      if (random.chance(0.4)) file.name = renamed(file.name, random);
      if (file.size !== undefined) {
        const size = String(Math.max(1, Math.round(Number(file.size) * (0.8 + random.next() * 0.5))));
        file.size = size;
        file.quotaBytesUsed = file.ownedByMe ? size : '0';
      }
      this.ledger.record(id, { file, removed: false, changedAt: at }, true);
    }
    candidates.slice(request.updated).forEach(({ id, item }, index) => {
      const at = this.nextChangeTime();
      if (index % 2 === 0) {
        const file: DriveFile = { ...item.file, trashed: true, explicitlyTrashed: true };
        this.ledger.record(id, { file, removed: false, changedAt: at }, false);
      } else {
        this.ledger.record(id, { file: item.file, removed: true, changedAt: at }, false);
      }
    });
    return this.expected();
  }

  private nextChangeTime(): string {
    return new Date(NOW + (this.ledger.seq + 1) * CHANGE_STEP_MS).toISOString();
  }

  private generate(): void {
    const random = new SeededRandom(this.options.seed, 3);
    const folders: string[] = [];
    const folderCount = Math.min(FOLDER_NAMES.length, Math.floor(this.options.files / 8));
    for (let i = 0; i < folderCount; i++) {
      // The first ten sit in My Drive's root, the others in one of those.
      const parent = i < 10 ? this.rootId : random.pick(folders.slice(0, 10));
      const created = timeBetween(random, OLDEST, NOW - 90 * 86_400_000);
      const folder: DriveFile = {
        ...this.baseFile(random, FOLDER_NAMES[i], DRIVE_FOLDER, created, timeBetween(random, created, NOW)),
        parents: [parent],
        webViewLink: '',
        iconLink: iconLink(DRIVE_FOLDER),
      };
      folder.webViewLink = `https://drive.google.com/drive/folders/${folder.id}`;
      folders.push(folder.id);
      this.ledger.seed(folder.id, { file: folder, removed: false, changedAt: folder.modifiedTime }, true);
    }
    const total = this.options.files - folderCount + this.options.trashed;
    // The trashed ones spread evenly over the listing order.
    const trashedAt = new Set(
      Array.from({ length: this.options.trashed }, (_, k) => Math.floor(((k + 0.5) * total) / this.options.trashed)),
    );
    for (let i = 0; i < total; i++) {
      const trashed = trashedAt.has(i);
      const created = timeBetween(random, OLDEST, NOW - 86_400_000);
      const file = this.newFile(random, random.pick([this.rootId, this.rootId, ...folders]), created, undefined);
      if (trashed) {
        file.trashed = true;
        file.explicitlyTrashed = true;
      }
      this.ledger.seed(file.id, { file, removed: false, changedAt: file.modifiedTime }, !trashed);
    }
  }

  /** A new file of a random kind; about one in seven is a colleague's, shared with the person. */
  private newFile(random: SeededRandom, parent: string, createdTime: string, modifiedTime?: string): DriveFile {
    let pick = random.next() * TOTAL_WEIGHT;
    const kind = KINDS.find((k) => (pick -= k.weight) < 0) ?? KINDS[0];
    const base = kind.name(random);
    const name = kind.extension ? `${base}.${kind.extension}` : base;
    const modified = modifiedTime ?? timeBetween(random, Date.parse(createdTime), NOW);
    const file = this.baseFile(random, name, kind.mimeType, createdTime, modified);
    const size = String(random.int(kind.bytes[0], kind.bytes[1]));
    file.size = size;
    file.webViewLink = kind.editor
      ? `https://docs.google.com/${kind.editor}/d/${file.id}/edit?usp=drivesdk`
      : `https://drive.google.com/file/d/${file.id}/view?usp=drivesdk`;
    if (kind.extension) {
      file.originalFilename = name;
      file.fullFileExtension = kind.extension;
      file.fileExtension = kind.extension;
      file.md5Checksum = random.chars(32, '0123456789abcdef');
      file.hasThumbnail = kind.mimeType.startsWith('image/') || kind.mimeType === 'application/pdf';
    }
    if (random.chance(1 / 7)) {
      // Shared with the person by a colleague: not in their My Drive (no parents), no quota used.
      const owner = random.pick(this.colleagues);
      file.owners = [owner];
      file.lastModifyingUser = owner;
      file.ownedByMe = false;
      file.shared = true;
      file.quotaBytesUsed = '0';
      delete file.parents;
    } else {
      file.parents = [parent];
      file.quotaBytesUsed = size;
    }
    return file;
  }

  private baseFile(
    random: SeededRandom,
    name: string,
    mimeType: string,
    createdTime: string,
    modifiedTime: string,
  ): DriveFile {
    return {
      kind: 'drive#file',
      id: `1${random.chars(32, ID_ALPHABET)}`,
      name,
      mimeType,
      starred: random.chance(0.1),
      trashed: false,
      explicitlyTrashed: false,
      spaces: ['drive'],
      version: String(random.int(1, 400)),
      webViewLink: '',
      iconLink: iconLink(mimeType),
      hasThumbnail: false,
      viewedByMe: random.chance(0.8),
      createdTime,
      modifiedTime,
      owners: [this.user],
      lastModifyingUser: this.user,
      shared: random.chance(0.2),
      ownedByMe: true,
      quotaBytesUsed: '0',
    };
  }
}

function driveUser(displayName: string, emailAddress: string, me: boolean, random: SeededRandom): DriveUser {
  return {
    kind: 'drive#user',
    displayName,
    photoLink: `https://lh3.googleusercontent.com/a/default-user=s64`,
    me,
    permissionId: random.chars(20, '0123456789'),
    emailAddress,
  };
}

function iconLink(mimeType: string): string {
  return `https://drive-thirdparty.googleusercontent.com/16/type/${mimeType}`;
}

function timeBetween(random: SeededRandom, from: number | string, to: number): string {
  const start = typeof from === 'string' ? Date.parse(from) : from;
  return new Date(start + Math.floor(random.next() * Math.max(0, to - start))).toISOString();
}

function renamed(name: string, random: SeededRandom): string {
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  return `${stem.replace(/ \(v\d+\)$/, '')} (v${random.int(2, 9)})${extension}`;
}
