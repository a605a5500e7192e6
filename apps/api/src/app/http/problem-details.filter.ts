import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { requestIdFor } from '@hub/server/observability';
import { PROBLEM_JSON, ProblemDetails } from './problem-details';

/**
 * Turns every error into RFC 9457 problem+json with the request id. Unexpected errors are logged
 * with their stack and answered with a generic 500, so internals never reach the client.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(exception, http.getRequest<Request>(), http.getResponse<Response>());
  }
}

const logger = new Logger(ProblemDetailsFilter.name);

/** Answers an error as problem+json: the filter's work, shared with the express middleware that runs before Nest's routing. */
export function sendProblem(exception: unknown, req: Request, res: Response): void {
  const id = (req as { id?: unknown }).id;
  const requestId = id === undefined || id === null ? undefined : String(id);
  const status = exception instanceof HttpException ? exception.getStatus() : statusOfHttpError(exception);

  if (status >= 500 && !(exception instanceof HttpException)) {
    logger.error({ err: exception, requestId }, 'Unhandled error');
  }

  const problem: ProblemDetails = {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail:
      exception instanceof NotFoundException && isRouteNotFound(exception)
        ? `No route ${req.method} ${req.originalUrl.split('?')[0]}.`
        : detailOf(exception, status),
    instance: req.originalUrl.split('?')[0],
    // Errors raised before the logger middleware (a malformed body) have no id yet.
    requestId: requestId ?? requestIdFor(req, res),
  };
  const { errors, extensions } = membersOf(exception);
  if (errors) problem.errors = errors;

  if (res.headersSent) return;
  // RFC 9110 §10.2.3: a 429 or 503 that knows when to come back says so in Retry-After too.
  const retryAfter = extensions?.['retryAfterSeconds'];
  if (typeof retryAfter === 'number' && retryAfter > 0) res.setHeader('Retry-After', String(Math.ceil(retryAfter)));
  // RFC 9457 extension members go after the standard ones and never replace them.
  res
    .status(status)
    .type(PROBLEM_JSON)
    .send(JSON.stringify({ ...extensions, ...problem }));
}

/**
 * Nest's own "Cannot GET <url>" repeats the query string, which may carry an OAuth `code` or a token:
 * the answer names the path only.
 */
function isRouteNotFound(exception: NotFoundException): boolean {
  const body = exception.getResponse() as { message?: unknown };
  return typeof body?.message === 'string' && /^Cannot [A-Z]+ \//.test(body.message);
}

/**
 * express' own parts (its router, body-parser, send) report a client's mistake as an http-errors
 * error: a 4xx `status` with `expose` set. Anything else is ours: a 500.
 */
function statusOfHttpError(exception: unknown): number {
  const e = exception as { status?: unknown; expose?: unknown };
  if (typeof e?.status === 'number' && e.expose === true && e.status >= 400 && e.status < 500) return e.status;
  return HttpStatus.INTERNAL_SERVER_ERROR;
}

function detailOf(exception: unknown, status: number): string {
  if (exception instanceof HttpException) {
    const body = exception.getResponse();
    if (typeof body === 'string') return body;
    const { detail, message } = body as { detail?: unknown; message?: unknown };
    if (typeof detail === 'string') return detail;
    if (typeof message === 'string') return message;
    if (Array.isArray(message)) return message.join('; ');
    return exception.message;
  }
  if (status < 500) return STATUS_CODES[status] ?? 'Bad request';
  return 'An unexpected error occurred. Quote the request id when you report it.';
}

/** Field errors and extension members a controller attached: `{ detail, errors?, extensions? }`. */
function membersOf(exception: unknown): { errors?: ProblemDetails['errors']; extensions?: Record<string, unknown> } {
  if (!(exception instanceof HttpException)) return {};
  const body = exception.getResponse() as { errors?: ProblemDetails['errors']; extensions?: Record<string, unknown> };
  if (typeof body !== 'object' || body === null) return {};
  return {
    errors: Array.isArray(body.errors) ? body.errors : undefined,
    extensions: typeof body.extensions === 'object' && body.extensions !== null ? body.extensions : undefined,
  };
}
