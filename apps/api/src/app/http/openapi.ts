import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { CSRF_HEADER } from '@hub/server/auth';
import { PROBLEM_JSON, ProblemDetails } from './problem-details';
import { addValidatorConstraints } from './validator-constraints';
import type { OperationObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

const SAFE_METHODS = new Set(['get', 'head', 'options']);
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** Sent on every answer, errors included (the request id problem+json bodies carry too). */
const REQUEST_ID_HEADER = {
  description: 'The id of this request, also in problem+json bodies; quote it in support requests.',
  schema: { type: 'string' },
};

/**
 * The document clients are generated from (`openapi/api.json`). @nestjs/swagger writes OpenAPI 3.0;
 * we publish 3.1, whose `null` type lets a strict validator and a typed client accept the nulls the
 * server sends (3.0's `nullable` cannot make a `$ref` nullable). See docs/adr/0014-openapi-contract.md.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Integrations Hub API')
    .setDescription(
      'Admin REST API of the self-hosted integrations hub. Errors are RFC 9457 `application/problem+json` ' +
        'documents carrying the request id (also in the `X-Request-Id` header).\n\n' +
        '**Authenticate** either by signing in with `POST /api/auth/sign-in` (a session cookie; changes then ' +
        'also send the `X-XSRF-TOKEN` header echoing the `XSRF-TOKEN` cookie, which this page does for you), ' +
        'or with **Authorize** and an admin API key (`Authorization: Bearer hub_…`) created under ' +
        '`POST /api/api-keys`. Each operation’s `x-access` says who may call it.',
    )
    .setVersion('0.3.0')
    .addCookieAuth(
      'hub_session',
      {
        type: 'apiKey',
        in: 'cookie',
        description:
          'The session cookie set by POST /api/auth/sign-in (`__Host-hub_session` over https). Changes also need the `csrf` scheme.',
      },
      'session',
    )
    .addSecurity('csrf', {
      type: 'apiKey',
      in: 'header',
      name: CSRF_HEADER,
      description:
        'With a session cookie, every change (POST, PUT, PATCH, DELETE) echoes the `XSRF-TOKEN` cookie set at sign-in in this header; without it the answer is 403.',
    })
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description:
          'An admin API key: an opaque `hub_…` token (not a JWT), created under /api/api-keys and shown once.',
      },
      'api-key',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ProblemDetails],
    // Every route names itself (Endpoint's operationId); the method name is only a fallback.
    operationIdFactory: (_controller, method) => method,
  });
  return publishable(document);
}

/** Rewrites what @nestjs/swagger cannot express into the published 3.1 form. */
function publishable(document: OpenAPIObject): OpenAPIObject {
  const vague = vagueSchemas(document);
  if (vague.length) {
    // `type: object` with no shape is what @nestjs/swagger writes for `string | null` and other types
    // it cannot reflect (clients type it `Record<string, never>`); a bare `number` hides an integer.
    throw new Error(`Give these schemas their real type (and format): ${vague.join(', ')}`);
  }
  const out = nullableToOpenApi31(structuredClone(document)) as OpenAPIObject;
  addValidatorConstraints((out.components?.schemas ?? {}) as Record<string, unknown>);
  out.openapi = '3.1.0';
  for (const [path, item] of Object.entries(out.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      // A cookie session's changes need the CSRF header as well: the two are one requirement (AND).
      // Public routes that read a session when there is one (the callback, accepting) do not.
      const publicRoute =
        ((operation as unknown as Record<string, unknown>)['x-access'] as { level?: string } | undefined)?.level ===
        'public';
      if (!SAFE_METHODS.has(method) && operation.security && !publicRoute) {
        operation.security = operation.security.map((requirement) =>
          'session' in requirement ? { session: [], csrf: [] } : requirement,
        );
      }
      // Answers given before any route, on every operation they can reach: the Host check (edge.ts;
      // health probes are exempt), the path and body parsers (request-parsing.ts), and the access
      // guard's cross-origin refusal of changes.
      const probe = path.startsWith('/api/health');
      const change = !SAFE_METHODS.has(method);
      if (!probe) for (const status of [400, 421]) addProblem(operation, status);
      if (change) for (const status of [400, 403, 413, 415]) addProblem(operation, status);
      for (const response of Object.values(operation.responses ?? {})) {
        if (!response || '$ref' in response) continue;
        response.headers = { 'X-Request-Id': REQUEST_ID_HEADER, ...response.headers };
      }
    }
  }
  return out;
}

function vagueSchemas(node: unknown, path = '#'): string[] {
  if (!node || typeof node !== 'object') return [];
  const schema = node as Record<string, unknown>;
  const shapeless =
    schema['type'] === 'object' && !schema['properties'] && !schema['additionalProperties'] && !schema['allOf'];
  const bareNumber = schema['type'] === 'number' && !schema['format'];
  return [
    ...(shapeless || bareNumber ? [path] : []),
    ...Object.entries(schema).flatMap(([key, value]) => vagueSchemas(value, `${path}/${key}`)),
  ];
}

const PARSER_PROBLEMS: Record<number, string> = {
  400: 'The request is malformed or a field is invalid.',
  403: 'A change sent from another origin.',
  421: 'The Host is not the one this hub is published at (PUBLIC_URL).',
  413: 'The body is larger than the api accepts.',
  415: 'The body is not `application/json`.',
};

function addProblem(operation: OperationObject, status: number): void {
  operation.responses[status] ??= {
    description: PARSER_PROBLEMS[status],
    content: { [PROBLEM_JSON]: { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
  };
}

/**
 * 3.0's `nullable: true` becomes 3.1's null type: `type: ['string', 'null']` (with `null` among an
 * enum's values), or `anyOf: [schema, { type: 'null' }]` for a reference.
 */
export function nullableToOpenApi31(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableToOpenApi31);
  if (!node || typeof node !== 'object') return node;
  const { nullable, ...rest } = Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, nullableToOpenApi31(value)]),
  ) as Record<string, unknown> & { nullable?: boolean };
  if (!nullable) return rest;
  const {
    allOf,
    type,
    enum: values,
    ...annotations
  } = rest as {
    allOf?: unknown[];
    type?: string;
    enum?: unknown[];
  } & Record<string, unknown>;
  if (allOf) {
    // @nestjs/swagger writes a nullable reference as `type: object` + `allOf: [$ref]`.
    const target = allOf.length === 1 ? allOf[0] : { allOf };
    return { ...annotations, anyOf: [target, { type: 'null' }] };
  }
  if (!type) throw new Error(`A nullable schema needs a type: ${JSON.stringify(node)}`);
  return {
    ...annotations,
    type: [type, 'null'],
    ...(values ? { enum: [...values, null] } : {}),
  };
}
