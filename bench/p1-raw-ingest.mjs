// P1's raw side: a plain Node script with pg. Fetches the Dub links pages one after another and
// upserts each page with one statement. Prints one JSON line: { records, pages, ms }.
// Env: API (the sandbox's Dub API base), TOKEN, DATABASE_URL, TABLE, PAGE_SIZE (100).
import pg from 'pg';

const { API, TOKEN, DATABASE_URL, TABLE = 'raw_links', PAGE_SIZE = '100' } = process.env;
const pageSize = Number(PAGE_SIZE);
// The page's JSON text goes to PostgreSQL as it came: no parse here, the server splits it.
// It also answers the page's last link id, the cursor of the next page.
const UPSERT = `WITH page AS (SELECT e, n FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t (e, n)),
  written AS (INSERT INTO ${TABLE} (id, data) SELECT e->>'id', e FROM page
    ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data RETURNING 1)
  SELECT (SELECT count(*)::int FROM written) AS count, (SELECT e->>'id' FROM page ORDER BY n DESC LIMIT 1) AS last`;

const client = new pg.Client({ connectionString: DATABASE_URL });
await client.connect();
const started = performance.now();
let records = 0;
let pages = 0;
const get = async (path) => {
  const response = await fetch(`${API}${path}`, {
    headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/json' },
  });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return response.text();
};
// Like the hub's Dub provider: the links outside folders, then each folder's, archived ones included,
// by cursor; a short page ends a folder.
const folders = JSON.parse(await get('/folders?pageSize=50')).map((folder) => folder.id);
for (const folderId of [null, ...folders]) {
  for (let after = null; ;) {
    const query = new URLSearchParams({ pageSize: String(pageSize), showArchived: 'true' });
    if (folderId) query.set('folderId', folderId);
    if (after) query.set('startingAfter', after);
    const text = await get(`/links?${query}`);
    const [{ count, last }] = (await client.query(UPSERT, [text])).rows;
    records += count;
    pages++;
    if (count < pageSize) break;
    after = last;
  }
}
const ms = performance.now() - started;
await client.end();
process.stdout.write(`${JSON.stringify({ records, pages, ms })}\n`);
