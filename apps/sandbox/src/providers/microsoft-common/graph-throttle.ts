import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { ControlInputError, controlBody, optionalInteger, optionalString } from '../../lib/control-input';
import { sendGraphError, type GraphErrorAnswer } from './graph-errors';

/**
 * Throttling on demand for the Graph emulations (`POST /_sandbox/<id>/throttle`): the next `times`
 * requests (under `pathPrefix`) answer as a throttled Graph does.
 * - 429 with `Retry-After` in seconds, which may be fractional (`2.128`); Graph's generic body is
 *   `TooManyRequests` "Please retry again later." with inner code `429`
 *   (https://learn.microsoft.com/en-us/graph/throttling), OneDrive's `activityLimitReached` "The request
 *   has been throttled" with inner code `throttledRequest`
 *   (https://learn.microsoft.com/en-us/answers/questions/648796/retry-after-header-upper-limit-or-range),
 *   Outlook's `ApplicationThrottled` "Application is over its MailboxConcurrency limit."
 *   (https://github.com/alcionai/corso/issues/3695).
 * - 503 `serviceNotAvailable`, "may be specified in a Retry-After header"
 *   (https://learn.microsoft.com/en-us/graph/errors); SharePoint and OneDrive throttle with 429 or 503
 *   (https://learn.microsoft.com/en-us/sharepoint/dev/general-development/how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online).
 * `retryAfterSeconds: null` sends no `Retry-After` (the client then backs off on its own).
 */
export const GRAPH_THROTTLE_CODES = ['TooManyRequests', 'activityLimitReached', 'ApplicationThrottled'] as const;
export type GraphThrottleCode = (typeof GRAPH_THROTTLE_CODES)[number];

const THROTTLE_BODIES: Record<GraphThrottleCode, { message: string; innerCode?: string }> = {
  TooManyRequests: { message: 'Please retry again later.', innerCode: '429' },
  activityLimitReached: { message: 'The request has been throttled', innerCode: 'throttledRequest' },
  ApplicationThrottled: { message: 'Application is over its MailboxConcurrency limit.' },
};

export interface PendingThrottle {
  readonly status: 429 | 503;
  remaining: number;
  /** Null: no `Retry-After` header. */
  readonly retryAfterSeconds: number | null;
  /** The 429 body's code (503 answers `serviceNotAvailable`). */
  readonly code: GraphThrottleCode;
  readonly pathPrefix?: string;
}

const MAX_TIMES = 10_000;
const MAX_RETRY_AFTER_SECONDS = 86_400;
const DEFAULT_RETRY_AFTER_SECONDS = 1;

/** The throttle answer for `pending` (what its request gets). */
export function throttleAnswer(
  pending: Pick<PendingThrottle, 'status' | 'retryAfterSeconds' | 'code'>,
): GraphErrorAnswer {
  const headers = pending.retryAfterSeconds === null ? undefined : { 'Retry-After': String(pending.retryAfterSeconds) };
  if (pending.status === 503) {
    return {
      status: 503,
      code: 'serviceNotAvailable',
      message: 'The service is temporarily unavailable. Please retry again later.',
      ...(headers ? { headers } : {}),
    };
  }
  const body = THROTTLE_BODIES[pending.code];
  return {
    status: 429,
    code: pending.code,
    message: body.message,
    ...(body.innerCode ? { innerCode: body.innerCode } : {}),
    ...(headers ? { headers } : {}),
  };
}

/** Pending throttles of one emulation: the middleware that answers them and their control routes. */
export class GraphThrottle {
  private pending: PendingThrottle[] = [];

  /** `defaultCode`: what this workload's 429 says unless the control names another. */
  constructor(private readonly defaultCode: GraphThrottleCode) {}

  /** First in the emulation's router: answers the next pending throttle whose prefix matches. */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    const index = this.pending.findIndex((p) => p.pathPrefix === undefined || req.path.startsWith(p.pathPrefix));
    if (index < 0) return next();
    const pending = this.pending[index];
    pending.remaining -= 1;
    if (pending.remaining <= 0) this.pending.splice(index, 1);
    sendGraphError(res, throttleAnswer(pending));
  };

  /** `/throttle`: GET lists, POST adds `{ status?, times?, retryAfterSeconds?, code?, pathPrefix? }`, DELETE clears. */
  control(): Router {
    const router = express.Router();
    router.get('/throttle', (_req, res) => {
      res.json({ pending: this.list() });
    });
    router.post('/throttle', (req, res) => {
      this.pending.push(this.fromBody(req));
      res.json({ pending: this.list() });
    });
    router.delete('/throttle', (_req, res) => {
      this.clear();
      res.json({ pending: [] });
    });
    return router;
  }

  clear(): void {
    this.pending = [];
  }

  private fromBody(req: Request): PendingThrottle {
    const body = controlBody(req, ['status', 'times', 'retryAfterSeconds', 'code', 'pathPrefix']);
    const status = body['status'] ?? 429;
    if (status !== 429 && status !== 503) throw new ControlInputError('status must be 429 or 503');
    const code = body['code'] ?? this.defaultCode;
    if (!GRAPH_THROTTLE_CODES.includes(code as GraphThrottleCode)) {
      throw new ControlInputError(`code must be one of ${GRAPH_THROTTLE_CODES.join(', ')}`);
    }
    const retry = body['retryAfterSeconds'];
    if (
      retry !== undefined &&
      retry !== null &&
      (typeof retry !== 'number' ||
        !Number.isFinite(retry) ||
        retry < 0 ||
        retry > MAX_RETRY_AFTER_SECONDS ||
        Number(retry.toFixed(3)) !== retry)
    ) {
      throw new ControlInputError(
        `retryAfterSeconds must be null or seconds from 0 to ${MAX_RETRY_AFTER_SECONDS}, at most 3 decimals (got ${JSON.stringify(retry)})`,
      );
    }
    const pathPrefix = optionalString(body, 'pathPrefix');
    if (pathPrefix !== undefined && !/^\/\S{0,499}$/.test(pathPrefix)) {
      throw new ControlInputError(
        'pathPrefix must start with "/" (relative to /<id>/api, e.g. "/me/drive"), no spaces',
      );
    }
    return {
      status,
      remaining: optionalInteger(body, 'times', 1, MAX_TIMES) ?? 1,
      retryAfterSeconds: retry === undefined ? DEFAULT_RETRY_AFTER_SECONDS : (retry as number | null),
      code: code as GraphThrottleCode,
      ...(pathPrefix === undefined ? {} : { pathPrefix }),
    };
  }

  private list(): PendingThrottle[] {
    return this.pending.map((p) => ({ ...p }));
  }
}
