import express, { type Response } from 'express';
import { GOOGLE_DRIVE_MANIFEST } from '@hub/server/integrations/google-drive';
import { defineEmulation, fromManifest } from '../../lib/emulation';
import { integerOption, type OptionValues } from '../../lib/emulation-options';
import { opaqueTokens } from '../../lib/page-token';
import { SANDBOX_ACCOUNT, type SandboxProvider } from '../../lib/provider-definition';
import { sendGoogleError } from '../google-common/google-errors';
import { sendGoogleParameterError } from '../google-common/google-parameter-error';
import { GoogleProjectErrors } from '../google-common/google-project-errors';
import { hasAnyScope, queryOf, sendSelected } from '../google-common/google-request';
import { checkDriveFields } from './drive-fields';
import {
  DRIVE_DEFAULT_FILES,
  DRIVE_DEFAULT_TRASHED,
  DRIVE_FOLDER,
  DRIVE_MAX_FILES,
  DriveDataset,
  type DriveFile,
} from './drive-data';

const GOOGLE_DRIVE_OPTIONS = {
  /** Files and folders a full listing shows. */
  files: integerOption({
    default: DRIVE_DEFAULT_FILES,
    env: 'SANDBOX_GOOGLE_DRIVE_FILES',
    min: 0,
    max: DRIVE_MAX_FILES,
  }),
  /** Files in the trash, not listed with `q=trashed=false`. */
  trashed: integerOption({ default: DRIVE_DEFAULT_TRASHED }),
  /** Seed of the generated Drive. */
  seed: integerOption({ default: 1, env: 'SANDBOX_GOOGLE_DRIVE_SEED' }),
};

/**
 * Scopes that let a token read file metadata; any one will do
 * (https://developers.google.com/drive/api/guides/api-specific-auth). The sandbox's authorization
 * server issues the manifest's (drive.metadata.readonly).
 */
const READ_SCOPES = [
  'https://www.googleapis.com/auth/drive.metadata.readonly',
  'https://www.googleapis.com/auth/drive.metadata',
  'https://www.googleapis.com/auth/drive.readonly',
  'https://www.googleapis.com/auth/drive',
];

const DRIVE_SERVICE = { name: 'drive.googleapis.com', title: 'Google Drive API', legacyErrors: true };

/** files.list and changes.list: `pageSize` 1 to 1000, default 100. */
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;
/** What Drive answers without `fields` (the "default fields" of each method). */
const DEFAULT_FIELDS = {
  files: 'kind,nextPageToken,incompleteSearch,files(kind,id,name,mimeType)',
  file: 'kind,id,name,mimeType',
  changes:
    'kind,nextPageToken,newStartPageToken,changes(kind,changeType,time,removed,fileId,file(kind,id,name,mimeType))',
} as const;
/** Page tokens of files.list look like Drive's (`~!!~AI9FV7…`): a prefix and opaque base64url (JSON). */
const PAGE_TOKENS = opaqueTokens({ prefix: '~!!~', text: /^\{.*\}$/ });

/**
 * Google Drive API v3 (https://www.googleapis.com/drive/v3) as the Google Drive provider calls it:
 * `GET /about` (fields required), `GET /files` with `pageSize`/`pageToken` and `q=trashed=false`,
 * `GET /files/{fileId}`, `GET /changes/startPageToken` and `GET /changes` over a change log that
 * `POST /_sandbox/google-drive/mutate` appends to. Partial responses (`fields`) as Drive sends them, a
 * field the discovery document's File, FileList, ChangeList or About lacks answered `400 Invalid field
 * selection` (`drive-fields.ts`); rate limits and a disabled API on demand (`google-project-errors.ts`);
 * errors in Google's shape, a page token Drive never issued answered `400 Invalid Value` naming
 * `pageToken`, as Drive does. Reference: https://developers.google.com/drive/api/reference/rest/v3
 */
export const googleDriveEmulation = defineEmulation({
  id: 'google-drive',
  options: GOOGLE_DRIVE_OPTIONS,
  create: googleDriveSandbox,
});

