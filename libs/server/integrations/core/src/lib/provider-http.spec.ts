import { retryAfterMs } from './provider-http';

const at = Date.parse('2026-12-07T10:00:00.000Z');
const wait = (headers: Record<string, string>) => retryAfterMs(new Headers(headers), at);

describe('retryAfterMs', () => {
  it('should read whole seconds and an HTTP date (RFC 9110 §10.2.3)', () => {
    expect(wait({ 'retry-after': '120' })).toBe(120_000);
    expect(wait({ 'retry-after': 'Mon, 07 Dec 2026 10:00:30 GMT' })).toBe(30_000);
  });

  it('should read fractional seconds as Microsoft Graph sends them, rounded up, never as a date', () => {
    // "Retry-After: 2.128" (https://learn.microsoft.com/en-us/graph/throttling); V8 would read "2.5" as a date in 2001.
    expect(wait({ 'retry-after': '2.128' })).toBe(2_128);
    expect(wait({ 'retry-after': '2.5' })).toBe(2_500);
    expect(wait({ 'retry-after': '0.0004' })).toBe(1);
  });

  it('should take a rate-limit reset only once nothing remains, and nothing from a malformed header', () => {
    expect(wait({ 'x-ratelimit-reset': String(at / 1000 + 60), 'x-ratelimit-remaining': '0' })).toBe(60_000);
    expect(wait({ 'x-ratelimit-reset': String(at / 1000 + 60), 'x-ratelimit-remaining': '5' })).toBeUndefined();
    expect(wait({ 'retry-after': 'soon' })).toBeUndefined();
    expect(wait({})).toBeUndefined();
  });
});
