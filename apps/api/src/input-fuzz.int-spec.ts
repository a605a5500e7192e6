/**
 * Issue 15, finding 10: a bounded fuzz test over every operation of the OpenAPI document the running
 * app serves. Each gets malformed requests made by fast-check from its own schema — wrong types, missing
 * and extra properties, huge strings, lone surrogates, NUL and line breaks, deep nesting, malformed and
 * non-object JSON, other content types, hostile path and query parameters — as the admin persona its
 * access level needs and as nobody. Every answer must be below 500, and every error problem+json with a
 * `detail` (never "No route": each operation exists). Fixed seed and run counts, so a failure replays.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import type request from 'supertest';
import { SessionCookies, SessionsService } from '@hub/server/auth';
import { createTestWorld, type HttpMethod, type Persona, type TestWorld } from './testing/test-world';

const SEED = 20_150_010;
const RUNS_SIGNED_IN = 24;
const RUNS_ANONYMOUS = 8;

// ---------------------------------------------------------------------------------------------
// The operations, read from the document
// ---------------------------------------------------------------------------------------------

interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  $ref?: string;
}

interface Operation {
  readonly key: string;
  readonly method: HttpMethod;
  /** The OpenAPI path, `{param}` placeholders. */
  readonly path: string;
  readonly pathParams: string[];
  readonly queryParams: { name: string; schema: Schema }[];
  readonly body: Schema | undefined;
  readonly access: string;
  readonly produces: string[];
}

const METHODS: readonly HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];

function operationsOf(document: OpenAPIObject): Operation[] {
  const resolve = (schema: Schema | undefined): Schema | undefined => {
    if (!schema?.$ref) return schema;
    return document.components?.schemas?.[schema.$ref.slice('#/components/schemas/'.length)] as Schema;
  };
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const parameters = (op.parameters ?? []) as { name: string; in: string; schema?: Schema }[];
      const content = (op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content;
      const success = Object.values(op.responses ?? {})[0] as { content?: Record<string, unknown> } | undefined;
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method,
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        body: resolve(content?.['application/json']?.schema),
        access: (op as { 'x-access'?: { level: string } })['x-access']?.level ?? 'public',
        produces: Object.keys(success?.content ?? {}),
      });
    }
  }
  return operations;
}

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

/** Strings that have broken parsers, validators, databases, cookies and redirects before. */
const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\r\nSet-Cookie: x=1',
  '\t',
  '\u007F\u0085',
  '<script>alert(1)</script>',
  "'; DROP TABLE users; --",
  '%00',
  '%',
  '../../etc/passwd',
  '__proto__',
  'constructor',
  '-1',
  '0',
  '1e400',
  'NaN',
  'Infinity',
  '99999999999999999999999',
  '9223372036854775808',
  '-000001-01-01T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  '2024-02-30T25:61:61Z',
  'true',
  'null',
  '00000000-0000-0000-0000-000000000000',
  '🚀'.repeat(200),
];

const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer({ min: 300, max: 120_000 }).map((n) => 'x'.repeat(n)) },
);

/** A JSON value nested `levels` deep, written out as text when sent (JSON.stringify would run out of stack). */
class Nested {
  constructor(
    readonly levels: number,
    readonly kind: 'array' | 'object',
  ) {}

  toString(): string {
    return this.kind === 'array'
      ? '['.repeat(this.levels) + ']'.repeat(this.levels)
      : '{"a":'.repeat(this.levels) + '1' + '}'.repeat(this.levels);
  }
}

