import { applyDecorators, HttpCode, HttpStatus, type Type } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiExtension, ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { HeaderObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { Access, type AccessLevel } from '@hub/server/auth';
import { PROBLEM_JSON } from './problem-details';

const PROBLEM_TEXT: Record<number, string> = {
  400: 'The request is malformed or a field is invalid.',
  401: 'Not signed in, or the API key is unknown, revoked or expired.',
  403: 'Signed in, but the role does not allow this (or a CSRF token is missing).',
  404: 'No such object in this workspace.',
  409: 'The change conflicts with the current state.',
  422: 'The request is well-formed but cannot be carried out.',
  429: 'Too many attempts; see Retry-After.',
  503: 'A service the hub depends on is unavailable.',
};

const DEFAULT_PROBLEMS: Record<AccessLevel, number[]> = {
  public: [],
  // 403: an API key on a route for people, or a session's change without its CSRF token.
  'signed-in': [401, 403],
  member: [401, 403],
  admin: [401, 403],
  owner: [401, 403],
  'instance-admin': [401, 403],
};

/** Headers some problem answers always carry. */
const PROBLEM_HEADERS: Record<number, Record<string, HeaderObject>> = {
  429: {
    'Retry-After': {
      required: true,
      description: 'Seconds to wait before trying again (also `retryAfterSeconds` in the body).',
      schema: { type: 'integer', minimum: 1 },
    },
  },
};

export interface EndpointOptions {
  /** The name generated clients call it by: a verb and its object, e.g. `listSyncRuns`. */
  operationId: string;
  access: AccessLevel;
  /** Whether admin API keys may call it (default: member and admin routes). */
  apiKeys?: boolean;
  summary: string;
  description?: string;
  status?: HttpStatus;
  /** The success body's type; omitted for 204. */
  type?: Type<unknown> | [Type<unknown>];
  /** Error statuses beyond those the access level implies. */
  problems?: number[];
  /** A success body that is not JSON, e.g. `text/event-stream`. */
  produces?: string;
  /** Headers of the success answer, e.g. `Location` or `Set-Cookie`. */
  headers?: Record<string, HeaderObject>;
  /** A second success status with the same body, e.g. 200 when a create finds something to update. */
  alsoSucceeds?: { status: HttpStatus; description: string };
  /** What the success answer means, when "Success." says too little. */
  successDescription?: string;
  /** A public route that also reads a session cookie when the browser has one. */
  sessionOptional?: boolean;
}

/**
 * One decorator per route: its access policy (enforced by the access guard) and its OpenAPI
 * description (summary, success schema, problem+json errors, security, and `x-access` for readers).
 */
export function Endpoint(options: EndpointOptions) {
  const status = options.status ?? HttpStatus.OK;
  const problems = [...new Set([...DEFAULT_PROBLEMS[options.access], ...(options.problems ?? [])])].sort();
  const apiKeys = options.apiKeys ?? (options.access === 'member' || options.access === 'admin');
  const body = {
    ...(options.type
      ? { type: Array.isArray(options.type) ? options.type[0] : options.type, isArray: Array.isArray(options.type) }
      : {}),
    ...(options.produces ? { content: { [options.produces]: { schema: { type: 'string' } } } } : {}),
  };
  const decorators = [
    Access(options.access, { apiKeys }),
    HttpCode(status),
    ApiOperation({
      operationId: options.operationId,
      summary: options.summary,
      description: options.description,
      // OpenAPI's optional authentication: anonymous, or with the session cookie.
      ...(options.sessionOptional ? { security: [{}, { session: [] }] } : {}),
    }),
    ApiExtension('x-access', { level: options.access, apiKeys }),
    ApiResponse({
      status,
      description: options.successDescription ?? (status === HttpStatus.NO_CONTENT ? 'Done; no body.' : 'Success.'),
      ...body,
      ...(options.headers ? { headers: options.headers } : {}),
    }),
    ...(options.alsoSucceeds
      ? [ApiResponse({ status: options.alsoSucceeds.status, description: options.alsoSucceeds.description, ...body })]
      : []),
    ...problems.map((code) =>
      ApiResponse({
        status: code,
        description: PROBLEM_TEXT[code] ?? 'Error.',
        content: { [PROBLEM_JSON]: { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
        ...(PROBLEM_HEADERS[code] ? { headers: PROBLEM_HEADERS[code] } : {}),
      }),
    ),
  ];
  if (options.access !== 'public') decorators.push(ApiCookieAuth('session'));
  if (apiKeys) decorators.push(ApiBearerAuth('api-key'));
  return applyDecorators(...decorators);
}
