import { createHash, randomBytes } from 'node:crypto';
import { consentAtProvider } from '@hub/server/testing';

/**
 * A minimal OAuth client for tests against the sandbox, over real HTTP and without a browser: builds
 * PKCE pairs, walks the authorization redirects (keeping cookies), posts the sign-in/consent form and
 * returns what the sandbox sends to the redirect URI; talks to the token and revocation endpoints.
 */

export interface PkcePair {
  readonly verifier: string;
  readonly challenge: string;
}

export function pkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface ClientConfig {
  /** The sandbox's URL, e.g. `http://127.0.0.1:3900`. */
  readonly sandboxUrl: string;
  readonly providerId: string;
  readonly clientSecret?: string;
  readonly redirectUri?: string;
  readonly authMethod?: 'client_secret_post' | 'client_secret_basic';
}

export interface AuthorizeOptions {
  readonly scope: string;
  readonly challenge: string;
  readonly state?: string;
  /** `deny` clicks Deny. */
  readonly decision?: 'allow' | 'deny';
  /** Scopes left ticked on the consent page (default: all of them). */
  readonly grant?: readonly string[];
  readonly extraParams?: Readonly<Record<string, string>>;
}

export interface AuthorizeResult {
  /** The full redirect the sandbox sent the browser to. */
  readonly callbackUrl: URL;
  readonly code: string | null;
  readonly state: string | null;
  readonly iss: string | null;
  readonly error: string | null;
}

export interface TokenResponse {
  readonly status: number;
  readonly body: {
    access_token?: string;
    refresh_token?: string;
    token_type?: string;
    expires_in?: number;
    scope?: string;
    error?: string;
    error_description?: string;
  };
}

export class OAuthTestClient {
  readonly clientId: string;
  readonly issuer: string;
  readonly redirectUri: string;
  private readonly clientSecret: string;
  private readonly authMethod: 'client_secret_post' | 'client_secret_basic';

  constructor(config: ClientConfig) {
    this.clientId = `hub-${config.providerId}`;
    this.issuer = `${config.sandboxUrl}/${config.providerId}`;
    this.clientSecret = config.clientSecret ?? 'sandbox-client-secret';
    this.redirectUri = config.redirectUri ?? `http://localhost:3000/api/integrations/${config.providerId}/callback`;
    this.authMethod = config.authMethod ?? 'client_secret_post';
  }

  /** Walks authorize → sign-in/consent page → callback redirect, like a person clicking Allow. */
  async authorize(options: AuthorizeOptions): Promise<AuthorizeResult> {
    const url = new URL(`${this.issuer}/oauth/authorize`);
    const params: Record<string, string> = {
      client_id: this.clientId,
      response_type: 'code',
      redirect_uri: this.redirectUri,
      scope: options.scope,
      state: options.state ?? randomBytes(16).toString('base64url'),
      code_challenge: options.challenge,
      code_challenge_method: 'S256',
      ...options.extraParams,
    };
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);

    const redirect = await consentAtProvider(url.href, {
      callbackPrefix: this.redirectUri,
      decision: options.decision,
      grant: options.grant,
    });
    return {
      callbackUrl: redirect.url,
      code: redirect.code,
      state: redirect.state,
      iss: redirect.iss,
      error: redirect.error,
    };
  }

  exchangeCode(code: string, verifier: string): Promise<TokenResponse> {
    return this.token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.redirectUri,
      code_verifier: verifier,
    });
  }

  refresh(refreshToken: string): Promise<TokenResponse> {
    return this.token({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  /** A code + PKCE flow from start to tokens; throws unless it ends in 200. */
  async connect(scope: string): Promise<TokenResponse['body'] & { access_token: string; refresh_token: string }> {
    const pkce = pkcePair();
    const { code } = await this.authorize({ scope, challenge: pkce.challenge });
    if (!code) throw new Error('The sandbox sent no code');
    const { status, body } = await this.exchangeCode(code, pkce.verifier);
    if (status !== 200 || !body.access_token || !body.refresh_token) {
      throw new Error(`Token exchange failed: ${status} ${body.error ?? ''}`);
    }
    return body as TokenResponse['body'] & { access_token: string; refresh_token: string };
  }

  async revoke(token: string, hint?: 'access_token' | 'refresh_token'): Promise<number> {
    const response = await fetch(
      `${this.issuer}/oauth/revoke`,
      this.clientRequest({ token, ...(hint ? { token_type_hint: hint } : {}) }),
    );
    await response.arrayBuffer();
    return response.status;
  }

  async token(params: Record<string, string>): Promise<TokenResponse> {
    const response = await fetch(`${this.issuer}/oauth/token`, this.clientRequest(params));
    return { status: response.status, body: (await response.json()) as TokenResponse['body'] };
  }

  private clientRequest(params: Record<string, string>): RequestInit {
    const body = new URLSearchParams(params);
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    if (this.authMethod === 'client_secret_post') {
      body.set('client_id', this.clientId);
      body.set('client_secret', this.clientSecret);
    } else {
      const encode = (value: string) => encodeURIComponent(value);
      headers['authorization'] =
        `Basic ${Buffer.from(`${encode(this.clientId)}:${encode(this.clientSecret)}`).toString('base64')}`;
    }
    return { method: 'POST', headers, body: body.toString() };
  }
}
