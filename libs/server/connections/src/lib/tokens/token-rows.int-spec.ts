import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '@hub/server/database';
import { createScratchDatabase, type ScratchDatabase } from '@hub/server/testing';
import type { ConnectionRef } from '@hub/server/sync';
import { type RefreshedRow, TokenRows } from './token-rows';

let scratch: ScratchDatabase;
let dataSource: DataSource;
let rows: TokenRows;
let statements: string[];

beforeAll(async () => {
  scratch = await createScratchDatabase('token_rows');
  await runMigrations(scratch.url);
  dataSource = await new DataSource({
    ...dataSourceOptions(scratch.url, { poolSize: 10 }),
    logging: ['error'],
  }).initialize();
  // The real DataSource, watched: which statements TokenRows sends.
  const query = dataSource.query.bind(dataSource);
  dataSource.query = ((sql: string, parameters?: unknown[]) => {
    statements.push(sql.trim().split(/\s+/)[0]);
    return query(sql, parameters);
  }) as DataSource['query'];
  rows = new TokenRows(dataSource);
});
afterAll(async () => {
  await dataSource?.destroy();
  await scratch?.drop();
});
beforeEach(() => {
  statements = [];
});

async function workspace(): Promise<string> {
  const [row] = await dataSource.query('INSERT INTO workspaces (name) VALUES ($1) RETURNING id', ['Test']);
  return row.id;
}

async function connection(workspaceId: string): Promise<ConnectionRef> {
  const [row] = await dataSource.query(
    `INSERT INTO connections (workspace_id, provider_id, external_account_id, status, account, connected_at,
       sync_frequency_minutes, credentials, token_version)
     VALUES ($1, 'dub', $2, 'ACTIVE', '{"displayName":"Test"}', now(), 60, $3, 4) RETURNING id`,
    [workspaceId, randomUUID(), Buffer.from(`sealed ${workspaceId}`)],
  );
  statements = [];
  return { workspaceId, connectionId: row.id };
}

const refreshed = (ref: ConnectionRef, seenVersion: number, i: number): RefreshedRow => ({
  ref,
  seenVersion,
  credentials: Buffer.from(`new tokens ${i}`),
  tokenExpiresAt: new Date(Date.UTC(2030, 0, 1, 0, i)),
  hasRefreshToken: i % 2 === 0,
  obtainedAt: new Date(Date.UTC(2029, 11, 31, 23, i)),
});

describe('TokenRows', () => {
  it('should read the connections asked for in one tick with one statement, each within its own workspace', async () => {
    const [a, b] = [await workspace(), await workspace()];
    const refs: ConnectionRef[] = [];
    for (let i = 0; i < 30; i++) refs.push(await connection(i % 2 ? a : b));
    statements = [];

    const found = await Promise.all(refs.map((ref) => rows.find(ref)));

    expect(statements).toEqual(['SELECT']);
    found.forEach((row, i) => {
      expect(row?.id).toBe(refs[i].connectionId);
      expect(row?.workspaceId).toBe(refs[i].workspaceId);
      expect(row?.tokenVersion).toBe(4);
      expect(row?.credentials).toEqual(Buffer.from(`sealed ${refs[i].workspaceId}`));
    });
  });

  it("should find nothing for another workspace's connection or a malformed id, without failing the rest of the batch", async () => {
    const [a, b] = [await workspace(), await workspace()];
    const mine = await connection(a);
    const theirs = await connection(b);

    const [own, crossed, malformed, upperCase] = await Promise.all([
      rows.find(mine),
      rows.find({ workspaceId: a, connectionId: theirs.connectionId }),
      rows.find({ workspaceId: a, connectionId: "1' OR '1'='1" }),
      rows.find({ workspaceId: b.toUpperCase(), connectionId: theirs.connectionId.toUpperCase() }),
    ]);

    expect(own?.id).toBe(mine.connectionId);
    expect(crossed).toBeNull();
    expect(malformed).toBeNull();
    expect(upperCase?.id).toBe(theirs.connectionId);
  });

  it('should write refreshed tokens arriving together in few statements, each to its own row, and refuse a stale version', async () => {
    const [a, b] = [await workspace(), await workspace()];
    const refs: ConnectionRef[] = [];
    for (let i = 0; i < 40; i++) refs.push(await connection(i % 2 ? a : b));
    const stale = refs[7];

    const written = await Promise.all(
      refs.map((ref, i) => rows.saveRefreshed(refreshed(ref, ref === stale ? 3 : 4, i))),
    );

    expect(written.filter((w) => !w)).toHaveLength(1);
    expect(written[7]).toBe(false);
    // The first write goes alone; all that arrive while it runs share the next statement.
    expect(statements.every((s) => s === 'UPDATE')).toBe(true);
    expect(statements.length).toBeLessThanOrEqual(2);
    const stored = (await dataSource.query(
      `SELECT id, credentials, token_version, token_expires_at, has_refresh_token, tokens_obtained_at FROM connections
       WHERE id = ANY($1)`,
      [refs.map((r) => r.connectionId)],
    )) as {
      id: string;
      credentials: Buffer;
      token_version: number;
      token_expires_at: Date;
      has_refresh_token: boolean;
      tokens_obtained_at: Date;
    }[];
    for (const [i, ref] of refs.entries()) {
      const row = stored.find((s) => s.id === ref.connectionId)!;
      if (ref === stale) {
        expect([row.credentials.toString(), row.token_version]).toEqual([`sealed ${ref.workspaceId}`, 4]);
        continue;
      }
      const want = refreshed(ref, 4, i);
      expect(row.credentials.toString()).toBe(`new tokens ${i}`);
      expect(row.token_version).toBe(5);
      expect(row.token_expires_at).toEqual(want.tokenExpiresAt);
      expect(row.has_refresh_token).toBe(want.hasRefreshToken);
      expect(row.tokens_obtained_at).toEqual(want.obtainedAt);
    }
  });

  it('should not write tokens to a connection of another workspace', async () => {
    const [a, b] = [await workspace(), await workspace()];
    const theirs = await connection(b);

    const written = await rows.saveRefreshed(refreshed({ workspaceId: a, connectionId: theirs.connectionId }, 4, 1));

    expect(written).toBe(false);
    const [row] = await dataSource.query('SELECT credentials, token_version FROM connections WHERE id = $1', [
      theirs.connectionId,
    ]);
    expect([row.credentials.toString(), row.token_version]).toEqual([`sealed ${b}`, 4]);
  });

  it('should fail every caller of a batch whose statement fails, so each retries', async () => {
    const ref = await connection(await workspace());
    await expect(
      rows.saveRefreshed({ ...refreshed(ref, 4, 1), tokenExpiresAt: new Date(Number.NaN) }),
    ).rejects.toThrow();
    // The next batch is not held up by the failed one.
    expect(await rows.saveRefreshed(refreshed(ref, 4, 2))).toBe(true);
  });
});
