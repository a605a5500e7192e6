/**
 * Google's partial responses: the `fields` query parameter names the parts of the answer to send
 * (https://developers.google.com/drive/api/guides/fields-parameter,
 * https://developers.google.com/calendar/api/guides/performance#partial-response). Syntax: a comma-
 * separated list of selectors; `a/b` selects `b` inside `a`; `a(b,c)` selects `b` and `c` of each `a`
 * (also inside arrays); `*` selects everything at its level.
 */

/** A parsed selection: each key maps to its sub-selection, or null for the whole value. */
export type FieldSelection = Map<string, FieldSelection | null>;

export class FieldSelectionError extends Error {
  override readonly name = 'FieldSelectionError';
}

const NAME = /[A-Za-z0-9_*@.-]/;

/** Parses a `fields` value; throws FieldSelectionError on bad syntax (Google answers 400). */
export function parseFields(spec: string): FieldSelection {
  let at = 0;
  const fail = (): never => {
    throw new FieldSelectionError(`Invalid field selection ${spec}`);
  };

  const name = (): string => {
    const start = at;
    while (at < spec.length && NAME.test(spec[at])) at++;
    if (at === start) fail();
    return spec.slice(start, at).trim();
  };

  const skipSpaces = () => {
    while (spec[at] === ' ') at++;
  };

  const list = (): FieldSelection => {
    const selection: FieldSelection = new Map();
    for (;;) {
      skipSpaces();
      const path = [name()];
      while (spec[at] === '/') {
        at++;
        path.push(name());
      }
      skipSpaces();
      let sub: FieldSelection | null = null;
      if (spec[at] === '(') {
        at++;
        sub = list();
        if (spec[at] !== ')') fail();
        at++;
        skipSpaces();
      }
      merge(selection, path, sub);
      if (spec[at] !== ',') return selection;
      at++;
    }
  };

  if (spec.trim() === '') fail();
  const selection = list();
  if (at !== spec.length) fail();
  return selection;
}

function merge(selection: FieldSelection, path: readonly string[], sub: FieldSelection | null): void {
  const [head, ...rest] = path;
  if (rest.length === 0) {
    const existing = selection.get(head);
    if (existing === undefined || sub === null) selection.set(head, sub);
    else if (existing !== null) for (const [key, value] of sub) existing.set(key, value);
    return;
  }
  let child = selection.get(head);
  if (child === null) return; // already the whole value
  if (child === undefined) {
    child = new Map();
    selection.set(head, child);
  }
  merge(child, rest, sub);
}

/** The parts of `value` the selection names (arrays: of each element). */
export function selectFields(value: unknown, selection: FieldSelection): unknown {
  if (Array.isArray(value)) return value.map((element) => selectFields(element, selection));
  if (typeof value !== 'object' || value === null) return value;
  const source = value as Record<string, unknown>;
  if (selection.has('*')) return value;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of selection) {
    if (!(key in source)) continue;
    out[key] = sub === null ? source[key] : selectFields(source[key], sub);
  }
  return out;
}
