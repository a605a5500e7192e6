/**
 * A deterministic primary Google Calendar for the sandbox: meetings, all-day events, recurring
 * series with a few moved and cancelled occurrences, and the change history that sync tokens read.
 * Shapes follow the Calendar API v3 reference:
 * - Event: https://developers.google.com/calendar/api/v3/reference/events
 * - CalendarListEntry: https://developers.google.com/calendar/api/v3/reference/calendarList
 * - Events list answer: https://developers.google.com/calendar/api/v3/reference/events/list
 * Times are in the calendar's time zone (Europe/Paris) with their offset, as Google writes them.
 */
import type { SandboxAccount } from '../../lib/provider-definition';
import type { ChangeCounts } from '../../lib/emulation';
import { ChangeLedger } from '../google-common/change-ledger';
import { SeededRandom } from '../../lib/seeded-random';

export const CALENDAR_DEFAULT_EVENTS = 120;
export const CALENDAR_MAX_EVENTS = 20_000;
export const CALENDAR_MAX_MUTATION = 1000;
export const CALENDAR_TIME_ZONE = 'Europe/Paris';

/** The generated data is older than this; each change after start-up is one minute later than the last. */
const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
const DAY = 86_400_000;
const CHANGE_STEP_MS = 60_000;
/** Event ids: base32hex, lower case (https://developers.google.com/calendar/api/v3/reference/events#id). */
const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuv';
const COLLEAGUES = [
  { email: 'alex.morgan@example.com', displayName: 'Alex Morgan' },
  { email: 'priya.patel@example.com', displayName: 'Priya Patel' },
  { email: 'jonas.weber@example.com', displayName: 'Jonas Weber' },
  { email: 'mei.chen@example.com', displayName: 'Mei Chen' },
  { email: 'lucas.martin@example.com', displayName: 'Lucas Martin' },
  { email: 'sofia.rossi@example.com', displayName: 'Sofia Rossi' },
  { email: 'kwame.mensah@example.com', displayName: 'Kwame Mensah' },
];
const MEETINGS = [
  'Design review',
  'Customer call — Northwind',
  'Interview: Backend engineer',
  'Quarterly business review',
  'Product demo',
  'Budget review',
  'Team retro',
  'Marketing sync',
  'Board prep',
  'Vendor negotiation — Contoso',
  'Pricing workshop',
  'Roadmap planning',
  'Security incident review',
  'Hiring debrief',
  'Partner kickoff — Fabrikam',
];
const PERSONAL = ['Lunch with Priya', 'Dentist', 'Coffee with Alex', 'Yoga', 'Doctor appointment', 'Haircut'];
const ALL_DAY = [
  'Out of office',
  'Company offsite',
  'Public holiday',
  'Conference: KubeCon EU',
  'Birthday: Mei',
  'Team day off',
];
const LOCATIONS = [
  'Room 4.02 (Atlas)',
  'HQ — Boardroom',
  'Café Lumière, 12 rue de Rivoli, 75004 Paris, France',
  'Zoom',
  'Room 2.11 (Orion)',
];
/** Series (`step`: days between occurrences of a simple weekly rule, 0 for others); the first is weekly. */
const SERIES = [
  { summary: '1:1 Alex / Sandbox', rule: 'RRULE:FREQ=WEEKLY;BYDAY=TU', hour: 14, minutes: 30, step: 7 },
  { summary: 'Daily standup', rule: 'RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', hour: 9, minutes: 15, step: 0 },
  { summary: 'Sprint planning', rule: 'RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO', hour: 10, minutes: 60, step: 14 },
  { summary: 'All hands', rule: 'RRULE:FREQ=MONTHLY;BYDAY=1TH', hour: 17, minutes: 45, step: 0 },
  { summary: 'Gym', rule: 'RRULE:FREQ=WEEKLY;BYDAY=WE', hour: 19, minutes: 60, step: 7 },
  { summary: 'Product sync', rule: 'RRULE:FREQ=WEEKLY;BYDAY=TH', hour: 11, minutes: 30, step: 7 },
  { summary: 'Book club', rule: 'RRULE:FREQ=WEEKLY;COUNT=12;BYDAY=FR', hour: 12, minutes: 60, step: 7 },
  { summary: 'Mentoring: Kwame', rule: 'RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=WE', hour: 16, minutes: 30, step: 14 },
  { summary: 'Ops review', rule: 'RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20250929T215959Z', hour: 15, minutes: 45, step: 7 },
  { summary: 'Hiring sync', rule: 'RRULE:FREQ=WEEKLY;BYDAY=FR', hour: 10, minutes: 30, step: 7 },
];

