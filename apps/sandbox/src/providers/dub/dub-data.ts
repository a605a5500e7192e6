/**
 * Deterministic Dub data for the sandbox: one workspace and `size` links, generated on demand from
 * (seed, index, revision), so a million links cost nothing until a page of them is asked for. Shapes
 * follow Dub's API reference (https://dub.co/docs/api-reference/endpoint/retrieve-a-list-of-links,
 * https://dub.co/docs/api-reference/endpoint/retrieve-a-workspace, GET /oauth/userinfo).
 */

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
 * is the generated data.
 */
export class DubDataset {
  readonly workspace: DubWorkspace;
  readonly user = { id: 'user_1JSANDBOX0USER00000000000', name: 'Sandbox User', image: null as string | null };
  private linkCount = 0;
  private currentRevision = 0;

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
    return this.linkCount;
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
    this.workspace.linksUsage = size;
  }

  setRevision(revision: number): void {
    if (!Number.isInteger(revision) || revision < 0 || revision > DUB_MAX_REVISION) {
      throw new RangeError(`The Dub sandbox revision is 0 to ${DUB_MAX_REVISION} (got ${revision})`);
    }
    this.currentRevision = revision;
  }

  /** The link at `index` in Dub's default order (createdAt, newest first). */
  linkAt(index: number): DubLink {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) throw new RangeError(`No link ${index}`);
    const r = (salt: number) => this.random(index, salt);
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

  /** A uniform number in [0, 1) from (seed, index, salt). */
  private random(index: number, salt: number): number {
    let h = (Math.imul(this.seed, 0x9e3779b1) ^ Math.imul(index, 0x85ebca77) ^ Math.imul(salt, 0xc2b2ae3d)) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h = (h ^ (h >>> 16)) >>> 0;
    return h / 2 ** 32;
  }

  private token(index: number, length: number): string {
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.random(index, 100 + i) * alphabet.length)];
    return out;
  }
}
