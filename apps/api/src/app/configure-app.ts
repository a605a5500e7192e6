import type { INestApplication } from '@nestjs/common';
import cookieParser from 'cookie-parser';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { applyHttpEdge } from './http/edge';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { applyRequestParsing } from './http/request-parsing';
import { createValidationPipe } from './http/validation';
import { createOpenApiDocument } from './http/openapi';
import { mountQueueBoard } from './admin/queue-board';

export const API_PREFIX = 'api';

/** Everything main.ts does to the app besides listening, shared with the tests so they test the real thing. */
export function configureApp(app: INestApplication): INestApplication {
  app.getHttpAdapter().getInstance().disable('x-powered-by');
  // First of all: trusted proxies, security headers and the Host check cover every route, static files too.
  applyHttpEdge(app);
  // Bad paths and bodies are answered here, before routing, as problem+json.
  applyRequestParsing(app);
  app.use(cookieParser());
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  mountQueueBoard(app);
  const document = createOpenApiDocument(app);
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, {
    jsonDocumentUrl: `${API_PREFIX}/docs-json`,
    customSiteTitle: 'Integrations Hub API',
    swaggerOptions: {
      // "Try it out" after signing in: echo the XSRF-TOKEN cookie, as the web app does, so cookie
      // sessions can make changes from the docs page too.
      requestInterceptor: (req: { method?: string; headers: Record<string, string> }) => {
        const token = /(?:^|; )XSRF-TOKEN=([^;]*)/.exec(window.document.cookie)?.[1];
        if (token && req.method && req.method.toUpperCase() !== 'GET')
          req.headers['X-XSRF-TOKEN'] = decodeURIComponent(token);
        return req;
      },
    },
  });
  return app;
}
export { createOpenApiDocument } from './http/openapi';
