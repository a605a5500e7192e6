import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { judgeAnswer } from './contract-ledger';

/** Not described by the document: the Swagger page itself and Bull Board's own app. */
const UNDOCUMENTED = [/^\/api\/docs(?:-json)?(?:\/|$)/, /^\/api\/admin\/queues(?:\/|$)/];
const BODY_CAP_BYTES = 2 * 1024 * 1024;

/**
 * Every answer the app gives under /api is judged against the committed OpenAPI document (the
 * contract tier, docs/adr/0014-openapi-contract.md). Installed first, so it also sees the answers of
 * the HTTP edge and the body parser. Controllers a test adds (`testOnly` paths) are not judged.
 */
export function recordAnswers(app: INestApplication, options: { testOnly: readonly string[] }): void {
  app.use((req: Request, res: Response, next: NextFunction) => {
    const path = req.originalUrl.split('?')[0];
    const outside =
      UNDOCUMENTED.some((pattern) => pattern.test(path)) ||
      options.testOnly.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
    if (!path.startsWith('/api/') || outside) return next();
    const chunks: Buffer[] = [];
    let size = 0;
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function' || size > BODY_CAP_BYTES) return;
      const buffer = Buffer.isBuffer(chunk)
        ? chunk
        : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
      chunks.push(buffer);
      size += buffer.length;
    };
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as Response['write'];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return end(chunk, ...rest);
    }) as Response['end'];
    let judged = false;
    const judge = () => {
      if (judged || !res.headersSent) return;
      judged = true;
      const rawBody = req.method === 'HEAD' ? '' : Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = rawBody ? JSON.parse(rawBody) : undefined;
      } catch {
        body = undefined;
      }
      judgeAnswer({ method: req.method, path, status: res.statusCode, headers: res.getHeaders(), body, rawBody });
    };
    // 'close' without 'finish': a stream the client hung up on (server-sent events).
    res.on('finish', judge);
    res.on('close', judge);
    next();
  });
}
