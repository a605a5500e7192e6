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
import { GOOGLE_CALENDAR, googleCalendarErrorCode, toGoogleCalendarIntegrationError } from './google-calendar-errors';
import { GOOGLE_CALENDAR_MANIFEST } from './google-calendar.manifest';

export interface GoogleCalendarProviderOptions extends HttpProviderOptions {
  /** Events per page (`maxResults`): 1 to 2500 (Calendar's maximum), default 250 (Calendar's default). */
  readonly pageSize: number;
}

/** Nest token for `Partial<GoogleCalendarProviderOptions>` (optional). */
export const GOOGLE_CALENDAR_PROVIDER_OPTIONS = providerOptionsToken<GoogleCalendarProviderOptions>('google-calendar');

/** Descriptions are free text (often HTML) of any length; a record keeps this much of it. */
export const DESCRIPTION_MAX_LENGTH = 2000;
/** Calendar's page and sync tokens: opaque, printable, bounded. */
const CALENDAR_TOKEN = /^[\x21-\x7e]{1,4096}$/;

interface CalendarListEntry {
  id?: string;
  summary?: string;
  summaryOverride?: string;
  timeZone?: string;
}

interface EventTime {
  date?: string;
  dateTime?: string;
  timeZone?: string;
}

interface CalendarEvent {
  id?: string;
  status?: string;
  htmlLink?: string;
  created?: string;
  updated?: string;
  summary?: string;
  description?: string;
  location?: string;
  organizer?: { email?: string; displayName?: string };
  start?: EventTime;
  end?: EventTime;
  recurrence?: string[];
  recurringEventId?: string;
  attendees?: { email?: string; responseStatus?: string }[];
}

interface CalendarEvents {
  nextPageToken?: string;
  nextSyncToken?: string;
  items?: CalendarEvent[];
}

/**
 * Where an events sync resumes. `events`: a full pass, at Calendar's next page token. `changes`: the
 * changes since a sync token (Calendar's `nextSyncToken`), at a page token of that listing (null: its
 * first page). The sync token a full pass ends with is a `changes` cursor without a page token.
 */
type CalendarCursor =
  { v: 1; kind: 'events'; pageToken: string } | { v: 1; kind: 'changes'; syncToken: string; pageToken: string | null };

/**
 * Google Calendar: "connected as" the primary calendar (its id is the person's email), and a
 * read-only sync of the events of that calendar, incremental through sync tokens.
 *
 * API used (base `https://www.googleapis.com/calendar/v3`, overridable through `PROVIDER_BASE_URLS`):
 * - GET /users/me/calendarList/primary — id, summary and time zone of the primary calendar
 *   (https://developers.google.com/calendar/api/v3/reference/calendarList/get; calendarlist.readonly);
 * - GET /calendars/primary/events?maxResults=&pageToken=&singleEvents=false&showDeleted=false — the
 *   full pass: recurring events as their series, not their occurrences; `nextSyncToken` on the last
 *   page (https://developers.google.com/calendar/api/v3/reference/events/list; events.readonly);
 * - GET /calendars/primary/events?syncToken=&maxResults=&pageToken=&singleEvents=false — the changes
 *   since (https://developers.google.com/calendar/api/guides/sync). Never sent with a sync token:
 *   iCalUID, orderBy, privateExtendedProperty, q, sharedExtendedProperty, timeMin, timeMax,
 *   updatedMin nor showDeleted=false; the other parameters stay as in the full pass.
 * Quirks: pages may hold fewer than `maxResults` events, or none, before the end (only
 * `nextPageToken` says there is more); a full pass with showDeleted=false still lists cancelled
 * occurrences of recurring events, which are not records; a change listing reports deleted events
 * with `status: "cancelled"` (→ deletedIds); an expired sync token answers 410 (→ CURSOR_INVALID).
 */
