/**
 * Issue 15, finding 10: bad input answers a 4xx application/problem+json naming what is wrong, never a
 * 500 and never the static web app's "404 No route". The world serves a built web app (an index.html in
 * a temp dir), as production does, since its middleware is what used to swallow body errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { createTestWorld, type Persona, type TestWorld } from './testing/test-world';

let world: TestWorld;
let webDir: string;
let admin: Persona;

beforeAll(async () => {
  webDir = mkdtempSync(join(tmpdir(), 'hub-web-'));
  writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>hub</title>');
  world = await createTestWorld({ WEB_DIST_DIR: webDir });
  admin = world.people.adminA;
});
afterAll(async () => {
  await world?.close();
  rmSync(webDir, { recursive: true, force: true });
});

/** A 4xx problem+json with a detail; `detail` and `field` say what it must name. */
function expectProblem(response: Response, status: number, detail?: RegExp, field?: string): void {
  const summary = { status: response.status, type: response.headers['content-type'], body: response.body };
  expect(summary).toMatchObject({ status, type: expect.stringMatching(/^application\/problem\+json/) });
  expect(typeof response.body.detail).toBe('string');
  if (detail) expect(response.body.detail).toMatch(detail);
  if (field) expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
}

const deep = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
const LONE_SURROGATE = '\uD800';

describe('JSON nested 5,000 levels deep', () => {
  it('should answer 400 on sign-in and invitation accept (unauthenticated) and on a signed-in route', async () => {
    const cases = [
      world
        .call(null, 'post', '/api/auth/sign-in')
        .type('json')
        .send(`{"email":${deep(5000)},"password":"x"}`),
      world
        .call(null, 'post', '/api/invitations/accept')
        .type('json')
        .send(`{"token":${deep(5000)}}`),
      world
        .call(admin, 'patch', '/api/workspace')
        .type('json')
        .send(`{"name":${deep(5000)}}`),
      world
        .call(admin, 'post', '/api/integrations/test-db/credentials')
        .type('json')
        .send(`{"credentials":{"host":${deep(5000)}}}`),
    ];
    for (const response of await Promise.all(cases)) expectProblem(response, 400, /nested/);
  });

  it('should still accept a body nested a few levels', async () => {
    const response = await world.call(admin, 'post', '/api/integrations/test-db/credentials/test', {
      credentials: { host: 'db.shallow', user: 'u', password: 'p' },
    });
    expect(response.status).toBe(200);
  });
});

describe('text that is not well-formed or has control characters', () => {
  it('should refuse a lone surrogate in an email with 400 naming the field', async () => {
    const email = `ada${LONE_SURROGATE}@example.com`;
    expectProblem(
      await world.call(null, 'post', '/api/auth/sign-in', { email, password: 'x' }),
      400,
      undefined,
      'email',
    );
    expectProblem(
      await world.call(admin, 'post', '/api/invitations', { email, role: 'member' }),
      400,
      undefined,
      'email',
    );
  });

  it('should refuse a lone surrogate in a name with 400 naming the field', async () => {
    const name = `Acme ${LONE_SURROGATE}`;
    expectProblem(await world.call(admin, 'patch', '/api/workspace', { name }), 400, undefined, 'name');
    expectProblem(await world.call(admin, 'post', '/api/api-keys', { name }), 400, undefined, 'name');
    expectProblem(
      await world.call(null, 'post', '/api/invitations/accept', {
        token: 'x'.repeat(43),
        name,
        password: 'p'.repeat(12),
      }),
      400,
      undefined,
      'name',
    );
  });

  it('should refuse a NUL byte in a workspace or API key name with 400 naming the field', async () => {
    const name = 'Acme\u0000 Inc.';
    expectProblem(await world.call(admin, 'patch', '/api/workspace', { name }), 400, undefined, 'name');
    expectProblem(await world.call(admin, 'post', '/api/api-keys', { name }), 400, undefined, 'name');
    expectProblem(
      await world.call(world.people.instanceAdmin, 'post', '/api/workspaces', { name }),
      400,
      undefined,
      'name',
    );
  });

  it('should refuse a line break in a name but keep line breaks in a multi-line credentials field', async () => {
    expectProblem(await world.call(admin, 'patch', '/api/workspace', { name: 'Acme\r\nInc.' }), 400, undefined, 'name');
    // PostgreSQL's CA certificate is a textarea; port 1 on loopback refuses at once, so the test answers ok: false.
    const response = await world.call(admin, 'post', '/api/integrations/postgresql/credentials/test', {
      credentials: {
        ...{ host: '127.0.0.1', port: 1, database: 'app', user: 'reader', password: 'p', sslMode: 'disable' },
        caCertificate: '-----BEGIN CERTIFICATE-----\r\nMIIB\tAA==\n-----END CERTIFICATE-----\n',
      },
    });
    expect({ status: response.status, body: response.body }).toMatchObject({ status: 200, body: { ok: false } });
  });

  it('should refuse a NUL byte in a query parameter with 400 naming it', async () => {
    expectProblem(await world.call(admin, 'get', '/api/audit-events?actorId=a%00b'), 400, undefined, 'actorId');
  });
});

