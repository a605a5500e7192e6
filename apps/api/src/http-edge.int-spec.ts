import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Redis from 'ioredis';
import request from 'supertest';
import { AuditEventEntity } from '@hub/server/database';
import { REDIS } from '@hub/server/redis';
import { cookiesOf, createTestWorld, PASSWORD, type TestWorld } from './testing/test-world';

// One app at a time: passport's strategies are process-wide (see create-test-app.ts).

/** A built web app stand-in, so the api serves `/` with ServeStaticModule as in production. */
const webDist = mkdtempSync(join(tmpdir(), 'hub-web-dist-'));
writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>Integrations Hub</title><hub-root></hub-root>');
afterAll(() => rmSync(webDist, { recursive: true, force: true }));

const cspOf = (response: request.Response) => String(response.headers['content-security-policy'] ?? '');

/** The failed sign-in audited with this user agent (each test uses its own). */
const failedSignIn = async (world: TestWorld, userAgent: string) =>
  world.db.getRepository(AuditEventEntity).findOneByOrFail({ action: 'auth.sign_in', outcome: 'failure', userAgent });

const signInAttempt = (world: TestWorld, forwardedFor: string | null, email: string, userAgent = 'edge-test') => {
  const attempt = request(world.app.getHttpServer())
    .post('/api/auth/sign-in')
    .set('User-Agent', userAgent)
    .send({ email, password: 'not the password' });
  return forwardedFor ? attempt.set('X-Forwarded-For', forwardedFor) : attempt;
};

/** Attempts counted so far against a client address by the per-address sign-in limit. */
const addressCount = async (world: TestWorld, ip: string) =>
  Number((await world.app.get<Redis>(REDIS).get(`${world.config.redis.prefix}:sign-in:ip:${ip}`)) ?? 0);

