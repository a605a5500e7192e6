import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  type AccountInfo,
  type CredentialsParams,
  HttpProvider,
  type HttpProviderOptions,
  IntegrationError,
  type IntegrationProvider,
  IntegrationProviderClass,
  PROVIDER_BASE_URLS,
  ProviderApiError,
  type ProviderBaseUrls,
  providerOptionsToken,
  requireCount,
  type SyncPage,
  type SyncParams,
} from '@hub/server/integrations/core';
import { dubErrorCode, toDubIntegrationError } from './dub-errors';
import { DUB_MANIFEST } from './dub.manifest';

export interface DubProviderOptions extends HttpProviderOptions {
  /** Links per page: Dub's maximum and default is 100. */
  readonly pageSize: number;
}

/** Nest token for `Partial<DubProviderOptions>` (optional). */
export const DUB_PROVIDER_OPTIONS = providerOptionsToken<DubProviderOptions>('dub');

/** Dub's answer to GET /oauth/userinfo: the user, and the one workspace the token is bound to. */
interface DubUserInfo {
  id?: string;
  name?: string | null;
  workspace?: { id?: string; slug?: string; name?: string; logo?: string | null } | null;
}

/** The parts of Dub's workspace object (GET /workspaces/{idOrSlug}) "connected as" uses. */
interface DubWorkspace {
  id: string;
  name: string;
  slug: string;
  plan?: string;
}

/**
 * Where a links sync resumes: the folder being listed (null: the links outside every folder, listed
 * first; then the folders by id) and the last link read there (Dub's `startingAfter` cursor).
 */
interface LinksCursor {
  v: 2;
  folderId: string | null;
  startingAfter: string | null;
}

/** GET /folders pages: at most 50 (https://dub.co/docs/api-reference/endpoint/retrieve-a-list-of-folders). */
const FOLDER_PAGE_SIZE = 50;

/** The link fields a synced record keeps (Dub's link object minus the password, QR code and owner ids). */
const LINK_FIELDS = [
  'domain',
  'key',
  'url',
  'shortLink',
  'title',
  'description',
  'archived',
  'expiresAt',
  'externalId',
  'tags',
  'folderId',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'clicks',
  'leads',
  'sales',
  'saleAmount',
  'lastClicked',
  'createdAt',
  'updatedAt',
] as const;

/**
 * Dub (dub.co): "connected as" the token's workspace, and a read-only sync of its links with their
 * click counts. Still coming soon in the catalog: the OAuth engine flips it to available.
 *
 * API used (base `https://api.dub.co`, overridable through `PROVIDER_BASE_URLS` or `withBaseUrl`):
 * - GET /oauth/userinfo — the user and the workspace the OAuth token is bound to
 *   (https://dub.co/docs/integrations/quickstart; scope user.read, included by default);
 * - GET /workspaces/{idOrSlug} — the workspace's plan
 *   (https://dub.co/docs/api-reference/endpoint/retrieve-a-workspace; workspaces.read);
 * - GET /folders?page=&pageSize= — the workspace's folders, at most 50 a page (folders.read);
 * - GET /links?folderId=&showArchived=true&startingAfter=&pageSize= — links newest first, a JSON
 *   array, at most 100 a page (https://dub.co/docs/api-reference/endpoint/retrieve-a-list-of-links;
 *   links.read). Without `folderId` Dub lists only the links outside every folder, and without
 *   `showArchived` it hides archived links, so a pass reads the links outside folders and then each
 *   folder's, archived ones included (`archived` stays a field of the record, not a deletion). It
 *   pages by cursor: the deprecated `page` stops at 1,000 pages, and offset pages shift when a link
 *   is deleted mid-pass (the shifted-over link would then count as deleted).
 * Dub documents no token revocation endpoint, so there is no `revoke`.
 */
