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

/** An error of the newer Google APIs; `errorInfo` overrides the kind's ErrorInfo reason (null: none). */
export type GoogleRpcError = ApiError & { readonly errorInfo?: string | null };

/**
 * Writes an error the way the newer Google APIs (Analytics Admin and Data) do: `{ error: { code,
 * message, status, details } }` with no legacy `errors[]`, and an ErrorInfo naming the `service` for
 * the failures Google gives one (https://cloud.google.com/apis/design/errors#error_info): a missing
 * or unusable token, a scope the token lacks, a rate limit.
 */
export function sendGoogleRpcError(res: Response, error: GoogleRpcError, service: string): void {
  const status = error.status === 503 ? 'UNAVAILABLE' : GOOGLE_ERRORS[error.kind].status;
  const reason = error.errorInfo === undefined ? defaultErrorInfo(res, error.kind) : error.errorInfo;
  res.status(error.status).json({
    error: {
      code: error.status,
      message: error.message,
      status,
      ...(reason
        ? {
            details: [
              {
                '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
                reason,
                domain: 'googleapis.com',
                metadata: { service },
              },
            ],
          }
        : {}),
    },
  });
}

function defaultErrorInfo(res: Response, kind: ApiErrorKind): string | null {
  if (kind === 'unauthorized') {
    return res.req.headers.authorization ? 'ACCESS_TOKEN_TYPE_UNSUPPORTED' : 'CREDENTIALS_MISSING';
  }
  if (kind === 'forbidden') return 'ACCESS_TOKEN_SCOPE_INSUFFICIENT';
  if (kind === 'rate_limited') return 'RATE_LIMIT_EXCEEDED';
  return null;
}
