/**
 * A non-2xx answer from the Dub API, as the Dub client saw it: the status, Dub's error `code` when
 * the body had one (`{ "error": { "code", "message", "doc_url" } }`,
 * https://dub.co/docs/api-reference/errors), the rate-limit headers
 * (https://dub.co/docs/api-reference/rate-limits) and when it arrived. Never the body itself, never
 * the token.
 */
export class DubApiError extends Error {
  override readonly name = 'DubApiError';

  constructor(
    readonly status: number,
    /** Dub's machine-readable `error.code`, e.g. `unauthorized`, `rate_limit_exceeded`. */
    readonly code: string | undefined,
    readonly rateLimit: {
      /** `Retry-After`: seconds, or an HTTP date. */
      readonly retryAfter?: string | null;
      /** `X-RateLimit-Reset`: when the window resets, UTC epoch seconds. */
      readonly reset?: string | null;
    },
    /** Epoch milliseconds when the response arrived: `Retry-After` dates are relative to it. */
    readonly receivedAt: number,
    /** The API path called, without query string or host. */
    readonly path: string,
  ) {
    super(`Dub API answered ${status}${code ? ` (${code})` : ''} on ${path}`);
  }
}

const ERROR_CODE = /^[a-z][a-z_]{0,39}$/;

/** Reads Dub's `error.code` from an error response, consuming the body; the body itself is dropped. */
export async function dubApiErrorFrom(response: Response, path: string, receivedAt: number): Promise<DubApiError> {
  let code: string | undefined;
  try {
    const body = (await response.json()) as { error?: { code?: unknown } } | null;
    const candidate = body?.error?.code;
    if (typeof candidate === 'string' && ERROR_CODE.test(candidate)) code = candidate;
  } catch {
    // Not JSON (a proxy's HTML page, an empty body): the status says enough.
  }
  return new DubApiError(
    response.status,
    code,
    { retryAfter: response.headers.get('retry-after'), reset: response.headers.get('x-ratelimit-reset') },
    receivedAt,
    path,
  );
}
