/**
 * Deterministic Dub data for the sandbox: one workspace and `size` links, generated on demand from
 * (seed, index, revision), so a million links cost nothing until a page of them is asked for. Shapes
 * follow Dub's API reference (https://dub.co/docs/api-reference/endpoint/retrieve-a-list-of-links,
 * https://dub.co/docs/api-reference/endpoint/retrieve-a-workspace, GET /oauth/userinfo).
 */
import type { ChangeCounts } from '../../lib/emulation';
import { seededHash } from '../../lib/seeded-random';

export const DUB_MAX_LINKS = 1_000_000;
/** Revisions replay on every link read (one hash per revision), so they are capped. */
export const DUB_MAX_REVISION = 1000;

export interface DubWorkspace {
  id: string;
  name: string;
  slug: string;
  logo: string | null;
  plan: string;
  [field: string]: unknown;
}

export type DubLink = Record<string, unknown> & {
  id: string;
  domain: string;
  key: string;
  url: string;
  shortLink: string;
  clicks: number;
  createdAt: string;
  updatedAt: string;
};

const DOMAINS = ['dub.sh', 'sandbox.link', 'go.example.com'];
const PATHS = ['pricing', 'blog/launch', 'docs/getting-started', 'careers', 'changelog', 'signup', 'events/summit'];
const SOURCES = [null, 'newsletter', 'twitter', 'linkedin', 'partner'];
/** Newest link; each older one is 17 minutes earlier (a million links span about 32 years). */
const NEWEST = Date.UTC(2025, 5, 1, 12, 0, 0);
const STEP_MS = 17 * 60 * 1000;
const KEY_SPACE = 36 ** 7;
/** Revision k edits links within [NEWEST + k h, NEWEST + (k + 1) h): after any generated date, later for later k. */
const REVISION_STEP_MS = 3600 * 1000;
/** Share of the links each revision edits. */
const REVISION_SHARE = 0.1;
/** Share of the links in one of the folders, and of the links archived (both kept out of a plain GET /links). */
const FOLDER_SHARE = 0.25;
const ARCHIVED_SHARE = 0.04;
const LINK_ID = /^link_1JSBX([0-9A-Z]{8})[0-9A-Z]{12}$/;

/** Dub's folder object (`FolderSchema` of the dub SDK; GET /folders). */
export interface DubFolder {
  id: string;
  name: string;
  description: string | null;
  type: 'default' | 'mega';
  accessLevel: 'write' | 'read' | null;
  createdAt: string;
  updatedAt: string;
}

/** Which links GET /links lists: those in one folder (null: in none), archived ones only when asked. */
export interface LinkFilter {
  folderId: string | null;
  showArchived: boolean;
}

/** Where a page of GET /links starts: after or before a link (cursor paging), or past `skip` links (`page`). */
export type PageStart = { startingAfter: number } | { endingBefore: number } | { skip: number };

const FOLDERS: readonly DubFolder[] = ['Campaigns', 'Partners', 'Social'].map((name, i) => ({
  id: `fold_1JSANDBOX0FOLDER${String(i + 1).padStart(9, '0')}`,
  name,
  description: null,
  type: 'default',
  accessLevel: 'write',
  createdAt: new Date(NEWEST - (3 - i) * 86_400_000).toISOString(),
  updatedAt: new Date(NEWEST - (3 - i) * 86_400_000).toISOString(),
}));

/**
 * The workspace's links, mutable for sync tests through `resize` and `setRevision`. The link at index i
 * (0 = newest) is always the same link: growing appends older links at the end of the newest-first
 * list, shrinking drops the oldest, so ids and pages before the change point stay put. Revision r > 0
 * replays revisions 1..r over the generated link: each edits about 10 % of the links, chosen from
 * (seed, index, revision), raising `clicks` and moving `updatedAt`/`lastClicked` forward; revision 0
 * is the generated data. `mutate` adds (older links at the end), edits and deletes links as use would:
 * the links it edits and deletes are the newest it has not touched yet, so several mutations add up.
 */
export class DubDataset {
  readonly workspace: DubWorkspace;
  readonly user = { id: 'user_1JSANDBOX0USER00000000000', name: 'Sandbox User', image: null as string | null };
  private linkCount = 0;
  private currentRevision = 0;
  private mutations = 0;
  /** Generated links `mutate` deleted, ascending: the list skips them. */
  private deleted: number[] = [];
  /** Generated links `mutate` edited → the mutation that edited them. */
  private readonly edited = new Map<number, number>();
  private gone = new Set<number>();

