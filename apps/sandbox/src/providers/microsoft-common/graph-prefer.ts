import type { Request, Response } from 'express';

/**
 * The `Prefer` request header (RFC 7240: comma-separated preferences, `name[=value]`, parameters after
 * `;`, several headers read as one list, names case-insensitive, a preference the server does not
 * understand ignored) as Graph reads it:
 * - `odata.maxpagesize=N`: the page size of a collection or delta query, where `$top` would cap the
 *   total (https://learn.microsoft.com/en-us/graph/paging, Outlook mail delta:
 *   https://learn.microsoft.com/en-us/graph/api/message-delta);
 * - `IdType="ImmutableId"`: Outlook ids that survive a move
 *   (https://learn.microsoft.com/en-us/graph/outlook-immutable-id);
 * - flags such as OneDrive's `hierarchicalsharing` or `deltashowremovedasdeleted`.
 * The service names what it honoured in `Preference-Applied`.
 */
export class GraphPreferences {
  private constructor(private readonly values: ReadonlyMap<string, string | null>) {}

  static of(req: Request): GraphPreferences {
    const raw = req.headers['prefer'];
    return GraphPreferences.parse(Array.isArray(raw) ? raw.join(',') : (raw ?? ''));
  }

  static parse(header: string): GraphPreferences {
    const values = new Map<string, string | null>();
    for (const preference of splitOutsideQuotes(header, ',')) {
      const [head] = splitOutsideQuotes(preference, ';');
      const equals = head.indexOf('=');
      const name = (equals < 0 ? head : head.slice(0, equals)).trim().toLowerCase();
      if (name === '' || values.has(name)) continue; // the first occurrence wins (RFC 7240 §2)
      const value = equals < 0 ? null : unquote(head.slice(equals + 1).trim());
      values.set(name, value);
    }
    return new GraphPreferences(values);
  }

  has(name: string): boolean {
    return this.values.has(name.toLowerCase());
  }

  /** The preference's value (unquoted); null for a flag without one; undefined when not sent. */
  get(name: string): string | null | undefined {
    return this.values.get(name.toLowerCase());
  }

  /** `odata.maxpagesize` when it is a positive integer (capped at `max`); else undefined (ignored). */
  maxPageSize(max: number): number | undefined {
    const value = this.get('odata.maxpagesize');
    if (typeof value !== 'string' || !/^\d{1,10}$/.test(value) || Number(value) < 1) return undefined;
    return Math.min(Number(value), max);
  }

  /** `IdType="ImmutableId"` (the value compared case-insensitively). */
  immutableIds(): boolean {
    return (this.get('idtype') ?? '').toLowerCase() === 'immutableid';
  }
}

/** Sets `Preference-Applied` to the preferences honoured (nothing when none was). */
export function preferenceApplied(res: Response, applied: readonly string[]): void {
  if (applied.length > 0) res.set('Preference-Applied', applied.join(', '));
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"' && text[i - 1] !== '\\') quoted = !quoted;
    if (char === separator && !quoted) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
    ? value.slice(1, -1).replace(/\\(.)/g, '$1')
    : value;
}
