/** One request a provider module made to an emulation's API, and the answer it got. */
export interface Exchange {
  readonly method: string;
  /** The path under the emulation's API base (`/files`, `/_hosts/data/properties/1:runReport`). */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly requestBody: unknown;
  readonly status: number;
  readonly body: unknown;
}

/**
 * Records every exchange with `apiBase` (e.g. `<sandbox>/dub/api`) made through global fetch, the
 * one way provider modules reach the network (ProviderHttp). Call `stop()` to restore fetch.
 */
export function recordExchanges(apiBase: string): { exchanges: Exchange[]; stop(): void } {
  const exchanges: Exchange[] = [];
  const original = global.fetch;
  const basePath = new URL(apiBase).pathname;
  global.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const response = await original(input, init);
    const href = input instanceof Request ? input.url : String(input);
    if (href.startsWith(apiBase)) {
      const url = new URL(href);
      const text = await response.clone().text();
      exchanges.push({
        method: (init?.method ?? 'GET').toUpperCase(),
        path: url.pathname.slice(basePath.length),
        query: url.searchParams,
        requestBody: typeof init?.body === 'string' ? parseJson(init.body) : undefined,
        status: response.status,
        body: parseJson(text),
      });
    }
    return response;
  }) as typeof fetch;
  return {
    exchanges,
    stop: () => {
      global.fetch = original;
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}
