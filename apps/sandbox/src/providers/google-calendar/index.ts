import express, { type Response } from 'express';
import { GOOGLE_CALENDAR_MANIFEST } from '@hub/server/integrations/google-calendar';
import { defineEmulation, fromManifest } from '../../lib/emulation';
import { integerOption, type OptionValues } from '../../lib/emulation-options';
import { opaqueTokens } from '../../lib/page-token';
import { SANDBOX_ACCOUNT, type SandboxProvider } from '../../lib/provider-definition';
import { sendGoogleError } from '../google-common/google-errors';
import { sendGoogleParameterError } from '../google-common/google-parameter-error';
import { GoogleProjectErrors } from '../google-common/google-project-errors';
import { hasAnyScope, queryOf, sendSelected } from '../google-common/google-request';
import { CALENDAR_DEFAULT_EVENTS, CALENDAR_MAX_EVENTS, CalendarDataset, type ListingPosition } from './calendar-data';

const GOOGLE_CALENDAR_OPTIONS = {
  /** Events a full sync records. */
  events: integerOption({
    default: CALENDAR_DEFAULT_EVENTS,
    env: 'SANDBOX_GOOGLE_CALENDAR_EVENTS',
    min: 0,
    max: CALENDAR_MAX_EVENTS,
  }),
  /** Seed of the generated calendar. */
  seed: integerOption({ default: 1, env: 'SANDBOX_GOOGLE_CALENDAR_SEED' }),
  /**
   * The most events one page holds whatever `maxResults` asks: "The number of events in the
   * resulting page may be less than this value, or none at all, even if there are more events
   * matching the query" (events.list, maxResults). It makes a full sync span several pages.
   */
  pageCap: integerOption({ default: 50 }),
};

/** Scopes that let a token read the calendar list entry; any one will do. */
const CALENDAR_LIST_SCOPES = [
  'https://www.googleapis.com/auth/calendar.calendarlist.readonly',
  'https://www.googleapis.com/auth/calendar.calendarlist',
  'https://www.googleapis.com/auth/calendar.readonly',
  'https://www.googleapis.com/auth/calendar',
];
/** Scopes that let a token list events (https://developers.google.com/calendar/api/v3/reference/events/list#auth). */
const EVENTS_SCOPES = [
  'https://www.googleapis.com/auth/calendar.events.readonly',
  'https://www.googleapis.com/auth/calendar.events',
  'https://www.googleapis.com/auth/calendar.readonly',
  'https://www.googleapis.com/auth/calendar',
];
/** events.list: `maxResults` defaults to 250 and never exceeds 2500. */
const CALENDAR_SERVICE = { name: 'calendar-json.googleapis.com', title: 'Google Calendar API', legacyErrors: true };
const DEFAULT_MAX_RESULTS = 250;
const MAX_RESULTS = 2500;
/**
 * "There are several query parameters that cannot be specified together with nextSyncToken to ensure
 * consistency of the client state" (events.list, syncToken); nor may showDeleted be false.
 */
const NOT_WITH_SYNC_TOKEN = [
  'iCalUID',
  'orderBy',
  'privateExtendedProperty',
  'q',
  'sharedExtendedProperty',
  'timeMin',
  'timeMax',
  'updatedMin',
];

/**
 * Google Calendar API v3 (https://www.googleapis.com/calendar/v3) as the Google Calendar provider
 * calls it: `GET /users/me/calendarList/{calendarId}` and `GET /calendars/{calendarId}/events` of the
 * primary calendar, with `maxResults`/`pageToken` paging, `nextSyncToken` on a listing's last page and
 * `syncToken` listings of the changes since (cancelled events included). Sync tokens go stale with
 * `POST /_sandbox/google-calendar/expire-sync-tokens` (410 fullSyncRequired, as Google answers a token
 * it no longer honours), and `POST /_sandbox/google-calendar/mutate` changes the calendar. Recurring
 * events are listed as series (`singleEvents=false`); the sandbox does not expand them.
 * Reference: https://developers.google.com/calendar/api/v3/reference/events/list, sync guide:
 * https://developers.google.com/calendar/api/guides/sync
 */
export const googleCalendarEmulation = defineEmulation({
  id: 'google-calendar',
  options: GOOGLE_CALENDAR_OPTIONS,
  create: googleCalendarSandbox,
});

