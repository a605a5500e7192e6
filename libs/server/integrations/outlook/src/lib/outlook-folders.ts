import { cursorFields, graphLinkPath, graphPage, IntegrationError, isGraphLink } from '@hub/server/integrations/core';
import { OUTLOOK } from './outlook-errors';

/**
 * The mail folder tree, walked a listing page at a time. v1.0 lists only the folders "directly under
 * the root" (https://learn.microsoft.com/en-us/graph/api/user-list-mailfolders); each folder's
 * children come from its own `childFolders` listing (https://learn.microsoft.com/en-us/graph/api/mailfolder-list-childfolders),
 * asked for only where `childFolderCount` says there are any. Both page with `$top` and
 * `@odata.nextLink` (the default page is about 10 folders:
 * https://github.com/microsoftgraph/microsoft-graph-docs-contrib/issues/9037).
 *
 * Hidden folders are left out (no `includeHiddenFolders=true`): Outlook does not show them, and they
 * hold what apps keep for themselves rather than the person's mail
 * (https://learn.microsoft.com/en-us/graph/api/resources/mailfolder#hidden-mail-folders). Search
 * folders (`mailSearchFolder`) are left out too: their messages are those of other folders, which are
 * synced where they live (https://learn.microsoft.com/en-us/graph/api/resources/mailsearchfolder).
 */

/** The mailFolder properties the hub reads (https://learn.microsoft.com/en-us/graph/api/resources/mailfolder). */
export const FOLDER_FIELDS = 'id,displayName,parentFolderId,childFolderCount,totalItemCount,unreadItemCount';
const SEARCH_FOLDER_TYPE = '#microsoft.graph.mailSearchFolder';
/** Graph's ids run to a few hundred characters; deeper trees than this are not a mailbox's. */
const MAX_ID_LENGTH = 1024;
const MAX_DEPTH = 64;

export interface GraphMailFolder {
  '@odata.type'?: string;
  id?: string;
  displayName?: string | null;
  parentFolderId?: string | null;
  childFolderCount?: number;
  totalItemCount?: number;
  unreadItemCount?: number;
}

/** A folder as the hub keeps it: its id and the display names from the top of the tree down to it. */
export interface MailFolder {
  readonly id: string;
  readonly path: readonly string[];
  readonly parentFolderId?: string;
  readonly childFolderCount?: number;
  readonly totalItemCount?: number;
  readonly unreadItemCount?: number;
}

/** Where a walk stands: the folders whose children are still to list (null: the top), and the next page of the first. */
export interface FolderWalk {
  readonly queue: readonly { readonly id: string | null; readonly path: readonly string[] }[];
  readonly link: string | null;
}

export const START_WALK: FolderWalk = { queue: [{ id: null, path: [] }], link: null };

/** "Inbox / Projects": how a folder is named to people (a name that itself holds " / " reads ambiguously). */
export function folderName(path: readonly string[]): string {
  return path.join(' / ');
}

/** The path (and query) of the next listing request of `walk`, or null when the walk is done. */
export function nextListing(walk: FolderWalk, apiBaseUrl: string, pageSize: number): string | null {
  const current = walk.queue[0];
  if (!current) return null;
  if (walk.link !== null) return graphLinkPath(walk.link, apiBaseUrl, OUTLOOK);
  const query = new URLSearchParams({ $select: FOLDER_FIELDS, $top: String(pageSize) });
  return current.id === null
    ? `/me/mailFolders?${query}`
    : `/me/mailFolders/${encodeURIComponent(current.id)}/childFolders?${query}`;
}

/** The folders of one listing answer, and the walk after it. */
export function afterListing(
  walk: FolderWalk,
  body: unknown,
  apiBaseUrl: string,
): { folders: MailFolder[]; walk: FolderWalk } {
  const current = walk.queue[0];
  const page = graphPage<GraphMailFolder | null>(body, apiBaseUrl, OUTLOOK);
  const folders: MailFolder[] = [];
  const parents: { id: string; path: string[] }[] = [];
  for (const entry of page.value) {
    if (!entry || entry['@odata.type'] === SEARCH_FOLDER_TYPE) continue;
    const id = folderId(entry.id);
    const name = typeof entry.displayName === 'string' && entry.displayName.trim() !== '' ? entry.displayName : id;
    const path = [...current.path, name];
    folders.push({
      id,
      path,
      ...(typeof entry.parentFolderId === 'string' ? { parentFolderId: entry.parentFolderId } : {}),
      ...(isCount(entry.childFolderCount) ? { childFolderCount: entry.childFolderCount } : {}),
      ...(isCount(entry.totalItemCount) ? { totalItemCount: entry.totalItemCount } : {}),
      ...(isCount(entry.unreadItemCount) ? { unreadItemCount: entry.unreadItemCount } : {}),
    });
    // Without a count, look: a folder may have children all the same.
    if (entry.childFolderCount !== 0 && path.length < MAX_DEPTH) parents.push({ id, path });
  }
  if (page.nextLink !== undefined) {
    return { folders, walk: { queue: [current, ...walk.queue.slice(1), ...parents], link: page.nextLink } };
  }
  return { folders, walk: { queue: [...walk.queue.slice(1), ...parents], link: null } };
}

/** Whether `value` is a walk this provider wrote, its link under the API. */
export function isFolderWalk(value: unknown, apiBaseUrl: string): value is FolderWalk {
  const fields = cursorFields(value);
  const queue = fields?.['queue'];
  const link = fields?.['link'];
  return (
    Array.isArray(queue) &&
    queue.every((entry) => {
      const e = cursorFields(entry);
      return (e?.['id'] === null || isFolderId(e?.['id'])) && isPath(e?.['path']);
    }) &&
    (link === null || (queue.length > 0 && isGraphLink(link, apiBaseUrl)))
  );
}

export function isFolderId(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && value.length <= MAX_ID_LENGTH;
}

export function isPath(value: unknown): value is string[] {
  return (
    Array.isArray(value) && value.length <= MAX_DEPTH && value.every((name) => typeof name === 'string' && name !== '')
  );
}

function folderId(value: unknown): string {
  if (!isFolderId(value)) throw new IntegrationError('UNKNOWN', `${OUTLOOK} listed a mail folder without an id`);
  return value;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
