import type { ZodTypeAny } from 'zod/v3';
import { DubProvider } from '@hub/server/integrations/dub';
import { type RunningSandbox, startSandbox } from '../../start-sandbox';
import { baseUrls, connectAs, mutate, syncPages } from '../../testing/emulation-harness';
import { type Exchange, recordExchanges } from '../../testing/exchange-recorder';

// The SDK's subpath exports, typed from its CommonJS build (this tier resolves modules the node10 way).
const { FolderSchema$inboundSchema, LinkSchema$inboundSchema } =
  require('dub/models/components') as typeof import('dub/dist/commonjs/models/components/index.js');
const {
  ForbiddenError$inboundSchema,
  NotFoundError$inboundSchema,
  RateLimitExceededError$inboundSchema,
  UnauthorizedError$inboundSchema,
  UnprocessableEntityError$inboundSchema,
} = require('dub/models/errors') as typeof import('dub/dist/commonjs/models/errors/index.js');
const { GetLinksRequest$outboundSchema, ListFoldersRequest$outboundSchema } =
  require('dub/models/operations') as typeof import('dub/dist/commonjs/models/operations/index.js');

/**
 * The fidelity check of the Dub emulation: every exchange the hub's real DubProvider has with the
 * sandbox, held to Dub's own description of its API rather than to what the provider expects —
 * Dub's TypeScript SDK (`dub` on npm, generated from the OpenAPI document Dub serves; MIT) for the
 * shapes, and Dub's API reference for what no schema states (https://dub.co/docs/api-reference:
 * `pageSize` at most 100, folders at most 50 a page, `page` at most 1,000).
 *
 * Requests: only parameters Dub's list operations define, within their documented maxima.
 * Answers: each link and folder against the SDK's schema, with no property the schema lacks, and
 * errors in Dub's error shape for their status.
 */
const ERROR_SCHEMAS: Record<number, ZodTypeAny> = {
  401: UnauthorizedError$inboundSchema,
  403: ForbiddenError$inboundSchema,
  404: NotFoundError$inboundSchema,
  422: UnprocessableEntityError$inboundSchema,
  429: RateLimitExceededError$inboundSchema,
};

const LIST_OPERATIONS: Record<string, { request: ZodTypeAny; item: ZodTypeAny; maxima: Record<string, number> }> = {
  '/links': {
    request: GetLinksRequest$outboundSchema,
    item: LinkSchema$inboundSchema,
    maxima: { pageSize: 100, page: 1000 },
  },
  '/folders': {
    request: ListFoldersRequest$outboundSchema,
    item: FolderSchema$inboundSchema,
    maxima: { pageSize: 50 },
  },
};

let sandbox: RunningSandbox;
let exchanges: Exchange[];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(() => sandbox.close());

/** Records what the provider sends to the sandbox's Dub API and what it gets back. */
let recording: ReturnType<typeof recordExchanges>;
beforeEach(() => {
  recording = recordExchanges(`${sandbox.url}/dub/api`);
  exchanges = recording.exchanges;
});
afterEach(() => recording.stop());

/** The object schema a speakeasy inbound schema wraps (it maps field names after parsing), closed. */
function strict(schema: ZodTypeAny): ZodTypeAny {
  const inner = (schema._def as { schema?: ZodTypeAny }).schema ?? schema;
  return 'strict' in inner ? (inner as unknown as { strict(): ZodTypeAny }).strict() : inner;
}

const violations = (exchange: Exchange) => [...requestViolations(exchange), ...answerViolations(exchange)];

/** Parameters Dub's operation does not define, or past its documented maximum. */
function requestViolations(exchange: Exchange): string[] {
  const where = `GET ${exchange.path}?${exchange.query}`;
  const found: string[] = [];
  const operation = LIST_OPERATIONS[exchange.path];
  if (operation) {
    const known = Object.keys((strict(operation.request) as unknown as { shape: object }).shape);
    for (const [name, value] of exchange.query) {
      if (!known.includes(name)) found.push(`${where}: ${name} is not a parameter of Dub's operation`);
      const max = operation.maxima[name];
      if (max !== undefined && Number(value) > max) found.push(`${where}: ${name}=${value} is past Dub's ${max}`);
    }
  }
  return found;
}

