// P3's raw side: a bare Nest app with one route answering the JSON body captured from the real
// `GET /api/integrations` (BODY_FILE). No guard, no database, no logger: the framework's floor.
// With SESSION_DATABASE_URL it also runs the api's session lookup (the same SQL, plain pg) before each
// answer: the floor of any route that reads the caller's role from PostgreSQL on every request.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { Controller, Get, Headers, Module, UnauthorizedException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Pool } from 'pg';
import { SESSION_CALLER, sha256Hex } from '@hub/server/auth';

// Parsed once; Nest serialises it on every response, as the real endpoint serialises its catalog.
const body: unknown = JSON.parse(readFileSync(process.env['BODY_FILE']!, 'utf8'));
const databaseUrl = process.env['SESSION_DATABASE_URL'];
// The api's pool size.
const pool = databaseUrl ? new Pool({ connectionString: databaseUrl, max: 10 }) : null;

@Controller('integrations')
class IntegrationsController {
  @Get()
  async list(@Headers('cookie') cookie = ''): Promise<unknown> {
    if (pool) {
      const token = /hub_session=([^;]+)/.exec(cookie)?.[1] ?? '';
      const { rows } = await pool.query(SESSION_CALLER, [sha256Hex(token)]);
      if (rows.length !== 1) throw new UnauthorizedException();
    }
    return body;
  }
}

@Controller('health')
class HealthController {
  @Get()
  ok(): string {
    return 'ok';
  }
}

@Module({ controllers: [IntegrationsController, HealthController] })
class BareModule {}

async function main() {
  const app = await NestFactory.create(BareModule, { logger: false });
  app.setGlobalPrefix('api');
  await app.listen(Number(process.env['PORT']), '127.0.0.1');
}

void main();
