import type { Response } from 'express';
import type { ApiError, ApiErrorKind } from '../../lib/provider-definition';

/** Google's error `status` and legacy `reason` per kind (https://cloud.google.com/apis/design/errors). */
const GOOGLE_ERRORS: Record<ApiErrorKind, { status: string; reason: string }> = {
  bad_request: { status: 'INVALID_ARGUMENT', reason: 'badRequest' },
  unauthorized: { status: 'UNAUTHENTICATED', reason: 'authError' },
  forbidden: { status: 'PERMISSION_DENIED', reason: 'insufficientPermissions' },
  not_found: { status: 'NOT_FOUND', reason: 'notFound' },
  unprocessable: { status: 'INVALID_ARGUMENT', reason: 'invalid' },
  rate_limited: { status: 'RESOURCE_EXHAUSTED', reason: 'rateLimitExceeded' },
  internal: { status: 'INTERNAL', reason: 'backendError' },
};

/**
 * Writes an error the way Google APIs do: `{ error: { code, message, errors: [{ message, domain,
 * reason }], status } }`. `reason` overrides the kind's default (e.g. `fullSyncRequired` for a 410).
 */
export function sendGoogleError(res: Response, error: ApiError & { reason?: string }): void {
  const known = GOOGLE_ERRORS[error.kind];
  const reason = error.reason ?? known.reason;
  const status = error.status === 410 ? 'ABORTED' : known.status;
  res.status(error.status).json({
    error: {
      code: error.status,
      message: error.message,
      errors: [{ message: error.message, domain: 'global', reason }],
      status,
    },
  });
}
