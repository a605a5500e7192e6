import type { Request } from 'express';
import type { ChangeCounts } from './emulation';

/** A control request the sandbox refuses: answered 400 `{ error: 'invalid_request', message }`. */
export class ControlInputError extends Error {
  override readonly name = 'ControlInputError';
}

/**
 * The JSON object body of a control request, with only `allowed` keys: a typo (`link` for `links`)
 * is an error rather than a silent no-op. No body at all (or no JSON content type) reads as `{}`.
 */
export function controlBody(req: Request, allowed: readonly string[]): Record<string, unknown> {
  const body: unknown = req.body ?? {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ControlInputError('The body must be a JSON object');
  }
  const unknown = Object.keys(body).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new ControlInputError(`Unknown field(s): ${unknown.join(', ')} (allowed: ${allowed.join(', ')})`);
  }
  return body as Record<string, unknown>;
}

/** `body[name]` as a whole number in [min, max], or undefined when absent. */
export function optionalInteger(
  body: Record<string, unknown>,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ControlInputError(`${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`);
  }
  return value;
}

export function requiredInteger(body: Record<string, unknown>, name: string, min: number, max: number): number {
  const value = optionalInteger(body, name, min, max);
  if (value === undefined) throw new ControlInputError(`${name} is required: a whole number from ${min} to ${max}`);
  return value;
}

/**
 * The body of `POST /_sandbox/<id>/mutate`: `added`, `updated` and `deleted`, each a whole number
 * from 0 to `max` and 0 when absent (no body at all asks for nothing). Any other field is refused.
 */
export function mutationRequest(req: Request, max: number): ChangeCounts {
  const body = controlBody(req, ['added', 'updated', 'deleted']);
  return {
    added: optionalInteger(body, 'added', 0, max) ?? 0,
    updated: optionalInteger(body, 'updated', 0, max) ?? 0,
    deleted: optionalInteger(body, 'deleted', 0, max) ?? 0,
  };
}

/** Bounds and default of an integer setting read by envInteger. */
export interface EnvIntegerOptions {
  min?: number;
  max?: number;
  /** What an unset, empty or blank variable reads as; undefined when not given. */
  fallback?: number;
}

/**
 * `env[name]`, a sandbox setting (`SANDBOX_<ID>_*`), as a whole number (a safe integer) from `min`
 * to `max` when given. Unset, empty or blank (spaces only) reads as `fallback`. Anything else that is
 * not such a number throws a RangeError naming the variable and the value as set: the sandbox refuses
 * to start rather than run with a setting it misread.
 */
export function envInteger(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  options: EnvIntegerOptions & { fallback: number },
): number;
export function envInteger(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  options?: EnvIntegerOptions,
): number | undefined;
export function envInteger(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  { min, max, fallback }: EnvIntegerOptions = {},
): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || (min !== undefined && value < min) || (max !== undefined && value > max)) {
    throw new RangeError(`${name} must be a whole number${rangeText(min, max)} (got "${raw}")`);
  }
  return value;
}

function rangeText(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return ` of at least ${min}`;
  if (max !== undefined) return ` of at most ${max}`;
  return '';
}

/** `body[name]` as a string, or undefined when absent. */
export function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new ControlInputError(`${name} must be a string`);
  return value;
}
