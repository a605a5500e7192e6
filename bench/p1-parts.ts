// P1 broken into parts (diagnosis, not a target): `npm run bench -- p1-parts`. Times, one part at a
// time on the same 2,000 pages: the raw fetch, the hub's Dub provider (fetch + parse + map), the raw
// upsert, the hub's RecordWriter.commitPage (a transaction of 3 statements) and its upsert statement alone.
import { DubProvider } from '@hub/server/integrations/dub';
import type { SyncPage } from '@hub/server/integrations/core';
import { RecordWriter } from '@hub/server/sync';
import {
  createWorkspace,
  explainSlowStatements,
  fmt,
  machine,
  openDataSource,
  runBench,
  scratchDatabase,
  seedDubConnections,
  startSandbox,
  walLsn,
  walMegabytesSince,
} from './lib/common';

const LINKS = Number(process.env['P1_LINKS'] ?? 200_000);

runBench(async () => {
  console.log(`P1 parts — ${fmt(LINKS)} Dub links\nMachine: ${await machine()}`);
  const sandbox = await startSandbox({
    SANDBOX_DUB_LINKS: String(LINKS),
    SANDBOX_RATE_LIMIT_PER_MINUTE: '1000000000',
    SANDBOX_ACCESS_TOKEN_TTL_SECONDS: '86400',
  });
  const db = await scratchDatabase('p1parts');
  if (process.env['P1_EXPLAIN']) await explainSlowStatements(db.name, Number(process.env['P1_EXPLAIN']));
  const ds = await openDataSource(db.url, 2);
  const workspaceId = await createWorkspace(ds, 'Bench P1 parts');
  const [grant] = await sandbox.mintGrants(1);
  const [connectionId] = await seedDubConnections(ds, db.url, [
    { workspaceId, ...grant, externalAccountId: 'bench-p1', tokenExpiresAt: new Date(Date.now() + 86_340_000) },
  ]);
  await ds.query(`CREATE TABLE raw_links (id text PRIMARY KEY, data jsonb NOT NULL)`);
  const api = `${sandbox.url}/dub/api`;
  const time = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    const lsn = await walLsn(ds);
    const started = performance.now();
    const result = await fn();
    const ms = performance.now() - started;
    const wal = await walMegabytesSince(ds, lsn);
    console.log(
      `${what.padEnd(60)} ${(ms / 1000).toFixed(2).padStart(6)} s  ${(ms / (LINKS / 100)).toFixed(2)} ms/page  ` +
        `WAL ${fmt(wal)} MB`,
    );
    return result;
  };

  const texts = await time('raw fetch: GET /links, body as text', async () => {
    const get = async (path: string) =>
      (
        await fetch(`${api}${path}`, {
          headers: { authorization: `Bearer ${grant.accessToken}`, accept: 'application/json' },
        })
      ).text();
    // As the provider reads Dub: outside folders, then each folder, archived included, by cursor
    // (the page's last link id, found in the text without parsing it).
    const folders = (JSON.parse(await get('/folders?pageSize=50')) as { id: string }[]).map((f) => f.id);
    const pages: string[] = [];
    for (const folderId of [null, ...folders]) {
      for (let after: string | null = null; ;) {
        const query = new URLSearchParams({ pageSize: '100', showArchived: 'true' });
        if (folderId) query.set('folderId', folderId);
        if (after) query.set('startingAfter', after);
        const text = await get(`/links?${query}`);
        pages.push(text);
        const at = text.lastIndexOf('"id":"link_');
        if (at < 0 || (text.match(/"id":"link_/g)?.length ?? 0) < 100) break;
        after = text.slice(at + 6, text.indexOf('"', at + 6));
      }
    }
    return pages;
  });
  const provider = new DubProvider(null, { apiBaseUrl: api });
  const pages = await time('hub fetch: DubProvider.sync (fetch, JSON.parse, toRecord)', async () => {
    const all: SyncPage[] = [];
    const signal = new AbortController().signal;
    for await (const page of provider.sync({ credentials: grant, resource: 'links', cursor: null, signal }))
      all.push(page);
    return all;
  });

  await time('raw write: one INSERT … jsonb_array_elements per page', async () => {
    for (const text of texts)
      await ds.query(
        `INSERT INTO raw_links (id, data) SELECT e->>'id', e FROM jsonb_array_elements($1::jsonb) AS e
         ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data`,
        [text],
      );
  });

  // RecordWriter needs a RUNNING run and a pass, as SyncRunner sets them up.
  const [{ id: runId }] = (await ds.query(
    `INSERT INTO sync_runs (workspace_id, connection_id, provider_id, trigger, status, started_at)
     VALUES ($1, $2, 'dub', 'MANUAL', 'RUNNING', now()) RETURNING id`,
    [workspaceId, connectionId],
  )) as { id: string }[];
  const writer = new RecordWriter(ds);
  const base = { workspaceId, connectionId, resource: 'links', runId };
  const pass = (await writer.beginPass(base, null))!;
  // Statistics that know this connection (see p1-sync-ingest.ts): 100 rows, analysed, then emptied.
  await writer.commitPage({ ...base, ...pass }, { ...pages[0], nextCursor: 'x' });
  await ds.query(`ANALYZE sync_records`);
  await ds.query(`TRUNCATE sync_records`);
  await time('hub write: RecordWriter.commitPage per page', async () => {
    for (const page of pages) await writer.commitPage({ ...base, ...pass }, page);
  });
  // The same upsert statement without commitPage's transaction and its two UPDATEs (cursor, run counts):
  // RecordWriter's private `upsert`, reached around TypeScript's `private`.
  const upsertOnly = (writer as unknown as { upsert: (m: unknown, t: object, p: SyncPage) => Promise<unknown> }).upsert;
  await ds.query(`TRUNCATE sync_records`);
  await time('hub upsert statement alone (autocommit), empty table', async () => {
    for (const page of pages) await upsertOnly.call(writer, ds.manager, { ...base, ...pass }, page);
  });
  await time('hub upsert statement alone again (all unchanged: a re-sync)', async () => {
    for (const page of pages) await upsertOnly.call(writer, ds.manager, { ...base, ...pass }, page);
  });
});
