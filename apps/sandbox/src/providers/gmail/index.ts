import express, { type Request, type Response } from 'express';
import { GMAIL_MANIFEST } from '@hub/server/integrations/gmail';
import { defineEmulation, fromManifest } from '../../lib/emulation';
import { integerOption, type OptionValues } from '../../lib/emulation-options';
import { type ApiError, SANDBOX_ACCOUNT, type SandboxProvider } from '../../lib/provider-definition';
import { sendGoogleError } from '../google-common/google-errors';
import { GoogleProjectErrors } from '../google-common/google-project-errors';
import {
  GMAIL_LABELS,
  GMAIL_MAX_MESSAGES,
  GmailMailbox,
  type GmailHistoryRecord,
  type GmailHistoryType,
  type GmailMessageState,
} from './gmail-data';

const GMAIL_OPTIONS = {
  /** Messages in the mailbox at start-up: three pages of 100. */
  messages: integerOption({ default: 230, env: 'SANDBOX_GMAIL_MESSAGES', min: 0, max: GMAIL_MAX_MESSAGES }),
  /** Seed of the generated mailbox. */
  seed: integerOption({ default: 1, env: 'SANDBOX_GMAIL_SEED' }),
};

const GMAIL_SERVICE = { name: 'gmail.googleapis.com', title: 'Gmail API', legacyErrors: true };
const METADATA_SCOPE = 'https://www.googleapis.com/auth/gmail.metadata';
/** messages.list and history.list: "This field defaults to 100. The maximum allowed value for this field is 500." */
const DEFAULT_PAGE = 100;
const MAX_PAGE = 500;
const HISTORY_TYPES: readonly GmailHistoryType[] = ['messageAdded', 'messageDeleted', 'labelAdded', 'labelRemoved'];
const HISTORY_FIELDS: Record<GmailHistoryType, keyof GmailHistoryRecord> = {
  messageAdded: 'messagesAdded',
  messageDeleted: 'messagesDeleted',
  labelAdded: 'labelsAdded',
  labelRemoved: 'labelsRemoved',
};

/**
 * Gmail (https://gmail.googleapis.com/gmail/v1) as the Gmail provider calls it, for a token with the
 * gmail.metadata scope (https://developers.google.com/gmail/api/auth/scopes):
 * - GET /users/{userId}/profile (users.getProfile), /users/{userId}/labels (users.labels.list);
 * - GET /users/{userId}/messages (users.messages.list: maxResults, pageToken, labelIds,
 *   includeSpamTrash; `q` answers 403 "Metadata scope does not support 'q' parameter");
 * - GET /users/{userId}/messages/{id} (users.messages.get: format=metadata with metadataHeaders, or
 *   minimal; full and raw answer 403 "Metadata scope doesn't allow format FULL");
 * - GET /users/{userId}/history (users.history.list: startHistoryId, historyTypes, labelId,
 *   maxResults, pageToken; 404 for a startHistoryId older than the log keeps).
 * Errors in Google's shape (`sendGoogleError`); no rate-limit headers (Google sends none).
 * Controls: `POST /_sandbox/gmail/mutate`, `POST /_sandbox/gmail/expire-history`, `GET /_sandbox/gmail/data`.
 */
export const gmailEmulation = defineEmulation({ id: 'gmail', options: GMAIL_OPTIONS, create: gmailSandbox });

