// P1's raw side: a plain Node script with pg. Fetches the Dub links pages one after another and
// upserts each page with one statement. Prints one JSON line: { records, pages, ms }.
// Env: API (the sandbox's Dub API base), TOKEN, DATABASE_URL, TABLE, PAGE_SIZE (100).
import pg from 'pg';

const { API, TOKEN, DATABASE_URL, TABLE = 'raw_links', PAGE_SIZE = '100' } = process.env;
const pageSize = Number(PAGE_SIZE);
// The page's JSON text goes to PostgreSQL as it came: no parse here, the server splits it.
const UPSERT = `INSERT INTO ${TABLE} (id, data)
  SELECT e->>'id', e FROM jsonb_array_elements($1::jsonb) AS e
  ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data`;

const client = new pg.Client({ connectionString: DATABASE_URL });
await client.connect();
const started = performance.now();
let records = 0;
let pages = 0;
for (let page = 1; ; page++) {
  const response = await fetch(`${API}/links?page=${page}&pageSize=${pageSize}`, {
    headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/json' },
  });
  if (!response.ok) throw new Error(`GET /links page ${page}: ${response.status} ${await response.text()}`);
  const { rowCount } = await client.query(UPSERT, [await response.text()]);
  records += rowCount ?? 0;
  pages++;
  // Like the hub's Dub provider: a short page is the last one.
  if ((rowCount ?? 0) < pageSize) break;
}
const ms = performance.now() - started;
await client.end();
process.stdout.write(`${JSON.stringify({ records, pages, ms })}\n`);
