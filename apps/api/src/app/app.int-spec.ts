import { Body, Controller, Get, INestApplication, Module, Post } from '@nestjs/common';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import request from 'supertest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Access } from '@hub/server/auth';
import { testConfig } from '@hub/server/config';
import { createTestApp } from '../testing/create-test-app';
import { createOpenApiDocument } from './configure-app';

class ExampleSettingsDto {
  @IsIn(['hourly', 'daily'])
  frequency!: string;

  @IsInt()
  @Min(1)
  @Max(10)
  retries!: number;
}

/** Test-only routes that exercise the global pipe and filter the way real controllers will. */
@Access('public')
@Controller('test-only')
class TestOnlyController {
  @Post('settings')
  save(@Body() body: ExampleSettingsDto) {
    return { saved: body, retriesType: typeof body.retries };
  }

  @Get('boom')
  boom(): never {
    throw new Error('internal detail canary-7f3a from internal-host:5432');
  }
}

@Module({ controllers: [TestOnlyController] })
class TestOnlyModule {}

describe('api (PostgreSQL + Redis)', () => {
  let app: INestApplication;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    app = await createTestApp(testConfig(), { imports: [TestOnlyModule] });
    http = request(app.getHttpServer());
  });

  afterAll(() => app?.close());

  describe('health', () => {
    it('should answer liveness with 200', async () => {
      const res = await http.get('/api/health').expect(200);
      expect(res.body.status).toBe('ok');
    });

    it('should be ready when PostgreSQL and Redis answer', async () => {
      const res = await http.get('/api/health/ready').expect(200);
      expect(res.body.details).toEqual({ database: { status: 'up' }, redis: { status: 'up' } });
    });
  });

  describe('errors as problem+json', () => {
    it('should answer an unknown route with a 404 problem and a request id', async () => {
      const res = await http.get('/api/no-such-route').expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toEqual({
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        detail: 'No route GET /api/no-such-route.',
        instance: '/api/no-such-route',
        requestId: res.headers['x-request-id'],
      });
    });

    it('should not repeat the query string of an unknown route, which may carry a code or token', async () => {
      const res = await http.get('/api/no-such-route/callback?code=planted-code-value&state=s').expect(404);
      expect(JSON.stringify(res.body)).not.toContain('planted-code-value');
    });

    it('should list every invalid field with a useful message', async () => {
      const res = await http.post('/api/test-only/settings').send({ frequency: 'weekly', retries: 0 }).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.detail).toBe('The request has 2 invalid fields.');
      expect(res.body.errors).toEqual([
        { field: 'frequency', message: 'frequency must be one of the following values: hourly, daily' },
        { field: 'retries', message: 'retries must not be less than 1' },
      ]);
    });

    it('should refuse fields the endpoint does not know instead of dropping them', async () => {
      const res = await http
        .post('/api/test-only/settings')
        .send({ frequency: 'daily', retries: 2, isAdmin: true })
        .expect(400);
      expect(res.body.errors).toEqual([{ field: 'isAdmin', message: 'property isAdmin should not exist' }]);
    });

    it('should convert and accept a valid body', async () => {
      const res = await http.post('/api/test-only/settings').send({ frequency: 'daily', retries: 3 }).expect(201);
      expect(res.body).toEqual({ saved: { frequency: 'daily', retries: 3 }, retriesType: 'number' });
    });

    it('should answer malformed JSON with a 400 problem that has a request id', async () => {
      const res = await http
        .post('/api/test-only/settings')
        .set('content-type', 'application/json')
        .send('{"frequency":')
        .expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.body.requestId).toBe(res.headers['x-request-id']);
    });

    it('should hide the internals of an unexpected error behind a generic 500', async () => {
      const res = await http.get('/api/test-only/boom').expect(500);
      expect(res.body.detail).toBe('An unexpected error occurred. Quote the request id when you report it.');
      expect(JSON.stringify(res.body)).not.toMatch(/canary-7f3a|internal-host/);
    });
  });

  describe('request ids', () => {
    it('should echo a well-formed X-Request-Id from a proxy', async () => {
      const res = await http.get('/api/no-such-route').set('X-Request-Id', 'edge-1234.abc').expect(404);
      expect(res.headers['x-request-id']).toBe('edge-1234.abc');
      expect(res.body.requestId).toBe('edge-1234.abc');
    });

    it('should replace a malformed X-Request-Id with its own', async () => {
      const res = await http.get('/api/health').set('X-Request-Id', '<script>alert(1)</script>').expect(200);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('documentation', () => {
    it('should serve Swagger UI at /api/docs and the OpenAPI JSON at /api/docs-json', async () => {
      const ui = await http.get('/api/docs').expect(200);
      expect(ui.text).toContain('swagger-ui');
      const doc = await http.get('/api/docs-json').expect(200);
      expect(doc.body.info.title).toBe('Integrations Hub API');
      expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/health/ready']));
      expect(doc.body.components.schemas.ProblemDetails).toBeDefined();
    });

    it('should not send the X-Powered-By header', async () => {
      const res = await http.get('/api/health');
      expect(res.headers['x-powered-by']).toBeUndefined();
    });
  });
});

describe('committed OpenAPI document', () => {
  it('should match what the code generates (run `npm run openapi` after changing the API)', async () => {
    const app = await createTestApp(testConfig());
    try {
      const generated = JSON.parse(JSON.stringify(createOpenApiDocument(app)));
      const committed = JSON.parse(readFileSync(join(__dirname, '../../../../openapi/api.json'), 'utf8'));
      expect(generated).toEqual(committed);
    } finally {
      await app.close();
    }
  });
});

describe('readiness with Redis down', () => {
  let app: INestApplication;

  beforeAll(async () => {
    // Port 1 on loopback: nothing listens there, so Redis is "down" for this app.
    app = await createTestApp(testConfig({ REDIS_URL: 'redis://127.0.0.1:1/0' }));
  });

  afterAll(() => app?.close());

  it('should stay alive but answer readiness with 503 naming Redis', async () => {
    await request(app.getHttpServer()).get('/api/health').expect(200);
    const res = await request(app.getHttpServer()).get('/api/health/ready').expect(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.detail).toMatch(/redis/i);
    expect(res.body.detail).not.toMatch(/database/i);
  });
});
