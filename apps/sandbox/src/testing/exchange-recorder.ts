/** One request a provider module made to an emulation's API, and the answer it got. */
export interface Exchange {
  readonly method: string;
  /** The path under the emulation's API base (`/files`, `/_hosts/data/properties/1:runReport`). */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly requestBody: unknown;
  /** A form-encoded request body's fields (Slack reads them as it reads the query). */
  readonly form?: URLSearchParams;
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
    const href = input instanceof Request ? input.url : String(input);
    // A redirect the caller refuses (ProviderHttp's `redirect: 'error'`) is an exchange too (GitHub's
    // 301): asked manually to record it, then again as the caller asked, so it still fails as it would.
    const refused = init?.redirect === 'error' && href.startsWith(apiBase);
    const response = await original(input, refused ? { ...init, redirect: 'manual' } : init);
    if (refused && response.status >= 300 && response.status < 400) {
      await record(href, init, response);
      return original(input, init);
    }
    if (href.startsWith(apiBase)) await record(href, init, response);
    return response;
  }) as typeof fetch;

  async function record(href: string, init: RequestInit | undefined, response: Response): Promise<void> {
    const url = new URL(href);
    const text = await response.clone().text();
    exchanges.push({
      method: (init?.method ?? 'GET').toUpperCase(),
      path: url.pathname.slice(basePath.length),
      query: url.searchParams,
      requestBody: typeof init?.body === 'string' ? parseJson(init.body) : undefined,
      ...(isForm(init) ? { form: new URLSearchParams(String(init?.body ?? '')) } : {}),
      status: response.status,
      body: parseJson(text),
    });
  }
  return {
    exchanges,
    stop: () => {
      global.fetch = original;
    },
  };
}

function isForm(init: RequestInit | undefined): boolean {
  if (init?.body instanceof URLSearchParams) return true;
  const type = new Headers(init?.headers).get('content-type') ?? '';
  return type.startsWith('application/x-www-form-urlencoded');
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}
