/** What a token endpoint answered to a refresh (RFC 6749 §5.1), or its error (§5.2). */
export type TokenEndpointAnswer =
  | {
      readonly ok: true;
      readonly accessToken: string;
      readonly refreshToken?: string;
      readonly expiresIn?: number;
      readonly scope?: string;
      readonly tokenType?: string;
    }
  | { readonly ok: false; readonly status: number; readonly error: string };

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
    signal: AbortSignal.timeout(params.timeoutMs ?? 10_000),
  });
  return response.ok;
}

/**
 * One refresh-token grant at a token endpoint, with the client authenticating as its manifest says.
 * Never retried here: the caller decides (a 4xx is never retried, SECURITY.md A8/B6).
 */
export async function refreshAtTokenEndpoint(params: {
  tokenUrl: string;
  refreshToken: string;
  clientId: string;
  clientSecret: string;
  clientAuthentication: 'client_secret_basic' | 'client_secret_post';
  timeoutMs?: number;
}): Promise<TokenEndpointAnswer> {
  const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: params.refreshToken });
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (params.clientAuthentication === 'client_secret_basic') {
    const encode = (value: string) => encodeURIComponent(value);
    headers['authorization'] =
      `Basic ${Buffer.from(`${encode(params.clientId)}:${encode(params.clientSecret)}`).toString('base64')}`;
  } else {
    body.set('client_id', params.clientId);
    body.set('client_secret', params.clientSecret);
  }
  const response = await fetch(params.tokenUrl, {
    method: 'POST',
    headers,
    body,
    signal: AbortSignal.timeout(params.timeoutMs ?? 15_000),
  });
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof json['access_token'] !== 'string') {
    return {
      ok: false,
      status: response.status,
      error: typeof json['error'] === 'string' ? json['error'].slice(0, 64) : `http_${response.status}`,
    };
  }
  return {
    ok: true,
    accessToken: json['access_token'],
    refreshToken:
      typeof json['refresh_token'] === 'string' && json['refresh_token'] ? json['refresh_token'] : undefined,
    expiresIn: typeof json['expires_in'] === 'number' ? json['expires_in'] : Number(json['expires_in']) || undefined,
    scope: typeof json['scope'] === 'string' ? json['scope'] : undefined,
    tokenType: typeof json['token_type'] === 'string' ? json['token_type'] : undefined,
  };
}