export interface EventPerson {
  email: string;
  displayName?: string;
  self?: boolean;
}

export interface EventAttendee extends EventPerson {
  organizer?: boolean;
  optional?: boolean;
  responseStatus: 'needsAction' | 'declined' | 'tentative' | 'accepted';
}

export interface EventTime {
  date?: string;
  dateTime?: string;
  timeZone?: string;
}

/** A Calendar event resource (the fields a read-only client sees). */
export interface CalendarEvent {
  kind: 'calendar#event';
  etag: string;
  id: string;
  status: 'confirmed' | 'tentative' | 'cancelled';
  htmlLink?: string;
  created?: string;
  updated?: string;
  summary?: string;
  description?: string;
  location?: string;
  creator?: EventPerson;
  organizer?: EventPerson;
  start?: EventTime;
  end?: EventTime;
  recurrence?: string[];
  recurringEventId?: string;
  originalStartTime?: EventTime;
  transparency?: 'opaque' | 'transparent';
  visibility?: 'default' | 'private';
  iCalUID?: string;
  sequence?: number;
  attendees?: EventAttendee[];
  hangoutLink?: string;
  reminders?: { useDefault: boolean };
  eventType?: 'default' | 'outOfOffice';
}

export interface CalendarDatasetOptions {
  /** Events a full sync records (not counting cancelled occurrences a listing also shows). */
  readonly events: number;
  readonly seed: number;
}

/** Where an events listing continues: a full pass, or the changes after a sync token. */
export type ListingPosition =
  | { readonly kind: 'full'; readonly from: number; readonly showDeleted: boolean; readonly startSeq: number }
  | { readonly kind: 'changes'; readonly since: number; readonly generation: number };

export class CalendarDataset {
  readonly calendarId: string;
  private ledger = new ChangeLedger<CalendarEvent>();
  private mutations = 0;
  /** Bumped by expireSyncTokens and reset: sync tokens of an older generation answer 410. */
  private generationCount = 0;

  constructor(
    readonly options: CalendarDatasetOptions,
    private readonly account: SandboxAccount,
  ) {
    if (!Number.isInteger(options.events) || options.events < 0 || options.events > CALENDAR_MAX_EVENTS) {
      throw new RangeError(`The Calendar sandbox holds 0 to ${CALENDAR_MAX_EVENTS} events (got ${options.events})`);
    }
    this.calendarId = account.email;
    this.generate();
  }

  get generation(): number {
    return this.generationCount;
  }

  get seq(): number {
    return this.ledger.seq;
  }

  /** Back to the start-up data; sync tokens handed out before answer 410 (a full sync follows). */
  reset(): void {
    this.ledger = new ChangeLedger<CalendarEvent>();
    this.mutations = 0;
    this.generationCount++;
    this.generate();
  }

  /** Sync tokens handed out so far answer 410 fullSyncRequired from now on. */
  expireSyncTokens(): void {
    this.generationCount++;
  }

  /** The primary calendar's calendarList entry. */
  calendarListEntry(): Record<string, unknown> {
    return {
      kind: 'calendar#calendarListEntry',
      etag: '"1717236000000000"',
      id: this.calendarId,
      summary: this.account.name,
      timeZone: CALENDAR_TIME_ZONE,
      colorId: '14',
      backgroundColor: '#9fe1e7',
      foregroundColor: '#000000',
      selected: true,
      accessRole: 'owner',
      defaultReminders: [{ method: 'popup', minutes: 10 }],
      notificationSettings: {
        notifications: ['eventCreation', 'eventChange', 'eventCancellation', 'eventResponse'].map((type) => ({
          type,
          method: 'email',
        })),
      },
      primary: true,
      conferenceProperties: { allowedConferenceSolutionTypes: ['hangoutsMeet'] },
    };
  }

  /** The parts of an events.list answer around `items`. */
  envelope(): Record<string, unknown> {
    let updated = 0;
    for (const { item } of this.ledger.inOrder()) updated = Math.max(updated, Date.parse(item.updated ?? '') || 0);
    return {
      kind: 'calendar#events',
      etag: `"p3${(updated * 1000).toString(36)}g"`,
      summary: this.account.name,
      description: '',
      updated: new Date(updated || NOW).toISOString(),
      timeZone: CALENDAR_TIME_ZONE,
      accessRole: 'owner',
      defaultReminders: [{ method: 'popup', minutes: 10 }],
    };
  }

