import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  type AccountInfo,
  type CredentialsParams,
  cursorFields,
  decodeCursor,
  encodeCursor,
  HttpProvider,
  type HttpProviderOptions,
  IntegrationError,
  type IntegrationProvider,
  IntegrationProviderClass,
  PROVIDER_BASE_URLS,
  type ProviderBaseUrls,
  providerOptionsToken,
  requireCount,
  type SyncPage,
  type SyncParams,
} from '@hub/server/integrations/core';
import { GOOGLE_DRIVE, googleDriveErrorCode, toGoogleDriveIntegrationError } from './google-drive-errors';
import { GOOGLE_DRIVE_MANIFEST } from './google-drive.manifest';

export interface GoogleDriveProviderOptions extends HttpProviderOptions {
  /** Files (and changes) per page: 1 to 1000 (Drive's maximum), default 100 (Drive's default). */
  readonly pageSize: number;
}

/** Nest token for `Partial<GoogleDriveProviderOptions>` (optional). */
export const GOOGLE_DRIVE_PROVIDER_OPTIONS = providerOptionsToken<GoogleDriveProviderOptions>('google-drive');

/** The file fields a record keeps (files.list / changes.list `fields`): metadata, never content. */
const FILE_FIELDS =
  'id,name,mimeType,parents,owners(emailAddress,displayName),size,createdTime,modifiedTime,webViewLink,trashed,starred,shared';
const ABOUT_FIELDS = 'user(displayName,emailAddress,permissionId),storageQuota(limit,usage)';
/** Drive's own tokens: start page tokens are change numbers, page tokens opaque; neither is empty or huge. */
const DRIVE_TOKEN = /^[\x21-\x7e]{1,2048}$/;

/** Drive's about resource, as `ABOUT_FIELDS` asks for it (int64 values are strings). */
interface DriveAbout {
  user?: { displayName?: string; emailAddress?: string; permissionId?: string };
  storageQuota?: { limit?: string; usage?: string };
}

interface DriveFile {
  id?: string;
  name?: string;
  mimeType?: string;
  parents?: string[];
  owners?: { emailAddress?: string; displayName?: string }[];
  size?: string;
  createdTime?: string;
  modifiedTime?: string;
  webViewLink?: string;
  trashed?: boolean;
  starred?: boolean;
  shared?: boolean;
}

interface DriveFileList {
  nextPageToken?: string;
  files?: DriveFile[];
}

interface DriveChangeList {
  nextPageToken?: string;
  newStartPageToken?: string;
  changes?: { changeType?: string; removed?: boolean; fileId?: string; file?: DriveFile }[];
}

/**
 * Where a files sync resumes. `files`: a full pass (files.list), with the start page token taken
 * before it began and the next page's token (null: the first page). `changes`: the change feed from
 * a page token (a start page token, Drive's next page token of changes.list, or its new start page
 * token: the sync token a full pass or the change feed ends with).
 */
type DriveCursor =
  | { v: 1; kind: 'files'; startPageToken: string; pageToken: string | null }
  | { v: 1; kind: 'changes'; pageToken: string };

/**
 * Google Drive: "connected as" the Drive user (about.get), and a read-only sync of the metadata of
 * every file and folder not in the trash, incremental through Drive's change feed.
 *
 * API used (base `https://www.googleapis.com/drive/v3`, overridable through `PROVIDER_BASE_URLS`):
 * - GET /about?fields=… — the user and the storage quota
 *   (https://developers.google.com/drive/api/reference/rest/v3/about/get; `fields` is required);
 * - GET /changes/startPageToken — taken BEFORE a full pass lists files, so changes made during the
 *   listing come back in the next incremental run
 *   (https://developers.google.com/drive/api/guides/manage-changes);
 * - GET /files?q=trashed=false&pageSize=&pageToken=&fields=… — the full pass
 *   (https://developers.google.com/drive/api/reference/rest/v3/files/list; pages may be short, or
 *   empty, before the end: only `nextPageToken` says there is more);
 * - GET /changes?pageToken=&includeRemoved=true&spaces=drive&fields=… — the changes since; the last
 *   page carries `newStartPageToken` (https://developers.google.com/drive/api/reference/rest/v3/changes/list).
 *   `removed: true` (deleted for good, or access lost) and `file.trashed: true` become deletedIds.
 */
@Injectable()
@IntegrationProviderClass()
export class GoogleDriveProvider extends HttpProvider<GoogleDriveProviderOptions> implements IntegrationProvider {
  readonly manifest = GOOGLE_DRIVE_MANIFEST;
  private readonly http = this.client({ errorCode: googleDriveErrorCode });