@Injectable()
@IntegrationProviderClass()
export class DubProvider extends HttpProvider<DubProviderOptions> implements IntegrationProvider {
  readonly manifest = DUB_MANIFEST;
  private readonly http = this.client({ errorCode: dubErrorCode });

  constructor(
    @Optional() @Inject(PROVIDER_BASE_URLS) baseUrls?: ProviderBaseUrls | null,
    @Optional() @Inject(DUB_PROVIDER_OPTIONS) options?: Partial<DubProviderOptions> | null,
  ) {
    super({ manifest: DUB_MANIFEST, label: 'Dub', defaults: { timeoutMs: 10_000, pageSize: 100 } }, baseUrls, options);
    requireCount(this.options.pageSize, 100, 'Dub pages hold 1 to 100 links');
  }

  async getAccountInfo(params: CredentialsParams): Promise<AccountInfo> {
    const token = this.accessToken(params.credentials);
    const info = await this.http.get<DubUserInfo>('/oauth/userinfo', token, params.signal);
    const bound = info?.workspace;
    if (!bound || !(bound.id || bound.slug)) {
      throw new IntegrationError('UNKNOWN', 'Dub did not say which workspace the connection belongs to');
    }
    let workspace: Partial<DubWorkspace> = bound;
    try {
      workspace = await this.http.get<DubWorkspace>(
        `/workspaces/${encodeURIComponent(bound.id ?? bound.slug ?? '')}`,
        token,
        params.signal,
      );
    } catch (error) {
      // Without workspaces.read (a reduced grant) the card still shows the workspace, without its plan.
      if (!(error instanceof ProviderApiError && error.status === 403)) throw error;
    }
    const id = workspace.id ?? bound.id;
    const slug = workspace.slug ?? bound.slug;
    const name = workspace.name ?? bound.name ?? slug;
    if (!id || !slug || !name) throw new IntegrationError('UNKNOWN', 'Dub returned a workspace without id or slug');
    // The card says how many folders the sync reads besides the links outside them.
    const folders = await this.folderIds(token, params.signal).then(
      (ids) => ids.length,
      () => undefined,
    );
    return {
      externalAccountId: id,
      displayName: name,
      workspaceName: name,
      url: `https://app.dub.co/${encodeURIComponent(slug)}`,
      details: {
        slug,
        ...(workspace.plan ? { plan: workspace.plan } : {}),
        ...(folders === undefined ? {} : { folders }),
      },
    };
  }

  /**
   * Every link, one page per yield: those outside any folder, then each folder's (by folder id),
   * newest first, archived ones included. `nextCursor` names the folder and the last link read, so
   * a resumed sync never fetches a page twice.
   */
  async *sync(params: SyncParams): AsyncIterable<SyncPage> {
    if (params.resource !== 'links') {
      throw new IntegrationError('INVALID_CONFIG', `Dub cannot sync "${params.resource}" yet (only links)`);
    }
    const token = this.accessToken(params.credentials);
    const start: LinksCursor =
      params.cursor === null ? { v: 2, folderId: null, startingAfter: null } : parseCursor(params.cursor);
    const folders = await this.folderIds(token, params.signal);
    // Outside folders first, then the folders in id order. Resuming in a folder deleted since the
    // cursor was written goes on with the next one (the deleted folder's links are gone with it).
    const scopes: (string | null)[] = [null, ...folders];
    let i = 0;
    let startingAfter = start.startingAfter;
    if (start.folderId !== null) {
      const resumeAt = start.folderId;
      i = scopes.findIndex((id) => id !== null && id >= resumeAt);
      if (i === -1) i = scopes.length;
      else if (scopes[i] !== resumeAt) startingAfter = null;
    }
    let yielded = false;
    for (; i < scopes.length; i++, startingAfter = null) {
      const folderId = scopes[i];
      for (;;) {
        params.signal.throwIfAborted();
        const query = new URLSearchParams({
          pageSize: String(this.options.pageSize),
          showArchived: 'true',
          ...(folderId === null ? {} : { folderId }),
          ...(startingAfter === null ? {} : { startingAfter }),
        });
        const links = await this.linksPage(query, folderId, token, params.signal);
        const records = links.map((link) => toRecord(link));
        const more = links.length >= this.options.pageSize;
        startingAfter = more ? (records.at(-1)?.externalId ?? null) : null;
        const following = i + 1 < scopes.length ? scopes[i + 1] : undefined;
        const next: LinksCursor | null = more
          ? { v: 2, folderId, startingAfter }
          : following === undefined
            ? null
            : { v: 2, folderId: following, startingAfter: null };
        yield { records, nextCursor: next ? JSON.stringify(next) : null };
        yielded = true;
        if (!more) break;
      }
    }
    // Resumed past the last folder (it was deleted): the pass is over.
    if (!yielded) yield { records: [], nextCursor: null };
  }