function gmailSandbox({ messages: size, seed }: OptionValues<typeof GMAIL_OPTIONS>): SandboxProvider {
  // The mailbox of the one sandbox user (SANDBOX_ACCOUNT), rebuilt from the seed by reset().
  let mailbox = new GmailMailbox(SANDBOX_ACCOUNT.email, size, seed, SANDBOX_ACCOUNT.name);
  const data = () => mailbox;
  const projectErrors = new GoogleProjectErrors(() => GMAIL_SERVICE);

  const sendError = (res: Response, error: ApiError & { reason?: string }) => sendGoogleError(res, error);
  const badRequest = (res: Response, message: string) =>
    sendError(res, { status: 400, kind: 'bad_request', message, reason: 'invalidArgument' });
  const forbidden = (res: Response, message: string) =>
    sendError(res, { status: 403, kind: 'forbidden', message, reason: 'forbidden' });
  const notFound = (res: Response) =>
    sendError(res, { status: 404, kind: 'not_found', message: 'Requested entity was not found.', reason: 'notFound' });

  return {
    ...fromManifest(GMAIL_MANIFEST),
    name: 'Gmail',
    sendError,
    rateLimitHeaders: () => ({}),
    api: (context) => {
      const router = express.Router();
      router.use(projectErrors.middleware);

      /** The mailbox's scope, and `userId` is `me` or its own address. */
      const allowed = (req: Request, res: Response): boolean => {
        if (!context.hasScope(req, res, METADATA_SCOPE)) return false;
        const userId = String(req.params['userId']);
        if (userId !== 'me' && userId.toLowerCase() !== data().emailAddress.toLowerCase()) {
          forbidden(res, `Delegation denied for ${data().emailAddress}`);
          return false;
        }
        return true;
      };
      const metadataOnly = (res: Response) => context.token(res).scopes.has(METADATA_SCOPE);

      router.get('/users/:userId/profile', (req, res) => {
        if (!allowed(req, res)) return;
        res.json(data().profile());
      });

      router.get('/users/:userId/labels', (req, res) => {
        if (!allowed(req, res)) return;
        res.json({
          labels: GMAIL_LABELS.map((label) =>
            label.type === 'user'
              ? { ...label, messageListVisibility: 'show', labelListVisibility: 'labelShow' }
              : label,
          ),
        });
      });

      router.get('/users/:userId/messages', (req, res) => {
        if (!allowed(req, res)) return;
        const query = req.query as Record<string, unknown>;
        if (query['q'] !== undefined && metadataOnly(res)) {
          return forbidden(res, "Metadata scope does not support 'q' parameter");
        }
        const maxResults = pageSize(query['maxResults']);
        if (maxResults === undefined)
          return badRequest(res, `Invalid value for maxResults: ${String(query['maxResults'])}`);
        const after = pageTokenOf(query['pageToken']);
        if (after === null) return badRequest(res, 'Invalid pageToken');
        const all = data().list({
          includeSpamTrash: query['includeSpamTrash'] === 'true',
          labelIds: strings(query['labelIds']),
        });
        const rest = after === undefined ? all : all.filter((m) => BigInt(`0x${m.id}`) < after);
        const page = rest.slice(0, maxResults);
        const more = rest.length > maxResults;
        res.json({
          ...(page.length > 0 ? { messages: page.map((m) => ({ id: m.id, threadId: m.threadId })) } : {}),
          ...(more ? { nextPageToken: tokenOf(BigInt(`0x${page[page.length - 1].id}`)) } : {}),
          resultSizeEstimate: all.length,
        });
      });

      router.get('/users/:userId/messages/:id', (req, res) => {
        if (!allowed(req, res)) return;
        const query = req.query as Record<string, unknown>;
        const format = typeof query['format'] === 'string' ? query['format'] : 'full';
        if (!['full', 'metadata', 'minimal', 'raw'].includes(format)) {
          return badRequest(res, `Invalid value at 'format' (type.googleapis.com/gmail.v1.Format), "${format}"`);
        }
        if ((format === 'full' || format === 'raw') && metadataOnly(res)) {
          return forbidden(res, `Metadata scope doesn't allow format ${format.toUpperCase()}`);
        }
        const message = data().get(String(req.params['id']));
        if (!message) return notFound(res);
        res.json(messageJson(message, format, strings(query['metadataHeaders'])));
      });

      router.get('/users/:userId/history', (req, res) => {
        if (!allowed(req, res)) return;
        const query = req.query as Record<string, unknown>;
        const start = query['startHistoryId'];
        if (start === undefined) return badRequest(res, 'Required parameter: startHistoryId');
        if (typeof start !== 'string' || !/^\d{1,20}$/.test(start)) return badRequest(res, 'Invalid startHistoryId');
        const types = strings(query['historyTypes']);
        const unknown = types.find((type) => !HISTORY_TYPES.includes(type as GmailHistoryType));
        if (unknown) return badRequest(res, `Invalid value at 'history_types', "${unknown}"`);
        const maxResults = pageSize(query['maxResults']);
        if (maxResults === undefined)
          return badRequest(res, `Invalid value for maxResults: ${String(query['maxResults'])}`);
        const after = pageTokenOf(query['pageToken']);
        if (after === null) return badRequest(res, 'Invalid pageToken');
        const since = data().historySince(Number(start));
        // "Supplying an invalid or out of date startHistoryId typically returns an HTTP 404 error code."
        if (since === undefined) return notFound(res);
        const labelId = typeof query['labelId'] === 'string' ? query['labelId'] : undefined;
        const wanted = since
          .map((record) => onlyTypes(record, types as GmailHistoryType[]))
          .filter((record): record is GmailHistoryRecord => record !== null)
          .filter((record) => labelId === undefined || touchesLabel(record, labelId))
          .filter((record) => after === undefined || BigInt(record.id) > after);
        const page = wanted.slice(0, maxResults);
        res.json({
          ...(page.length > 0 ? { history: page } : {}),
          ...(wanted.length > maxResults ? { nextPageToken: tokenOf(BigInt(page[page.length - 1].id)) } : {}),
          historyId: data().historyId,
        });
      });

      return router;
    },
    dataset: {
      state: () => {
        const profile = data().profile();
        return {
          messages: profile.messagesTotal,
          threads: profile.threadsTotal,
          historyId: profile.historyId,
          oldestHistoryId: data().oldestHistoryId,
          seed,
        };
      },
      // What use would do: new mail, read/starred messages, trashed or deleted ones; the next
      // incremental sync (history.list from the last sync's historyId) counts exactly `expected`.
      mutate: (request) => ({ expected: { messages: data().mutate(request) } }),
      reset: () => {
        mailbox = new GmailMailbox(SANDBOX_ACCOUNT.email, size, seed, SANDBOX_ACCOUNT.name);
        projectErrors.clear();
      },
    },
    control: () => {
      const router = projectErrors.control();
      // Gmail keeps history for about a week: after this every earlier historyId answers 404.
      router.post('/expire-history', (_req, res) => {
        data().expireHistory();
        res.json({ historyId: data().historyId, oldestHistoryId: data().oldestHistoryId });
      });
      return router;
    },
  };
}

