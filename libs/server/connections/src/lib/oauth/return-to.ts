/** Where people land after connecting unless they came from elsewhere in the app. */
export const DEFAULT_RETURN_TO = '/settings/integrations';

const PLACEHOLDER_ORIGIN = 'http://hub.invalid';

/**
 * A `returnTo` the hub may redirect to after OAuth: a path of this origin only (RFC 9700 §4.11,
 * docs/security.md A7). Anything else — another origin, a protocol-relative `//host`, a backslash trick,
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
  // Judge the path the browser will be sent to, after URL normalisation: `/.//evil.example` and
  // `/a/..//evil.example` normalise to `//evil.example`, which a browser reads as another host.
  const normalized = normalize(value);
  return normalized !== null && isAppPath(normalized) ? normalized : fallback;
}

/** The path, query and fragment `value` resolves to on this origin; null for another origin. */
function normalize(value: string): string | null {
  try {
    const url = new URL(value, PLACEHOLDER_ORIGIN);
    return url.origin === PLACEHOLDER_ORIGIN ? `${url.pathname}${url.search}${url.hash}` : null;
  } catch {
    return null;
  }
}

/**
 * A path of the app: absolute on this origin, neither protocol-relative nor a backslash trick, stable
 * under normalisation (so what is checked is what the browser resolves), and not the API (routes
 * match case-insensitively).
 */
function isAppPath(path: string): boolean {
  return (
    path.startsWith('/') &&
    !path.startsWith('//') &&
    !path.startsWith('/\\') &&
    !/\p{Cc}/u.test(path) &&
    normalize(path) === path &&
    !/^\/api([/?#]|$)/i.test(path)
  );
}