  constructor(
    size: number,
    readonly seed = 1,
  ) {
    const workspaceId = 'ws_1JSANDBOX0WORKSPACE0000000';
    this.workspace = {
      id: workspaceId,
      name: 'Sandbox Workspace',
      slug: 'sandbox',
      logo: null,
      inviteCode: null,
      plan: 'pro',
      stripeId: null,
      billingCycleStart: 1,
      paymentFailedAt: null,
      stripeConnectId: null,
      usage: 0,
      usageLimit: 50_000,
      linksUsage: size,
      linksLimit: DUB_MAX_LINKS,
      salesUsage: 0,
      salesLimit: 0,
      domainsLimit: 10,
      tagsLimit: 25,
      foldersUsage: FOLDERS.length,
      foldersLimit: 3,
      usersLimit: 3,
      aiUsage: 0,
      aiLimit: 1000,
      conversionEnabled: false,
      dotLinkClaimed: false,
      partnersEnabled: false,
      createdAt: new Date(NEWEST - DUB_MAX_LINKS * STEP_MS).toISOString(),
      users: [{ role: 'owner' }],
      domains: DOMAINS.map((slug, i) => ({ slug, primary: i === 0, verified: true })),
      flags: {},
      store: {},
      allowedHostnames: [],
    };
    this.resize(size);
  }

  /** The workspace's folders, by id. */
  get folders(): readonly DubFolder[] {
    return FOLDERS;
  }

  get size(): number {
    return this.linkCount - this.deleted.length;
  }

  get revision(): number {
    return this.currentRevision;
  }

  /** Grows (older links at the end) or shrinks (drops the oldest) to `size` links. */
  resize(size: number): void {
    if (!Number.isInteger(size) || size < 0 || size > DUB_MAX_LINKS) {
      throw new RangeError(`The Dub sandbox holds 0 to ${DUB_MAX_LINKS} links (got ${size})`);
    }
    this.linkCount = size;
    this.deleted = this.deleted.filter((index) => index < size);
    this.gone = new Set(this.deleted);
    this.workspace.linksUsage = this.size;
  }

  setRevision(revision: number): void {
    if (!Number.isInteger(revision) || revision < 0 || revision > DUB_MAX_REVISION) {
      throw new RangeError(`The Dub sandbox revision is 0 to ${DUB_MAX_REVISION} (got ${revision})`);
    }
    this.currentRevision = revision;
  }

  /**
   * `added` older links at the end, and `updated` then `deleted` of the newest links no mutation
   * touched yet (fewer when there are not that many). Answers what it did.
   */
  mutate(request: ChangeCounts): ChangeCounts {
    if (this.linkCount + request.added > DUB_MAX_LINKS) {
      throw new RangeError(`The Dub sandbox holds at most ${DUB_MAX_LINKS} links`);
    }
    const mutation = ++this.mutations;
    const gone = new Set(this.deleted);
    const untouched: number[] = [];
    for (let i = 0; i < this.linkCount && untouched.length < request.updated + request.deleted; i++) {
      if (!gone.has(i) && !this.edited.has(i)) untouched.push(i);
    }
    const updated = untouched.slice(0, request.updated);
    const deleted = untouched.slice(updated.length);
    for (const index of updated) this.edited.set(index, mutation);
    this.deleted = [...this.deleted, ...deleted].sort((a, b) => a - b);
    this.gone = new Set(this.deleted);
    this.resize(this.linkCount + request.added);
    return { added: request.added, updated: updated.length, deleted: deleted.length };
  }

  /** Back to `size` generated links, revision 0, no mutations. */
  reset(size: number): void {
    this.mutations = 0;
    this.deleted = [];
    this.edited.clear();
    this.resize(size);
    this.setRevision(0);
  }

  /** The link at `position` among all the workspace's links (folders and archived too), newest first. */
  linkAt(position: number): DubLink {
    if (!Number.isInteger(position) || position < 0 || position >= this.size) {
      throw new RangeError(`No link ${position}`);
    }
    // The generated index: past each deleted link at or before it.
    let index = position;
    for (const gone of this.deleted) if (gone <= index) index++;
    return this.linkOf(index);
  }

  /** How many links GET /links would list with `filter` over all its pages. */
  count(filter: LinkFilter): number {
    let count = 0;
    for (let index = 0; index < this.linkCount; index++) if (this.lists(index, filter)) count++;
    return count;
  }

  /**
   * One page of GET /links, newest first (Dub's default, createdAt descending). A cursor is a link
   * (its generated index): the page starts next to it in that order even if it was deleted since,
   * so a deletion elsewhere never shifts a page, as offset paging (`skip`) does.
   */
  page(filter: LinkFilter, start: PageStart, limit: number): DubLink[] {
    const found: number[] = [];
    if ('endingBefore' in start) {
      for (let index = start.endingBefore - 1; index >= 0 && found.length < limit; index--) {
        if (this.lists(index, filter)) found.unshift(index);
      }
    } else {
      let skip = 'skip' in start ? start.skip : 0;
      const first = 'startingAfter' in start ? start.startingAfter + 1 : 0;
      for (let index = first; index < this.linkCount; index++) {
        if (!this.lists(index, filter)) continue;
        if (skip > 0) skip--;
        else if (found.push(index) === limit) break;
      }
    }
    return found.map((index) => this.linkOf(index));
  }