function googleCalendarSandbox({
  events,
  seed,
  pageCap,
}: OptionValues<typeof GOOGLE_CALENDAR_OPTIONS>): SandboxProvider {
  if (!Number.isInteger(pageCap) || pageCap < 1 || pageCap > MAX_RESULTS) {
    throw new RangeError(`pageCap must be a whole number from 1 to ${MAX_RESULTS}`);
  }
  const data = new CalendarDataset({ events, seed }, SANDBOX_ACCOUNT);
  const projectErrors = new GoogleProjectErrors(() => CALENDAR_SERVICE);
  const tokens = new CalendarTokens(data);

  const badRequest = (res: Response, message: string) =>
    sendGoogleError(res, { status: 400, kind: 'bad_request', message });
  const gone = (res: Response) =>
    sendGoogleParameterError(res, {
      status: 410,
      message: 'Sync token is no longer valid, a full sync is required.',
      reason: 'fullSyncRequired',
      location: 'syncToken',
    });
  const invalidToken = (res: Response, location: 'syncToken' | 'pageToken') =>
    sendGoogleParameterError(res, { status: 400, message: 'Invalid Value', reason: 'invalid', location });

  return {
    ...fromManifest(GOOGLE_CALENDAR_MANIFEST),
    name: 'Google Calendar',
    sendError: sendGoogleError,
    // Google's APIs send no rate-limit headers (429 and 403 rateLimitExceeded say it all).
    rateLimitHeaders: () => ({}),
    api: (context) => {
      const router = express.Router();
      router.use(projectErrors.middleware);

      router.get('/users/me/calendarList/:calendarId', (req, res) => {
        if (!hasAnyScope(context, req, res, CALENDAR_LIST_SCOPES)) return;
        if (!isPrimary(String(req.params['calendarId']), data)) {
          sendGoogleError(res, { status: 404, kind: 'not_found', message: 'Not Found' });
          return;
        }
        sendSelected(res, data.calendarListEntry(), queryOf(req).get('fields'));
      });

      router.get('/calendars/:calendarId/events', (req, res) => {
        if (!hasAnyScope(context, req, res, EVENTS_SCOPES)) return;
        if (!isPrimary(String(req.params['calendarId']), data)) {
          sendGoogleError(res, { status: 404, kind: 'not_found', message: 'Not Found' });
          return;
        }
        const query = queryOf(req);
        const rawMax = query.get('maxResults');
        const maxResults = rawMax === null ? DEFAULT_MAX_RESULTS : /^\d{1,9}$/.test(rawMax) ? Number(rawMax) : 0;
        if (maxResults < 1) {
          sendGoogleParameterError(res, {
            status: 400,
            message: `Invalid value '${rawMax}'. Values must be within the range: [1, ${MAX_RESULTS}]`,
            reason: 'invalid',
            location: 'maxResults',
          });
          return;
        }
        const limit = Math.min(maxResults, MAX_RESULTS, pageCap);
        if (query.get('singleEvents') === 'true') {
          return badRequest(res, 'The sandbox lists recurring events as series only (singleEvents=false).');
        }
        const syncToken = query.get('syncToken');
        const pageToken = query.get('pageToken');
        let page: { items: unknown[]; nextPageToken?: string; nextSyncToken?: string };

        if (syncToken !== null) {
          if (NOT_WITH_SYNC_TOKEN.some((name) => query.has(name)) || query.get('showDeleted') === 'false') {
            return badRequest(res, 'Sync token cannot be used with other request restrictions.');
          }
          const sync = tokens.readSync(syncToken);
          if (sync === 'invalid') return invalidToken(res, 'syncToken');
          if (sync === 'expired') return gone(res);
          let since = sync.seq;
          if (pageToken) {
            const position = tokens.readPage(pageToken);
            if (position === 'expired') return gone(res);
            if (position === 'invalid' || position.kind !== 'changes' || position.since !== sync.seq) {
              return invalidToken(res, 'pageToken');
            }
            since = position.after;
          }
          const changes = data.listChanges(since, limit);
          page =
            changes.after !== null
              ? { items: changes.items, nextPageToken: tokens.changesPage(sync.seq, changes.after) }
              : { items: changes.items, nextSyncToken: tokens.sync(data.issueSyncToken(data.seq)) };
        } else {
          const unsupported = NOT_WITH_SYNC_TOKEN.find((name) => query.has(name));
          if (unsupported) return badRequest(res, `The sandbox does not filter or order events (${unsupported}).`);
          const showDeleted = query.get('showDeleted') === 'true';
          let position: Extract<ListingPosition, { kind: 'full' }> = {
            kind: 'full',
            from: 0,
            showDeleted,
            startSeq: data.seq,
          };
          if (pageToken) {
            const read = tokens.readPage(pageToken);
            if (read === 'expired') return gone(res);
            if (read === 'invalid' || read.kind !== 'full' || read.showDeleted !== showDeleted) {
              return invalidToken(res, 'pageToken');
            }
            position = read;
          }
          const listing = data.listEvents(position, limit);
          // The sync token of a full listing is where it began: changes made while it ran come again.
          page =
            listing.next !== null
              ? { items: listing.items, nextPageToken: tokens.fullPage({ ...position, from: listing.next }) }
              : { items: listing.items, nextSyncToken: tokens.sync(data.issueSyncToken(position.startSeq)) };
        }
        sendSelected(res, { ...data.envelope(), ...page }, query.get('fields'));
      });

      return router;
    },
    dataset: {
      state: () => ({ ...data.state(), generation: data.generation }),
      // Changes the calendar as use would and says what the hub's next sync counts (CalendarDataset.mutate).
      mutate: (request) => ({ expected: { events: data.mutate(request) } }),
      reset: () => {
        data.reset();
        projectErrors.clear();
      },
    },
    control: () => {
      const router = projectErrors.control();
      // Sync tokens (and page tokens) handed out so far answer 410 fullSyncRequired.
      router.post('/expire-sync-tokens', (_req, res) => {
        data.expireSyncTokens();
        res.json({ expired: true, generation: data.generation });
      });
      return router;
    },
  };
}