function googleDriveSandbox(options: OptionValues<typeof GOOGLE_DRIVE_OPTIONS>): SandboxProvider {
  const data = new DriveDataset(options, SANDBOX_ACCOUNT);
  const projectErrors = new GoogleProjectErrors(() => DRIVE_SERVICE);

  return {
    // `email` (Google's userinfo.email) too, so a test can hold a token without any Drive scope.
    ...fromManifest(GOOGLE_DRIVE_MANIFEST, ['email']),
    name: 'Google Drive',
    sendError: sendGoogleError,
    // Google's APIs send no rate-limit headers (429 and 403 rateLimitExceeded say it all).
    rateLimitHeaders: () => ({}),
    api: (context) => {
      const router = express.Router();
      router.use(projectErrors.middleware);

      router.get('/about', (req, res) => {
        if (!hasAnyScope(context, req, res, READ_SCOPES)) return;
        const fields = queryOf(req).get('fields');
        if (!fields) {
          sendGoogleParameterError(res, {
            status: 400,
            message: "The 'fields' parameter is required for this method.",
            reason: 'required',
            location: 'fields',
          });
          return;
        }
        sendSelected(res, data.about(), fields, (s) => checkDriveFields(s, 'About'));
      });

      router.get('/files', (req, res) => {
        if (!hasAnyScope(context, req, res, READ_SCOPES)) return;
        const query = queryOf(req);
        const pageSize = pageSizeOf(res, query);
        if (pageSize === undefined) return;
        if (query.has('orderBy')) return invalid(res, 'orderBy', 'The sandbox lists files in one order only.');
        const q = (query.get('q') ?? '').trim();
        const trashed = /^trashed\s*=\s*(true|false)$/.exec(q);
        if (q !== '' && !trashed) {
          return invalid(res, 'q', 'Invalid Value (the sandbox supports q=trashed=false and q=trashed=true)');
        }
        const keep = trashed ? (file: DriveFile) => file.trashed === (trashed[1] === 'true') : () => true;
        const token = query.get('pageToken');
        let from = 0;
        if (token) {
          const position = readPageToken(token, q, data.options.seed);
          if (position === undefined) return invalid(res, 'pageToken', 'Invalid Value');
          from = position;
        }
        const page = data.listFiles(from, pageSize, keep);
        sendSelected(
          res,
          {
            kind: 'drive#fileList',
            ...(page.next !== null ? { nextPageToken: pageToken(page.next, q, data.options.seed) } : {}),
            incompleteSearch: false,
            files: page.files,
          },
          query.get('fields') ?? DEFAULT_FIELDS.files,
          (s) => checkDriveFields(s, 'FileList'),
        );
      });

      router.get('/files/:fileId', (req, res) => {
        if (!hasAnyScope(context, req, res, READ_SCOPES)) return;
        const fileId = String(req.params['fileId']);
        const file =
          fileId === 'root' || fileId === data.rootId
            ? { kind: 'drive#file', id: data.rootId, name: 'My Drive', mimeType: DRIVE_FOLDER }
            : data.file(fileId);
        if (!file) {
          sendGoogleParameterError(res, {
            status: 404,
            message: `File not found: ${fileId}.`,
            reason: 'notFound',
            location: 'fileId',
          });
          return;
        }
        sendSelected(res, file, queryOf(req).get('fields') ?? DEFAULT_FIELDS.file, (s) => checkDriveFields(s, 'File'));
      });

      router.get('/changes/startPageToken', (req, res) => {
        if (!hasAnyScope(context, req, res, READ_SCOPES)) return;
        res.json({ kind: 'drive#startPageToken', startPageToken: data.startPageToken() });
      });

      router.get('/changes', (req, res) => {
        if (!hasAnyScope(context, req, res, READ_SCOPES)) return;
        const query = queryOf(req);
        const token = query.get('pageToken');
        if (!token) {
          sendGoogleParameterError(res, {
            status: 400,
            message: 'Required parameter: pageToken',
            reason: 'required',
            location: 'pageToken',
          });
          return;
        }
        if (!data.knowsToken(token)) return invalid(res, 'pageToken', 'Invalid Value');
        const pageSize = pageSizeOf(res, query);
        if (pageSize === undefined) return;
        const spaces = query.get('spaces') ?? 'drive';
        if (spaces !== 'drive') return invalid(res, 'spaces', 'The sandbox has the drive space only.');
        const includeRemoved = query.get('includeRemoved') !== 'false';
        const page = data.changes(token, pageSize, includeRemoved);
        sendSelected(
          res,
          { kind: 'drive#changeList', ...page, changes: page.changes },
          query.get('fields') ?? DEFAULT_FIELDS.changes,
          (s) => checkDriveFields(s, 'ChangeList'),
        );
      });

      return router;
    },
    dataset: {
      state: () => data.state(),
      // Changes the Drive as use would and says what the hub's next sync counts (see DriveDataset.mutate).
      mutate: (request) => ({ expected: { files: data.mutate(request) } }),
      reset: () => {
        data.reset();
        projectErrors.clear();
      },
    },
    control: () => projectErrors.control(),
  };
}

function pageSizeOf(res: Response, query: URLSearchParams): number | undefined {
  const raw = query.get('pageSize');
  if (raw === null) return DEFAULT_PAGE_SIZE;
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (value >= 1 && value <= MAX_PAGE_SIZE) return value;
  invalid(res, 'pageSize', `Invalid value '${raw}'. Values must be within the range: [1, ${MAX_PAGE_SIZE}]`);
  return undefined;
}

function invalid(res: Response, location: string, message: string): void {
  sendGoogleParameterError(res, { status: 400, message, reason: 'invalid', location });
}

/** A files.list page token: where the listing goes on, bound to its query (Drive refuses it with another). */
function pageToken(position: number, q: string, seed: number): string {
  return PAGE_TOKENS.encode(JSON.stringify({ p: position, q, s: seed }));
}

function readPageToken(token: string, q: string, seed: number): number | undefined {
  const text = PAGE_TOKENS.decode(token);
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as {
      p?: unknown;
      q?: unknown;
      s?: unknown;
    };
    return Number.isSafeInteger(value.p) && (value.p as number) >= 0 && value.q === q && value.s === seed
      ? (value.p as number)
      : undefined;
  } catch {
    return undefined;
  }
}
