import { IntegrationError } from './integration-error';
import type { OAuthAppCredentials } from './integration-provider';

/**
 * A non-2xx answer from a provider's API as its client saw it: the status, the API path (no host, no
 * query), the provider's machine-readable error code or reason when its body had one, and the retry
 * hint. Never the body itself, never the token.
 */
export class ProviderApiError extends Error {
  override readonly name = 'ProviderApiError';

  constructor(
    readonly provider: string,
    readonly status: number,
    readonly path: string,
    /** The provider's own error code (`rate_limit_exceeded`, `insufficientPermissions`, `invalid_auth`, …). */
    readonly code: string | undefined,
    /** From `Retry-After` or the provider's reset header, when the answer said. */
    readonly retryAfterMs: number | undefined,
  ) {
    super(`${provider} API answered ${status}${code ? ` (${code})` : ''} on ${path}`);
  }
}

export interface ProviderHttpOptions {
  /** For messages: "Google Drive", "Slack". */
  readonly provider: string;
  readonly baseUrl: string;
  /** Per request. */
  readonly timeoutMs: number;
  /** Sent on every request (e.g. GitHub's `X-GitHub-Api-Version`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Picks the provider's error code out of an error body; the rest of the body is dropped. */
  readonly errorCode?: (body: unknown) => unknown;
}

export interface ProviderResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body; undefined for 304 and empty answers. */
  readonly body: T;
}

const SAFE_CODE = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;

/**
 * The HTTP client provider modules share: bearer token (or the OAuth app's Basic credentials), the caller's abort signal joined with a
 * timeout, no redirects followed (docs/security.md A10), JSON in and out, and every non-2xx answer turned
 * into a `ProviderApiError` (statuses in `accept`, e.g. GitHub's 304, are answered instead).
 */
export class ProviderHttp {
  private readonly baseUrl: string;

  constructor(private readonly options: ProviderHttpOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  /** GET and parse: the common case. */
  async get<T>(pathAndQuery: string, token: string, signal?: AbortSignal): Promise<T> {
    return (await this.request<T>('GET', pathAndQuery, { token, signal })).body;
  }

  async request<T>(
    method: string,
    pathAndQuery: string,
    init: (
      | { readonly token: string }
      // The OAuth app itself, HTTP Basic with its client id and secret (GitHub's grant deletion).
      | { readonly app: OAuthAppCredentials }
    ) & {
      readonly signal?: AbortSignal;
      readonly headers?: Readonly<Record<string, string>>;
      readonly json?: unknown;
      readonly accept?: readonly number[];
    },
  ): Promise<ProviderResponse<T>> {
    init.signal?.throwIfAborted();
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const response = await fetch(`${this.baseUrl}${pathAndQuery}`, {
      method,
      headers: {
        accept: 'application/json',
        ...this.options.headers,
        ...init.headers,
        ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
        authorization:
          'token' in init
            ? `Bearer ${init.token}`
            : `Basic ${Buffer.from(`${init.app.clientId}:${init.app.clientSecret}`, 'utf8').toString('base64')}`,
      },
      body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
      signal: init.signal ? AbortSignal.any([init.signal, timeout]) : timeout,
      redirect: 'error',
    });
    const receivedAt = Date.now();
    if (!response.ok && !init.accept?.includes(response.status)) {
      throw await this.errorFrom(response, pathAndQuery, receivedAt);
    }
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** A ProviderApiError for an answer, reading the provider's error code from its body (consumed). */
  async errorFrom(response: Response, pathAndQuery: string, receivedAt = Date.now()): Promise<ProviderApiError> {
    let code: string | undefined;
    try {
      const candidate = this.options.errorCode?.(await response.json());
      if (typeof candidate === 'string' && SAFE_CODE.test(candidate)) code = candidate;
    } catch {
      // Not JSON (a proxy's HTML page, an empty body): the status says enough.
    }
    return new ProviderApiError(
      this.options.provider,
      response.status,
      pathAndQuery.split('?')[0],
      code,
      retryAfterMs(response.headers, receivedAt),
    );
  }
}

/**
 * How long to wait, from `Retry-After` (seconds or an HTTP date), else `X-RateLimit-Reset` when the
 * window is spent (epoch seconds, GitHub and Dub); undefined when neither says.
 */
export function retryAfterMs(headers: Headers, receivedAt: number): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    // Delta-seconds, fractional as Microsoft Graph sends them ("2.128"): before Date.parse, which
    // would read "2.5" as a date in 2001 and answer no wait at all.
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.ceil(Number(retryAfter) * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - receivedAt);
  }
  const reset = headers.get('x-ratelimit-reset')?.trim();
  const remaining = headers.get('x-ratelimit-remaining')?.trim();
  if (reset && /^\d+(\.\d+)?$/.test(reset) && (remaining === undefined || remaining === '0')) {
    const value = Number(reset);
    const resetMs = value > 1e12 ? value : value * 1000;
    return Math.max(0, Math.ceil(resetMs - receivedAt));
  }
  return undefined;
}

/**
 * Failures that never reached the provider's API, by name (fetch's errors may come from another realm:
 * jest, workers): timeouts, cancellations and network errors are TEMPORARY; a body that is not JSON
 * is UNKNOWN. Undefined for anything else.
 */
export function transportIntegrationError(error: unknown, provider: string): IntegrationError | undefined {
  const name =
    typeof error === 'object' && error !== null && typeof (error as { name?: unknown }).name === 'string'
      ? (error as { name: string }).name
      : undefined;
  if (name === 'TimeoutError') return new IntegrationError('TEMPORARY', `${provider} did not answer in time`);
  if (name === 'AbortError') return new IntegrationError('TEMPORARY', `The request to ${provider} was cancelled`);
  if (name === 'TypeError') return new IntegrationError('TEMPORARY', `Could not reach ${provider} (network error)`);
  if (name === 'SyntaxError')
    return new IntegrationError('UNKNOWN', `${provider} sent a response that is not valid JSON`);
  return undefined;
}

/** The access token of a connection's credentials; AUTH_REVOKED ("reconnect") when there is none. */
export function accessTokenOf(credentials: Readonly<Record<string, unknown>>, provider: string): string {
  const token = credentials['accessToken'];
  if (typeof token !== 'string' || token === '') {
    throw new IntegrationError('AUTH_REVOKED', `The ${provider} connection has no access token: reconnect ${provider}`);
  }
  return token;
}

/**
 * A provider's options: its defaults, overridden by what was given (an undefined value keeps the
 * default), with the API base URL's trailing slashes removed.
 */
export function providerOptions<T extends { readonly apiBaseUrl: string }>(defaults: T, given?: Partial<T> | null): T {
  const set = Object.fromEntries(Object.entries(given ?? {}).filter(([, value]) => value !== undefined));
  const merged = { ...defaults, ...set } as T;
  return { ...merged, apiBaseUrl: merged.apiBaseUrl.replace(/\/+$/, '') };
}
