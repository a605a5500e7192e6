import type { INestApplication } from '@nestjs/common';
import cookieParser from 'cookie-parser';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { applyHttpEdge } from './http/edge';
import { ProblemDetails } from './http/problem-details';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { applyRequestParsing } from './http/request-parsing';
import { createValidationPipe } from './http/validation';
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

/**
 * Controllers split out of WorkspacesController keep the operation ids they were published under:
 * clients generated from the document (the web's api.types.ts among them) are keyed on them.
 */
const PUBLISHED_AS: Readonly<Record<string, string>> = {
  MembersController: 'WorkspacesController',
  InvitationsController: 'WorkspacesController',
  ApiKeysController: 'WorkspacesController',
};

export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Integrations Hub API')
    .setDescription(
      'Admin REST API of the self-hosted integrations hub. Errors are RFC 9457 `application/problem+json` ' +
        'documents carrying the request id (also in the `X-Request-Id` header).\n\n' +
        '**Authenticate** either by signing in with `POST /api/auth/sign-in` on this page (a session cookie; ' +
        'changes then echo the `XSRF-TOKEN` cookie, which this page does for you), or with **Authorize** and ' +
        'an admin API key created under `POST /api/api-keys`. Each operation’s `x-access` says who may call it.',
    )
    .setVersion('0.1.0')
    .addCookieAuth(
      'hub_session',
      {
        type: 'apiKey',
        in: 'cookie',
        description:
          'The session cookie set by POST /api/auth/sign-in (`__Host-hub_session` over https). Changes also need the `X-XSRF-TOKEN` header echoing the `XSRF-TOKEN` cookie.',
      },
      'session',
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: 'An admin API key (`hub_…`), created under /api/api-keys and shown once.',
      },
      'api-key',
    )
    .build();
  return SwaggerModule.createDocument(app, config, {
    extraModels: [ProblemDetails],
    operationIdFactory: (controller, method) => `${PUBLISHED_AS[controller] ?? controller}_${method}`,
  });
}