  /**
   * One page of a full listing. Without `showDeleted`, cancelled events are left out, except cancelled
   * occurrences of recurring events: "Cancelled instances of recurring events (but not the underlying
   * recurring event) will still be included if showDeleted and singleEvents are both False"
   * (events.list, showDeleted). `next` is where the listing goes on, or null at its end.
   */
  listEvents(
    position: Extract<ListingPosition, { kind: 'full' }>,
    limit: number,
  ): { items: CalendarEvent[]; next: number | null } {
    const items: CalendarEvent[] = [];
    for (const { position: at, item } of this.ledger.inOrder(position.from)) {
      const listed = position.showDeleted || item.status !== 'cancelled' || item.recurringEventId !== undefined;
      if (!listed) continue;
      if (items.length === limit) return { items, next: at };
      items.push(present(item));
    }
    return { items, next: null };
  }

  /** One page of the changes after `since`, cancelled events included; `after` is where it goes on. */
  listChanges(since: number, limit: number): { items: CalendarEvent[]; after: number | null } {
    const changed = this.ledger.changedSince(since);
    const page = changed.slice(0, limit);
    return {
      items: page.map(({ item }) => present(item)),
      after: changed.length > limit ? page[page.length - 1].seq : null,
    };
  }

  /** Hands out the sync token of `seq` (where a sync ended): the next one reads the changes after it. */
  issueSyncToken(seq: number): number {
    return this.ledger.issue(seq);
  }

  /** Counts of the calendar, for `GET /_sandbox/google-calendar/data`. */
  state(): Record<string, number> {
    const counts = { events: 0, recurring: 0, cancelled: 0, changes: this.ledger.seq, seed: this.options.seed };
    for (const { item } of this.ledger.inOrder()) {
      if (item.status === 'cancelled') counts.cancelled++;
      else {
        counts.events++;
        if (item.recurrence) counts.recurring++;
      }
    }
    return counts;
  }

  /** What the next sync counts: the changes since the newest sync token handed out. */
  expected(): ChangeCounts {
    return this.ledger.countsSince(this.ledger.lastIssued);
  }

  /**
   * Changes the calendar as use would: `added` new meetings in the coming weeks, `updated` events
   * edited (a new title, place or time, a later `updated`), `deleted` one-off events cancelled (they
   * come back from a sync token with `status: "cancelled"`). Edited and cancelled events are picked
   * among those unchanged since the last sync token, so each counts once. Answers what the next sync
   * counts.
   */
  mutate(request: ChangeCounts): ChangeCounts {
    for (const [name, value] of Object.entries(request)) {
      if (!Number.isInteger(value) || value < 0 || value > CALENDAR_MAX_MUTATION) {
        throw new RangeError(`${name} must be a whole number from 0 to ${CALENDAR_MAX_MUTATION}`);
      }
    }
    this.mutations++;
    const random = new SeededRandom(this.options.seed, 2, this.mutations);
    const unchanged = this.ledger.unchangedSince(this.ledger.lastIssued, (e) => e.recurringEventId === undefined);
    const deleted = random.sample(
      unchanged.filter(({ item }) => item.recurrence === undefined),
      request.deleted,
    );
    const chosen = new Set(deleted.map(({ id }) => id));
    const updated = random.sample(
      unchanged.filter(({ id }) => !chosen.has(id)),
      request.updated,
    );

    for (let i = 0; i < request.added; i++) {
      const at = this.nextChangeTime();
      const start = Date.UTC(2025, 5, 1) + random.int(1, 28) * DAY;
      const event = this.meeting(random, start, at, at);
      this.ledger.record(event.id, event, true);
    }
    for (const { id, item } of updated) {
      const at = this.nextChangeTime();
      const event: CalendarEvent = { ...item, updated: at, etag: etagOf(at) };
      const change = random.int(0, 2);
      if (change === 0) event.summary = `${(item.summary ?? '').replace(/ \(updated\)$/, '')} (updated)`;
      else if (change === 1) event.location = random.pick(LOCATIONS);
      else if (item.start?.dateTime && item.end?.dateTime) {
        event.start = { ...item.start, dateTime: shift(item.start.dateTime, 30) };
        event.end = { ...item.end, dateTime: shift(item.end.dateTime, 30) };
        event.sequence = (item.sequence ?? 0) + 1;
      } else event.summary = `${(item.summary ?? '').replace(/ \(updated\)$/, '')} (updated)`;
      this.ledger.record(id, event, true);
    }
    for (const { id, item } of deleted) {
      const at = this.nextChangeTime();
      this.ledger.record(id, { ...item, status: 'cancelled', updated: at, etag: etagOf(at) }, false);
    }
    return this.expected();
  }