/** An answer not in the shape Dub's SDK parses: links and folders closed, errors by status. */
function answerViolations(exchange: Exchange): string[] {
  const where = `GET ${exchange.path}?${exchange.query}`;
  const found: string[] = [];
  const operation = LIST_OPERATIONS[exchange.path];
  if (exchange.status >= 400) {
    const schema = ERROR_SCHEMAS[exchange.status];
    const error = (exchange.body as { error?: unknown })?.error;
    const parsed = schema ? strict(schema).safeParse(error) : undefined;
    if (!parsed?.success) found.push(`${where}: ${exchange.status} is not in Dub's error shape: ${parsed?.error}`);
  } else if (operation) {
    if (!Array.isArray(exchange.body)) return [...found, `${where}: not a JSON array`];
    exchange.body.forEach((item, i) => {
      const parsed = strict(operation.item).safeParse(item);
      if (!parsed.success)
        found.push(`${where} [${i}]: ${parsed.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`);
    });
  }
  return found;
}

it('should exchange with the hub’s DubProvider only what Dub’s API describes, across folders, cursors and changes', async () => {
  const provider = new DubProvider(baseUrls(sandbox, 'dub'));
  const credentials = { accessToken: (await connectAs(sandbox, provider)).access_token };
  await provider.getAccountInfo({ credentials });
  await syncPages(provider, { credentials, resource: 'links' });
  await mutate(sandbox, 'dub', { added: 3, updated: 4, deleted: 2 });
  await syncPages(provider, { credentials, resource: 'links' });

  const lists = exchanges.filter((e) => LIST_OPERATIONS[e.path]);
  expect(lists.filter((e) => e.path === '/links').length).toBeGreaterThan(6);
  expect(lists.flatMap((e) => e.body as unknown[]).length).toBeGreaterThan(500);
  expect(exchanges.flatMap(violations)).toEqual([]);
});

it('should answer the errors Dub documents in Dub’s shape: 401, 403, 404, 422 and 429', async () => {
  const provider = new DubProvider(baseUrls(sandbox, 'dub'));
  const { access_token } = await connectAs(sandbox, provider);
  const get = (path: string, token = access_token) =>
    fetch(`${sandbox.url}/dub/api${path}`, { headers: { authorization: `Bearer ${token}` } });
  await get('/links', 'not-a-token');
  await get('/links?page=1001');
  await get('/links?folderId=fold_none');
  const narrow = await fetch(`${sandbox.url}/_sandbox/dub/grants`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ count: 1, scope: 'user.read' }),
  });
  const { grants } = (await narrow.json()) as { grants: { accessToken: string }[] };
  await get('/folders', grants[0].accessToken);
  await fetch(`${sandbox.url}/_sandbox/dub/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ status: 429, times: 1, retryAfterSeconds: 2, pathPrefix: '/links' }),
  });
  await get('/links');

  expect(exchanges.map((e) => e.status)).toEqual([401, 422, 404, 403, 429]);
  // These requests are wrong on purpose (page 1,001 among them): only the answers are judged.
  expect(exchanges.flatMap(answerViolations)).toEqual([]);
});

it('should catch what Dub would not send (the check can fail)', () => {
  const link = { id: 'link_1', archived: false };
  const exchange = (query: string, status: number, body: unknown): Exchange => ({
    method: 'GET',
    path: '/links',
    query: new URLSearchParams(query),
    requestBody: undefined,
    status,
    body,
  });
  expect(violations(exchange('pageSize=500&sort=clicks', 200, [link]))).toEqual([
    expect.stringContaining('pageSize=500 is past'),
    expect.stringContaining('sort is not a parameter'),
    expect.stringContaining('[0]'),
  ]);
  expect(violations(exchange('', 404, { error: { code: 'nope' } }))).toEqual([
    expect.stringContaining("404 is not in Dub's error shape"),
  ]);
});
