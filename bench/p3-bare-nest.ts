// P3's raw side: a bare Nest app with one route answering the JSON body captured from the real
// `GET /api/integrations` (BODY_FILE). No guard, no database, no logger: the framework's floor.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

// Parsed once; Nest serialises it on every response, as the real endpoint serialises its catalog.
const body: unknown = JSON.parse(readFileSync(process.env['BODY_FILE']!, 'utf8'));

@Controller('integrations')
class IntegrationsController {
  @Get()
  list(): unknown {
    return body;
  }
}

@Module({ controllers: [IntegrationsController] })
class BareModule {}

async function main() {
  const app = await NestFactory.create(BareModule, { logger: false });
  app.setGlobalPrefix('api');
  await app.listen(Number(process.env['PORT']), '127.0.0.1');
}

void main();
