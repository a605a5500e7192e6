import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, '../lib/fixtures', name), 'utf8'));

/** The last link of each fixture page, and the page that follows it (Dub's `startingAfter` cursor). */
const AFTER: Record<string, string> = {
  link_1JD0Q8M3E6KHZ4QG2V0S5XW1T: 'links-page-2.json',
  link_1JCXK5T0QGV7HN2DW4ZB9MEP6: 'links-page-3.json',
};

export const FOLDER_ID = 'fold_1JCQ8XW2M4N6P8R0T2V4X6Z8B';

/**
 * Dub's API over the fixtures, with pages of 2 as Dub cuts them: GET /folders (one folder), and
 * GET /links — the 5 links outside folders by `startingAfter` (2, 2, 1), and the folder's one
 * (archived) link only with `folderId` and `showArchived=true`. Anything else is `undefined` (404).
 */
export function dubFixtureAnswer(path: string, query: URLSearchParams): unknown[] | undefined {
  if (path === '/folders') return Number(query.get('page') ?? '1') === 1 ? (fixture('folders.json') as unknown[]) : [];
  if (path !== '/links') return undefined;
  const folderId = query.get('folderId');
  if (folderId !== null) {
    if (folderId !== FOLDER_ID) return undefined;
    return query.get('showArchived') === 'true' && !query.has('startingAfter')
      ? (fixture('links-folder.json') as unknown[])
      : [];
  }
  const after = query.get('startingAfter');
  if (after === null) return fixture('links-page-1.json') as unknown[];
  return AFTER[after] ? (fixture(AFTER[after]) as unknown[]) : [];
}