/** JSON text of a generated value, Nested ones included. */
function serialize(value: unknown): string {
  if (value instanceof Nested) return value.toString();
  if (Array.isArray(value)) return `[${value.map(serialize).join(',')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${serialize(v)}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

const anyJson = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, true, false, 2 ** 53 + 1, -0, 1e308),
  fc.jsonValue({ maxDepth: 3 }),
  fc
    .tuple(fc.integer({ min: 2, max: 5000 }), fc.constantFrom('array' as const, 'object' as const))
    .map(([n, kind]) => new Nested(n, kind)),
);

/** A value of a type other than the schema's, or a hostile one of its type. */
function wrongFor(schema: Schema): fc.Arbitrary<unknown> {
  switch (schema.type) {
    case 'string':
      return fc.oneof(hostileString, fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string()), fc.object());
    case 'number':
    case 'integer':
      return fc.oneof(hostileString, fc.double(), fc.constantFrom(-1, 0, 1e308, 2 ** 63, null, true), fc.object());
    case 'boolean':
      return fc.oneof(hostileString, fc.integer(), fc.constant(null), fc.array(fc.boolean()));
    case 'array':
      return fc.oneof(
        hostileString,
        fc.object(),
        fc.array(anyJson, { maxLength: 5 }),
        fc.constant(Array(2000).fill('x')),
      );
    default:
      return anyJson;
  }
}

/** A plausible valid value, so that other properties get past the type checks to the deeper ones. */
function plausible(schema: Schema): unknown {
  if (schema.example !== undefined) return schema.example;
  if (schema.enum) return schema.enum[0];
  if (schema.format === 'uuid') return '6f1c2a7e-0b9e-4d8f-9a55-0c1d2e3f4a5b';
  if (schema.format === 'date-time') return '2099-01-01T00:00:00.000Z';
  if (schema.type === 'string') return 'fuzz';
  if (schema.type === 'number' || schema.type === 'integer') return 60;
  if (schema.type === 'boolean') return true;
  if (schema.type === 'array') return [];
  return {};
}

const baseBody = (schema: Schema): Record<string, unknown> =>
  Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, p]) => [name, plausible(p)]));

/** A request body: JSON made from the schema and broken in one way, or raw bytes the api should refuse. */
type Body = { kind: 'json'; value: unknown } | { kind: 'raw'; type: string; text: string } | { kind: 'none' };

function bodyFor(schema: Schema | undefined): fc.Arbitrary<Body> {
  const json = (value: unknown): Body => ({ kind: 'json', value });
  const properties = Object.entries(schema?.properties ?? {});
  const raw = fc.oneof(
    fc.string({ maxLength: 30 }).map((text): Body => ({ kind: 'raw', type: 'application/json', text: `{${text}` })),
    fc
      .constantFrom('[]', '[1,2]', '"x"', '1', 'null', 'true', '{"a":1,}', "{'a':1}", '{"a":NaN}')
      .map((text): Body => ({ kind: 'raw', type: 'application/json', text })),
    fc
      .tuple(
        fc.constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/xml',
          'application/json; charset=latin1',
          'application/octet-stream',
        ),
        fc.constantFrom('{"name":"x"}', 'name=x', '<a/>', '\u0000\u0001'),
      )
      .map(([type, text]): Body => ({ kind: 'raw', type, text })),
    fc.constant<Body>({ kind: 'raw', type: 'application/json', text: JSON.stringify({ name: 'x'.repeat(200_000) }) }),
  );
  const broken: fc.Arbitrary<Body>[] = [
    raw,
    anyJson.map(json),
    fc
      .tuple(fc.string({ unit: 'binary', maxLength: 20 }), anyJson)
      .map(([key, value]) => json({ ...(schema ? baseBody(schema) : {}), [key]: value })),
  ];
  if (schema && properties.length > 0) {
    const names = properties.map(([name]) => name);
    broken.push(
      // One property of a wrong type (or a hostile value of its type).
      fc
        .constantFrom(...properties)
        .chain(([name, p]) => wrongFor(p).map((value) => json({ ...baseBody(schema), [name]: value }))),
      // A required property missing.
      fc.constantFrom(...names).map((name) => {
        const body = baseBody(schema);
        delete body[name];
        return json(body);
      }),
      // Every property hostile at once.
      fc
        .tuple(...properties.map(([, p]) => wrongFor(p)))
        .map((values) => json(Object.fromEntries(names.map((name, i) => [name, values[i]])))),
    );
  }
  return fc.oneof(...broken);
}

/** Percent-encodes like a client; a lone surrogate (which has no UTF-8) as the bytes of its CESU-8 form. */
const percentEncode = (text: string) => {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(text.replace(/\p{Cs}/gu, '')) + '%ED%A0%80';
  }
};

/** A path segment: hostile (escaped as a client would, or raw where Node lets it through) or plausible. */
function segmentFor(param: string): fc.Arbitrary<string> {
  const plausibleValues =
    param === 'provider'
      ? // postgresql is left out: its credentials would make the api resolve and dial the example host.
        fc.constantFrom('test-db', 'dub', 'slack', 'no-such-provider')
      : param === 'cidr'
        ? fc.constantFrom('10.1.0.0%2F16', '::1%2F128', '10.1.0.0', '999.1.1.1%2F8', '10.0.0.0%2F99')
        : fc.uuid();
  return fc.oneof(
    plausibleValues,
    // At most 4,000 characters: Node refuses request heads over 16 kB before the app sees them.
    hostileString.filter((s) => s.length > 0).map((s) => percentEncode(s).slice(0, 4000)),
    fc.constantFrom('%', '%ZZ', '%E0%A4%A', '%ED%A0%80', ';', '<', '..', '%2e%2e', 'a%2Fb'),
  );
}

function queryFor(op: Operation): fc.Arbitrary<string> {
  const known = op.queryParams.map(({ name, schema }) =>
    fc.option(
      fc
        .oneof(
          wrongFor(schema).map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))),
          fc.constant(String(plausible(schema))),
        )
        .map((v) => `${name}=${percentEncode(v).slice(0, 1000)}`),
      { nil: '' },
    ),
  );
  const extra = fc.option(
    fc.constantFrom('limit=1&limit=2', 'unknown=1', '__proto__[x]=1', 'a=%00', 'before[]=1', '=', '&&', 'x=%ZZ'),
    { nil: '' },
  );
  return fc.tuple(extra, ...known).map((parts) => parts.filter(Boolean).join('&'));
}

interface Case {
  segments: Record<string, string>;
  query: string;
  body: Body;
}

function casesFor(op: Operation): fc.Arbitrary<Case> {
  const segments = fc.record(Object.fromEntries(op.pathParams.map((p) => [p, segmentFor(p)])));
  const takesBody = op.body !== undefined || op.method !== 'get';
  const body = takesBody
    ? fc.oneof(
        { weight: 1, arbitrary: fc.constant<Body>({ kind: 'none' }) },
        { weight: 4, arbitrary: bodyFor(op.body) },
      )
    : fc.constant<Body>({ kind: 'none' });
  return fc.record({ segments, query: queryFor(op), body });
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

let world: TestWorld;
let webDir: string;
let document: OpenAPIObject;

beforeAll(async () => {
  webDir = mkdtempSync(join(tmpdir(), 'hub-web-'));
  writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>hub</title>');
  world = await createTestWorld({ WEB_DIST_DIR: webDir });
  document = (await world.call(null, 'get', '/api/docs-json').expect(200)).body;
});
afterAll(async () => {
  await world?.close();
  rmSync(webDir, { recursive: true, force: true });
});

/** The admin persona an access level needs, so requests get past the guard to validation. */
function personaFor(access: string): Persona {
  const { ownerA, adminA, instanceAdmin } = world.people;
  if (access === 'instance-admin') return instanceAdmin;
  if (access === 'owner') return ownerA;
  return adminA;
}

const ENDS_SESSION = new Set(['POST /api/auth/sign-out']);

/** A new session of the persona, made directly (signing in over HTTP would meet the sign-in rate limit). */
async function freshSession(persona: Persona): Promise<Persona> {
  const session = await world.app.get(SessionsService).create(persona.userId, {});
  const cookie = `${world.app.get(SessionCookies).sessionCookie}=${session.token}; XSRF-TOKEN=${session.csrfToken}`;
  return { ...persona, cookie, csrf: session.csrfToken };
}

/** Server-sent events never end: stop reading once the status and headers are in; read anything else. */
const unlessStream = (test: request.Test) =>
  test.buffer(true).parse((res, done) => {
    const stream = res as unknown as NodeJS.ReadableStream & { headers: Record<string, string>; destroy(): void };
    if (/^text\/event-stream/.test(stream.headers['content-type'] ?? '')) {
      done(null, {});
      return stream.destroy();
    }
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (text += chunk));
    stream.on('end', () => {
      try {
        done(null, JSON.parse(text));
      } catch {
        done(null, {});
      }
    });
  });

function send(op: Operation, persona: Persona | null, c: Case): request.Test {
  const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => c.segments[name]);
  let test = world.call(persona, op.method, c.query ? `${path}?${c.query}` : path);
  if (op.produces.includes('text/event-stream')) test = unlessStream(test);
  if (c.body.kind === 'json') return test.type('json').send(serialize(c.body.value));
  if (c.body.kind === 'raw') return test.set('Content-Type', c.body.type).send(c.body.text);
  return test;
}

const describeCase = (op: Operation, who: string, c: Case) =>
  `${op.key} as ${who}: ${JSON.stringify({ ...c, body: c.body.kind === 'json' ? serialize(c.body.value).slice(0, 300) : c.body }).slice(0, 600)}`;

describe('input fuzz over the OpenAPI operations', () => {
  it('should answer every malformed request below 500, errors as problem+json with a detail', async () => {
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(30);
    const started = Date.now();
    let requests = 0;
    let serverErrors = 0;
    const failures: string[] = [];
    const statuses: Record<number, number> = {};

    for (const [index, op] of operations.entries()) {
      for (const [who, runs] of [
        ['admin', RUNS_SIGNED_IN],
        ['anonymous', RUNS_ANONYMOUS],
      ] as const) {
        const persona = who === 'admin' ? personaFor(op.access) : null;
        const samples = fc.sample(casesFor(op), { seed: SEED + index * 2 + (who === 'admin' ? 0 : 1), numRuns: runs });
        for (const c of samples) {
          // A route that ends the session gets one of its own each time, so the persona's stays usable.
          const caller = persona && ENDS_SESSION.has(op.key) ? await freshSession(persona) : persona;
          const response = await send(op, caller, c);
          requests++;
          if (response.status >= 500) serverErrors++;
          statuses[response.status] = (statuses[response.status] ?? 0) + 1;
          const isProblem = /^application\/problem\+json/.test(String(response.headers['content-type']));
          const detail: unknown = response.body?.detail;
          // Every operation exists, so "No route" means an error was swallowed on its way (the static app did that).
          if (
            response.status >= 500 ||
            (response.status >= 400 && (!isProblem || typeof detail !== 'string' || detail.startsWith('No route')))
          )
            failures.push(
              `${response.status} ${String(response.body?.detail ?? response.text).slice(0, 120)} ← ${describeCase(op, who, c)}`,
            );
        }
      }
    }

    console.log(
      `input fuzz: ${operations.length} routes, ${requests} requests, ${serverErrors} 5xx ` +
        `(${((Date.now() - started) / 1000).toFixed(1)} s; statuses ${JSON.stringify(statuses)})`,
    );
    expect(failures).toEqual([]);
  });
});
