import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  type AccountInfo,
  type CredentialsParams,
  cursorFields,
  decodeCursor,
  describeMicrosoftTokenError,
  encodeCursor,
  graphErrorCode,
  graphLinkPath,
  graphPage,
  HttpProvider,
  type HttpProviderOptions,
  IntegrationError,
  type IntegrationProvider,
  IntegrationProviderClass,
  isGraphLink,
  microsoftIdentity,
  PROVIDER_BASE_URLS,
  ProviderApiError,
  type ProviderBaseUrls,
  providerOptionsToken,
  requireCount,
  type SyncPage,
  type SyncParams,
  type TokenErrorDetails,
  type TokenErrorMeaning,
} from '@hub/server/integrations/core';
import { ONEDRIVE, toOneDriveIntegrationError } from './onedrive-errors';
import { ONEDRIVE_MANIFEST } from './onedrive.manifest';

export interface OneDriveProviderOptions extends HttpProviderOptions {
  /**
   * Items per delta page (`$top`, which driveItem delta supports): 1 to 1000, default 200. Microsoft
   * documents no maximum for delta; the page size stays the service's to choose and may be smaller.
   */
  readonly pageSize: number;
}

/** Nest token for `Partial<OneDriveProviderOptions>` (optional). */
export const ONEDRIVE_PROVIDER_OPTIONS = providerOptionsToken<OneDriveProviderOptions>('onedrive');

/**
 * The driveItem properties a record is made of (delta's `$select`): metadata, never content. `root`
 * tells the drive's root folder (not a record), `deleted` a deleted item, `file` / `folder` /
 * `package` (OneNote notebooks) the kind (https://learn.microsoft.com/en-us/graph/api/resources/driveitem).
 */
const ITEM_FIELDS =
  'id,name,size,file,folder,package,root,deleted,parentReference,createdDateTime,lastModifiedDateTime,webUrl,createdBy,lastModifiedBy';
const USER_FIELDS = 'id,displayName,mail,userPrincipalName';
const DRIVE_FIELDS = 'id,driveType,quota,webUrl';
/** With User.Read an app reads only id, displayName and verifiedDomains of the organization. */
const ORGANIZATION_FIELDS = 'id,displayName';
const DRIVE_TYPES: ReadonlySet<string> = new Set(['personal', 'business', 'documentLibrary']);
const QUOTA_STATES: ReadonlySet<string> = new Set(['normal', 'nearing', 'critical', 'exceeded']);

interface GraphUser {
  id?: string;
  displayName?: string | null;
  mail?: string | null;
  userPrincipalName?: string | null;
}

interface GraphOrganization {
  id?: string;
  displayName?: string | null;
}

interface GraphDrive {
  id?: string;
  driveType?: string;
  webUrl?: string;
  quota?: { total?: number; used?: number; remaining?: number; deleted?: number; state?: string };
}

interface Identity {
  user?: { displayName?: string; email?: string };
  application?: { displayName?: string };
  device?: { displayName?: string };
}

interface DriveItem {
  id?: string;
  name?: string;
  size?: number;
  file?: { mimeType?: string } | null;
  folder?: { childCount?: number } | null;
  package?: { type?: string } | null;
  root?: object | null;
  deleted?: object | null;
  parentReference?: { id?: string; driveId?: string };
  createdDateTime?: string;
  lastModifiedDateTime?: string;
  webUrl?: string;
  createdBy?: Identity;
  lastModifiedBy?: Identity;
}

/**
 * Where a files sync resumes: the Graph link to GET next, as Graph handed it out. Within a round, the
 * `@odata.nextLink` of the page before (the `nextCursor`); after it, the `@odata.deltaLink` that
 * starts the next round (the `syncToken`). Opaque: only checked to be under the API base URL.
 */
interface OneDriveCursor {
  v: 1;
  kind: 'delta';
  link: string;
}

