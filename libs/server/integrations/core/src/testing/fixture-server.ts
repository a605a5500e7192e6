import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the provider under test sent, as the fixture server saw it. */
export interface FixtureRequest {
  readonly method: string;
  /** The path under the server's URL, without the query string, e.g. `/drive/v3/files`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The request body as text (empty for GET). */
  readonly body: string;
}

/** What the fixture server answers: JSON unless `body` is a string. */
export interface FixtureResponse {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/**
 * Answers one request. Return `'drop'` to close the socket without an answer (a network failure as
 * the provider's HTTP client sees it).
 */
export type FixtureHandler = (request: FixtureRequest) => FixtureResponse | 'drop' | Promise<FixtureResponse | 'drop'>;

export interface FixtureServer {
  /** `http://127.0.0.1:<port>`: point the provider's API base URL here. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: FixtureRequest[];
  /** Replaces the handler (each test answers its own way). */
  answer(handler: FixtureHandler): void;
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 that answers as a third-party API would, from fixtures: the one
 * place provider tests mock, at the HTTP boundary (the provider's own fetch, headers, timeouts and
 * error parsing all run for real).
 */
export async function startFixtureServer(initial?: FixtureHandler): Promise<FixtureServer> {
  let handler: FixtureHandler =
    initial ?? (() => ({ status: 404, body: { error: 'No fixture answers this request' } }));
  const requests: FixtureRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fixture.invalid');
      const request: FixtureRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      Promise.resolve()
        .then(() => handler(request))
        .then(
          (answer) => {
            if (answer === 'drop') {
              req.socket.destroy();
              return;
            }
            const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
            const headers: Record<string, string> = {
              'content-type': typeof answer.body === 'string' ? 'text/plain' : 'application/json; charset=utf-8',
              ...answer.headers,
            };
            res.writeHead(answer.status ?? 200, headers).end(answer.body === undefined ? '' : text);
          },
          (error: unknown) => {
            res.writeHead(500, { 'content-type': 'text/plain' }).end(`Fixture handler failed: ${String(error)}`);
          },
        );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer: (next) => {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