/**
 * Sync and page tokens: opaque base64 to the client, bound to the dataset's seed and generation (a
 * token of an older generation — before `expire-sync-tokens` or a reset — is expired).
 */
class CalendarTokens {
  constructor(private readonly data: CalendarDataset) {}

  sync(seq: number): string {
    return SYNC_TOKENS.encode(`S|${this.data.generation}|${seq}|${this.data.options.seed}`);
  }

  fullPage(position: Extract<ListingPosition, { kind: 'full' }>): string {
    const { from, showDeleted, startSeq } = position;
    return this.page(`F|${this.data.generation}|${from}|${showDeleted ? 1 : 0}|${startSeq}`);
  }

  changesPage(since: number, after: number): string {
    return this.page(`C|${this.data.generation}|${since}|${after}`);
  }

  readSync(token: string): { seq: number } | 'invalid' | 'expired' {
    const parts = SYNC_TOKENS.decode(token)?.split('|');
    if (!parts || parts[0] !== 'S' || parts.length !== 4 || parts[3] !== String(this.data.options.seed)) {
      return 'invalid';
    }
    const [generation, seq] = [Number(parts[1]), Number(parts[2])];
    if (!Number.isSafeInteger(generation) || !Number.isSafeInteger(seq) || seq < 0) return 'invalid';
    if (generation !== this.data.generation || seq > this.data.seq) return 'expired';
    return { seq };
  }

  readPage(
    token: string,
  ):
    | Extract<ListingPosition, { kind: 'full' }>
    | { kind: 'changes'; since: number; after: number }
    | 'invalid'
    | 'expired' {
    const parts = PAGE_TOKENS.decode(token)?.split('|');
    if (!parts || parts[parts.length - 1] !== String(this.data.options.seed)) return 'invalid';
    const numbers = parts.slice(1, -1).map(Number);
    if (!numbers.every((n) => Number.isSafeInteger(n) && n >= 0)) return 'invalid';
    if (numbers[0] !== this.data.generation) return 'expired';
    if (parts[0] === 'F' && numbers.length === 4) {
      return { kind: 'full', from: numbers[1], showDeleted: numbers[2] === 1, startSeq: numbers[3] };
    }
    if (parts[0] === 'C' && numbers.length === 3) return { kind: 'changes', since: numbers[1], after: numbers[2] };
    return 'invalid';
  }

  private page(text: string): string {
    return PAGE_TOKENS.encode(`${text}|${this.data.options.seed}`);
  }
}

/** Sync tokens are plain base64, page tokens base64url: `<kind>|<generation>|<numbers>…|<seed>`. */
const SYNC_TOKENS = opaqueTokens({ encoding: 'base64', text: /^S(\|\d+)+$/ });
const PAGE_TOKENS = opaqueTokens({ text: /^[FC](\|\d+)+$/ });

function isPrimary(calendarId: string, data: CalendarDataset): boolean {
  return calendarId === 'primary' || calendarId === data.calendarId;
}
