export const SIGN_IN_PATH = '/sign-in';

/**
 * The app path to go back to after signing in, or `fallback`. Only same-origin app paths pass:
 * `returnTo` arrives in the URL, so anything else would make the sign-in page an open redirect.
 */
export function safeReturnTo(returnTo: string | null | undefined, fallback = '/'): string {
  if (!returnTo || !returnTo.startsWith('/') || returnTo.startsWith('//')) {
    return fallback;
  }
  // Browsers treat a backslash like a slash ("/\\evil.example") and drop control characters
  // before parsing; refuse both, then resolve against a dummy origin to catch the rest.
  if ([...returnTo].some((char) => char === '\\' || char.charCodeAt(0) < 0x20)) {
    return fallback;
  }
  const base = 'https://app.invalid';
  const url = new URL(returnTo, base);
  if (url.origin !== base || url.pathname.startsWith(SIGN_IN_PATH)) {
    return fallback;
  }
  return url.pathname + url.search + url.hash;
}
