import { randomUUID } from 'node:crypto';
import { createCryptoTestDatabase, CryptoTestDatabase, keyEntry } from '../testing/crypto-test-database';
import { rotateKeys } from './key-rotation';
import { keysCommand } from './keys-cli';
import { SecretCipher, SecretRef } from './secret-cipher';
import { runSecretsDoctor } from './secrets-doctor';

const credentials = (workspaceId: string, rowId: string): SecretRef => ({
  table: 'connections',
  column: 'credentials',
  rowId,
  workspaceId,
});

describe('rotateKeys while writers keep working', () => {
  let db: CryptoTestDatabase;
  const OLD = keyEntry('old');
  const NEW = keyEntry('new');
  const WORKSPACES = 150;
  const CONNECTIONS_PER_WORKSPACE = 4;

  beforeAll(async () => {
    db = await createCryptoTestDatabase('crypto_rotation', 12);
  });
  afterAll(() => db?.close());

  it('should re-wrap every data key under the new key with no decrypt failure and no lost update', async () => {
    // Seed: 150 workspaces × 4 connections, plus an instance secret, all under "old".
    const seeder = new SecretCipher(db.dataSource, db.config(OLD));
    const rows: { ws: string; id: string }[] = [];
    for (let w = 0; w < WORKSPACES; w++) {
      const ws = await db.workspace();
      for (let c = 0; c < CONNECTIONS_PER_WORKSPACE; c++) {
        const id = await db.connection(ws);
        const sealed = await seeder.seal(credentials(ws, id), `seed ${id}`);
        await db.dataSource.query('UPDATE connections SET credentials = $1 WHERE id = $2', [sealed, id]);
        rows.push({ ws, id });
      }
    }
    const instanceSecret = await seeder.seal(
      { table: 'provider_apps', column: 'client_secret', rowId: 'slack', workspaceId: null },
      'slack secret',
    );
    await db.dataSource.query(
      "INSERT INTO provider_apps (provider_id, client_id, client_secret) VALUES ('slack', 'cid', $1)",
      [instanceSecret],
    );

    // Deploy [new, old], then rotate while four writers refresh credentials with compare-and-swap.
    const config = db.config(NEW, OLD);
    /** Per connection, the versions this test wrote and the value written at each. */
    const written = new Map<string, Map<number, string>>();
    let rotating = false;
    let writesDuringRotation = 0;
    let stop = false;
    const errors: unknown[] = [];

    const writer = async (n: number) => {
      const cipher = new SecretCipher(db.dataSource, config); // each writer a "process" of its own
      for (let i = 0; !stop; i++) {
        const { ws, id } = rows[Math.floor(Math.random() * rows.length)];
        try {
          const value = `w${n}-${i}-${randomUUID()}`;
          const write = async (manager = db.dataSource.manager) => {
            const [row] = await manager.query('SELECT credentials, token_version FROM connections WHERE id = $1', [id]);
            await cipher.open(credentials(ws, id), row.credentials, manager); // what a refresh reads first
            const sealed = await cipher.seal(credentials(ws, id), value, manager);
            const [, updated] = await manager.query(
              'UPDATE connections SET credentials = $1, token_version = token_version + 1 WHERE id = $2 AND token_version = $3',
              [sealed, id, row.token_version],
            );
            return updated === 1 ? (row.token_version as number) + 1 : null;
          };
          // Half the writers seal inside their own transaction, half without one.
          const version = n % 2 === 0 ? await db.dataSource.transaction((m) => write(m)) : await write();
          if (version !== null) {
            if (!written.has(id)) written.set(id, new Map());
            const versions = written.get(id) as Map<number, string>;
            if (versions.has(version)) throw new Error(`version ${version} of ${id} written twice`);
            versions.set(version, value);
            if (rotating) writesDuringRotation++;
          }
          // Some writes go to workspaces created mid-rotation (their data keys start under "new").
          if (i % 25 === 0) {
            const fresh = await db.workspace();
            const freshId = await db.connection(fresh);
            const sealed = await cipher.seal(credentials(fresh, freshId), `fresh ${freshId}`);
            await db.dataSource.query('UPDATE connections SET credentials = $1, token_version = 1 WHERE id = $2', [
              sealed,
              freshId,
            ]);
            written.set(freshId, new Map([[1, `fresh ${freshId}`]]));
          }
        } catch (error) {
          errors.push(error);
          return;
        }
      }
    };

    const writers = [0, 1, 2, 3].map(writer);
    await new Promise((r) => setTimeout(r, 200)); // writers under way before rotation starts
    rotating = true;
    const report = await rotateKeys(db.dataSource, config, { batchSize: 50 });
    rotating = false;
    await new Promise((r) => setTimeout(r, 200));
    stop = true;
    await Promise.all(writers);

    expect(errors).toEqual([]);
    expect(writesDuringRotation).toBeGreaterThan(20);
    expect(report).toEqual({
      activeKekId: 'new',
      rewrapped: WORKSPACES + 1,
      alreadyCurrent: expect.any(Number),
      keyCheckRecorded: true,
      failed: [],
    });
    const [{ n }] = await db.dataSource.query("SELECT count(*)::int AS n FROM data_keys WHERE kek_id = 'old'");
    expect(n).toBe(0);

    // With "old" removed from the configuration, every secret decrypts and holds the latest write.
    const newOnly = new SecretCipher(db.dataSource, db.config(NEW));
    const all = await db.dataSource.query<
      { id: string; workspace_id: string; credentials: Buffer; token_version: number }[]
    >('SELECT id, workspace_id, credentials, token_version FROM connections');
    for (const row of all) {
      const plaintext = await newOnly.open(credentials(row.workspace_id, row.id), row.credentials);
      const versions = written.get(row.id);
      if (!versions) {
        expect([row.token_version, plaintext]).toEqual([0, `seed ${row.id}`]);
        continue;
      }
      // token_version only moved up by one per successful write: every version 1..N was written exactly once,
      // and the row holds the value of the last one (no lost update).
      expect([...versions.keys()].sort((a, b) => a - b)).toEqual(
        Array.from({ length: row.token_version }, (_, i) => i + 1),
      );
      expect(plaintext).toBe(versions.get(row.token_version));
    }
    const [app] = await db.dataSource.query("SELECT client_secret FROM provider_apps WHERE provider_id = 'slack'");
    expect(
      await newOnly.open(
        { table: 'provider_apps', column: 'client_secret', rowId: 'slack', workspaceId: null },
        app.client_secret,
      ),
    ).toBe('slack secret');

    const doctor = await runSecretsDoctor(db.dataSource, db.config(NEW));
    expect(doctor.secrets).toEqual({ total: all.length + 1, readable: all.length + 1, unreadable: 0 });
    expect(Object.keys(doctor.byKek)).toEqual(['new']);
    expect(doctor.dataKeys.failing).toEqual([]);
  });

  it('should do nothing more on a second run', async () => {
    const before = await db.keyTables();
    const report = await rotateKeys(db.dataSource, db.config(NEW, OLD));
    expect(report).toMatchObject({ rewrapped: 0, keyCheckRecorded: false, failed: [] });
    expect(report.alreadyCurrent).toBeGreaterThan(WORKSPACES);
    expect(await db.keyTables()).toEqual(before);

    // The same through the command line.
    const out: string[] = [];
    const code = await keysCommand(['rotate'], {
      loadConfig: () => db.config(NEW, OLD),
      stdout: (t) => void out.push(t),
      stderr: (t) => void out.push(t),
    });
    expect(code).toBe(0);
    expect(out.join('')).toMatch(/^Re-wrapped 0 data keys under "new"; \d+ already current\.\n/);
    const [audit] = await db.dataSource.query(
      `SELECT outcome, details FROM audit_events WHERE action = 'keys.rotated' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit).toMatchObject({ outcome: 'success', details: { activeKekId: 'new', rewrapped: 0 } });
  });

  it('should refuse to rotate, changing nothing, when the active key contradicts its recorded check', async () => {
    await new SecretCipher(db.dataSource, db.config(OLD)).seal(credentials(await db.workspace(), 'r'), 'v'); // a key still under "old"
    const before = await db.keyTables();
    await expect(rotateKeys(db.dataSource, db.config(keyEntry('new'), OLD))).rejects.toThrow(
      /^ENCRYPTION_KEYS key "new" is not the key this database was set up with/,
    );
    expect(await db.keyTables()).toEqual(before);
  });

  it('should report, and leave as they are, data keys whose key-encryption key is not configured', async () => {
    const before = await db.dataSource.query("SELECT id, wrapped FROM data_keys WHERE kek_id = 'old'");
    expect(before).toHaveLength(1);
    const report = await rotateKeys(db.dataSource, db.config(NEW));
    expect(report.rewrapped).toBe(0);
    expect(report.failed).toEqual([
      { dataKeyId: before[0].id, kekId: 'old', reason: 'key-encryption key "old" is not in ENCRYPTION_KEYS' },
    ]);
    expect(await db.dataSource.query("SELECT id, wrapped FROM data_keys WHERE kek_id = 'old'")).toEqual(before);
  });
});