/**
 * OneDrive: "connected as" the person of the ID token, with their organization and drive, and a
 * read-only sync of the metadata of every item of their drive, incremental through driveItem delta.
 *
 * API used (base `https://graph.microsoft.com/v1.0`, overridable through `PROVIDER_BASE_URLS`):
 * - GET /me?$select=… — display name and address (https://learn.microsoft.com/en-us/graph/api/user-get;
 *   `mail` is null for personal accounts and work accounts without a mailbox: then `userPrincipalName`);
 * - GET /organization?$select=id,displayName — the tenant's name, work or school accounts only
 *   ("Delegated (personal Microsoft account): Not supported", https://learn.microsoft.com/en-us/graph/api/organization-list);
 * - GET /me/drive?$select=… — driveType and quota (https://learn.microsoft.com/en-us/graph/api/drive-get,
 *   https://learn.microsoft.com/en-us/graph/api/resources/quota);
 * - GET /me/drive/root/delta?$select=…&$top= — every item, then only changes
 *   (https://learn.microsoft.com/en-us/graph/api/driveitem-delta): follow `@odata.nextLink` (it keeps
 *   the query; even an empty page may have one) until `@odata.deltaLink`, the next round's start.
 * Quirks: the same item may appear more than once (the last occurrence wins); deleted items carry the
 * `deleted` facet, without `name` on OneDrive for Business or `size` on personal OneDrive; the root
 * folder is in the feed; `parentReference.path` is never sent (items are tracked by id); a delta
 * token too old answers 410 with a resync code (→ CURSOR_INVALID: the runner starts over with a full
 * pass, which deletes what it no longer sees — the "replace local with the server's version" of
 * `resyncChangesApplyDifferences`; its `Location` is not needed, the first delta request is the same).
 */
@Injectable()
@IntegrationProviderClass()
export class OneDriveProvider extends HttpProvider<OneDriveProviderOptions> implements IntegrationProvider {
  readonly manifest = ONEDRIVE_MANIFEST;
  private readonly http = this.client({ errorCode: graphErrorCode });

  constructor(
    @Optional() @Inject(PROVIDER_BASE_URLS) baseUrls?: ProviderBaseUrls | null,
    @Optional() @Inject(ONEDRIVE_PROVIDER_OPTIONS) options?: Partial<OneDriveProviderOptions> | null,
  ) {
    super(
      { manifest: ONEDRIVE_MANIFEST, label: ONEDRIVE, defaults: { timeoutMs: 15_000, pageSize: 200 } },
      baseUrls,
      options,
    );
    requireCount(this.options.pageSize, 1000, 'OneDrive delta pages hold 1 to 1000 items');
  }

  /**
   * Who connected comes from the ID token (`tid`, `oid`: the account key, see `microsoftIdentity`);
   * /me, /organization and /me/drive only describe them.
   */
  async getAccountInfo(params: CredentialsParams): Promise<AccountInfo> {
    const token = this.accessToken(params.credentials);
    const identity = microsoftIdentity(params.credentials['idToken'], ONEDRIVE);
    const { signal } = params;
    const me = await this.http.get<GraphUser | undefined>(`/me?${select(USER_FIELDS)}`, token, signal);
    const organization = identity.personal
      ? undefined
      : organizationOf(
          await this.http.get<unknown>(`/organization?${select(ORGANIZATION_FIELDS)}`, token, signal),
          identity.tenantId,
        );
    const drive = await this.http.get<GraphDrive | undefined>(`/me/drive?${select(DRIVE_FIELDS)}`, token, signal);

    const email = emailOf(me) ?? (identity.username?.includes('@') ? identity.username : undefined);
    const driveType =
      typeof drive?.driveType === 'string' && DRIVE_TYPES.has(drive.driveType) ? drive.driveType : undefined;
    const storage = storageOf(drive?.quota);
    const url = httpsUrl(drive?.webUrl) ?? (identity.personal ? 'https://onedrive.live.com/' : undefined);
    return {
      externalAccountId: identity.accountKey,
      displayName: nonEmpty(me?.displayName) ?? identity.name ?? email ?? identity.accountKey,
      ...(email ? { email } : {}),
      ...(organization ? { workspaceName: organization } : {}),
      ...(url ? { url } : {}),
      details: {
        accountType: identity.personal ? 'personal Microsoft account' : 'work or school account',
        ...(organization ? { organization } : {}),
        ...(driveType ? { driveType } : {}),
        ...storage,
      },
    };
  }

