/**
 * Field names whose values never reach a log line, at any of the first four levels of a logged
 * object. pino's redaction has no "any depth" wildcard, so the paths are spelled out.
 */
export const SECRET_FIELD_NAMES = [
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  'set-cookie',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'idToken',
  'id_token',
  'secret',
  'clientSecret',
  'client_secret',
  'password',
  'apiKey',
  'api_key',
  'codeVerifier',
  'code_verifier',
] as const;

export const REDACTED_PATHS: string[] = SECRET_FIELD_NAMES.flatMap((name) => {
  const key = /^[A-Za-z_$][\w$]*$/.test(name) ? name : `["${name}"]`;
  const join = (prefix: string) => (key.startsWith('[') ? `${prefix}${key}` : `${prefix}.${key}`);
  return [key.startsWith('[') ? key.slice(2, -2) : key, join('*'), join('*.*'), join('*.*.*')];
});

const SENSITIVE_QUERY = /^(code|state|token|access_token|refresh_token|id_token|client_secret|password|api_key|key|signature|sig)$/i;

/** Keeps a URL's path and query names but hides the values of parameters that may carry secrets. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  const shown = [...params.keys()].map((name) =>
    SENSITIVE_QUERY.test(name) ? `${encodeURIComponent(name)}=[Redacted]` : `${encodeURIComponent(name)}=${encodeURIComponent(params.get(name) ?? '')}`,
  );
  return `${url.slice(0, q)}?${shown.join('&')}`;
}
