import { HttpException, Logger } from '@nestjs/common';
import { createServer, type Server } from 'node:http';

export type OpsRoute = () => Promise<{ status?: number; contentType?: string; body: unknown }>;

/**
 * A small HTTP server for operations only (probes, metrics), on its own port so nothing public is
 * exposed with it: the worker's probe port and the api's metrics port.
 */
export async function startOpsServer(
  name: string,
  host: string,
  port: number,
  routes: Record<string, OpsRoute>,
): Promise<Server> {
  const server = createServer((req, res) => {
    const route = req.method === 'GET' ? routes[(req.url ?? '').split('?')[0]] : undefined;
    const answer = (status: number, body: unknown, contentType = 'application/json') =>
      res
        .writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' })
        .end(typeof body === 'string' ? body : JSON.stringify(body));
    if (!route) {
      answer(404, { status: 'error', message: `Not found: use ${Object.keys(routes).join(', ')}` });
      return;
    }
    route().then(
      (result) => answer(result.status ?? 200, result.body, result.contentType),
      (error: unknown) =>
        error instanceof HttpException
          ? answer(error.getStatus(), error.getResponse())
          : answer(500, { status: 'error' }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  new Logger(name).log(`${Object.keys(routes).join(', ')} on http://${host}:${port}`);
  return server;
}

export function closeOpsServer(server: Server | undefined): Promise<void> {
  return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
}
