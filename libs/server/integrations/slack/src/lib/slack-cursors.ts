import { cursorFields, decodeCursor, encodeCursor } from '@hub/server/integrations/core';

/**
 * The Slack provider's own cursor kinds (opaque JSON to the hub, written with encodeCursor and read
 * back with decodeCursor, which answers CURSOR_INVALID for anything else):
 *
 * - `channels`: where a channels pass resumes, Slack's `next_cursor` of conversations.list;
 * - `history`: where a messages pass resumes: the member channels still to read (the current one
 *   first), Slack's `next_cursor` inside the current channel, the lower bounds of a changes pass and
 *   the newest message seen per channel so far;
 * - `changes`: the sync token a messages pass ends with: per channel, the newest message `ts` seen.
 *   The next run reads only messages newer than that (conversations.history `oldest`).
 */
export interface ChannelsCursor {
  readonly v: 1;
  readonly kind: 'channels';
  /** Slack's `response_metadata.next_cursor`, never empty. */
  readonly next: string;
}

export interface HistoryCursor {
  readonly v: 1;
  readonly kind: 'history';
  /** `full` reads whole channels (the runner then marks unseen messages deleted); `changes` only newer ones. */
  readonly mode: 'full' | 'changes';
  /** Member channels still to read, the current one first; never empty. */
  readonly channels: readonly string[];
  /** Slack's cursor inside the current channel; empty at its first page. */
  readonly page: string;
  /** Changes mode: per channel, read only messages newer than this `ts` (exclusive). */
  readonly since: Readonly<Record<string, string>>;
  /** Newest `ts` seen per channel, in this pass and (changes mode) before it: the next sync token. */
  readonly newest: Readonly<Record<string, string>>;
}

export interface ChangesToken {
  readonly v: 1;
  readonly kind: 'changes';
  readonly newest: Readonly<Record<string, string>>;
}

/** Channel ids: `C…` (public and newer private channels), `G…` (older private ones). */
const CHANNEL_ID = /^[CG][A-Z0-9]{2,31}$/;
/** A message timestamp: epoch seconds, a dot, microseconds ("1512085950.000216"). */
const TS = /^\d{1,12}\.\d{1,9}$/;
/** Slack's own cursors are base64 (with `=` padding); accept their alphabet only. */
const SLACK_CURSOR = /^[A-Za-z0-9+/=_-]{1,500}$/;

export function isChannelId(value: unknown): value is string {
  return typeof value === 'string' && CHANNEL_ID.test(value);
}

export function isTs(value: unknown): value is string {
  return typeof value === 'string' && TS.test(value);
}

export function isSlackCursor(value: unknown): value is string {
  return typeof value === 'string' && SLACK_CURSOR.test(value);
}

function isTsMap(value: unknown): value is Record<string, string> {
  const fields = cursorFields(value);
  return fields !== undefined && Object.entries(fields).every(([channel, ts]) => isChannelId(channel) && isTs(ts));
}

function isChannelsCursor(value: unknown): value is ChannelsCursor {
  const c = cursorFields(value);
  return c !== undefined && c['v'] === 1 && c['kind'] === 'channels' && isSlackCursor(c['next']);
}

function isHistoryCursor(value: unknown): value is HistoryCursor {
  const c = cursorFields(value);
  return (
    c !== undefined &&
    c['v'] === 1 &&
    c['kind'] === 'history' &&
    (c['mode'] === 'full' || c['mode'] === 'changes') &&
    Array.isArray(c['channels']) &&
    c['channels'].length > 0 &&
    c['channels'].every(isChannelId) &&
    (c['page'] === '' || isSlackCursor(c['page'])) &&
    isTsMap(c['since']) &&
    isTsMap(c['newest'])
  );
}

function isChangesToken(value: unknown): value is ChangesToken {
  const c = cursorFields(value);
  return c !== undefined && c['v'] === 1 && c['kind'] === 'changes' && isTsMap(c['newest']);
}

export function decodeChannelsCursor(cursor: string): ChannelsCursor {
  return decodeCursor(cursor, 'Slack channels', isChannelsCursor);
}

/** A messages run's cursor: a pass to resume, or the sync token of the previous pass. */
export function decodeMessagesCursor(cursor: string): HistoryCursor | ChangesToken {
  return decodeCursor(
    cursor,
    'Slack messages',
    (value): value is HistoryCursor | ChangesToken => isHistoryCursor(value) || isChangesToken(value),
  );
}

export function encodeChannelsCursor(next: string): string {
  return encodeCursor({ v: 1, kind: 'channels', next } satisfies ChannelsCursor);
}

export function encodeHistoryCursor(cursor: Omit<HistoryCursor, 'v' | 'kind'>): string {
  return encodeCursor({ v: 1, kind: 'history', ...cursor } satisfies HistoryCursor);
}

export function encodeChangesToken(newest: Readonly<Record<string, string>>): string {
  return encodeCursor({ v: 1, kind: 'changes', newest } satisfies ChangesToken);
}

/** Orders two message timestamps exactly (they carry 16 digits: more than a double holds). */
export function compareTs(a: string, b: string): number {
  const [aSeconds, aFraction = ''] = a.split('.');
  const [bSeconds, bFraction = ''] = b.split('.');
  const seconds = aSeconds.replace(/^0+(?=\d)/, '');
  const otherSeconds = bSeconds.replace(/^0+(?=\d)/, '');
  if (seconds.length !== otherSeconds.length) return seconds.length - otherSeconds.length;
  if (seconds !== otherSeconds) return seconds < otherSeconds ? -1 : 1;
  const width = Math.max(aFraction.length, bFraction.length);
  const fraction = aFraction.padEnd(width, '0');
  const otherFraction = bFraction.padEnd(width, '0');
  return fraction === otherFraction ? 0 : fraction < otherFraction ? -1 : 1;
}
