import { SANDBOX_ACCOUNT } from '../../lib/provider-definition';
import { CALENDAR_MAX_EVENTS, CalendarDataset, type CalendarEvent } from './calendar-data';

const make = (options: Partial<{ events: number; seed: number }> = {}) =>
  new CalendarDataset({ events: 120, seed: 1, ...options }, SANDBOX_ACCOUNT);
const listing = (data: CalendarDataset, showDeleted = false) =>
  data.listEvents({ kind: 'full', from: 0, showDeleted, startSeq: data.seq }, 100_000).items;
const records = (data: CalendarDataset) => listing(data).filter((e) => e.status !== 'cancelled');
/** The local wall-clock time of a dateTime with offset: `10:00` of `2025-06-03T10:00:00+02:00`. */
const wallClock = (dateTime: string) => dateTime.slice(11, 16);

describe('CalendarDataset start-up data', () => {
  it('should be the same for the same seed, and another for another seed', () => {
    expect(listing(make(), true)).toEqual(listing(make(), true));
    expect(listing(make({ seed: 2 }))[0].id).not.toBe(listing(make())[0].id);
  });

  it('should hold 120 events a sync records: series, moved occurrences, all-day and one-off events', () => {
    const data = make();
    const events = records(data);
    expect(events).toHaveLength(120);
    expect(events.filter((e) => e.recurrence)).toHaveLength(10);
    expect(events.filter((e) => e.recurringEventId)).toHaveLength(6);
    expect(events.filter((e) => e.start?.date)).toHaveLength(10);
    expect(new Set(listing(data, true).map((e) => e.id)).size).toBe(125);
    expect(data.state()).toEqual({ events: 120, recurring: 10, cancelled: 5, changes: 0, seed: 1 });
  });

  it('should list cancelled occurrences of series even without showDeleted, as Google does; deleted events only with it', () => {
    const data = make();
    const cancelled = listing(data).filter((e) => e.status === 'cancelled');
    expect(cancelled).toHaveLength(3);
    for (const event of cancelled) {
      // Only id, status and the occurrence they cancel.
      expect(Object.keys(event).sort()).toEqual(
        ['etag', 'id', 'kind', 'originalStartTime', 'recurringEventId', 'status'].sort(),
      );
    }
    const deleted = listing(data, true).filter((e) => e.status === 'cancelled' && !e.recurringEventId);
    expect(deleted).toHaveLength(2);
    expect(deleted.every((e) => Object.keys(e).sort().join() === 'etag,id,kind,status')).toBe(true);
  });

  it('should shape events as Calendar does: base32hex ids, Paris times with their offset, links, attendees', () => {
    const data = make();
    for (const event of records(data)) {
      expect(event.kind).toBe('calendar#event');
      expect(event.id).toMatch(/^[0-9a-v]{26}(_\d{8}T\d{6}Z)?$/);
      expect(event.htmlLink).toMatch(/^https:\/\/www\.google\.com\/calendar\/event\?eid=[A-Za-z0-9+/]+$/);
      expect(Date.parse(event.updated ?? '')).toBeGreaterThanOrEqual(Date.parse(event.created ?? ''));
      if (event.start?.dateTime) {
        expect(event.start.dateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\+0[12]:00$/);
        expect(Date.parse(event.end?.dateTime ?? '')).toBeGreaterThan(Date.parse(event.start.dateTime));
        // Winter time until the last Sunday of March, summer time after.
        const offset = Date.parse(event.start.dateTime) < Date.UTC(2025, 2, 30, 1) ? '+01:00' : '+02:00';
        expect(event.start.dateTime.endsWith(offset)).toBe(true);
      } else {
        expect(event.start?.date).toMatch(/^\d{4}-\d\d-\d\d$/);
        expect((event.end?.date ?? '') > (event.start?.date ?? '')).toBe(true);
      }
      for (const attendee of event.attendees ?? []) {
        expect(['needsAction', 'declined', 'tentative', 'accepted']).toContain(attendee.responseStatus);
      }
    }
    expect(records(data).some((e) => e.organizer?.email !== SANDBOX_ACCOUNT.email)).toBe(true);
    expect(records(data).some((e) => (e.description ?? '') !== (e.description ?? '').trim())).toBe(true);
  });

  it('should keep moved occurrences tied to their series, at the wall-clock time of the series across summer time', () => {
    const data = make();
    const byId = new Map(records(data).map((e) => [e.id, e]));
    const occurrences = listing(data).filter((e) => e.recurringEventId);
    expect(occurrences).toHaveLength(9);
    for (const occurrence of occurrences) {
      const series = byId.get(occurrence.recurringEventId as string) as CalendarEvent;
      expect(series.recurrence).toBeDefined();
      const original = occurrence.originalStartTime?.dateTime as string;
      expect(wallClock(original)).toBe(wallClock(series.start?.dateTime as string));
      const utc = new Date(original).toISOString().replace(/[-:]/g, '').slice(0, 15);
      expect(occurrence.id).toBe(`${series.id}_${utc}Z`);
    }
  });

  it('should describe the primary calendar in its calendarList entry', () => {
    expect(make().calendarListEntry()).toMatchObject({
      kind: 'calendar#calendarListEntry',
      id: SANDBOX_ACCOUNT.email,
      summary: SANDBOX_ACCOUNT.name,
      timeZone: 'Europe/Paris',
      primary: true,
      accessRole: 'owner',
    });
  });

  it('should refuse sizes out of range, and scales down', () => {
    expect(() => make({ events: -1 })).toThrow(RangeError);
    expect(() => make({ events: CALENDAR_MAX_EVENTS + 1 })).toThrow(RangeError);
    expect(records(make({ events: 0 }))).toHaveLength(0);
    expect(records(make({ events: 7 }))).toHaveLength(7);
  });
});