  constructor(
    @Optional() @Inject(PROVIDER_BASE_URLS) baseUrls?: ProviderBaseUrls | null,
    @Optional() @Inject(GOOGLE_DRIVE_PROVIDER_OPTIONS) options?: Partial<GoogleDriveProviderOptions> | null,
  ) {
    super(
      { manifest: GOOGLE_DRIVE_MANIFEST, label: GOOGLE_DRIVE, defaults: { timeoutMs: 15_000, pageSize: 100 } },
      baseUrls,
      options,
    );
    requireCount(this.options.pageSize, 1000, 'Google Drive pages hold 1 to 1000 files');
  }

  async getAccountInfo(params: CredentialsParams): Promise<AccountInfo> {
    const token = this.accessToken(params.credentials);
    const about = await this.http.get<DriveAbout | undefined>(
      `/about?${new URLSearchParams({ fields: ABOUT_FIELDS })}`,
      token,
      params.signal,
    );
    const user = about?.user;
    if (typeof user?.permissionId !== 'string' || user.permissionId === '') {
      throw new IntegrationError('UNKNOWN', `${GOOGLE_DRIVE} did not say who the connected user is`);
    }
    const email = nonEmptyString(user.emailAddress);
    const usage = bytes(about?.storageQuota?.usage);
    // No limit: an unlimited plan (about.storageQuota.limit: "not present if the user has unlimited storage").
    const limit = bytes(about?.storageQuota?.limit);
    return {
      externalAccountId: user.permissionId,
      displayName: nonEmptyString(user.displayName) ?? email ?? user.permissionId,
      ...(email ? { email } : {}),
      url: 'https://drive.google.com/drive/my-drive',
      details: {
        ...(usage !== undefined ? { storageUsedBytes: usage } : {}),
        ...(limit !== undefined ? { storageLimitBytes: limit } : { storageUnlimited: true }),
      },
    };
  }

  /**
   * Files, page by page. From no cursor: a full pass (the start page token first, then files.list;
   * its last page hands out the start page token as `syncToken`). From a `changes` cursor: the change
   * feed, whose last page hands out Drive's new start page token.
   */
  async *sync(params: SyncParams): AsyncIterable<SyncPage> {
    if (params.resource !== 'files') {
      throw new IntegrationError('INVALID_CONFIG', `${GOOGLE_DRIVE} cannot sync "${params.resource}" (only files)`);
    }
    const token = this.accessToken(params.credentials);
    const { signal } = params;
    let position: DriveCursor;
    if (params.cursor === null) {
      signal.throwIfAborted();
      const start = await this.http.get<{ startPageToken?: unknown } | undefined>(
        '/changes/startPageToken',
        token,
        signal,
      );
      const startPageToken = start?.startPageToken;
      if (typeof startPageToken !== 'string' || !DRIVE_TOKEN.test(startPageToken)) {
        throw new IntegrationError('UNKNOWN', `${GOOGLE_DRIVE} answered without a start page token`);
      }
      position = { v: 1, kind: 'files', startPageToken, pageToken: null };
    } else {
      position = decodeCursor(params.cursor, GOOGLE_DRIVE, isDriveCursor);
    }

    for (;;) {
      signal.throwIfAborted();
      if (position.kind === 'files') {
        const query = new URLSearchParams({
          pageSize: String(this.options.pageSize),
          q: 'trashed = false',
          fields: `nextPageToken,files(${FILE_FIELDS})`,
        });
        if (position.pageToken !== null) query.set('pageToken', position.pageToken);
        const list = await this.http.get<DriveFileList | undefined>(`/files?${query}`, token, signal);
        if (!Array.isArray(list?.files)) {
          throw new IntegrationError('UNKNOWN', `${GOOGLE_DRIVE} answered files.list without a files list`);
        }
        // q=trashed=false already leaves the trash out; a trashed file in the answer is skipped anyway.
        const records = list.files.filter((file) => file?.trashed !== true).map((file) => toRecord(file));
        const next = nextToken(list.nextPageToken, 'files.list');
        if (next !== undefined) {
          const cursor: DriveCursor = { ...position, pageToken: next };
          yield { records, nextCursor: encodeCursor(cursor) };
          position = cursor;
          continue;
        }
        const syncToken: DriveCursor = { v: 1, kind: 'changes', pageToken: position.startPageToken };
        yield { records, nextCursor: null, syncToken: encodeCursor(syncToken) };
        return;
      }

      const query = new URLSearchParams({
        pageToken: position.pageToken,
        pageSize: String(this.options.pageSize),
        includeRemoved: 'true',
        spaces: 'drive',
        fields: `nextPageToken,newStartPageToken,changes(changeType,removed,fileId,file(${FILE_FIELDS}))`,
      });
      const list = await this.http.get<DriveChangeList | undefined>(`/changes?${query}`, token, signal);
      if (!Array.isArray(list?.changes)) {
        throw new IntegrationError('UNKNOWN', `${GOOGLE_DRIVE} answered changes.list without a changes list`);
      }
      const records: SyncPage['records'][number][] = [];
      const deletedIds: string[] = [];
      for (const change of list.changes) {
        // Shared drive changes (changeType "drive") are not files.
        if (change?.changeType !== undefined && change.changeType !== 'file') continue;
        const fileId = change?.fileId ?? change?.file?.id;
        if (typeof fileId !== 'string' || fileId === '') {
          throw new IntegrationError('UNKNOWN', `${GOOGLE_DRIVE} reported a change without a file id`);
        }
        if (change.removed === true || change.file?.trashed === true) deletedIds.push(fileId);
        else if (change.file) records.push(toRecord({ ...change.file, id: change.file.id ?? fileId }));
      }
      const next = nextToken(list.nextPageToken, 'changes.list');
      if (next !== undefined) {
        const cursor: DriveCursor = { v: 1, kind: 'changes', pageToken: next };
        yield { records, deletedIds, nextCursor: encodeCursor(cursor) };
        position = cursor;
        continue;
      }
      const newStart = nextToken(list.newStartPageToken, 'changes.list');
      if (newStart === undefined) {
        throw new IntegrationError(
          'UNKNOWN',
          `${GOOGLE_DRIVE} answered changes.list with neither a next page token nor a new start page token`,
        );
      }
      const syncToken: DriveCursor = { v: 1, kind: 'changes', pageToken: newStart };
      yield { records, deletedIds, nextCursor: null, syncToken: encodeCursor(syncToken) };
      return;
    }
  }