  /** The workspace's folder ids, sorted: every page of GET /folders. */
  private async folderIds(token: string, signal: AbortSignal | undefined): Promise<string[]> {
    const ids: string[] = [];
    for (let page = 1; ; page++) {
      const query = new URLSearchParams({ page: String(page), pageSize: String(FOLDER_PAGE_SIZE) });
      let folders: unknown;
      try {
        folders = await this.http.get<unknown>(`/folders?${query}`, token, signal);
      } catch (error) {
        if (error instanceof ProviderApiError && error.status === 403) {
          throw new IntegrationError(
            'INSUFFICIENT_SCOPE',
            'Dub did not let the hub list folders (folders.read): reconnect Dub so the links in folders sync too',
            { status: 403 },
          );
        }
        throw error;
      }
      if (!Array.isArray(folders))
        throw new IntegrationError('UNKNOWN', 'Dub answered GET /folders with something other than a list');
      for (const folder of folders) {
        const id = (folder as { id?: unknown } | null)?.id;
        if (typeof id !== 'string' || id === '')
          throw new IntegrationError('UNKNOWN', 'Dub returned a folder without an id');
        ids.push(id);
      }
      if (folders.length < FOLDER_PAGE_SIZE) return [...new Set(ids)].sort();
    }
  }

  /** A page of links; a folder deleted after it was listed has none left (404). */
  private async linksPage(
    query: URLSearchParams,
    folderId: string | null,
    token: string,
    signal: AbortSignal,
  ): Promise<unknown[]> {
    let links: unknown;
    try {
      links = await this.http.get<unknown>(`/links?${query}`, token, signal);
    } catch (error) {
      if (error instanceof ProviderApiError && error.status === 404 && folderId !== null) return [];
      throw error;
    }
    if (!Array.isArray(links))
      throw new IntegrationError('UNKNOWN', 'Dub answered GET /links with something other than a list');
    return links;
  }

  toIntegrationError(error: unknown): IntegrationError {
    return toDubIntegrationError(error);
  }
}

function parseCursor(cursor: string): LinksCursor {
  try {
    const parsed = JSON.parse(cursor) as Partial<LinksCursor>;
    const id = (value: unknown) =>
      value === null || (typeof value === 'string' && value.length > 0 && value.length <= 200);
    if (parsed.v === 2 && id(parsed.folderId) && id(parsed.startingAfter)) return parsed as LinksCursor;
  } catch {
    // fall through
  }
  // Also a v1 (page-number) cursor of an earlier hub: the pass starts over.
  throw new IntegrationError('CURSOR_INVALID', 'The saved Dub links cursor is not one this provider wrote');
}

function toRecord(link: unknown): SyncPage['records'][number] {
  const source = (link ?? {}) as Record<string, unknown>;
  const id = source['id'];
  if (typeof id !== 'string' || id === '') throw new IntegrationError('UNKNOWN', 'Dub returned a link without an id');
  const data: Record<string, unknown> = {};
  for (const field of LINK_FIELDS) if (field in source) data[field] = source[field];
  return { externalId: id, data };
}
