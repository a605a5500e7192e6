/** Where people land after connecting unless they came from elsewhere in the app. */
export const DEFAULT_RETURN_TO = '/settings/integrations';

const PLACEHOLDER_ORIGIN = 'http://hub.invalid';

/**
 * A `returnTo` the hub may redirect to after OAuth: a path of this origin only (RFC 9700 §4.11,
 * SECURITY.md A7). Anything else — another origin, a protocol-relative `//host`, a backslash trick,
 * a `javascript:` URL, control characters, or any of these percent-encoded — falls back to the default.
 */
export function safeReturnTo(value: unknown, fallback = DEFAULT_RETURN_TO): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return fallback;
  let decoded = value;
  // Decode repeatedly (bounded), so an encoded `%2F%2Fevil` is judged as the `//evil` a browser may see.
  for (let i = 0; i < 3; i++) {
    try {
      const next = decodeURIComponent(decoded);
      if (next === decoded) break;
      decoded = next;
    } catch {
      return fallback;
    }
  }
  for (const candidate of [value, decoded]) {
    if (
      !candidate.startsWith('/') ||
      candidate.startsWith('//') ||
      candidate.includes('\\') ||
      /\p{Cc}/u.test(candidate)
    ) {
      return fallback;
    }
  }
  let url: URL;
  try {
    url = new URL(value, PLACEHOLDER_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN || url.pathname.startsWith('/api/')) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
