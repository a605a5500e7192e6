import {
  BadRequestException,
  HttpException,
  type INestApplication,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { STATUS_CODES } from 'node:http';
import { sendProblem } from './problem-details.filter';

/** The largest body the api reads; its biggest field is a 64 KiB CA certificate. */
export const BODY_LIMIT_BYTES = 100 * 1024;
/** The deepest body the api takes is 2 levels (`{ credentials: { … } }`); deeper is never meant. */
export const BODY_MAX_DEPTH = 16;
const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * How the api reads a request before any route sees it: a path that decodes, bodies in JSON only,
 * at most BODY_LIMIT_BYTES, a JSON object at most BODY_MAX_DEPTH deep. Every refusal is answered
 * here as problem+json: express hands middleware errors to the next error handler, and the static
 * web app's handler (mounted later, for every path) would turn them into "404 No route".
 *
 * Registered before Nest's init, so Nest's own parsers are not added (it skips a `jsonParser` that is
 * already there); its `urlencodedParser` still is, but never sees a body: a form is refused with 415.
 */
export function applyRequestParsing(app: INestApplication): void {
  app.use(decodablePath, jsonBodiesOnly, express.json({ limit: BODY_LIMIT_BYTES, type: JSON_TYPES }), objectBodies);
  app.use(answerParsingErrors);
}

/** Express decodes path parameters when it matches a route; a malformed escape there would be an error without a route. */
const decodablePath: RequestHandler = (req, _res, next) => {
  try {
    decodeURIComponent(req.path);
    next();
  } catch {
    next(new BadRequestException({ detail: 'The request path is not valid percent-encoded UTF-8.' }));
  }
};

/** A body in another format would be skipped by the parser and read as "no fields". */
const jsonBodiesOnly: RequestHandler = (req, _res, next) => {
  const length = req.headers['content-length'];
  const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0);
  if (hasBody && !req.is(JSON_TYPES))
    return next(new UnsupportedMediaTypeException({ detail: 'Send the request body as application/json.' }));
  next();
};

/** Every body the api takes is an object; deep nesting would exhaust the stack of the validators. */
const objectBodies: RequestHandler = (req, _res, next) => {
  const body: unknown = req.body;
  if (body === undefined) return next();
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return next(new BadRequestException({ detail: 'The request body must be a JSON object.' }));
  if (depthExceeds(body, BODY_MAX_DEPTH))
    return next(
      new BadRequestException({ detail: `The request body is nested more than ${BODY_MAX_DEPTH} levels deep.` }),
    );
  next();
};

/** Whether a parsed JSON value nests deeper than `max` (iterative: the value may be deeper than the stack). */
function depthExceeds(value: object, max: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, depth] = next;
    if (typeof item !== 'object' || item === null) continue;
    if (depth > max) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

/** body-parser's error types (http-errors with a `type`), each as what the client should change. */
const BODY_PARSER_ERRORS: Record<string, () => HttpException> = {
  'entity.parse.failed': () => new BadRequestException({ detail: 'The request body is not valid JSON.' }),
  'entity.too.large': () =>
    new PayloadTooLargeException({ detail: `The request body is too large (at most ${BODY_LIMIT_BYTES / 1024} kB).` }),
  'charset.unsupported': () =>
    new UnsupportedMediaTypeException({ detail: 'The request body’s charset is not supported: send UTF-8 JSON.' }),
  'encoding.unsupported': () =>
    new UnsupportedMediaTypeException({
      detail: 'The request body’s Content-Encoding is not supported: send it as is, or gzip, deflate or br.',
    }),
  'request.aborted': () => new BadRequestException({ detail: 'The request body ended before it was complete.' }),
  'request.size.invalid': () =>
    new BadRequestException({ detail: 'The request body’s length does not match its Content-Length.' }),
};

const answerParsingErrors: ErrorRequestHandler = (error: unknown, req, res, next) => {
  if (error instanceof HttpException) return sendProblem(error, req, res);
  const { type, status } = (error ?? {}) as { type?: unknown; status?: unknown };
  if (typeof type !== 'string' || typeof status !== 'number') return next(error);
  const known = BODY_PARSER_ERRORS[type];
  if (known) return sendProblem(known(), req, res);
  // Another client error of the parser names its status; a 5xx stays ours (logged, generic answer).
  if (status >= 400 && status < 500)
    return sendProblem(new HttpException({ detail: STATUS_CODES[status] ?? 'Bad request' }, status), req, res);
  sendProblem(error, req, res);
};
