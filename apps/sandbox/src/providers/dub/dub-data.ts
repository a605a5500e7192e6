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
      foldersUsage: 0,
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

  /** The link at `position` in Dub's default order (createdAt, newest first). */
  linkAt(position: number): DubLink {
    if (!Number.isInteger(position) || position < 0 || position >= this.size) {
      throw new RangeError(`No link ${position}`);
    }
    // The generated index: past each deleted link at or before it.
    let index = position;
    for (const gone of this.deleted) if (gone <= index) index++;
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
      id: `link_1JSBX${index.toString(36).toUpperCase().padStart(8, '0')}${this.token(index, 12)}`,
      domain,
      key,
      url: `https://www.example.com/${path}${source ? `?utm_source=${source}` : ''}`,
      trackConversion: false,
      externalId: null,
      tenantId: null,
      programId: null,
      partnerId: null,
      archived: false,
      expiresAt: null,
      expiredUrl: null,
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
      folderId: null,
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
