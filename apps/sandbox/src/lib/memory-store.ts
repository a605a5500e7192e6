import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  /** Epoch milliseconds; undefined = no expiry. */
  expiresAt?: number;
}

/** Models that belong to a grant (oidc-provider's MemoryAdapter list). */
const GRANTABLE = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
]);

/**
 * One authorization server's state, in memory: oidc-provider's adapter contract over plain Maps.
 *
 * Not oidc-provider's own MemoryAdapter: that one is a single LRU (1,000 entries) shared by every
 * Provider in the process, so grants would silently fall out under load and could not be counted,
 * expired or dropped per provider.
 */
export class MemoryStore {
  private readonly entries = new Map<string, Entry>();
  /** grantId → keys of the tokens issued under it. */
  private readonly grants = new Map<string, Set<string>>();
  /** secondary indexes: `sessionUid:<uid>` and `userCode:<code>` → id. */
  private readonly indexes = new Map<string, Entry & { id: string }>();
  private writes = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** The factory oidc-provider's `adapter` option takes. */
  readonly adapterFactory = (model: string): Adapter => new StoreAdapter(this, model);

  get(model: string, id: string): AdapterPayload | undefined {
    const key = `${model}:${id}`;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  set(model: string, id: string, payload: AdapterPayload, expiresInSeconds: number): void {
    const key = `${model}:${id}`;
    const expiresAt = expiresInSeconds > 0 ? this.now() + expiresInSeconds * 1000 : undefined;
    if (model === 'Session' && payload.uid) this.indexes.set(`sessionUid:${payload.uid}`, { id, payload, expiresAt });
    if (payload.userCode) this.indexes.set(`userCode:${payload.userCode}`, { id, payload, expiresAt });
    if (GRANTABLE.has(model) && payload.grantId) {
      const keys = this.grants.get(payload.grantId) ?? new Set<string>();
      keys.add(key);
      this.grants.set(payload.grantId, keys);
    }
    this.entries.set(key, { payload, expiresAt });
    if (++this.writes % 1000 === 0) this.sweep();
  }

  /** Drops what has expired (reads drop lazily; this keeps long runs from growing). */
  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries)
      if (entry.expiresAt !== undefined && entry.expiresAt <= now) this.entries.delete(key);
    for (const [key, entry] of this.indexes)
      if (entry.expiresAt !== undefined && entry.expiresAt <= now) this.indexes.delete(key);
    for (const [grantId, keys] of this.grants) {
      for (const key of keys) if (!this.entries.has(key)) keys.delete(key);
      if (keys.size === 0) this.grants.delete(grantId);
    }
  }

  delete(model: string, id: string): void {
    this.entries.delete(`${model}:${id}`);
  }

  findByIndex(index: 'sessionUid' | 'userCode', value: string, model: string): AdapterPayload | undefined {
    const entry = this.indexes.get(`${index}:${value}`);
    return entry ? this.get(model, entry.id) : undefined;
  }

  revokeByGrantId(grantId: string): void {
    for (const key of this.grants.get(grantId) ?? []) this.entries.delete(key);
    this.grants.delete(grantId);
  }

  /** Deletes the grant's access tokens other than `keepId`. */
  revokeAccessTokensExcept(grantId: string, keepId: string): void {
    const keys = this.grants.get(grantId);
    for (const key of keys ?? []) {
      if (key.startsWith('AccessToken:') && key !== `AccessToken:${keepId}`) {
        this.entries.delete(key);
        keys?.delete(key);
      }
    }
  }

  /** Grants that have not expired and were not revoked. */
  countActive(model: string): number {
    let count = 0;
    for (const key of [...this.entries.keys()]) {
      if (key.startsWith(`${model}:`) && this.get(model, key.slice(model.length + 1))) count += 1;
    }
    return count;
  }

  /** Makes every current payload of `model` expire now (its `exp` claim, which oidc-provider checks); returns how many. */
  expireAll(model: string): number {
    const nowSeconds = Math.floor(this.now() / 1000);
    let count = 0;
    for (const [key, entry] of this.entries) {
      if (!key.startsWith(`${model}:`)) continue;
      if (typeof entry.payload.exp === 'number' && entry.payload.exp <= nowSeconds) continue;
      entry.payload.exp = nowSeconds - 1;
      count += 1;
    }
    return count;
  }

  clear(): void {
    this.entries.clear();
    this.grants.clear();
    this.indexes.clear();
  }
}

class StoreAdapter implements Adapter {
  constructor(
    private readonly store: MemoryStore,
    private readonly model: string,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    this.store.set(this.model, id, payload, expiresIn);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.store.get(this.model, id);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.store.findByIndex('sessionUid', uid, this.model);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.store.findByIndex('userCode', userCode, this.model);
  }

  async consume(id: string): Promise<void> {
    const payload = this.store.get(this.model, id);
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.store.delete(this.model, id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    this.store.revokeByGrantId(grantId);
  }
}
