import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { ControlInputError, controlBody, optionalInteger, optionalString } from '../../lib/control-input';

/**
 * The failures of a Google API that come from the Cloud project or its quota rather than from the
 * request: a per-user or per-project rate limit (`userRateLimitExceeded`, `rateLimitExceeded`,
 * https://developers.google.com/drive/api/guides/limits and each API's "Resolve errors" page) and an
 * API that is not enabled in the OAuth client's project (`SERVICE_DISABLED`,
 * https://cloud.google.com/apis/design/errors#error_info). Every Google emulation offers them through
 * `POST /_sandbox/<id>/google-errors` `{ error, times?, pathPrefix? }` (`DELETE` clears them; the
 * sandbox reset too).
 */
export const GOOGLE_PROJECT_ERRORS = ['userRateLimitExceeded', 'rateLimitExceeded', 'SERVICE_DISABLED'] as const;
export type GoogleProjectError = (typeof GOOGLE_PROJECT_ERRORS)[number];

/** The Google API an emulated route belongs to, as ErrorInfo names it. */
export interface GoogleService {
  /** `drive.googleapis.com` */
  readonly name: string;
  /** `Google Drive API` */
  readonly title: string;
  /**
   * Whether its errors still carry the legacy `errors[]` (Drive, Gmail and Calendar do); the newer
   * APIs (Analytics Admin and Data) answer `code`, `message`, `status` and `details` only.
   */
  readonly legacyErrors: boolean;
}

/** The sandbox OAuth client's Cloud project, as `consumer` and the enable link name it. */
const PROJECT_NUMBER = '1234987819200';
const MAX_TIMES = 10_000;

interface Pending {
  readonly error: GoogleProjectError;
  remaining: number;
  readonly pathPrefix?: string;
}

/** The answer Google sends for `error` on a route of `service`. */
export function googleProjectErrorAnswer(
  service: GoogleService,
  error: GoogleProjectError,
): { status: number; body: unknown } {
  const consumer = `projects/${PROJECT_NUMBER}`;
  if (error === 'SERVICE_DISABLED') {
    const url = `https://console.developers.google.com/apis/api/${service.name}/overview?project=${PROJECT_NUMBER}`;
    const message =
      `${service.title} has not been used in project ${PROJECT_NUMBER} before or it is disabled. Enable it by ` +
      `visiting ${url} then retry. If you enabled this API recently, wait a few minutes for the action to ` +
      'propagate to our systems and retry.';
    return {
      status: 403,
      body: {
        error: {
          code: 403,
          message,
          ...(service.legacyErrors
            ? {
                errors: [
                  {
                    message,
                    domain: 'usageLimits',
                    reason: 'accessNotConfigured',
                    extendedHelp: 'https://console.developers.google.com',
                  },
                ],
              }
            : {}),
          status: 'PERMISSION_DENIED',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
              reason: 'SERVICE_DISABLED',
              domain: 'googleapis.com',
              metadata: {
                service: service.name,
                consumer,
                serviceTitle: service.title,
                containerInfo: PROJECT_NUMBER,
                activationUrl: url,
              },
            },
            { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message },
            {
              '@type': 'type.googleapis.com/google.rpc.Help',
              links: [{ description: 'Google developers console API activation', url }],
            },
          ],
        },
      },
    };
  }
  const message = error === 'userRateLimitExceeded' ? 'User Rate Limit Exceeded' : 'Rate Limit Exceeded';
  if (service.legacyErrors) {
    // Drive, Gmail and Calendar: 403 with the usageLimits reason (Drive's "Resolve errors" page).
    return {
      status: 403,
      body: { error: { errors: [{ domain: 'usageLimits', reason: error, message }], code: 403, message } },
    };
  }
  // The newer APIs answer quota exhaustion 429 RESOURCE_EXHAUSTED (https://cloud.google.com/apis/design/errors#handling_errors).
  return {
    status: 429,
    body: {
      error: {
        code: 429,
        message: `Quota exceeded for quota metric 'Requests' and limit 'Requests per minute${
          error === 'userRateLimitExceeded' ? ' per user' : ''
        }' of service '${service.name}' for consumer '${consumer}'.`,
        status: 'RESOURCE_EXHAUSTED',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'RATE_LIMIT_EXCEEDED',
            domain: 'googleapis.com',
            metadata: { service: service.name, consumer },
          },
        ],
      },
    },
  };
}

/** Pending project errors of one emulation: its control routes and the middleware that answers them. */
export class GoogleProjectErrors {
  private pending: Pending[] = [];

  /** `serviceFor(path)`: which API a request path of the emulation's router belongs to. */
  constructor(private readonly serviceFor: (path: string) => GoogleService) {}

  /** First in the emulation's API router: answers the next pending error whose prefix matches. */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    const index = this.pending.findIndex((p) => p.pathPrefix === undefined || req.path.startsWith(p.pathPrefix));
    if (index < 0) return next();
    const pending = this.pending[index];
    pending.remaining -= 1;
    if (pending.remaining <= 0) this.pending.splice(index, 1);
    const answer = googleProjectErrorAnswer(this.serviceFor(req.path), pending.error);
    res.status(answer.status).json(answer.body);
  };

  /** `/_sandbox/<id>/google-errors`: GET lists, POST adds `{ error, times?, pathPrefix? }`, DELETE clears. */
  control(): Router {
    const router = express.Router();
    router.get('/google-errors', (_req, res) => {
      res.json({ pending: this.list() });
    });
    router.post('/google-errors', (req, res) => {
      const body = controlBody(req, ['error', 'times', 'pathPrefix']);
      const error = body['error'];
      if (!GOOGLE_PROJECT_ERRORS.includes(error as GoogleProjectError)) {
        throw new ControlInputError(`error must be one of ${GOOGLE_PROJECT_ERRORS.join(', ')}`);
      }
      const pathPrefix = optionalString(body, 'pathPrefix');
      if (pathPrefix !== undefined && !pathPrefix.startsWith('/')) {
        throw new ControlInputError('pathPrefix must start with "/" (relative to /<id>/api)');
      }
      this.pending.push({
        error: error as GoogleProjectError,
        remaining: optionalInteger(body, 'times', 1, MAX_TIMES) ?? 1,
        ...(pathPrefix === undefined ? {} : { pathPrefix }),
      });
      res.json({ pending: this.list() });
    });
    router.delete('/google-errors', (_req, res) => {
      this.clear();
      res.json({ pending: [] });
    });
    return router;
  }

  clear(): void {
    this.pending = [];
  }

  private list(): Pending[] {
    return this.pending.map((p) => ({ ...p }));
  }
}