describe('with an http PUBLIC_URL and no trusted proxy (the defaults)', () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createTestWorld({ WEB_DIST_DIR: webDist });
  });
  afterAll(() => world?.close());

  describe('security headers', () => {
    const expectStrictHeaders = (response: request.Response) => {
      const csp = cspOf(response);
      for (const directive of [
        "default-src 'self'",
        "script-src 'self'",
        "script-src-attr 'none'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ])
        expect(csp.split(';').map((d) => d.trim())).toContain(directive);
      expect(csp).not.toContain('unsafe-eval');
      expect(/script-src[^;]*unsafe-inline/.test(csp)).toBe(false);
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
    };

    it('should send a strict CSP, no framing, nosniff and a referrer policy on an API answer', async () => {
      const response = await world.call(world.people.memberA, 'get', '/api/integrations').expect(200);
      expectStrictHeaders(response);
      expect(response.headers['x-powered-by']).toBeUndefined();
    });

    it("should send them on the web app's index and its deep links", async () => {
      for (const path of ['/', '/settings/integrations']) {
        const response = await request(world.app.getHttpServer()).get(path).expect(200);
        expect(response.text).toContain('<hub-root>');
        expectStrictHeaders(response);
      }
    });

    it('should send them on Swagger UI and its scripts', async () => {
      const page = await request(world.app.getHttpServer()).get('/api/docs').expect(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expectStrictHeaders(page);
      const init = await request(world.app.getHttpServer()).get('/api/docs/swagger-ui-init.js').expect(200);
      expectStrictHeaders(init);
    });

    it('should send no HSTS and no upgrade-insecure-requests over plain http', async () => {
      const response = await request(world.app.getHttpServer()).get('/api/health').expect(200);
      expect(response.headers['strict-transport-security']).toBeUndefined();
      expect(cspOf(response)).not.toContain('upgrade-insecure-requests');
    });

    it('should set a session cookie without Secure or the __Host- prefix over plain http', async () => {
      const response = await world
        .call(null, 'post', '/api/auth/sign-in', { email: world.people.memberA.email, password: PASSWORD })
        .expect(200);
      const cookies = response.headers['set-cookie'] as unknown as string[];
      const session = cookies.find((c) => c.startsWith('hub_session='));
      expect(session).toBeDefined();
      expect(session).not.toMatch(/Secure/);
    });
  });

  describe('the Host check (DNS rebinding)', () => {
    const expectMisdirected = (response: request.Response, path: string) => {
      expect(response.status).toBe(421);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({
        type: 'about:blank',
        title: 'Misdirected Request',
        status: 421,
        detail: expect.stringContaining('"evil.example"'),
        instance: path,
        requestId: expect.any(String),
      });
      expect(response.headers['x-request-id']).toBe(response.body.requestId);
    };

    it('should answer 421 problem+json to a signed-in read for another Host', async () => {
      const response = await world.call(world.people.memberA, 'get', '/api/integrations').set('Host', 'evil.example');
      expectMisdirected(response, '/api/integrations');
      await world.call(world.people.memberA, 'get', '/api/integrations').set('Host', 'localhost:3000').expect(200);
    });

    it('should answer 421 to a change for another Host although its Origin matches that Host and it has the CSRF token', async () => {
      const person = { ...world.people.adminA, ...(await world.signIn(world.people.adminA.email, PASSWORD)) };
      const signOut = () => world.call(person, 'post', '/api/auth/sign-out');
      const refused = await signOut().set('Host', 'evil.example').set('Origin', 'http://evil.example');
      expectMisdirected(refused, '/api/auth/sign-out');
      await world.call(person, 'get', '/api/auth/session').expect(200);
      // The same change through the hub's own address goes through.
      await signOut().set('Host', 'localhost:3000').set('Origin', 'http://localhost:3000').expect(204);
      await world.call(person, 'get', '/api/auth/session').expect(401);
    });

    it('should answer 421 on Swagger UI and the web app for another Host', async () => {
      for (const path of ['/api/docs', '/api/docs-json', '/', '/settings/integrations']) {
        const response = await request(world.app.getHttpServer()).get(path).set('Host', 'evil.example');
        expectMisdirected(response, path);
      }
    });

    it('should answer the health probes whatever the Host', async () => {
      for (const path of ['/api/health', '/api/health/ready'])
        await request(world.app.getHttpServer()).get(path).set('Host', 'evil.example').expect(200);
    });

    it("should accept PUBLIC_URL's host in any case and loopback addresses, and no other name or port", async () => {
      // Anonymous: 401 when the Host is accepted, 421 when it is not.
      const status = async (host: string) =>
        (await request(world.app.getHttpServer()).get('/api/auth/session').set('Host', host)).status;
      for (const host of ['localhost:3000', 'LocalHost:3000', '127.0.0.1:3000', '127.0.0.2:8080', '[::1]:9999'])
        expect([host, await status(host)]).toEqual([host, 401]);
      for (const host of ['localhost:3001', 'localhost', 'hub.localhost:3000', 'evil.example:3000', 'x@127.0.0.1'])
        expect([host, await status(host)]).toEqual([host, 421]);
    });
  });

  describe('client addresses', () => {
    it('should ignore X-Forwarded-For from a peer that is not a trusted proxy, in the audit row and the limiter', async () => {
      await signInAttempt(world, '203.0.113.7', 'nobody-1@example.com', 'edge-untrusted').expect(401);
      const socketAddress = String((await failedSignIn(world, 'edge-untrusted')).ip);
      expect(socketAddress).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
      expect(await addressCount(world, '203.0.113.7')).toBe(0);
      expect(await addressCount(world, socketAddress)).toBeGreaterThan(0);
    });
  });
});

describe('with an https PUBLIC_URL, in development', () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createTestWorld({ NODE_ENV: 'development', PUBLIC_URL: 'https://hub.example.test' });
  });
  afterAll(() => world?.close());

  it('should send HSTS and upgrade-insecure-requests', async () => {
    const response = await request(world.app.getHttpServer()).get('/api/health').expect(200);
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(cspOf(response)).toContain('upgrade-insecure-requests');
  });

  it('should set the session and XSRF cookies Secure, the session one as __Host-hub_session', async () => {
    const response = await world
      .call(null, 'post', '/api/auth/sign-in', { email: world.people.memberA.email, password: PASSWORD })
      .expect(200);
    const cookies = response.headers['set-cookie'] as unknown as string[];
    expect(cookies.find((c) => c.startsWith('__Host-hub_session='))).toMatch(/; Secure/);
    expect(cookies.find((c) => c.startsWith('XSRF-TOKEN='))).toMatch(/; Secure/);
    const { cookie } = cookiesOf(cookies);
    await world.call(null, 'get', '/api/auth/session').set('Cookie', cookie).expect(200);
  });

  it("should accept PUBLIC_URL's host with and without its default port, and refuse http's", async () => {
    const session = (host: string) => request(world.app.getHttpServer()).get('/api/auth/session').set('Host', host);
    for (const host of ['hub.example.test', 'hub.example.test:443']) await session(host).expect(401);
    await session('hub.example.test:80').expect(421);
  });
});

describe('behind a trusted proxy (TRUST_PROXY=loopback)', () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createTestWorld({ TRUST_PROXY: 'loopback' });
  });
  afterAll(() => world?.close());

  it('should audit the client address the proxy forwards, not the proxy', async () => {
    await signInAttempt(world, '203.0.113.7', 'nobody-1@example.com', 'edge-forwarded').expect(401);
    expect((await failedSignIn(world, 'edge-forwarded')).ip).toBe('203.0.113.7');
    // A client's own forged entry sits left of what the proxy appended, and is not believed.
    await signInAttempt(world, '198.51.100.1, 203.0.113.8', 'nobody-2@example.com', 'edge-forged').expect(401);
    expect((await failedSignIn(world, 'edge-forged')).ip).toBe('203.0.113.8');
  });

  it('should limit sign-in attempts per forwarded client, so one client locks out only itself', async () => {
    const [a, b] = ['203.0.113.21', '203.0.113.22'];
    // 30 per address in 10 minutes; a new email each time so the per-email limit stays out of it.
    for (let i = 0; i < 30; i++) await signInAttempt(world, a, `a-${i}@example.com`).expect(401);
    await signInAttempt(world, a, 'a-30@example.com').expect(429);
    await signInAttempt(world, b, 'b-0@example.com').expect(401);
    expect(await addressCount(world, b)).toBe(1);
  });
});