@Injectable()
@IntegrationProviderClass()
export class GoogleCalendarProvider extends HttpProvider<GoogleCalendarProviderOptions> implements IntegrationProvider {
  readonly manifest = GOOGLE_CALENDAR_MANIFEST;
  private readonly http = this.client({ errorCode: googleCalendarErrorCode });

  constructor(
    @Optional() @Inject(PROVIDER_BASE_URLS) baseUrls?: ProviderBaseUrls | null,
    @Optional() @Inject(GOOGLE_CALENDAR_PROVIDER_OPTIONS) options?: Partial<GoogleCalendarProviderOptions> | null,
  ) {
    super(
      { manifest: GOOGLE_CALENDAR_MANIFEST, label: GOOGLE_CALENDAR, defaults: { timeoutMs: 15_000, pageSize: 250 } },
      baseUrls,
      options,
    );
    requireCount(this.options.pageSize, 2500, 'Google Calendar pages hold 1 to 2500 events');
  }

  async getAccountInfo(params: CredentialsParams): Promise<AccountInfo> {
    const token = this.accessToken(params.credentials);
    const calendar = await this.http.get<CalendarListEntry | undefined>(
      '/users/me/calendarList/primary',
      token,
      params.signal,
    );
    const id = nonEmptyString(calendar?.id);
    if (!id) throw new IntegrationError('UNKNOWN', `${GOOGLE_CALENDAR} answered without the primary calendar's id`);
    const timeZone = nonEmptyString(calendar?.timeZone);
    return {
      externalAccountId: id,
      // The name the person gave the calendar for themselves, else its title.
      displayName: nonEmptyString(calendar?.summaryOverride) ?? nonEmptyString(calendar?.summary) ?? id,
      // The primary calendar's id is the account's email address.
      ...(id.includes('@') ? { email: id } : {}),
      url: 'https://calendar.google.com/calendar/',
      ...(timeZone ? { details: { timeZone } } : {}),
    };
  }

  /**
   * Events of the primary calendar, page by page: from no cursor a full pass, whose last page hands
   * out Calendar's `nextSyncToken` as `syncToken`; from that, the changes since.
   */
  async *sync(params: SyncParams): AsyncIterable<SyncPage> {
    if (params.resource !== 'events') {
      throw new IntegrationError('INVALID_CONFIG', `${GOOGLE_CALENDAR} cannot sync "${params.resource}" (only events)`);
    }
    const token = this.accessToken(params.credentials);
    const { signal } = params;
    let position: CalendarCursor | null =
      params.cursor === null ? null : decodeCursor(params.cursor, GOOGLE_CALENDAR, isCalendarCursor);

    for (;;) {
      signal.throwIfAborted();
      const incremental = position?.kind === 'changes';
      const query = new URLSearchParams();
      if (position?.kind === 'changes') query.set('syncToken', position.syncToken);
      query.set('maxResults', String(this.options.pageSize));
      // The same as in the full pass: recurring events as series.
      query.set('singleEvents', 'false');
      // Not allowed with a sync token (deleted events always come back from one).
      if (!incremental) query.set('showDeleted', 'false');
      if (position?.pageToken) query.set('pageToken', position.pageToken);
      const list = await this.http.get<CalendarEvents | undefined>(`/calendars/primary/events?${query}`, token, signal);
      if (!Array.isArray(list?.items)) {
        throw new IntegrationError('UNKNOWN', `${GOOGLE_CALENDAR} answered events.list without items`);
      }
      const records: SyncPage['records'][number][] = [];
      const deletedIds: string[] = [];
      for (const event of list.items) {
        if (event?.status !== 'cancelled') records.push(toRecord(event));
        // A full pass lists cancelled occurrences of recurring series (showDeleted=false does not
        // hide them): not records. From a sync token, a cancelled event was deleted.
        else if (incremental) deletedIds.push(eventId(event));
      }
      const page = incremental ? { records, deletedIds } : { records };

      const nextPage = tokenOf(list.nextPageToken, 'nextPageToken');
      if (nextPage !== undefined) {
        const next: CalendarCursor =
          position?.kind === 'changes'
            ? { v: 1, kind: 'changes', syncToken: position.syncToken, pageToken: nextPage }
            : { v: 1, kind: 'events', pageToken: nextPage };
        yield { ...page, nextCursor: encodeCursor(next) };
        position = next;
        continue;
      }
      const nextSync = tokenOf(list.nextSyncToken, 'nextSyncToken');
      if (nextSync === undefined) {
        throw new IntegrationError(
          'UNKNOWN',
          `${GOOGLE_CALENDAR} answered events.list with neither a next page token nor a sync token`,
        );
      }
      const syncToken: CalendarCursor = { v: 1, kind: 'changes', syncToken: nextSync, pageToken: null };
      yield { ...page, nextCursor: null, syncToken: encodeCursor(syncToken) };
      return;
    }
  }

