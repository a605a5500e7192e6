import { Module, RequestMethod } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule as PinoLoggerModule } from 'nestjs-pino';
import { destination } from 'pino';
import type { Options } from 'pino-http';
import { AppConfig } from '@hub/server/config';
import { REDACTED_PATHS, redactUrl } from './redaction';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Takes a well-formed incoming X-Request-Id (from a proxy) or makes one, and echoes it back. */
export function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/** JSON logs for every server process, with secrets redacted and health probes kept quiet. */
@Module({
  imports: [
    PinoLoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const options: Options = {
          level: config.log.level,
          redact: { paths: REDACTED_PATHS, censor: '[Redacted]' },
          genReqId: requestIdFor,
          autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/api/health') },
          serializers: {
            req: (req: { id: string; method: string; url: string; remoteAddress?: string; raw?: { ip?: string } }) => ({
              id: req.id,
              method: req.method,
              url: redactUrl(req.url),
              // express's request.ip: the client a trusted proxy names (TRUST_PROXY), not the proxy itself.
              remoteAddress: req.raw?.ip ?? req.remoteAddress,
            }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
        };
        return {
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp:
            config.log.format === 'pretty'
              ? { ...options, transport: { target: 'pino-pretty', options: { singleLine: true } } }
              : // Synchronous writes: the last lines before a SIGTERM exit (or a crash) must not be lost.
                [options, destination({ dest: 1, sync: true })],
        };
      },
    }),
  ],
  exports: [PinoLoggerModule],
})
export class LoggerModule {}
