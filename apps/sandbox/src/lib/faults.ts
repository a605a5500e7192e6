import { ControlInputError, controlBody, optionalInteger, optionalString, requiredInteger } from './control-input';
import type { ApiErrorKind } from './provider-definition';
import type { Request } from 'express';

/** A pending fault: the next `remaining` API requests whose path starts with `pathPrefix` answer `status`. */
export interface Fault {
  readonly status: number;
  remaining: number;
  readonly retryAfterSeconds?: number;
  /** Relative to `/<id>/api`, e.g. `/links`; compared with the path without its query string. */
  readonly pathPrefix?: string;
}

export const MAX_FAULT_TIMES = 10_000;
/** Rules pending at once: enough for any test, and `take` stays a short scan. */
export const MAX_FAULTS = 100;
const MAX_RETRY_AFTER_SECONDS = 86_400;

/**
 * Fault injection for one provider's REST API (`/_sandbox/<id>/faults`). Rules are kept in the order
 * they were added; a request consumes one from the first rule that matches its path, and a rule is
 * dropped once used up.
 */
export class FaultInjector {
  private faults: Fault[] = [];

  add(fault: Fault): void {
    if (this.faults.length >= MAX_FAULTS) {
      throw new ControlInputError(`At most ${MAX_FAULTS} faults can be pending: DELETE the faults first`);
    }
    this.faults.push({ ...fault });
  }

  /** The fault this request gets, if any (counted as used). */
  take(path: string): Fault | undefined {
    if (this.faults.length === 0) return undefined; // the common case: one length check per request
    const index = this.faults.findIndex((f) => f.pathPrefix === undefined || path.startsWith(f.pathPrefix));
    if (index < 0) return undefined;
    const fault = this.faults[index];
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    return fault;
  }

  pending(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }
}

/** `{ status, times, retryAfterSeconds?, pathPrefix? }` from a control request. */
export function faultFromRequest(req: Request): Fault {
  const body = controlBody(req, ['status', 'times', 'retryAfterSeconds', 'pathPrefix']);
  const status = requiredInteger(body, 'status', 400, 599);
  const times = requiredInteger(body, 'times', 1, MAX_FAULT_TIMES);
  const retryAfterSeconds = optionalInteger(body, 'retryAfterSeconds', 0, MAX_RETRY_AFTER_SECONDS);
  const pathPrefix = optionalString(body, 'pathPrefix');
  if (pathPrefix !== undefined && !/^\/\S{0,499}$/.test(pathPrefix)) {
    throw new ControlInputError('pathPrefix must start with "/" (relative to /<id>/api, e.g. "/links"), no spaces');
  }
  return {
    status,
    remaining: times,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    ...(pathPrefix === undefined ? {} : { pathPrefix }),
  };
}

/** Which of the provider's error shapes an injected status is written in. */
export function errorKindForStatus(status: number): ApiErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'internal';
  return 'bad_request';
}
