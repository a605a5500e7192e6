import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntegrationError, ProviderApiError, ProviderHttp } from '@hub/server/integrations/core';
import { dubErrorCode, toDubIntegrationError } from './dub-errors';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const RECEIVED_AT = Date.parse('2025-06-01T12:00:00Z');

// The client DubProvider builds: Dub's error codes, the rate-limit headers read when the answer arrived.
const http = new ProviderHttp({
  provider: 'Dub',
  baseUrl: 'https://api.dub.co',
  timeoutMs: 1_000,
  errorCode: dubErrorCode,
});
const dubApiErrorFrom = (response: Response, path: string, receivedAt: number) =>
  http.errorFrom(response, path, receivedAt);

/** Dub's answer with `status` and these rate-limit headers (https://dub.co/docs/api-reference/rate-limits). */
function apiError(status: number, rateLimit: { retryAfter?: string; reset?: string } = {}): Promise<ProviderApiError> {
  const headers: Record<string, string> = {};
  if (rateLimit.retryAfter !== undefined) headers['retry-after'] = rateLimit.retryAfter;
  if (rateLimit.reset !== undefined) headers['x-ratelimit-reset'] = rateLimit.reset;
  return dubApiErrorFrom(new Response(null, { status, headers }), '/links', RECEIVED_AT);
}
const retryAfterMs = async (error: Promise<ProviderApiError>) => (await error).retryAfterMs;

describe('toDubIntegrationError', () => {
  it.each([
    [401, 'AUTH_REVOKED'],
    [403, 'INSUFFICIENT_SCOPE'],
    [404, 'NOT_FOUND'],
    [429, 'RATE_LIMITED'],
    [500, 'TEMPORARY'],
    [502, 'TEMPORARY'],
    [503, 'TEMPORARY'],
    [400, 'INVALID_CONFIG'],
    [422, 'INVALID_CONFIG'],
    [409, 'UNKNOWN'],
    [410, 'UNKNOWN'],
    [418, 'UNKNOWN'],
  ])('should map HTTP %i to %s', async (status, code) => {
    const mapped = toDubIntegrationError(await apiError(status));
    expect(mapped).toBeInstanceOf(IntegrationError);
    expect(mapped.code).toBe(code);
    expect(mapped.options.status).toBe(status);
  });

  it('should read Dub’s error body for the code, from the documented fixtures', async () => {
    for (const [status, code] of [
      [401, 'unauthorized'],
      [403, 'forbidden'],
      [404, 'not_found'],
      [422, 'unprocessable_entity'],
      [429, 'rate_limit_exceeded'],
      [500, 'internal_server_error'],
    ] as const) {
      const response = new Response(fixture(`error-${status}.json`), {
        status,
        headers: { 'content-type': 'application/json' },
      });
      const error = await dubApiErrorFrom(response, '/links', RECEIVED_AT);
      expect({ status: error.status, code: error.code }).toEqual({ status, code });
    }
  });

  it('should take Retry-After in seconds', async () => {
    const mapped = toDubIntegrationError(await apiError(429, { retryAfter: '17', reset: '1748779260' }));
    expect(mapped.code).toBe('RATE_LIMITED');
    expect(mapped.options.retryAfterMs).toBe(17_000);
  });

  it('should take Retry-After as an HTTP date, relative to when the response arrived', async () => {
    expect(await retryAfterMs(apiError(429, { retryAfter: 'Sun, 01 Jun 2025 12:00:30 GMT' }))).toBe(30_000);
    // A date in the past: retry now.
    expect(await retryAfterMs(apiError(429, { retryAfter: 'Sun, 01 Jun 2025 11:59:00 GMT' }))).toBe(0);
  });

  it('should fall back to X-RateLimit-Reset (epoch seconds, or milliseconds when that large)', async () => {
    const resetSeconds = String(RECEIVED_AT / 1000 + 42);
    expect(await retryAfterMs(apiError(429, { reset: resetSeconds }))).toBe(42_000);
    expect(await retryAfterMs(apiError(429, { reset: String(RECEIVED_AT + 1_500) }))).toBe(1_500);
    expect(await retryAfterMs(apiError(429, { retryAfter: 'soon', reset: resetSeconds }))).toBe(42_000);
  });

  it('should leave retryAfterMs unset when Dub says nothing usable', async () => {
    expect(toDubIntegrationError(await apiError(429)).options.retryAfterMs).toBeUndefined();
    expect(
      toDubIntegrationError(await apiError(429, { retryAfter: 'later', reset: 'never' })).options.retryAfterMs,
    ).toBeUndefined();
  });

  it('should treat network failures, timeouts and aborts as temporary', () => {
    const fetchFailed = new TypeError('fetch failed');
    expect(toDubIntegrationError(fetchFailed).code).toBe('TEMPORARY');
    expect(toDubIntegrationError(new DOMException('The operation timed out.', 'TimeoutError')).code).toBe('TEMPORARY');
    expect(toDubIntegrationError(new DOMException('This operation was aborted', 'AbortError')).code).toBe('TEMPORARY');
    // From another realm (jest, worker threads): recognised by name.
    expect(toDubIntegrationError({ name: 'TypeError', message: 'fetch failed' }).code).toBe('TEMPORARY');
  });

  it('should pass IntegrationErrors through and call everything else UNKNOWN', () => {
    const own = new IntegrationError('CURSOR_INVALID', 'bad cursor');
    expect(toDubIntegrationError(own)).toBe(own);
    expect(toDubIntegrationError(new SyntaxError('Unexpected token <')).code).toBe('UNKNOWN');
    expect(toDubIntegrationError(new Error('boom')).code).toBe('UNKNOWN');
    expect(toDubIntegrationError('a string').code).toBe('UNKNOWN');
    expect(toDubIntegrationError(undefined).code).toBe('UNKNOWN');
  });

  it('should never put the token or the response body in the message', async () => {
    const canary = 'dub_access_token_CANARY_8f3a9c';
    const body = JSON.stringify({
      error: { code: 'unauthorized', message: `token ${canary} expired`, doc_url: canary },
    });
    for (const status of [400, 401, 403, 404, 422, 429, 500, 503]) {
      const error = await dubApiErrorFrom(new Response(body, { status }), '/links', RECEIVED_AT);
      const mapped = toDubIntegrationError(error);
      expect(`${error.message} ${mapped.message}`).not.toContain(canary);
      expect(`${error.message} ${mapped.message}`).not.toContain('expired');
    }
    // A code that is not one of Dub's short codes is dropped too.
    const odd = await dubApiErrorFrom(
      new Response(JSON.stringify({ error: { code: `Bearer ${canary}` } }), { status: 401 }),
      '/links',
      RECEIVED_AT,
    );
    expect(odd.code).toBeUndefined();
  });

  it('should cope with a non-JSON error body', async () => {
    const error = await dubApiErrorFrom(
      new Response('<html>Bad gateway</html>', { status: 502 }),
      '/links',
      RECEIVED_AT,
    );
    expect(error.code).toBeUndefined();
    expect(toDubIntegrationError(error).code).toBe('TEMPORARY');
    expect(toDubIntegrationError(error).message).not.toContain('html');
  });
});