  /**
   * Files, page by page: from no cursor a full round of driveItem delta (every item), whose last page
   * hands out the `@odata.deltaLink` as `syncToken`; from that, the changes since.
   */
  async *sync(params: SyncParams): AsyncIterable<SyncPage> {
    if (params.resource !== 'files') {
      throw new IntegrationError('INVALID_CONFIG', `${ONEDRIVE} cannot sync "${params.resource}" (only files)`);
    }
    const token = this.accessToken(params.credentials);
    const { signal } = params;
    const base = this.options.apiBaseUrl;
    const isCursor = (value: unknown): value is OneDriveCursor => {
      const fields = cursorFields(value);
      return fields?.['v'] === 1 && fields['kind'] === 'delta' && isGraphLink(fields['link'], base);
    };
    let link = params.cursor === null ? null : decodeCursor(params.cursor, ONEDRIVE, isCursor).link;

    for (;;) {
      signal.throwIfAborted();
      const path =
        link === null
          ? `/me/drive/root/delta?${new URLSearchParams({ $select: ITEM_FIELDS, $top: String(this.options.pageSize) })}`
          : graphLinkPath(link, base, ONEDRIVE);
      const page = graphPage<DriveItem>(await this.fetchDelta(path, link !== null, token, signal), base, ONEDRIVE);
      const changes = changesOf(page.value);
      if (page.nextLink !== undefined) {
        link = page.nextLink;
        yield { ...changes, nextCursor: encodeCursor({ v: 1, kind: 'delta', link } satisfies OneDriveCursor) };
        continue;
      }
      if (page.deltaLink === undefined) {
        throw new IntegrationError('UNKNOWN', `${ONEDRIVE} answered delta with neither a next link nor a delta link`);
      }
      const syncToken: OneDriveCursor = { v: 1, kind: 'delta', link: page.deltaLink };
      yield { ...changes, nextCursor: null, syncToken: encodeCursor(syncToken) };
      return;
    }
  }

  toIntegrationError(error: unknown): IntegrationError {
    return toOneDriveIntegrationError(error);
  }

  /** Microsoft's token refusals (AADSTS codes), named for OneDrive. */
  describeTokenError(details: TokenErrorDetails): TokenErrorMeaning | undefined {
    return describeMicrosoftTokenError(details, ONEDRIVE);
  }

  /**
   * One delta request. A link Graph handed out that it then refuses as malformed (400) or unknown
   * (404) is CURSOR_INVALID, so the runner starts over once from a fresh enumeration rather than
   * stopping for good on a saved link: garbled links and a 404 mid-enumeration have been seen
   * (https://github.com/OneDrive/onedrive-api-docs/issues/1424, https://github.com/OneDrive/onedrive-api-docs/issues/1476).
   * A fresh enumeration that fails the same way is mapped as usual.
   */
  private async fetchDelta(path: string, fromLink: boolean, token: string, signal: AbortSignal): Promise<unknown> {
    try {
      return await this.http.get<unknown>(path, token, signal);
    } catch (error) {
      if (fromLink && error instanceof ProviderApiError && (error.status === 400 || error.status === 404)) {
        throw new IntegrationError(
          'CURSOR_INVALID',
          `${ONEDRIVE} no longer accepts the saved delta link (${error.status}${error.code ? `, ${error.code}` : ''}): a full sync follows`,
          { status: error.status },
        );
      }
      throw error;
    }
  }
}

/** `$select` (URLSearchParams writes `$` as `%24`, which OData takes). */
function select(fields: string): URLSearchParams {
  return new URLSearchParams({ $select: fields });
}

/**
 * A page's records and deletions. An item may appear more than once in the feed: only its last
 * occurrence counts (https://learn.microsoft.com/en-us/graph/api/driveitem-delta, Remarks), in the
 * order of those last occurrences. The root folder is the drive itself, not a record.
 */
function changesOf(items: readonly DriveItem[]): Pick<SyncPage, 'records' | 'deletedIds'> {
  const latest = new Map<string, DriveItem>();
  for (const item of items) {
    const id = itemId(item);
    latest.delete(id);
    latest.set(id, item);
  }
  const records: SyncPage['records'][number][] = [];
  const deletedIds: string[] = [];
  for (const [id, item] of latest) {
    if (isFacet(item.root)) continue;
    // "The presence (non-null) of the resource value indicates that the file was deleted"
    // (https://learn.microsoft.com/en-us/graph/api/resources/deleted).
    if (isFacet(item.deleted)) deletedIds.push(id);
    else records.push({ externalId: id, data: dataOf(item) });
  }
  return { records, deletedIds };
}

function itemId(item: DriveItem | undefined): string {
  if (typeof item?.id !== 'string' || item.id === '' || item.id.length > 512) {
    throw new IntegrationError('UNKNOWN', `${ONEDRIVE} returned an item without an id`);
  }
  return item.id;
}