  private nextChangeTime(): string {
    return new Date(NOW + (this.ledger.seq + 1) * CHANGE_STEP_MS).toISOString();
  }

  /**
   * The start-up calendar: about 1 in 12 records a recurring series, 1 in 20 a moved occurrence of
   * one, 1 in 12 an all-day event, the rest one-off meetings and personal events between January and
   * August 2025; plus a few cancelled occurrences and two events deleted before start-up.
   */
  private generate(): void {
    const random = new SeededRandom(this.options.seed, 3);
    const total = this.options.events;
    const seriesCount = Math.min(SERIES.length, Math.round(total / 12));
    const movedCount = Math.min(seriesCount * 2, Math.round(total / 20));
    const allDayCount = Math.round(total / 12);
    const singleCount = total - seriesCount - movedCount - allDayCount;
    const cancelledCount = Math.min(seriesCount, 3);

    const events: { event: CalendarEvent; visible: boolean }[] = [];
    const series: { master: CalendarEvent; step: number; day: number; hour: number; minutes: number }[] = [];
    for (let i = 0; i < seriesCount; i++) {
      const spec = SERIES[i];
      // Series start on the first matching weekday of January 2025 (Monday 6 January + offset).
      const weekday = ['MO', 'TU', 'WE', 'TH', 'FR'].indexOf(/BYDAY=\d?(\w\w)/.exec(spec.rule)?.[1] ?? 'MO');
      const day = Date.UTC(2025, 0, 6 + Math.max(0, weekday));
      const startMs = localTime(day, spec.hour, 0);
      const created = new Date(startMs - random.int(2, 20) * DAY).toISOString();
      const master = this.baseEvent(random, spec.summary, startMs, spec.minutes, created);
      master.recurrence = [spec.rule];
      if (spec.summary === 'Gym') {
        master.visibility = 'private';
        delete master.attendees;
      } else master.attendees = this.attendees(random, true, random.int(2, 6));
      events.push({ event: master, visible: true });
      series.push({ master, step: spec.step, day, hour: spec.hour, minutes: spec.minutes });
    }
    const weekly = series.filter((s) => s.step > 0);
    const usedOccurrences = new Set<string>();
    for (let i = 0; i < movedCount + cancelledCount && weekly.length > 0; i++) {
      const { master, step, day, hour, minutes } = weekly[i % weekly.length];
      // Occurrences keep their wall-clock time across daylight saving changes.
      const startOf = (n: number) => localTime(day + n * step * DAY, hour, 0);
      // An occurrence within the series' first ten (Book club has twelve), each at most once.
      let occurrence = 1 + random.int(0, 8);
      const idAt = (n: number) =>
        `${master.id}_${new Date(startOf(n)).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
      while (usedOccurrences.has(idAt(occurrence))) occurrence = (occurrence % 10) + 1;
      const instanceId = idAt(occurrence);
      usedOccurrences.add(instanceId);
      const originalMs = startOf(occurrence);
      const original = eventTime(originalMs);
      if (i < movedCount) {
        const movedMs = originalMs + random.pick([60, 90, -60, 24 * 60]) * 60_000;
        const updated = new Date(Math.min(NOW, originalMs) - random.int(1, 5) * DAY).toISOString();
        const moved: CalendarEvent = {
          ...master,
          id: instanceId,
          etag: etagOf(updated),
          htmlLink: this.htmlLink(instanceId),
          updated,
          start: eventTime(movedMs),
          end: eventTime(movedMs + minutes * 60_000),
          recurringEventId: master.id,
          originalStartTime: original,
          sequence: 1,
        };
        delete moved.recurrence;
        events.push({ event: moved, visible: true });
      } else {
        const updated = new Date(Math.min(NOW, originalMs) - DAY).toISOString();
        events.push({
          event: {
            kind: 'calendar#event',
            etag: etagOf(updated),
            id: instanceId,
            status: 'cancelled',
            recurringEventId: master.id,
            originalStartTime: original,
          },
          visible: false,
        });
      }
    }
    for (let i = 0; i < allDayCount; i++) {
      const day = Date.UTC(2025, 0, 2) + random.int(0, 230) * DAY;
      const days = random.chance(0.25) ? random.int(2, 4) : 1;
      const created = new Date(Math.min(NOW, day) - random.int(5, 60) * DAY).toISOString();
      const summary = random.pick(ALL_DAY);
      const event = this.baseEvent(random, summary, day, 0, created);
      event.start = { date: isoDate(day) };
      event.end = { date: isoDate(day + days * DAY) };
      event.transparency = 'transparent';
      if (summary === 'Out of office') event.eventType = 'outOfOffice';
      delete event.attendees;
      delete event.location;
      delete event.hangoutLink;
      events.push({ event, visible: true });
    }
    for (let i = 0; i < singleCount + 2; i++) {
      const day = Date.UTC(2025, 0, 2) + random.int(0, 230) * DAY;
      const created = new Date(Math.min(NOW, day) - random.int(1, 40) * DAY).toISOString();
      const event = this.meeting(random, day, created);
      if (i >= singleCount) {
        // Deleted before start-up: only `showDeleted=true` (or an old sync token) shows them.
        events.push({ event: { ...event, status: 'cancelled' }, visible: false });
      } else events.push({ event, visible: true });
    }
    for (const { event, visible } of random.sample(events, events.length)) this.ledger.seed(event.id, event, visible);
  }

  /** A one-off event on `day` (UTC midnight of its date) at a working hour, or a personal one. */
  private meeting(random: SeededRandom, day: number, created: string, updated?: string): CalendarEvent {
    const personal = random.chance(0.2);
    const startMs = localTime(day, random.int(8, 17), random.pick([0, 0, 15, 30, 45]));
    const minutes = random.pick([15, 30, 30, 45, 60, 60, 90]);
    const event = this.baseEvent(
      random,
      personal ? random.pick(PERSONAL) : random.pick(MEETINGS),
      startMs,
      minutes,
      created,
      updated,
    );
    if (personal) {
      delete event.attendees;
      delete event.hangoutLink;
      event.visibility = 'private';
    } else if (random.chance(0.3)) {
      // An invitation: a colleague organizes; the person's own answer varies.
      const organizer = random.pick(COLLEAGUES);
      event.organizer = { ...organizer };
      event.creator = { ...organizer };
      event.attendees = [
        { ...organizer, organizer: true, responseStatus: 'accepted' },
        {
          email: this.calendarId,
          self: true,
          responseStatus: random.pick(['needsAction', 'accepted', 'tentative', 'declined'] as const),
        },
        ...this.colleagueAttendees(random, random.int(0, 3), organizer.email),
      ];
    } else event.attendees = this.attendees(random, true, random.int(1, 5));
    return event;
  }

  private baseEvent(
    random: SeededRandom,
    summary: string,
    startMs: number,
    minutes: number,
    created: string,
    updated?: string,
  ): CalendarEvent {
    const id = random.chars(26, ID_ALPHABET);
    const lastUpdate =
      updated ?? new Date(Date.parse(created) + random.int(0, Math.max(0, NOW - Date.parse(created)))).toISOString();
    const self = { email: this.calendarId, self: true };
    const meet = random.chance(0.4);
    const event: CalendarEvent = {
      kind: 'calendar#event',
      etag: etagOf(lastUpdate),
      id,
      status: random.chance(0.05) ? 'tentative' : 'confirmed',
      htmlLink: this.htmlLink(id),
      created: `${created.slice(0, 19)}.000Z`,
      updated: lastUpdate,
      summary,
      creator: self,
      organizer: self,
      start: eventTime(startMs),
      end: eventTime(startMs + minutes * 60_000),
      iCalUID: `${id}@google.com`,
      sequence: 0,
      reminders: { useDefault: true },
      eventType: 'default',
    };
    const location = meet ? undefined : random.chance(0.6) ? random.pick(LOCATIONS) : undefined;
    if (location) event.location = location;
    if (meet)
      event.hangoutLink = `https://meet.google.com/${random.chars(3, 'abcdefghijklmnopqrstuvwxyz')}-${random.chars(4, 'abcdefghijklmnopqrstuvwxyz')}-${random.chars(3, 'abcdefghijklmnopqrstuvwxyz')}`;
    if (random.chance(0.35)) {
      // Descriptions come as typed in the web UI: HTML, with stray whitespace around it.
      event.description = random.pick([
        '\n<b>Agenda</b><br>1. Updates<br>2. Blockers<br>3. Next steps\n',
        'Notes: https://docs.google.com/document/d/1aB2cD3eF4gH5iJ6kL7mN8oP9qR0sT1uV2wX3yZ4aB5c/edit  ',
        '  Please review the doc before the meeting.',
        `Dial-in: +33 1 23 45 67 89, PIN ${random.int(100000, 999999)}#`,
        `${'Background and context for the discussion. '.repeat(60)}\n`,
      ]);
    }
    return event;
  }

  /** The person (organizer) and `others` colleagues. */
  private attendees(random: SeededRandom, organizer: boolean, others: number): EventAttendee[] {
    return [
      { email: this.calendarId, self: true, ...(organizer ? { organizer: true } : {}), responseStatus: 'accepted' },
      ...this.colleagueAttendees(random, others),
    ];
  }

  private colleagueAttendees(random: SeededRandom, count: number, except?: string): EventAttendee[] {
    return random
      .sample(
        COLLEAGUES.filter((c) => c.email !== except),
        count,
      )
      .map((c) => ({
        ...c,
        ...(random.chance(0.1) ? { optional: true } : {}),
        responseStatus: random.pick(['needsAction', 'accepted', 'accepted', 'tentative', 'declined'] as const),
      }));
  }

  private htmlLink(id: string): string {
    const eid = Buffer.from(`${id} ${this.calendarId}`).toString('base64').replace(/=+$/, '');
    return `https://www.google.com/calendar/event?eid=${eid}`;
  }
}

/**
 * What a listing shows of an event: a cancelled one keeps only its id, status and, for an occurrence,
 * its series ("Deleted events are only guaranteed to have the id field populated"; cancelled
 * occurrences also carry recurringEventId and originalStartTime).
 */
function present(event: CalendarEvent): CalendarEvent {
  if (event.status !== 'cancelled') return event;
  return {
    kind: 'calendar#event',
    etag: event.etag,
    id: event.id,
    status: 'cancelled',
    ...(event.recurringEventId ? { recurringEventId: event.recurringEventId } : {}),
    ...(event.originalStartTime ? { originalStartTime: event.originalStartTime } : {}),
  };
}

function etagOf(updated: string): string {
  return `"${Date.parse(updated)}000"`;
}

/** The UTC instant of `hour:minute` on the Paris date of `dayUtcMidnight`. */
function localTime(dayUtcMidnight: number, hour: number, minute: number): number {
  const wall = dayUtcMidnight + (hour * 60 + minute) * 60_000;
  let utc = wall - offsetMinutes(wall) * 60_000;
  utc = wall - offsetMinutes(utc) * 60_000;
  return utc;
}

/** `{ dateTime: "2025-06-03T10:00:00+02:00", timeZone: "Europe/Paris" }` for an instant. */
function eventTime(utcMs: number): EventTime {
  const offset = offsetMinutes(utcMs);
  const wall = new Date(utcMs + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return { dateTime: `${wall}${sign}${hh}:${mm}`, timeZone: CALENDAR_TIME_ZONE };
}

function shift(dateTime: string, minutes: number): string {
  return eventTime(Date.parse(dateTime) + minutes * 60_000).dateTime as string;
}

const OFFSET_FORMAT = new Intl.DateTimeFormat('en-US', { timeZone: CALENDAR_TIME_ZONE, timeZoneName: 'longOffset' });

/** Offsets by UTC hour: Intl is slow, and offsets change on the hour. */
const OFFSETS = new Map<number, number>();

/** The calendar's UTC offset at an instant, in minutes (Paris: 60 in winter, 120 in summer). */
function offsetMinutes(utcMs: number): number {
  const hour = Math.floor(utcMs / 3_600_000);
  const known = OFFSETS.get(hour);
  if (known !== undefined) return known;
  const name =
    OFFSET_FORMAT.formatToParts(new Date(hour * 3_600_000)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  const offset = match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
  OFFSETS.set(hour, offset);
  return offset;
}

function isoDate(utcMs: number): string {
  return new Date(utcMs).toISOString().slice(0, 10);
}
