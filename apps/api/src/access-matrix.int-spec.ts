/**
 * docs/security.md F2, F3, F4: the access matrices of the admin REST API.
 *
 * - F2: every route Nest serves carries an access policy, and the OpenAPI document lists exactly those routes.
 * - F4: a hand-written table of every route × role → expected status (the specification).
 * - F3: workspace B using workspace A's ids gets 404 and changes nothing.
 */
import { Controller, Get, type INestApplication, Post, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import passport from 'passport';
import request from 'supertest';
import { ACCESS_POLICY, type AccessPolicy } from '@hub/server/auth';
import { API_PREFIX, createOpenApiDocument } from './app/configure-app';
import { createTestApp } from './testing/create-test-app';
import { createTestWorld, type HttpMethod, PASSWORD, type Persona, type TestWorld } from './testing/test-world';

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

interface Route {
  /** `GET /api/members/:userId`: the method and the Express path, as Nest registers it. */
  readonly key: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly policy: AccessPolicy | undefined;
}

const join = (...parts: string[]) =>
  '/' +
  parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');
const asArray = (value: string | string[] | undefined) => (Array.isArray(value) ? value : [value ?? '/']);

/** Every route of every controller, read from Nest's own metadata (not from a hand list). */
function routeInventory(app: INestApplication): Route[] {
  const discovery = app.get(DiscoveryService);
  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  const routes: Route[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (new (...args: unknown[]) => object) | undefined;
    if (!controller || !wrapper.instance) continue;
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as (...args: unknown[]) => unknown;
      const methodPaths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (methodPaths === undefined || requestMethod === undefined) continue; // a helper, not a route
      const policy = reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [handler, controller]);
      for (const controllerPath of asArray(Reflect.getMetadata(PATH_METADATA, controller))) {
        for (const methodPath of asArray(methodPaths)) {
          const method = RequestMethod[requestMethod];
          const path = join(API_PREFIX, controllerPath, methodPath);
          routes.push({ key: `${method} ${path}`, method: method.toLowerCase() as HttpMethod, path, policy });
        }
      }
    }
  }
  return routes.sort((a, b) => a.key.localeCompare(b.key));
}

const OPENAPI_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** `{id}` → `:id`, so OpenAPI paths compare with Express ones. */
const expressPath = (openApiPath: string) => openApiPath.replace(/\{([^}]+)\}/g, ':$1');
const paramsOf = (path: string) => [...path.matchAll(/:(\w+)/g)].map((m) => m[1]);

const isProblem = (response: request.Response) =>
  /^application\/problem\+json/.test(String(response.headers['content-type']));