describe('CalendarDataset changes and mutate', () => {
  it('should page a full listing by position', () => {
    const data = make();
    const first = data.listEvents({ kind: 'full', from: 0, showDeleted: false, startSeq: 0 }, 50);
    const rest = data.listEvents({ kind: 'full', from: first.next as number, showDeleted: false, startSeq: 0 }, 500);
    expect(first.items).toHaveLength(50);
    expect([...first.items, ...rest.items]).toEqual(listing(data));
    expect(rest.next).toBeNull();
  });

  it('should add meetings, edit events and cancels one-off events; the changes list them once, cancelled ones bare', () => {
    const data = make();
    const before = new Map(records(data).map((e) => [e.id, e]));
    const since = data.issueSyncToken(data.seq);
    expect(data.mutate({ added: 2, updated: 2, deleted: 1 })).toEqual({ added: 2, updated: 2, deleted: 1 });
    const { items, after } = data.listChanges(since, 100);
    expect(after).toBeNull();
    expect(items).toHaveLength(5);
    const added = items.filter((e) => !before.has(e.id));
    expect(added).toHaveLength(2);
    expect(added.every((e) => Date.parse(e.start?.dateTime ?? '') > Date.UTC(2025, 5, 1))).toBe(true);
    const edited = items.filter((e) => before.has(e.id) && e.status !== 'cancelled');
    for (const event of edited) {
      expect(Date.parse(event.updated ?? '')).toBeGreaterThan(Date.parse(before.get(event.id)?.updated ?? ''));
      expect(event).not.toEqual(before.get(event.id));
    }
    const [cancelled] = items.filter((e) => e.status === 'cancelled');
    expect(Object.keys(cancelled).sort()).toEqual(['etag', 'id', 'kind', 'status']);
    expect(before.get(cancelled.id)?.recurrence).toBeUndefined();
    expect(records(data)).toHaveLength(121);
  });

  it('should page the changes: `after` goes on where the page ended', () => {
    const data = make();
    const since = data.issueSyncToken(data.seq);
    data.mutate({ added: 3, updated: 0, deleted: 2 });
    const first = data.listChanges(since, 2);
    const second = data.listChanges(first.after as number, 2);
    const third = data.listChanges(second.after as number, 2);
    expect([first, second, third].map((p) => p.items.length)).toEqual([2, 2, 1]);
    expect(third.after).toBeNull();
  });

  it('should expect the changes since the newest sync token handed out, adding up mutations in between', () => {
    const data = make();
    data.issueSyncToken(data.seq);
    data.mutate({ added: 2, updated: 1, deleted: 1 });
    expect(data.mutate({ added: 0, updated: 1, deleted: 1 })).toEqual({ added: 2, updated: 2, deleted: 2 });
    data.issueSyncToken(data.seq);
    expect(data.expected()).toEqual({ added: 0, updated: 0, deleted: 0 });
    expect(() => data.mutate({ added: -1, updated: 0, deleted: 0 })).toThrow(RangeError);
  });

  it('should expire sync tokens by generation, and resets to the start-up data in a new generation', () => {
    const data = make();
    const original = listing(data, true);
    const generation = data.generation;
    data.expireSyncTokens();
    expect(data.generation).toBe(generation + 1);
    data.issueSyncToken(data.seq);
    data.mutate({ added: 4, updated: 4, deleted: 4 });
    data.reset();
    expect(listing(data, true)).toEqual(original);
    expect(data.generation).toBe(generation + 2);
    expect(data.expected()).toEqual({ added: 0, updated: 0, deleted: 0 });
  });
});