describe('path parameters', () => {
  const callback = (segment: string) => `/api/integrations/${segment}/callback?code=x&state=${'C'.repeat(43)}`;

  it('should answer a %00 provider id in the callback path with a 400 problem naming provider', async () => {
    expectProblem(await world.call(null, 'get', callback('%00')), 400, undefined, 'provider');
  });

  it("should answer CR/LF in the callback's provider segment with a 400 problem naming provider", async () => {
    expectProblem(await world.call(null, 'get', callback('dub%0D%0ASet-Cookie:%20x=1')), 400, undefined, 'provider');
  });

  it.each([
    ['<', '%3Cscript%3E'],
    [';', 'dub;x'],
    ['a very long id', 'a'.repeat(5000)],
  ])(
    "should answer %s in the callback's provider segment with a 404 No integration problem",
    async (_name, segment) => {
      expectProblem(await world.call(null, 'get', callback(segment)), 404, /No integration/);
    },
  );

  it('should answer a malformed provider id on every provider route with a 4xx problem', async () => {
    const { instanceAdmin } = world.people;
    const noIntegration = [
      await world.call(admin, 'post', '/api/integrations/a%3Cb/credentials', { credentials: {} }),
      await world.call(admin, 'post', '/api/integrations/A_B/credentials/test', { credentials: {} }),
      await world.call(admin, 'post', '/api/integrations/a;b/connect', {}),
      await world.call(instanceAdmin, 'put', '/api/admin/provider-apps/a;b', { clientId: 'c', clientSecret: 's' }),
      await world.call(instanceAdmin, 'delete', `/api/admin/provider-apps/${'x'.repeat(65)}`),
    ];
    for (const response of noIntegration) expectProblem(response, 404, /No integration/);
    const controls = [
      await world.call(admin, 'post', '/api/integrations/a%00b/credentials/test', { credentials: {} }),
      await world.call(instanceAdmin, 'delete', '/api/admin/provider-apps/a%0Ab'),
    ];
    for (const response of controls) expectProblem(response, 400, undefined, 'provider');
  });

  it('should answer a malformed percent-encoding in the path with 400, not 404 or 500', async () => {
    for (const path of ['/api/integrations/%E0%A4%A/callback', '/api/connections/%ZZ', '/api/admin/provider-apps/%']) {
      expectProblem(await world.call(admin, 'get', path), 400, /percent-encod/);
    }
  });
});

describe('query numbers', () => {
  it('should answer audit-events?before=99999999999999999999999 with 400 naming before', async () => {
    const response = await world.call(admin, 'get', '/api/audit-events?before=99999999999999999999999');
    expectProblem(response, 400, undefined, 'before');
  });

  it('should still page the audit log with a before it returned', async () => {
    const first = await world.call(admin, 'get', '/api/audit-events?limit=1').expect(200);
    expect(first.body.nextBefore).toEqual(expect.any(String));
    await world.call(admin, 'get', `/api/audit-events?limit=1&before=${first.body.nextBefore}`).expect(200);
  });
});

describe('bodies the parser refuses', () => {
  it('should answer malformed JSON with 400, not 404 No route', async () => {
    const responses = [
      await world.call(null, 'post', '/api/auth/sign-in').type('json').send('{"email":'),
      await world.call(admin, 'patch', '/api/workspace').type('json').send('{name: 1}'),
    ];
    for (const response of responses) expectProblem(response, 400, /not valid JSON/);
  });

  it.each(['[]', '[{"name":"x"}]', '"Acme"', '5', 'null', 'true'])(
    'should answer the non-object JSON body %s with 400',
    async (body) => {
      expectProblem(
        await world.call(admin, 'patch', '/api/workspace').type('json').send(body),
        400,
        /JSON object|not valid JSON/,
      );
    },
  );

  it.each([
    ['1 MB', 1 << 20],
    ['10 MB', 10 << 20],
  ])('should answer a %s body with 413', async (_name, size) => {
    const body = JSON.stringify({ name: 'x'.repeat(size) });
    expectProblem(await world.call(null, 'post', '/api/auth/sign-in').type('json').send(body), 413, /too large/);
    expectProblem(await world.call(admin, 'patch', '/api/workspace').type('json').send(body), 413, /too large/);
  });

  it('should answer a body that is not JSON with 415', async () => {
    const responses = [
      await world.call(admin, 'patch', '/api/workspace').type('text/plain').send('{"name":"Acme"}'),
      await world.call(admin, 'patch', '/api/workspace').type('form').send('name=Acme'),
      await world.call(null, 'post', '/api/auth/sign-in').set('Content-Type', 'application/xml').send('<a/>'),
    ];
    for (const response of responses) expectProblem(response, 415, /application\/json/);
  });

  it('should answer an unsupported charset or content encoding with 415', async () => {
    const responses = [
      await world
        .call(admin, 'patch', '/api/workspace')
        .set('Content-Type', 'application/json; charset=latin1')
        .send('{}'),
      await world.call(admin, 'patch', '/api/workspace').type('json').set('Content-Encoding', 'zstd-ish').send('{}'),
    ];
    for (const response of responses) expectProblem(response, 415);
  });

  it('should still take a change with no body at all', async () => {
    const response = await world.call(admin, 'post', '/api/connections/00000000-0000-4000-8000-000000000000/sync');
    expectProblem(response, 404);
  });
});