/** Every row of every table in the scratch schema except the append-only and per-request ones. */
async function snapshot(world: TestWorld): Promise<Record<string, string[]>> {
  const tables: { tablename: string }[] = await world.db.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename NOT IN ('audit_events', 'sessions') ORDER BY 1`,
    [world.scratch.schema],
  );
  const result: Record<string, string[]> = {};
  for (const { tablename } of tables) {
    const rows: unknown[] = await world.db.query(`SELECT * FROM "${world.scratch.schema}"."${tablename}" ORDER BY 1`);
    result[tablename] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// The world: workspaces A and B, each seeded with one object of every kind that has an id route
// ---------------------------------------------------------------------------------------------

interface WorkspaceSeed {
  connection: string;
  run: string;
  apiKey: { id: string; secret: string };
  invitation: string;
  members: string[];
}

let world: TestWorld;
let routes: Route[];
let a: WorkspaceSeed;
let b: WorkspaceSeed;

async function seed(owner: Persona, host: string, members: Persona[]): Promise<WorkspaceSeed> {
  const connection = await world
    .call(owner, 'post', '/api/integrations/test-db/credentials', {
      credentials: { host, user: 'u', password: 'let-me-in' },
    })
    .expect(201);
  const apiKey = await world.call(owner, 'post', '/api/api-keys', { name: `${host} key` }).expect(201);
  const invitation = await world
    .call(owner, 'post', '/api/invitations', { email: `invitee@${host}.example.com`, role: 'member' })
    .expect(201);
  // A finished sync run of the connection (the test provider does not sync; the row stands for one).
  const [run] = (await world.db.query(
    `INSERT INTO sync_runs (workspace_id, connection_id, provider_id, trigger, status, finished_at)
     SELECT workspace_id, id, provider_id, 'MANUAL', 'SUCCEEDED', now() FROM connections WHERE id = $1 RETURNING id`,
    [connection.body.id],
  )) as { id: string }[];
  return {
    connection: connection.body.id,
    run: run.id,
    apiKey: { id: apiKey.body.id, secret: apiKey.body.secret },
    invitation: invitation.body.id,
    members: members.map((m) => m.userId),
  };
}

beforeAll(async () => {
  world = await createTestWorld();
  routes = routeInventory(world.app);
  const { adminA, ownerA, memberA, ownerB } = world.people;
  a = await seed(adminA, 'db.a', [ownerA, adminA, memberA]);
  b = await seed(ownerB, 'db.b', [ownerB]);
});
afterAll(() => world?.close());

type Role = 'anonymous' | 'outsider' | 'member' | 'admin' | 'instanceAdmin' | 'apiKey';
const ROLES: readonly Role[] = ['anonymous', 'outsider', 'member', 'admin', 'instanceAdmin', 'apiKey'];

function personaOf(role: Exclude<Role, 'anonymous' | 'apiKey'>): Persona {
  const { outsider, memberA, adminA, instanceAdmin } = world.people;
  return { outsider, member: memberA, admin: adminA, instanceAdmin }[role];
}

/** Server-sent event streams never end: their calls stop reading once the status and headers are in. */
const STREAMING_ROUTES = new Set(['GET /api/events']);
const headersOnly = (test: request.Test) =>
  test.buffer(true).parse((res, done) => {
    done(null, {});
    (res as unknown as { destroy(): void }).destroy();
  });

/** A request as a role: nobody, a person's session (cookie + CSRF), or workspace A's admin API key. */
async function callAs(
  role: Role,
  method: HttpMethod,
  path: string,
  body?: object,
  freshSession = false,
  stream = false,
) {
  // Wrapped: a supertest request is a thenable, and returning it from an async function would send it.
  const prepare = async (): Promise<{ test: request.Test }> => {
    if (role === 'anonymous') return { test: world.call(null, method, path, body) };
    if (role === 'apiKey')
      return { test: world.call(null, method, path, body).set('Authorization', `Bearer ${a.apiKey.secret}`) };
    let persona = personaOf(role);
    // For routes that end the session: a session of its own, so the persona's stays usable.
    if (freshSession) persona = { ...persona, ...(await world.signIn(persona.email, PASSWORD)) };
    return { test: world.call(persona, method, path, body) };
  };
  const { test } = await prepare();
  return stream ? headersOnly(test) : test;
}

// ---------------------------------------------------------------------------------------------
// F4: the role matrix. This table IS the specification; it is not derived from the metadata.
// ---------------------------------------------------------------------------------------------

/** Expected status for: anonymous, outsider, member (memberA), admin (adminA), instance admin, A's admin API key. */
type Expected = readonly [
  anonymous: number,
  outsider: number,
  member: number,
  admin: number,
  instanceAdmin: number,
  apiKey: number,
];

interface Row {
  readonly route: string;
  readonly expected: Expected;
  /** The concrete path; defaults to the route's path. Destructive routes get a random UUID (→ 404 once allowed). */
  readonly path?: () => string;
  /** A valid body, so an allowed call answers 2xx (or the 404 of a random id), never 400. */
  readonly body?: object | ((role: Role) => object);
  /** The call ends the session: use a new one. */
  readonly freshSession?: boolean;
  /** Undo a success that would change the fixtures of later tests. */
  readonly cleanup?: (role: Role) => Promise<void>;
}

// prettier-ignore
const MATRIX: readonly Row[] = [
  //                                                         anon outsdr member admin iAdmin apiKey
  { route: 'GET /api/health',                     expected: [200,  200,   200,   200,   200,  200] },
  { route: 'GET /api/health/ready',               expected: [200,  200,   200,   200,   200,  200] },

  { route: 'POST /api/auth/sign-in',              expected: [200,  200,   200,   200,   200,  200],
    body: { email: 'ownerb@example.com', password: PASSWORD } },
  { route: 'POST /api/auth/sign-out',             expected: [401,  204,   204,   204,   204,  403], freshSession: true },
  { route: 'GET /api/auth/session',               expected: [401,  200,   200,   200,   200,  200] },
  // Outsider and instance admin belong to no workspace: 404 from the use case, past the guard.
  { route: 'PUT /api/auth/session/workspace',     expected: [401,  404,   200,   200,   404,  403],
    body: () => ({ workspaceId: world.workspaceA }) },

  { route: 'GET /api/workspaces',                 expected: [401,  200,   200,   200,   200,  403] },
  { route: 'POST /api/workspaces',                expected: [401,  403,   403,   403,   201,  403],
    body: { name: 'Matrix workspace' },
    cleanup: async () => { await world.db.query(`DELETE FROM workspaces WHERE name = 'Matrix workspace'`); } },
  { route: 'GET /api/workspace',                  expected: [401,  403,   200,   200,   403,  200] },
  { route: 'PATCH /api/workspace',                expected: [401,  403,   403,   200,   403,  200],
    body: { name: 'Workspace A' } },

  { route: 'GET /api/members',                    expected: [401,  403,   200,   200,   403,  200] },
  { route: 'PATCH /api/members/:userId',          expected: [401,  403,   403,   200,   403,  200],
    path: () => `/api/members/${world.people.memberA.userId}`, body: { role: 'member' } },
  { route: 'DELETE /api/members/:userId',         expected: [401,  403,   403,   404,   403,  404],
    path: () => `/api/members/${randomUUID()}` },

  { route: 'GET /api/invitations',                expected: [401,  403,   403,   200,   403,  200] },
  { route: 'POST /api/invitations',               expected: [401,  403,   403,   201,   403,  201],
    body: { email: 'matrix-invitee@example.com', role: 'member' } },
  { route: 'DELETE /api/invitations/:id',         expected: [401,  403,   403,   404,   403,  404],
    path: () => `/api/invitations/${randomUUID()}` },
  // Public; a well-formed token that matches no invitation is the use case's 404 for everyone.
  { route: 'POST /api/invitations/accept',        expected: [404,  404,   404,   404,   404,  404],
    body: { token: 'x'.repeat(43) } },

  { route: 'GET /api/api-keys',                   expected: [401,  403,   403,   200,   403,  403] },
  { route: 'POST /api/api-keys',                  expected: [401,  403,   403,   201,   403,  403],
    body: { name: 'matrix key' } },
  { route: 'DELETE /api/api-keys/:id',            expected: [401,  403,   403,   404,   403,  403],
    path: () => `/api/api-keys/${randomUUID()}` },

  { route: 'GET /api/integrations',               expected: [401,  403,   200,   200,   403,  200] },
  { route: 'POST /api/integrations/:provider/credentials',
                                                  expected: [401,  403,   403,   201,   403,  201],
    path: () => '/api/integrations/test-db/credentials',
    body: (role) => ({ credentials: { host: `db.matrix-${role.toLowerCase()}`, user: 'u', password: 'let-me-in' } }) },
  { route: 'POST /api/integrations/:provider/credentials/test',
                                                  expected: [401,  403,   403,   200,   403,  200],
    path: () => '/api/integrations/test-db/credentials/test',
    body: { credentials: { host: 'db.matrix-test', user: 'u', password: 'let-me-in' } } },

  // No OAuth app is set up for Dub in this world: the admin gets past the guard to the use case's 409.
  { route: 'POST /api/integrations/:provider/connect',
                                                  expected: [401,  403,   403,   409,   403,  403],
    path: () => '/api/integrations/dub/connect', body: { returnTo: '/settings/integrations' } },
  // Dub needs no administrator's approval: the admin gets past the guard to the use case's 409.
  { route: 'POST /api/integrations/:provider/admin-consent',
                                                  expected: [401,  403,   403,   409,   403,  403],
    path: () => '/api/integrations/dub/admin-consent', body: { returnTo: '/settings/integrations' } },
  // Public (the provider's redirect); it checks state, browser and person itself: an unknown state is 400 for all.
  { route: 'GET /api/integrations/:provider/callback',
                                                  expected: [400,  400,   400,   400,   400,  400],
    path: () => `/api/integrations/dub/callback?code=x&state=${'C'.repeat(43)}` },

  { route: 'GET /api/connections',                expected: [401,  403,   200,   200,   403,  200] },
  { route: 'GET /api/connections/:id',            expected: [401,  403,   200,   200,   403,  200],
    path: () => `/api/connections/${a.connection}` },
  { route: 'PATCH /api/connections/:id',          expected: [401,  403,   403,   200,   403,  200],
    path: () => `/api/connections/${a.connection}`, body: { syncFrequencyMinutes: 60 } },
  { route: 'DELETE /api/connections/:id',         expected: [401,  403,   403,   404,   403,  404],
    path: () => `/api/connections/${randomUUID()}` },
  // The test provider has nothing to sync: past the guard, the use case's 409.
  { route: 'POST /api/connections/:id/sync',      expected: [401,  403,   409,   409,   403,  409],
    path: () => `/api/connections/${a.connection}/sync` },
  { route: 'GET /api/connections/:id/sync-runs',  expected: [401,  403,   200,   200,   403,  200],
    path: () => `/api/connections/${a.connection}/sync-runs` },
  { route: 'GET /api/connections/:id/sync-runs/:runId',
                                                  expected: [401,  403,   200,   200,   403,  200],
    path: () => `/api/connections/${a.connection}/sync-runs/${a.run}` },
  // An ended run cannot be cancelled: the use case's 409.
  { route: 'POST /api/connections/:id/sync-runs/:runId/cancel',
                                                  expected: [401,  403,   409,   409,   403,  409],
    path: () => `/api/connections/${a.connection}/sync-runs/${a.run}/cancel` },
  { route: 'GET /api/connections/:id/records',    expected: [401,  403,   200,   200,   403,  200],
    path: () => `/api/connections/${a.connection}/records` },

  { route: 'GET /api/events',                     expected: [401,  403,   200,   200,   403,  200] },

  { route: 'GET /api/admin/provider-apps',        expected: [401,  403,   403,   403,   200,  403] },
  { route: 'PUT /api/admin/provider-apps/:provider',
                                                  expected: [401,  403,   403,   403,   200,  403],
    path: () => '/api/admin/provider-apps/slack', body: { clientId: 'matrix-client-id', clientSecret: 'matrix-client-secret' } },
  // No app credentials were ever set for GitHub: the use case's 404 once allowed.
  { route: 'DELETE /api/admin/provider-apps/:provider',
                                                  expected: [401,  403,   403,   403,   404,  403],
    path: () => '/api/admin/provider-apps/github' },

  { route: 'GET /api/admin/connector-networks', expected: [401,  403,   403,   403,   200,  403] },
  { route: 'POST /api/admin/connector-networks',
                                                  expected: [401,  403,   403,   403,   201,  403],
    body: { cidr: '10.99.0.0/16', description: 'matrix' } },
  // Never added: the use case's 404 once allowed.
  { route: 'DELETE /api/admin/connector-networks/:cidr',
                                                  expected: [401,  403,   403,   403,   404,  403],
    path: () => '/api/admin/connector-networks/10.98.0.0%2F16' },

  { route: 'GET /api/audit-events',               expected: [401,  403,   403,   200,   403,  200] },
];

function rowOf(route: string): Row {
  const row = MATRIX.find((r) => r.route === route);
  if (!row) throw new Error(`The role matrix has no row for ${route}`);
  return row;
}
const expectedFor = (row: Row, role: Role) => row.expected[ROLES.indexOf(role)];
const bodyFor = (row: Row, role: Role) => (typeof row.body === 'function' ? row.body(role) : row.body);

// ---------------------------------------------------------------------------------------------
// F2: route inventory
// ---------------------------------------------------------------------------------------------

describe('route inventory (F2)', () => {
  it('should find the routes of every controller', () => {
    expect(routes.length).toBeGreaterThanOrEqual(MATRIX.length);
    expect(new Set(routes.map((r) => r.key)).size).toBe(routes.length);
  });

  it('should give every route an access policy', () => {
    const unannotated = routes.filter((r) => !r.policy).map((r) => r.key);
    expect(unannotated).toEqual([]);
  });

  it('should list exactly the same routes in the OpenAPI document, each with its x-access policy', () => {
    const document = createOpenApiDocument(world.app);
    const documented = new Map<string, Record<string, unknown>>();
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of OPENAPI_METHODS) {
        const operation = (item as Record<string, unknown>)[method] as Record<string, unknown> | undefined;
        if (operation) documented.set(`${method.toUpperCase()} ${expressPath(path)}`, operation);
      }
    }
    expect([...documented.keys()].sort()).toEqual(routes.map((r) => r.key));
    const mismatched = routes
      .filter((r) => JSON.stringify(documented.get(r.key)?.['x-access']) !== JSON.stringify(r.policy))
      .map(
        (r) =>
          `${r.key}: x-access ${JSON.stringify(documented.get(r.key)?.['x-access'])}, enforced ${JSON.stringify(r.policy)}`,
      );
    expect(mismatched).toEqual([]);
  });

  describe('a route without a policy', () => {
    let handlerRuns = 0;

    @Controller('no-policy')
    class NoPolicyController {
      @Get()
      read() {
        handlerRuns++;
        return { ran: true };
      }

      @Post()
      write() {
        handlerRuns++;
        return { ran: true };
      }
    }

    // Nest registers passport strategies on the process-wide passport singleton: a second app
    // replaces the world's, and once closed they would answer every credentialed request with 500.
    const STRATEGIES = ['session', 'api-key'];
    const registered = (name: string) =>
      (passport as unknown as { _strategy(name: string): passport.Strategy })._strategy(name);
    let worldStrategies: [string, passport.Strategy][];
    let app: INestApplication;
    beforeAll(async () => {
      worldStrategies = STRATEGIES.map((name) => [name, registered(name)]);
      app = await createTestApp(world.config, { controllers: [NoPolicyController] });
    });
    afterAll(async () => {
      await app?.close();
      for (const [name, strategy] of worldStrategies) passport.use(name, strategy);
    });

    it('should be found by the inventory', () => {
      expect(
        routeInventory(app)
          .filter((r) => !r.policy)
          .map((r) => r.key),
      ).toEqual(['GET /api/no-policy', 'POST /api/no-policy']);
    });

    it('should be denied by default with a 500 problem, never running its handler', async () => {
      const { adminA, instanceAdmin } = world.people;
      const server = app.getHttpServer();
      const responses = [
        await request(server).get('/api/no-policy'),
        await request(server).get('/api/no-policy').set('Cookie', adminA.cookie),
        await request(server)
          .post('/api/no-policy')
          .set('Cookie', instanceAdmin.cookie)
          .set('X-XSRF-TOKEN', instanceAdmin.csrf)
          .send({}),
        await request(server).get('/api/no-policy').set('Authorization', `Bearer ${a.apiKey.secret}`),
      ];
      for (const response of responses) {
        expect(response.status).toBe(500);
        expect(isProblem(response)).toBe(true);
        expect(response.body).toMatchObject({ status: 500, detail: 'This route has no access policy.' });
      }
      expect(handlerRuns).toBe(0);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// F4: role matrix
// ---------------------------------------------------------------------------------------------

describe('role matrix (F4)', () => {
  it('should have exactly one row per route of the inventory', () => {
    expect(MATRIX.map((r) => r.route).sort()).toEqual(routes.map((r) => r.key));
  });

  const cases = MATRIX.flatMap((row) => ROLES.map((role) => [row.route, role, expectedFor(row, role)] as const));

  it.each(cases)('%s as %s → %i', async (route, role, expected) => {
    const row = rowOf(route);
    const [method, pattern] = route.split(' ');
    const path = row.path?.() ?? pattern;
    expect(path).not.toContain(':');
    const response = await callAs(
      role,
      method.toLowerCase() as HttpMethod,
      path,
      bodyFor(row, role),
      row.freshSession,
      STREAMING_ROUTES.has(route),
    );
    try {
      expect({ status: response.status, detail: response.body?.detail }).toMatchObject({ status: expected });
      if (expected >= 400) expect(isProblem(response)).toBe(true);
    } finally {
      if (response.status < 300) await row.cleanup?.(role);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// F3: cross-tenant matrix
// ---------------------------------------------------------------------------------------------

/** Where each id parameter of the inventory gets workspace A's ids from: `<collection>/:<param>`. */
const A_IDS_BY_PARAM: Record<string, () => string[]> = {
  'members/:userId': () => a.members,
  'invitations/:id': () => [a.invitation],
  'api-keys/:id': () => [a.apiKey.id],
  'connections/:id': () => [a.connection],
  'sync-runs/:runId': () => [a.run],
};
/**
 * Params that name something shared by every workspace, not a tenant's object: a provider of the
 * catalog, a network of the instance's connector allowlist.
 */
const NOT_TENANT_IDS = new Set(['provider', 'cidr']);

/** Bodies that would change A's objects if the tenant check were missing (the table's are no-ops for some). */
const CROSS_TENANT_BODIES: Record<string, object> = {
  'PATCH /api/members/:userId': { role: 'admin' },
  'PATCH /api/connections/:id': { syncEnabled: false, syncFrequencyMinutes: 120 },
};

const paramKeysOf = (path: string) =>
  [...path.matchAll(/([^/]+)\/:(\w+)/g)].filter((m) => !NOT_TENANT_IDS.has(m[2])).map((m) => `${m[1]}/:${m[2]}`);

interface CrossTenantCall {
  route: string;
  method: HttpMethod;
  path: string;
  body?: object;
}

function crossTenantCalls(): CrossTenantCall[] {
  const calls: CrossTenantCall[] = [];
  for (const route of routes.filter((r) => paramKeysOf(r.path).length > 0)) {
    let paths = [route.path];
    for (const key of paramKeysOf(route.path)) {
      const ids = A_IDS_BY_PARAM[key]();
      const param = key.split('/:')[1];
      paths = paths.flatMap((p) => ids.map((id) => p.replace(`:${param}`, id)));
    }
    const body = CROSS_TENANT_BODIES[route.key] ?? bodyFor(rowOf(route.key), 'admin');
    calls.push(...paths.map((path) => ({ route: route.key, method: route.method, path, body })));
  }
  // The id in a body: editing "my" connection with A's connection id.
  calls.push({
    route: 'POST /api/integrations/:provider/credentials',
    method: 'post',
    path: '/api/integrations/test-db/credentials',
    body: { credentials: { host: 'db.a', user: 'u', password: 'let-me-in' }, connectionId: a.connection },
  });
  calls.push({
    route: 'POST /api/integrations/:provider/credentials/test',
    method: 'post',
    path: '/api/integrations/test-db/credentials/test',
    body: { credentials: { host: 'db.a', user: 'u' }, connectionId: a.connection },
  });
  return calls;
}

describe('cross-tenant matrix (F3)', () => {
  const allIdsOfA = () => [world.workspaceA, a.connection, a.run, a.apiKey.id, a.invitation, ...a.members];
  const asB = (caller: 'ownerB' | 'apiKeyB', method: HttpMethod, path: string, body?: object) =>
    caller === 'ownerB'
      ? world.call(world.people.ownerB, method, path, body)
      : world.call(null, method, path, body).set('Authorization', `Bearer ${b.apiKey.secret}`);

  it('should map every id parameter of the inventory to workspace A’s objects', () => {
    const keys = [...new Set(routes.flatMap((r) => paramKeysOf(r.path)))].sort();
    expect(keys).toEqual(Object.keys(A_IDS_BY_PARAM).sort());
  });

  it('should answer 404 to workspace B (owner and API key) for every A id, and change nothing', async () => {
    // The B key's last-used time is written at most once a minute: use it now so the snapshot holds it.
    await asB('apiKeyB', 'get', '/api/auth/session').expect(200);
    const before = await snapshot(world);

    const calls = crossTenantCalls();
    expect(calls.length).toBeGreaterThanOrEqual(10);
    const mismatches: string[] = [];
    for (const call of calls) {
      for (const caller of ['ownerB', 'apiKeyB'] as const) {
        // A route API keys may not use answers the key its 403 from the table; everything else must be 404.
        const keyStatus = expectedFor(rowOf(call.route), 'apiKey');
        const expected = caller === 'apiKeyB' && (keyStatus === 401 || keyStatus === 403) ? keyStatus : 404;
        const response = await asB(caller, call.method, call.path, call.body);
        if (response.status !== expected || !isProblem(response)) {
          mismatches.push(
            `${call.method.toUpperCase()} ${call.path} as ${caller}: ${response.status} ${JSON.stringify(response.body)} (expected ${expected} problem+json)`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(await snapshot(world)).toEqual(before);
  });

  /** What B may list, and one of B's own ids each listing must show (so an empty answer cannot pass). */
  const LISTINGS: Record<string, () => string> = {
    '/api/connections': () => b.connection,
    '/api/members': () => b.members[0],
    '/api/api-keys': () => b.apiKey.id,
    '/api/invitations': () => b.invitation,
    '/api/audit-events': () => b.connection,
    '/api/integrations': () => b.connection,
  };

  it.each(Object.keys(LISTINGS))('should never show A’s ids to B in GET %s', async (path) => {
    const response = await asB('ownerB', 'get', path).expect(200);
    const text = JSON.stringify(response.body);
    expect(text).toContain(LISTINGS[path]());
    for (const id of allIdsOfA()) expect(text).not.toContain(id);
  });

  it('should never show A’s ids to B in any parameterless GET route, as owner or API key', async () => {
    const leaks: string[] = [];
    // Event streams never end; their tenant isolation is tested in events.int-spec.ts.
    const listings = routes.filter(
      (r) => r.method === 'get' && paramsOf(r.path).length === 0 && !STREAMING_ROUTES.has(r.key),
    );
    for (const route of listings) {
      for (const caller of ['ownerB', 'apiKeyB'] as const) {
        const text = JSON.stringify((await asB(caller, 'get', route.path)).body);
        leaks.push(
          ...allIdsOfA()
            .filter((id) => text.includes(id))
            .map((id) => `${route.key} as ${caller} shows ${id}`),
        );
      }
    }
    expect(leaks).toEqual([]);
  });

  it('should find nothing when B filters its audit log by A’s ids', async () => {
    for (const query of [
      `targetId=${a.connection}`,
      `actorId=${world.people.adminA.userId}`,
      `targetId=${a.apiKey.id}`,
    ]) {
      const response = await asB('apiKeyB', 'get', `/api/audit-events?${query}`).expect(200);
      expect(response.body.events).toEqual([]);
    }
  });
});