/** A message in the requested format (https://developers.google.com/gmail/api/reference/rest/v1/Format). */
function messageJson(message: GmailMessageState, format: string, metadataHeaders: readonly string[]) {
  const common = {
    id: message.id,
    threadId: message.threadId,
    labelIds: [...message.labelIds],
    snippet: message.snippet,
  };
  const tail = {
    sizeEstimate: message.sizeEstimate,
    historyId: message.historyId,
    internalDate: String(message.internalDate),
  };
  if (format === 'minimal') return { ...common, ...tail };
  const wanted = new Set(metadataHeaders.map((name) => name.toLowerCase()));
  const headers = message.headers.filter((header) => wanted.size === 0 || wanted.has(header.name.toLowerCase()));
  return {
    ...common,
    payload: { partId: '', mimeType: 'multipart/alternative', filename: '', headers },
    ...tail,
  };
}

/** The record with only the change types asked for (all when none are), or null when none is left. */
function onlyTypes(record: GmailHistoryRecord, types: readonly GmailHistoryType[]): GmailHistoryRecord | null {
  if (types.length === 0) return record;
  const kept: Record<string, unknown> = { id: record.id, messages: record.messages };
  let any = false;
  for (const type of types) {
    const field = HISTORY_FIELDS[type];
    if (record[field] !== undefined) {
      kept[field] = record[field];
      any = true;
    }
  }
  return any ? (kept as unknown as GmailHistoryRecord) : null;
}

function touchesLabel(record: GmailHistoryRecord, labelId: string): boolean {
  const entries: { message: { labelIds: string[] }; labelIds?: string[] }[] = [
    ...(record.messagesAdded ?? []),
    ...(record.messagesDeleted ?? []),
    ...(record.labelsAdded ?? []),
    ...(record.labelsRemoved ?? []),
  ];
  return entries.some((entry) => entry.message.labelIds.includes(labelId) || (entry.labelIds ?? []).includes(labelId));
}

/** maxResults: default 100, larger than 500 is 500; undefined for a value Gmail would refuse. */
function pageSize(value: unknown): number | undefined {
  if (value === undefined) return DEFAULT_PAGE;
  const parsed = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(parsed) || parsed < 1) return undefined;
  return Math.min(parsed, MAX_PAGE);
}

/** Page tokens are 20-digit numbers (like Gmail's): where the previous page stopped. Null: malformed. */
function pageTokenOf(value: unknown): bigint | undefined | null {
  if (value === undefined || value === '') return undefined;
  return typeof value === 'string' && /^\d{20}$/.test(value) ? BigInt(value) : null;
}

function tokenOf(position: bigint): string {
  return position.toString().padStart(20, '0');
}

function strings(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}