  toIntegrationError(error: unknown): IntegrationError {
    return toGoogleCalendarIntegrationError(error);
  }
}

function isCalendarCursor(value: unknown): value is CalendarCursor {
  const fields = cursorFields(value);
  if (!fields || fields['v'] !== 1) return false;
  const token = (name: string) => typeof fields[name] === 'string' && CALENDAR_TOKEN.test(fields[name] as string);
  if (fields['kind'] === 'events') return token('pageToken');
  return fields['kind'] === 'changes' && token('syncToken') && (fields['pageToken'] === null || token('pageToken'));
}

/** A token Calendar handed out, undefined when absent; anything else is not Calendar's. */
function tokenOf(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string' && CALENDAR_TOKEN.test(value)) return value;
  throw new IntegrationError('UNKNOWN', `${GOOGLE_CALENDAR} answered events.list with a malformed ${name}`);
}

function eventId(event: CalendarEvent | undefined): string {
  if (typeof event?.id !== 'string' || event.id === '') {
    throw new IntegrationError('UNKNOWN', `${GOOGLE_CALENDAR} returned an event without an id`);
  }
  return event.id;
}

function toRecord(event: CalendarEvent): SyncPage['records'][number] {
  const externalId = eventId(event);
  const data: Record<string, unknown> = {};
  for (const key of ['summary', 'location', 'status', 'recurringEventId', 'htmlLink', 'created', 'updated'] as const) {
    if (typeof event[key] === 'string') data[key] = event[key];
  }
  const description = descriptionOf(event.description);
  if (description !== undefined) data['description'] = description;
  for (const key of ['start', 'end'] as const) {
    const time = event[key];
    if (time && typeof time === 'object') {
      // All-day events have a date, timed ones a dateTime (with its time zone when the event has one).
      data[key] = {
        ...(typeof time.date === 'string' ? { date: time.date } : {}),
        ...(typeof time.dateTime === 'string' ? { dateTime: time.dateTime } : {}),
        ...(typeof time.timeZone === 'string' ? { timeZone: time.timeZone } : {}),
      };
    }
  }
  if (event.organizer && typeof event.organizer === 'object') {
    data['organizer'] = {
      ...(typeof event.organizer.email === 'string' ? { email: event.organizer.email } : {}),
      ...(typeof event.organizer.displayName === 'string' ? { displayName: event.organizer.displayName } : {}),
    };
  }
  if (Array.isArray(event.attendees)) {
    data['attendees'] = event.attendees
      .filter((attendee) => typeof attendee?.email === 'string')
      .map((attendee) => ({
        email: attendee.email,
        ...(typeof attendee.responseStatus === 'string' ? { responseStatus: attendee.responseStatus } : {}),
      }));
  }
  if (Array.isArray(event.recurrence)) data['recurrence'] = event.recurrence.filter((r) => typeof r === 'string');
  return { externalId, data };
}

/** Trimmed (the web UI leaves line breaks and spaces around it), at most DESCRIPTION_MAX_LENGTH characters. */
function descriptionOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return trimmed.length > DESCRIPTION_MAX_LENGTH ? `${trimmed.slice(0, DESCRIPTION_MAX_LENGTH - 1)}…` : trimmed;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
