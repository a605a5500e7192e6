import { applyDecorators, HttpCode, HttpStatus, type Type } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiExtension, ApiOperation, ApiResponse } from '@nestjs/swagger';
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
  'signed-in': [401],
  member: [401, 403],
  admin: [401, 403],
  owner: [401, 403],
  'instance-admin': [401, 403],
};

export interface EndpointOptions {
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
}

/**
 * One decorator per route: its access policy (enforced by the access guard) and its OpenAPI
 * description (summary, success schema, problem+json errors, security, and `x-access` for readers).
 */
export function Endpoint(options: EndpointOptions) {
  const status = options.status ?? HttpStatus.OK;
  const problems = [...new Set([...DEFAULT_PROBLEMS[options.access], ...(options.problems ?? [])])].sort();
  const apiKeys = options.apiKeys ?? (options.access === 'member' || options.access === 'admin');
  const decorators = [
    Access(options.access, { apiKeys }),
    HttpCode(status),
    ApiOperation({ summary: options.summary, description: options.description }),
    ApiExtension('x-access', { level: options.access, apiKeys }),
    ApiResponse({
      status,
      description: status === HttpStatus.NO_CONTENT ? 'Done; no body.' : 'Success.',
      ...(options.type
        ? { type: Array.isArray(options.type) ? options.type[0] : options.type, isArray: Array.isArray(options.type) }
        : {}),
      ...(options.produces ? { content: { [options.produces]: { schema: { type: 'string' } } } } : {}),
    }),
    ...problems.map((code) =>
      ApiResponse({
        status: code,
        description: PROBLEM_TEXT[code] ?? 'Error.',
        content: { [PROBLEM_JSON]: { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
      }),
    ),
  ];
  if (options.access !== 'public') decorators.push(ApiCookieAuth('session'));
  if (apiKeys) decorators.push(ApiBearerAuth('api-key'));
  return applyDecorators(...decorators);
}
