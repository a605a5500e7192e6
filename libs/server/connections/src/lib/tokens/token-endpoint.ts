/** What a token endpoint answered to a refresh (RFC 6749 §5.1), or its error (§5.2). */
export type TokenEndpointAnswer =
  | {
      readonly ok: true;
      readonly accessToken: string;
      readonly refreshToken?: string;
      readonly expiresIn?: number;
      readonly scope?: string;
      readonly tokenType?: string;
      /** OpenID Connect: the ID token (who connected), when the scopes asked for one. */
      readonly idToken?: string;
    }
  | {
      readonly ok: false;
      readonly status: number;
      readonly error: string;
      /** The server's numeric error codes beside `error` (Microsoft's `error_codes`: AADSTS numbers). */
      readonly errorCodes?: readonly number[];
    };

function clientAuth(
  body: URLSearchParams,
  headers: Record<string, string>,
  client: {
    clientId: string;
    clientSecret: string;
    clientAuthentication: 'client_secret_basic' | 'client_secret_post';
  },
) {
  if (client.clientAuthentication === 'client_secret_basic') {
    const encode = (value: string) => encodeURIComponent(value);
    headers['authorization'] =
      `Basic ${Buffer.from(`${encode(client.clientId)}:${encode(client.clientSecret)}`).toString('base64')}`;
  } else {
    body.set('client_id', client.clientId);
    body.set('client_secret', client.clientSecret);
  }
}

/**
 * RFC 7009 revocation of one token (the refresh token ends the whole grant at most providers).
 * True when the server confirmed (200); it answers 200 for unknown tokens too.
 */
export async function revokeAtEndpoint(params: {
  revocationUrl: string;
  token: string;
  tokenTypeHint: 'refresh_token' | 'access_token';
  clientId: string;
  clientSecret: string;
  clientAuthentication: 'client_secret_basic' | 'client_secret_post';
  timeoutMs?: number;
}): Promise<boolean> {
  const body = new URLSearchParams({ token: params.token, token_type_hint: params.tokenTypeHint });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  clientAuth(body, headers, params);
  const response = await fetch(params.revocationUrl, {
    method: 'POST',
    headers,
    body,
    // A redirect would re-send the token and the client's credentials elsewhere: refused, as at the token endpoint.
    redirect: 'error',
    signal: AbortSignal.timeout(params.timeoutMs ?? 10_000),
  });
  return response.ok;
}

/** How the hub's client talks to one token endpoint (from the manifest and the app's credentials). */
export interface TokenEndpointClient {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly clientAuthentication: 'client_secret_basic' | 'client_secret_post';
  /** Manifest `auth.tokenResponseField`: where the token set sits when not at the answer's top level. */
  readonly tokenResponseField?: string;
  readonly timeoutMs?: number;
}

/**
 * One refresh-token grant at a token endpoint, with the client authenticating as its manifest says.
 * Never retried here: the caller decides (a 4xx is never retried, docs/security.md A8/B6).
 */
export async function refreshAtTokenEndpoint(
  params: TokenEndpointClient & { readonly refreshToken: string },
): Promise<TokenEndpointAnswer> {
  const answer = await requestTokens(params, { grant_type: 'refresh_token', refresh_token: params.refreshToken });
  return answer.ok ? answer.tokens : answer;
}

/**
 * The authorization-code grant (RFC 6749 §4.1.3, with the PKCE verifier of RFC 7636 §4.5). Answers
 * the token set, and the whole answer for what else it says (Slack's team, Google's ID token).
 */
export async function exchangeCodeAtTokenEndpoint(
  params: TokenEndpointClient & { readonly code: string; readonly redirectUri: string; readonly codeVerifier?: string },
): Promise<
  | {
      readonly ok: true;
      readonly tokens: Extract<TokenEndpointAnswer, { ok: true }>;
      readonly raw: Record<string, unknown>;
    }
  | Extract<TokenEndpointAnswer, { ok: false }>
> {
  return requestTokens(params, {
    grant_type: 'authorization_code',
    code: params.code,
    redirect_uri: params.redirectUri,
    ...(params.codeVerifier ? { code_verifier: params.codeVerifier } : {}),
  });
}

async function requestTokens(
  client: TokenEndpointClient,
  grant: Record<string, string>,
): Promise<
  | {
      readonly ok: true;
      readonly tokens: Extract<TokenEndpointAnswer, { ok: true }>;
      readonly raw: Record<string, unknown>;
    }
  | Extract<TokenEndpointAnswer, { ok: false }>
> {
  const body = new URLSearchParams(grant);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  clientAuth(body, headers, client);
  const response = await fetch(client.tokenUrl, {
    method: 'POST',
    headers,
    body,
    redirect: 'error',
    signal: AbortSignal.timeout(client.timeoutMs ?? 15_000),
  });
  const raw = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  const tokens = tokenSetOf(raw, client.tokenResponseField);
  // Some endpoints (Slack) answer errors with 200 and `ok: false`: no access token is a failure either way.
  if (!response.ok || !tokens) {
    const codes = Array.isArray(raw['error_codes'])
      ? raw['error_codes'].filter((code): code is number => Number.isSafeInteger(code)).slice(0, 5)
      : [];
    return {
      ok: false,
      status: response.status,
      error: typeof raw['error'] === 'string' ? raw['error'].slice(0, 64) : `http_${response.status}`,
      ...(codes.length ? { errorCodes: codes } : {}),
    };
  }
  return { ok: true, tokens, raw };
}

/** The token set of an answer: under `field` when the answer has it there, else at the top level. */
export function tokenSetOf(
  answer: Record<string, unknown>,
  field?: string,
): Extract<TokenEndpointAnswer, { ok: true }> | null {
  const nested = field ? answer[field] : undefined;
  const set =
    nested && typeof nested === 'object' && typeof (nested as Record<string, unknown>)['access_token'] === 'string'
      ? (nested as Record<string, unknown>)
      : answer;
  const accessToken = set['access_token'];
  if (typeof accessToken !== 'string' || accessToken === '') return null;
  const string = (key: string) => (typeof set[key] === 'string' && set[key] !== '' ? (set[key] as string) : undefined);
  const expiresIn = Number(set['expires_in']);
  return {
    ok: true,
    accessToken,
    refreshToken: string('refresh_token'),
    expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : undefined,
    scope: string('scope'),
    tokenType: string('token_type'),
    idToken: string('id_token') ?? (typeof answer['id_token'] === 'string' ? answer['id_token'] : undefined),
  };
}
