import { createCryptoTestDatabase, CryptoTestDatabase, keyEntry } from '../testing/crypto-test-database';
import { dataKeyIdOf } from './envelope';
import { keysCommand } from './keys-cli';
import { SecretCipher, SecretRef } from './secret-cipher';
import { runSecretsDoctor } from './secrets-doctor';

const credentials = (workspaceId: string, rowId: string): SecretRef => ({
  table: 'connections',
  column: 'credentials',
  rowId,
  workspaceId,
});

describe('runSecretsDoctor', () => {
  let db: CryptoTestDatabase;
  const A = keyEntry('a');
  const B = keyEntry('b');
  /** Sealed values by connection id, and the data key of each workspace. */
  const seeded = new Map<string, { ws: string; value: string; sealed: Buffer }>();
  const dataKeys: Record<string, string> = {};

  beforeAll(async () => {
    db = await createCryptoTestDatabase('crypto_doctor');
    // Workspace 1 under key "a" (3 secrets), then [b, a]: workspace 2 (2 secrets) and the instance (1) under "b".
    const seedUnder = async (cipher: SecretCipher, ws: string, count: number) => {
      for (let i = 0; i < count; i++) {
        const id = await db.connection(ws);
        const value = `canary-token-${id}`;
        const sealed = await cipher.seal(credentials(ws, id), value);
        await db.dataSource.query('UPDATE connections SET credentials = $1 WHERE id = $2', [sealed, id]);
        seeded.set(id, { ws, value, sealed });
        dataKeys[ws] = dataKeyIdOf(sealed);
      }
    };
    const ws1 = await db.workspace();
    const ws2 = await db.workspace();
    await seedUnder(new SecretCipher(db.dataSource, db.config(A)), ws1, 3);
    const both = new SecretCipher(db.dataSource, db.config(B, A));
    await seedUnder(both, ws2, 2);
    const secret = await both.seal(
      { table: 'provider_apps', column: 'client_secret', rowId: 'google', workspaceId: null },
      'canary-client-secret',
    );
    await db.dataSource.query(
      "INSERT INTO provider_apps (provider_id, client_id, client_secret) VALUES ('google', 'cid', $1)",
      [secret],
    );
    dataKeys['instance'] = dataKeyIdOf(secret);
    // A disconnected connection has no credentials: nothing to read.
    await db.connection(ws2);
  });
  afterAll(() => db?.close());

  it('should count every secret by key-encryption key and by data key, reading in batches', async () => {
    for (const batchSize of [500, 2]) {
      const report = await runSecretsDoctor(db.dataSource, db.config(B, A), { batchSize });
      const [ws1, ws2] = [...new Set([...seeded.values()].map((s) => s.ws))];
      expect(report).toEqual({
        secrets: { total: 6, readable: 6, unreadable: 0 },
        byKek: { a: 3, b: 3 },
        byDataKey: { [dataKeys[ws1]]: 3, [dataKeys[ws2]]: 2, [dataKeys['instance']]: 1 },
        dataKeys: { total: 3, unwrappable: 3, failing: [] },
        failures: [],
      });
    }
  });

  it('should report a tampered row and a moved ciphertext as unreadable, by row id and never by value', async () => {
    const [[tampered, t], [target], [, s]] = [...seeded.entries()];
    const flipped = Buffer.from(t.sealed);
    flipped[flipped.length - 1] ^= 0x01;
    await db.dataSource.query('UPDATE connections SET credentials = $1 WHERE id = $2', [flipped, tampered]);
    await db.dataSource.query('UPDATE connections SET credentials = $1 WHERE id = $2', [s.sealed, target]);
    try {
      const report = await runSecretsDoctor(db.dataSource, db.config(B, A));
      expect(report.secrets).toEqual({ total: 6, readable: 4, unreadable: 2 });
      expect(report.failures.map((f) => [f.table, f.rowId]).sort()).toEqual(
        [
          ['connections', tampered],
          ['connections', target],
        ].sort(),
      );
      for (const f of report.failures) expect(f.reason).toMatch(/does not authenticate/);

      const out: string[] = [];
      // The command as `hub keys doctor` runs it: its own connection from the configuration.
      const code = await keysCommand(['doctor'], {
        loadConfig: () => db.config(B, A),
        stdout: (text) => void out.push(text),
        stderr: (text) => void out.push(text),
      });
      expect(code).toBe(1);
      const text = out.join('');
      expect(text).toContain(`connections ${tampered}: sealed record does not authenticate`);
      expect(text).toMatch(/FAILED: 2 secrets and 0 data keys cannot be read\./);
      const [audit] = await db.dataSource.query(
        `SELECT outcome, details FROM audit_events WHERE action = 'keys.doctor_ran' ORDER BY id DESC LIMIT 1`,
      );
      expect(audit).toMatchObject({ outcome: 'failure', details: { storedValues: { unreadable: 2 } } });
      for (const secret of [
        t.value,
        s.value,
        flipped.toString('hex'),
        flipped.toString('base64'),
        s.sealed.toString('hex'),
      ]) {
        expect(text).not.toContain(secret);
        expect(JSON.stringify(report)).not.toContain(secret);
      }
    } finally {
      await db.dataSource.query('UPDATE connections SET credentials = $1 WHERE id = $2', [t.sealed, tampered]);
      await db.dataSource.query('UPDATE connections SET credentials = $1 WHERE id = $2', [
        seeded.get(target)?.sealed,
        target,
      ]);
    }
  });

  it('should fail every secret and data key under a key-encryption key that is no longer configured', async () => {
    const report = await runSecretsDoctor(db.dataSource, db.config(B));
    const [ws1] = [...seeded.values()].map((s) => s.ws);
    expect(report.secrets).toEqual({ total: 6, readable: 3, unreadable: 3 });
    expect(report.dataKeys).toEqual({ total: 3, unwrappable: 2, failing: [dataKeys[ws1]] });
    expect(new Set(report.failures.map((f) => f.reason))).toEqual(
      new Set([
        `data key ${dataKeys[ws1]} is wrapped by key-encryption key "a", which ENCRYPTION_KEYS does not contain`,
      ]),
    );
  });
});