function isFacet(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

function dataOf(item: DriveItem): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  if (typeof item.name === 'string') data['name'] = item.name;
  const type = isFacet(item.folder)
    ? 'folder'
    : isFacet(item.file)
      ? 'file'
      : isFacet(item.package)
        ? 'package'
        : undefined;
  if (type) data['type'] = type;
  if (typeof item.file?.mimeType === 'string') data['mimeType'] = item.file.mimeType;
  if (isCount(item.folder?.childCount)) data['childCount'] = item.folder.childCount;
  if (typeof item.package?.type === 'string') data['packageType'] = item.package.type;
  // Bytes; for a folder, of everything in it.
  if (isCount(item.size)) data['size'] = item.size;
  if (typeof item.parentReference?.id === 'string') data['parentId'] = item.parentReference.id;
  if (typeof item.parentReference?.driveId === 'string') data['driveId'] = item.parentReference.driveId;
  for (const key of ['createdDateTime', 'lastModifiedDateTime'] as const) {
    if (typeof item[key] === 'string') data[key] = item[key];
  }
  const webUrl = httpsUrl(item.webUrl);
  if (webUrl) data['webUrl'] = webUrl;
  for (const key of ['createdBy', 'lastModifiedBy'] as const) {
    const who = identityOf(item[key]);
    if (who) data[key] = who;
  }
  return data;
}

/** An identitySet as a record keeps it: the user's name and address, else the app's or device's name. */
function identityOf(set: Identity | undefined): Record<string, string> | undefined {
  const user = set?.user;
  const name =
    nonEmpty(user?.displayName) ?? nonEmpty(set?.application?.displayName) ?? nonEmpty(set?.device?.displayName);
  if (!name) return undefined;
  const email = typeof user?.email === 'string' && user.email.includes('@') ? user.email : undefined;
  return { displayName: name, ...(email ? { email } : {}) };
}

/**
 * The address to show: `mail`, else `userPrincipalName` (a personal account's is its address;
 * https://github.com/OfficeDev/outlook-dev-docs/issues/196), but not a guest's `…#EXT#@…` name.
 */
function emailOf(me: GraphUser | undefined): string | undefined {
  const mail = nonEmpty(me?.mail);
  if (mail?.includes('@')) return mail;
  const upn = nonEmpty(me?.userPrincipalName);
  return upn?.includes('@') && !upn.includes('#EXT#') ? upn : undefined;
}

/** The tenant's name: the organization whose id is the token's `tid` (there is only one), else the first. */
function organizationOf(body: unknown, tenantId: string): string | undefined {
  const value = cursorFields(body)?.['value'];
  if (!Array.isArray(value)) return undefined;
  const organizations = value as (GraphOrganization | null)[];
  const own =
    organizations.find((org) => typeof org?.id === 'string' && org.id.toLowerCase() === tenantId) ?? organizations[0];
  return nonEmpty(own?.displayName);
}

/**
 * The quota, readable: "61.3 MB used of 1 TB" and its state. Get drive's documented answer has no
 * `used`: it is then the total less what `remaining` says is left (recycle bin included).
 */
function storageOf(quota: GraphDrive['quota']): Record<string, string> {
  const total = isCount(quota?.total) ? quota.total : undefined;
  const remaining = isCount(quota?.remaining) ? quota.remaining : undefined;
  const used = isCount(quota?.used)
    ? quota.used
    : total !== undefined && remaining !== undefined && remaining <= total
      ? total - remaining
      : undefined;
  const state = typeof quota?.state === 'string' && QUOTA_STATES.has(quota.state) ? quota.state : undefined;
  const storage =
    used !== undefined && total !== undefined
      ? `${formatBytes(used)} used of ${formatBytes(total)}`
      : used !== undefined
        ? `${formatBytes(used)} used`
        : total !== undefined
          ? `${formatBytes(total)} in all`
          : undefined;
  return { ...(storage ? { storage } : {}), ...(state ? { storageState: state } : {}) };
}

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;

/** Bytes in binary units as OneDrive shows them (1 TB = 1024⁴ bytes), one decimal at most. */
function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (unit < UNITS.length - 1 && value >= 1024) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  return `${Math.round(value * 10) / 10} ${UNITS[unit]}`;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function httpsUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 4096) return undefined;
  try {
    return new URL(value).protocol === 'https:' ? value : undefined;
  } catch {
    return undefined;
  }
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