  /** The generated index of a link id this workspace ever held (deleted ones too), else undefined. */
  indexOfId(id: string): number | undefined {
    const match = LINK_ID.exec(id);
    const index = match ? parseInt(match[1], 36) : NaN;
    if (!Number.isSafeInteger(index) || index >= this.linkCount || this.linkIdOf(index) !== id) return undefined;
    return index;
  }

  private lists(index: number, filter: LinkFilter): boolean {
    if (this.gone.has(index) || this.folderOf(index) !== filter.folderId) return false;
    return filter.showArchived || !this.archivedAt(index);
  }

  /** A quarter of the links are in a folder; a link a mutation edits is moved into one (as people do). */
  private folderOf(index: number): string | null {
    const edit = this.edited.get(index);
    if (edit !== undefined) return FOLDERS[edit % FOLDERS.length].id;
    const r = (salt: number) => seededHash(this.seed, index, salt);
    return r(60) < FOLDER_SHARE ? FOLDERS[Math.floor(r(61) * FOLDERS.length)].id : null;
  }

  private archivedAt(index: number): boolean {
    return seededHash(this.seed, index, 62) < ARCHIVED_SHARE;
  }

  private linkIdOf(index: number): string {
    return `link_1JSBX${index.toString(36).toUpperCase().padStart(8, '0')}${this.token(index, 12)}`;
  }

  private linkOf(index: number): DubLink {
    const r = (salt: number) => seededHash(this.seed, index, salt);
    const domain = DOMAINS[Math.floor(r(1) * DOMAINS.length)];
    // (index × odd prime not divisible by 3 + offset) mod 36^7 is one-to-one: keys never collide.
    const key = ((index * 2_654_435_761 + 1_000_003 * this.seed) % KEY_SPACE).toString(36).padStart(7, '0');
    const createdMs = NEWEST - index * STEP_MS;
    let updatedMs = r(3) < 0.3 ? Math.min(NEWEST, createdMs + Math.floor(r(2) * 30) * 86_400_000) : createdMs;
    // Few links get most clicks: a power law.
    let clicks = Math.floor(10 ** (r(4) * 5)) - 1;
    let lastClicked = clicks > 0 ? new Date(Math.min(NEWEST, createdMs + r(5) * 90 * 86_400_000)).toISOString() : null;
    // Replayed, not stored: any revision can be asked for again and gives the same links.
    for (let revision = 1; revision <= this.currentRevision; revision++) {
      if (r(10_000 + revision) >= REVISION_SHARE) continue;
      clicks += 1 + Math.floor(r(20_000 + revision) * 50);
      updatedMs = NEWEST + revision * REVISION_STEP_MS + Math.floor(r(30_000 + revision) * REVISION_STEP_MS);
      lastClicked = new Date(updatedMs).toISOString();
    }
    // A mutation's edit comes after every revision's.
    const edit = this.edited.get(index);
    if (edit !== undefined) {
      clicks += 1 + Math.floor(r(40_000 + edit) * 50);
      updatedMs =
        NEWEST + (DUB_MAX_REVISION + edit) * REVISION_STEP_MS + Math.floor(r(50_000 + edit) * REVISION_STEP_MS);
      lastClicked = new Date(updatedMs).toISOString();
    }
    const shortLink = `https://${domain}/${key}`;
    const source = SOURCES[Math.floor(r(6) * SOURCES.length)];
    const path = PATHS[Math.floor(r(7) * PATHS.length)];
    return {
      id: this.linkIdOf(index),
      domain,
      key,
      url: `https://www.example.com/${path}${source ? `?utm_source=${source}` : ''}`,
      trackConversion: false,
      externalId: null,
      tenantId: null,
      programId: null,
      partnerId: null,
      archived: this.archivedAt(index),
      expiresAt: null,
      expiredUrl: null,
      disabledAt: null,
      password: null,
      proxy: false,
      title: null,
      description: null,
      image: null,
      video: null,
      rewrite: false,
      doIndex: false,
      ios: null,
      android: null,
      geo: null,
      publicStats: false,
      tagId: null,
      tags: [],
      folderId: this.folderOf(index),
      webhookIds: [],
      comments: null,
      shortLink,
      qrCode: `https://api.dub.co/qr?url=${shortLink}?qr=1`,
      utm_source: source,
      utm_medium: null,
      utm_campaign: null,
      utm_term: null,
      utm_content: null,
      userId: this.user.id,
      workspaceId: this.workspace.id,
      clicks,
      lastClicked,
      leads: 0,
      conversions: 0,
      sales: 0,
      saleAmount: 0,
      createdAt: new Date(createdMs).toISOString(),
      updatedAt: new Date(updatedMs).toISOString(),
      projectId: this.workspace.id.replace(/^ws_/, ''),
    };
  }

  private token(index: number, length: number): string {
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    let out = '';
    for (let i = 0; i < length; i++)
      out += alphabet[Math.floor(seededHash(this.seed, index, 100 + i) * alphabet.length)];
    return out;
  }
}
