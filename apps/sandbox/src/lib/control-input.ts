import type { Request } from 'express';

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

/** `body[name]` as a string, or undefined when absent. */
export function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new ControlInputError(`${name} must be a string`);
  return value;
}
