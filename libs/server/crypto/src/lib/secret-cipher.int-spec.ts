import { createCryptoTestDatabase, CryptoTestDatabase, keyEntry } from '../testing/crypto-test-database';
import { DecryptionError } from './envelope';
import { DATA_KEY_USE_BLOCK, DATA_KEY_USE_LIMIT, SecretCipher, SecretRef } from './secret-cipher';

let db: CryptoTestDatabase;
const KEY = keyEntry('k1');

beforeAll(async () => {
  db = await createCryptoTestDatabase('crypto_cipher');
});
afterAll(() => db?.close());

const cipher = (...entries: string[]) =>
  new SecretCipher(db.dataSource, db.config(...(entries.length ? entries : [KEY])));
const ref = (workspaceId: string, rowId: string): SecretRef => ({
  table: 'connections',
  column: 'credentials',
  rowId,
  workspaceId,
});

async function storeCredentials(c: SecretCipher, workspaceId: string, connectionId: string, value: string) {
  const sealed = await c.seal(ref(workspaceId, connectionId), value);
  await db.dataSource.query('UPDATE connections SET credentials = $1 WHERE id = $2', [sealed, connectionId]);
  return sealed;
}

async function readCredentials(connectionId: string): Promise<Buffer> {
  const [row] = await db.dataSource.query<{ credentials: Buffer }[]>(
    'SELECT credentials FROM connections WHERE id = $1',
    [connectionId],
  );
  return row.credentials;
}

async function dataKeysOf(workspaceId: string | null) {
  return db.dataSource.query<{ id: string; kek_id: string; use_count: string; retired_at: Date | null }[]>(
    'SELECT id, kek_id, use_count, retired_at FROM data_keys WHERE workspace_id IS NOT DISTINCT FROM $1 ORDER BY created_at',
    [workspaceId],
  );
}

