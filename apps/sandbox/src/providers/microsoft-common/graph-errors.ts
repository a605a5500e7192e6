import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, Response } from 'express';
import type { ApiError, ApiErrorKind } from '../../lib/provider-definition';

/**
 * Microsoft Graph's error answers, shared by the Microsoft 365 emulations. Graph writes every error as
 * `{"error":{"code","message","innerError":{"code"?,"date","request-id","client-request-id"}}}`; clients
 * branch on `code` (and the inner code), never on `message`
 * (https://learn.microsoft.com/en-us/graph/errors). Every answer carries the `request-id` and
 * `client-request-id` headers (the latter echoing the client's own, when it sent one).
 */

export interface GraphErrorAnswer {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  /** `innerError.code`: OneDrive's `throttledRequest`, `resyncChangesApplyDifferences`… */
  readonly innerCode?: string;
  /** Response headers besides the ids (`Retry-After`, `Location`, `WWW-Authenticate`). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A Graph error thrown by a route; `graphErrorHandler` writes it. */
export class GraphError extends Error {
  override readonly name = 'GraphError';

  constructor(readonly answer: GraphErrorAnswer) {
    super(answer.message);
  }
}

const IDS = Symbol('graph.requestIds');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The `request-id` of this answer and the `client-request-id` it echoes (the client's header when it
 * is a GUID, as Graph's SDKs send, else the request id), set as response headers once per answer.
 */
export function graphRequestIds(res: Response): { requestId: string; clientRequestId: string } {
  const locals = res.locals as Record<symbol, { requestId: string; clientRequestId: string } | undefined>;
  const known = locals[IDS];
  if (known) return known;
  const requestId = randomUUID();
  const sent = res.req.get('client-request-id');
  const ids = { requestId, clientRequestId: sent && GUID.test(sent) ? sent : requestId };
  locals[IDS] = ids;
  if (!res.headersSent) res.set({ 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId });
  return ids;
}

/** Writes `answer` in Graph's envelope. `innerError.date` is UTC without a zone, as Graph sends it. */
export function sendGraphError(res: Response, answer: GraphErrorAnswer): void {
  const ids = graphRequestIds(res);
  if (answer.headers) res.set(answer.headers);
  res.status(answer.status).json({
    error: {
      code: answer.code,
      message: answer.message,
      innerError: {
        ...(answer.innerCode ? { code: answer.innerCode } : {}),
        date: new Date().toISOString().slice(0, 19),
        'request-id': ids.requestId,
        'client-request-id': ids.clientRequestId,
      },
    },
  });
}

/** What a workload answers for one kind of failure, where it differs from Graph's generic answer. */
export interface GraphKindAnswer {
  readonly code: string;
  /** Replaces the sandbox's own message (kept when absent). */
  readonly message?: string;
  readonly innerCode?: string;
}

/**
 * Graph's generic answers per kind (https://learn.microsoft.com/en-us/graph/errors): a missing or
 * unusable token is 401 `InvalidAuthenticationToken` (its messages as observed,
 * https://github.com/besscroft/diyfile/issues/1), throttling 429 `TooManyRequests` "Please retry again
 * later." with inner code "429" (https://learn.microsoft.com/en-us/graph/throttling).
 */
const GENERIC: Record<ApiErrorKind, GraphKindAnswer> = {
  bad_request: { code: 'BadRequest' },
  unauthorized: { code: 'InvalidAuthenticationToken' },
  forbidden: { code: 'accessDenied' },
  not_found: { code: 'itemNotFound' },
  unprocessable: { code: 'invalidRequest' },
  rate_limited: { code: 'TooManyRequests', message: 'Please retry again later.', innerCode: '429' },
  internal: { code: 'generalException' },
};

/**
 * 401s carry `WWW-Authenticate` naming the authorization server and Graph's own app id
 * (https://github.com/microsofthackathons/tdi/issues/24).
 */
const WWW_AUTHENTICATE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", ' +
  'client_id="00000003-0000-0000-c000-000000000000"';

/**
 * The `sendError` of a Graph emulation: the sandbox's own failures (no or a bad bearer token, its rate
 * limit, injected faults, unknown paths, crashes) in Graph's envelope, `workload` overriding the codes
 * that differ per service (OneDrive's `activityLimitReached`, Outlook's `ErrorAccessDenied`…).
 */
export function graphErrorSender(
  workload: Partial<Record<ApiErrorKind, GraphKindAnswer>> = {},
): (res: Response, error: ApiError) => void {
  return (res, error) => sendGraphError(res, graphAnswerFor(res, error, workload));
}

function graphAnswerFor(
  res: Response,
  error: ApiError,
  workload: Partial<Record<ApiErrorKind, GraphKindAnswer>>,
): GraphErrorAnswer {
  const { status } = error;
  if (error.kind === 'unauthorized') {
    return {
      status,
      code: 'InvalidAuthenticationToken',
      message: res.req.get('authorization')
        ? 'Access token has expired or is not yet valid.'
        : 'Access token is empty.',
      headers: { 'WWW-Authenticate': WWW_AUTHENTICATE },
    };
  }
  // Statuses with a code of their own (https://learn.microsoft.com/en-us/graph/errors#code-property).
  if (status === 410) return { status, code: 'resyncRequired', message: error.message };
  if (status === 503) return { status, code: 'serviceNotAvailable', message: error.message };
  if (status === 501) return { status, code: 'notSupported', message: error.message };
  const answer = workload[error.kind] ?? GENERIC[error.kind];
  return {
    status,
    code: answer.code,
    message: answer.message ?? error.message,
    ...(answer.innerCode ? { innerCode: answer.innerCode } : {}),
  };
}

/** Last in a Graph emulation's router: writes a thrown `GraphError`, hands anything else on (a 500). */
export const graphErrorHandler: ErrorRequestHandler = (error, _req, res, next) => {
  if (error instanceof GraphError && !res.headersSent) {
    sendGraphError(res, error.answer);
    return;
  }
  next(error);
};