  toIntegrationError(error: unknown): IntegrationError {
    return toGoogleDriveIntegrationError(error);
  }
}

function isDriveCursor(value: unknown): value is DriveCursor {
  const fields = cursorFields(value);
  if (!fields || fields['v'] !== 1) return false;
  const token = (name: string) => typeof fields[name] === 'string' && DRIVE_TOKEN.test(fields[name] as string);
  if (fields['kind'] === 'files')
    return token('startPageToken') && (fields['pageToken'] === null || token('pageToken'));
  return fields['kind'] === 'changes' && token('pageToken');
}

/** A token Drive handed out, undefined when absent; anything else is not Drive's. */
function nextToken(value: unknown, method: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string' && DRIVE_TOKEN.test(value)) return value;
  throw new IntegrationError('UNKNOWN', `${GOOGLE_DRIVE} answered ${method} with a malformed page token`);
}

function toRecord(file: DriveFile): SyncPage['records'][number] {
  if (typeof file?.id !== 'string' || file.id === '') {
    throw new IntegrationError('UNKNOWN', `${GOOGLE_DRIVE} returned a file without an id`);
  }
  const data: Record<string, unknown> = {};
  for (const key of ['name', 'mimeType', 'createdTime', 'modifiedTime', 'webViewLink'] as const) {
    if (typeof file[key] === 'string') data[key] = file[key];
  }
  for (const key of ['trashed', 'starred', 'shared'] as const) {
    if (typeof file[key] === 'boolean') data[key] = file[key];
  }
  // Files shared with the person but not in their My Drive have no parents.
  data['parents'] = Array.isArray(file.parents) ? file.parents.filter((p) => typeof p === 'string') : [];
  if (Array.isArray(file.owners)) {
    data['owners'] = file.owners.map((owner) => ({
      ...(typeof owner?.emailAddress === 'string' ? { emailAddress: owner.emailAddress } : {}),
      ...(typeof owner?.displayName === 'string' ? { displayName: owner.displayName } : {}),
    }));
  }
  // Bytes, sent as an int64 string; absent for folders and shortcuts.
  const size = bytes(file.size);
  if (size !== undefined) data['size'] = size;
  return { externalId: file.id, data };
}

/** An int64 string of bytes as a number, or undefined when absent or not a safe whole number. */
function bytes(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d{1,16}$/.test(value)) return undefined;
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : undefined;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