describe('SecretCipher', () => {
  it('should seal and open connection credentials in two workspaces, each with its own data key', async () => {
    const c = cipher();
    const [ws1, ws2] = [await db.workspace(), await db.workspace()];
    const [a, b] = [await db.connection(ws1), await db.connection(ws2)];
    const tokens = {
      a: JSON.stringify({ accessToken: 'ya29.canary-a', refreshToken: '1//r-a' }),
      b: 'ünïcødé 🔑 token b',
    };
    await storeCredentials(c, ws1, a, tokens.a);
    await storeCredentials(c, ws2, b, tokens.b);

    const stored = await readCredentials(a);
    expect(stored.includes(Buffer.from('canary-a'))).toBe(false);
    // A fresh cipher (another process) reads them back from the database alone.
    expect(await cipher().open(ref(ws1, a), stored)).toBe(tokens.a);
    expect(await cipher().open(ref(ws2, b), await readCredentials(b))).toBe(tokens.b);

    const [k1] = await dataKeysOf(ws1);
    const [k2] = await dataKeysOf(ws2);
    expect(k1.id).not.toBe(k2.id);
    // Sealed outside a transaction: the first seal reserved a block of uses for this process.
    expect([k1.kek_id, k1.use_count, k1.retired_at]).toEqual(['k1', String(DATA_KEY_USE_BLOCK), null]);
  });

  it('should count a block of uses once per process and seal that many without counting again', async () => {
    const c = cipher();
    const ws = await db.workspace();
    for (let i = 0; i < DATA_KEY_USE_BLOCK; i++) await c.seal(ref(ws, `r${i}`), `value ${i}`);
    expect((await dataKeysOf(ws)).map((k) => k.use_count)).toEqual([String(DATA_KEY_USE_BLOCK)]);
    // The next seal starts a second block; another process reserves its own.
    await c.seal(ref(ws, 'next'), 'next');
    await cipher().seal(ref(ws, 'other process'), 'other');
    expect((await dataKeysOf(ws)).map((k) => k.use_count)).toEqual([String(3 * DATA_KEY_USE_BLOCK)]);
  });

  it("should count each seal inside a caller's transaction one by one, since a rollback undoes the count", async () => {
    const c = cipher();
    const ws = await db.workspace();
    await db.dataSource.transaction(async (m) => {
      await c.seal(ref(ws, 'a'), 'a', m);
      await c.seal(ref(ws, 'b'), 'b', m);
    });
    expect((await dataKeysOf(ws)).map((k) => k.use_count)).toEqual(['2']);
  });

  it('should refuse a ciphertext copied to another connection row of the same workspace', async () => {
    const c = cipher();
    const ws = await db.workspace();
    const [a, b] = [await db.connection(ws), await db.connection(ws)];
    const sealed = await storeCredentials(c, ws, a, 'token of a');
    await db.dataSource.query('UPDATE connections SET credentials = $1 WHERE id = $2', [sealed, b]);
    await expect(cipher().open(ref(ws, b), await readCredentials(b))).rejects.toThrow(DecryptionError);
    expect(await c.open(ref(ws, a), await readCredentials(a))).toBe('token of a');
  });

  it("should refuse a ciphertext copied to another workspace's connection", async () => {
    const c = cipher();
    const [ws1, ws2] = [await db.workspace(), await db.workspace()];
    const [a, b] = [await db.connection(ws1), await db.connection(ws2)];
    await storeCredentials(c, ws2, b, 'token of b');
    const sealed = await storeCredentials(c, ws1, a, 'token of a');
    await db.dataSource.query('UPDATE connections SET credentials = $1 WHERE id = $2', [sealed, b]);
    await expect(cipher().open(ref(ws2, b), await readCredentials(b))).rejects.toThrow(/belongs to another workspace/);
    // Even claiming the row belongs to the first workspace does not help: the row id is in the AAD.
    await expect(cipher().open(ref(ws1, b), sealed)).rejects.toThrow(DecryptionError);
  });

  it('should create exactly one active data key when a new workspace is first sealed concurrently', async () => {
    const ws = await db.workspace();
    const ids = await Promise.all(Array.from({ length: 8 }, () => db.connection(ws)));
    // Four "processes" (own caches) sealing eight rows each at once: one block reserved by each.
    const ciphers = Array.from({ length: 4 }, () => cipher());
    const sealed = await Promise.all(
      ids.flatMap((id, i) =>
        ciphers.map((c, j) => c.seal(ref(ws, id), `token ${i}.${j}`).then((s) => ({ id, i, j, s }))),
      ),
    );
    const keys = await dataKeysOf(ws);
    expect(keys).toHaveLength(1);
    expect(keys[0].use_count).toBe(String(4 * DATA_KEY_USE_BLOCK));
    for (const { id, i, j, s } of sealed) expect(await cipher().open(ref(ws, id), s)).toBe(`token ${i}.${j}`);
  });

  it("should seal inside the caller's transaction, and leave no data key behind when it rolls back", async () => {
    const c = cipher();
    const committed = await db.dataSource.transaction(async (manager) => {
      const [{ id: ws }] = await manager.query('INSERT INTO workspaces (name) VALUES ($1) RETURNING id', [
        'In a transaction',
      ]);
      const sealed = await c.seal(ref(ws, 'row-1'), 'value', manager);
      return { ws, sealed };
    });
    expect(await cipher().open(ref(committed.ws, 'row-1'), committed.sealed)).toBe('value');

    const ws = await db.workspace();
    await expect(
      db.dataSource.transaction(async (manager) => {
        await c.seal(ref(ws, 'row-1'), 'value', manager);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await dataKeysOf(ws)).toEqual([]);
  });

  it(`should retire a data key after ${DATA_KEY_USE_LIMIT} (2^30) encryptions and continue with a new one`, async () => {
    const ws = await db.workspace();
    const first = await cipher().seal(ref(ws, 'r1'), 'first');
    // Room for exactly one more block: a new process takes it.
    await db.dataSource.query('UPDATE data_keys SET use_count = $1 WHERE workspace_id = $2', [
      DATA_KEY_USE_LIMIT - DATA_KEY_USE_BLOCK,
      ws,
    ]);
    const last = await cipher().seal(ref(ws, 'r2'), 'last under the old key');
    const [before] = await dataKeysOf(ws);
    expect([before.use_count, before.retired_at]).toEqual([String(DATA_KEY_USE_LIMIT), null]);

    const next = await cipher().seal(ref(ws, 'r3'), 'under a new key');
    const [old, current] = await dataKeysOf(ws);
    expect(old.retired_at).toBeInstanceOf(Date);
    expect([current.use_count, current.retired_at]).toEqual([String(DATA_KEY_USE_BLOCK), null]);
    // Records under the retired key still open.
    const fresh = cipher();
    expect(await fresh.open(ref(ws, 'r1'), first)).toBe('first');
    expect(await fresh.open(ref(ws, 'r2'), last)).toBe('last under the old key');
    expect(await fresh.open(ref(ws, 'r3'), next)).toBe('under a new key');
  });

  it("should seal the instance's own secrets (provider_apps) with the instance data key", async () => {
    const c = cipher();
    const where: SecretRef = { table: 'provider_apps', column: 'client_secret', rowId: 'google', workspaceId: null };
    const sealed = await c.seal(where, 'GOCSPX-client-secret');
    await db.dataSource.query(
      "INSERT INTO provider_apps (provider_id, client_id, client_secret) VALUES ('google', 'client-id', $1)",
      [sealed],
    );
    const [row] = await db.dataSource.query("SELECT client_secret FROM provider_apps WHERE provider_id = 'google'");
    expect(await cipher().open(where, row.client_secret)).toBe('GOCSPX-client-secret');
    expect(await dataKeysOf(null)).toHaveLength(1);
    await expect(cipher().open({ ...where, rowId: 'github' }, row.client_secret)).rejects.toThrow(DecryptionError);
  });

  it('should refuse to open a record whose data key is wrapped by a key-encryption key that is not configured', async () => {
    const ws = await db.workspace();
    const sealed = await cipher().seal(ref(ws, 'r1'), 'value');
    await expect(cipher(keyEntry('other')).open(ref(ws, 'r1'), sealed)).rejects.toThrow(
      /wrapped by key-encryption key "k1", which ENCRYPTION_KEYS does not contain/,
    );
    // Same id, wrong bytes: the wrapped key does not authenticate.
    await expect(cipher(keyEntry('k1')).open(ref(ws, 'r1'), sealed)).rejects.toThrow(DecryptionError);
  });
});
