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

/** Where a links sync resumes: the next page to fetch, and the page size the pages were cut with. */
interface LinksCursor {
  v: 1;
  page: number;
  pageSize: number;
}

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
 * - GET /links?page=&pageSize= — links newest first, a JSON array, at most 100 a page
 *   (https://dub.co/docs/api-reference/endpoint/retrieve-a-list-of-links; links.read).
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
    return {
      externalAccountId: id,
      displayName: name,
      workspaceName: name,
      url: `https://app.dub.co/${encodeURIComponent(slug)}`,
      details: { slug, ...(workspace.plan ? { plan: workspace.plan } : {}) },
    };
  }

  /**
   * Links, newest first, one page per yield. `nextCursor` is the next page to fetch (null after the
   * last one), so a sync resumed from it never fetches a page twice.
   */
  async *sync(params: SyncParams): AsyncIterable<SyncPage> {
    if (params.resource !== 'links') {
      throw new IntegrationError('INVALID_CONFIG', `Dub cannot sync "${params.resource}" yet (only links)`);
    }
    const token = this.accessToken(params.credentials);
    let position: LinksCursor =
      params.cursor === null ? { v: 1, page: 1, pageSize: this.options.pageSize } : parseCursor(params.cursor);
    for (;;) {
      params.signal.throwIfAborted();
      const query = new URLSearchParams({ page: String(position.page), pageSize: String(position.pageSize) });
      const links = await this.http.get<unknown>(`/links?${query}`, token, params.signal);
      if (!Array.isArray(links))
        throw new IntegrationError('UNKNOWN', 'Dub answered GET /links with something other than a list');
      const records = links.map((link) => toRecord(link));
      const next: LinksCursor | null =
        links.length >= position.pageSize ? { v: 1, page: position.page + 1, pageSize: position.pageSize } : null;
      yield { records, nextCursor: next ? JSON.stringify(next) : null };
      if (!next) return;
      position = next;
    }
  }

  toIntegrationError(error: unknown): IntegrationError {
    return toDubIntegrationError(error);
  }
}

function parseCursor(cursor: string): LinksCursor {
  try {
    const parsed = JSON.parse(cursor) as Partial<LinksCursor>;
    const valid =
      parsed.v === 1 &&
      Number.isSafeInteger(parsed.page) &&
      (parsed.page as number) >= 1 &&
      Number.isSafeInteger(parsed.pageSize) &&
      (parsed.pageSize as number) >= 1 &&
      (parsed.pageSize as number) <= 100;
    if (valid) return parsed as LinksCursor;
  } catch {
    // fall through
  }
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
