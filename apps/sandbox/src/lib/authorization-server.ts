import type { Configuration, JWK, KoaContextWithOIDC } from 'oidc-provider';
import type ProviderClass from 'oidc-provider';
import { MemoryStore } from './memory-store';
import { loadOidcProvider } from './oidc-provider';
import { SANDBOX_ACCOUNT, type SandboxProvider } from './provider-definition';
import type { ProviderStats } from './stats';

/** Values the control endpoints change while the sandbox runs; read on every use. */
export interface RuntimeSettings {
  accessTokenTtlSeconds: number;
  rateLimitPerMinute: number;
}

export interface AuthorizationServerOptions {
  readonly definition: SandboxProvider;
  /** `http://<host>:<port>/<id>`: also where the server is mounted. */
  readonly issuer: string;
  readonly clientSecret: string;
  readonly redirectUris: readonly string[];
  readonly settings: RuntimeSettings;
  readonly stats: ProviderStats;
  readonly store: MemoryStore;
  /** Signs cookies (random per start). */
  readonly cookieKeys: readonly string[];
  /** oidc-provider insists on an RS256 signing key even when it issues no ID token. */
  readonly jwks: { keys: JWK[] };
}

export const REFRESH_TOKEN_TTL_SECONDS = 14 * 24 * 3600;

/** The OAuth routes, relative to the issuer: the contract the hub's tests code against. */
export const OAUTH_ROUTES = {
  authorization: '/oauth/authorize',
  token: '/oauth/token',
  revocation: '/oauth/revoke',
  jwks: '/oauth/jwks',
  end_session: '/oauth/logout',
} as const;

/**
 * An oidc-provider 8 authorization server for one emulated provider: authorization code only, PKCE
 * S256 required, opaque access tokens, refresh tokens always issued and rotated on every use, with
 * oidc-provider's reuse detection (a consumed refresh token presented again → `invalid_grant`, and the
 * whole grant is revoked), RFC 7009 revocation, and `iss` on the authorization response (RFC 9207).
 */
export function createAuthorizationServer(options: AuthorizationServerOptions): ProviderClass {
  const { Provider, toLibraryRealm } = loadOidcProvider();
  const { definition, issuer, settings, stats, store } = options;
  const mountPath = new URL(issuer).pathname.replace(/\/$/, '');

  const configuration: Configuration = {
    adapter: store.adapterFactory,
    clients: [
      {
        client_id: `hub-${definition.id}`,
        client_secret: options.clientSecret,
        client_name: `Integrations Hub (${definition.name})`,
        redirect_uris: [...options.redirectUris],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: definition.clientAuthentication,
      },
    ],
    routes: { ...OAUTH_ROUTES },
    scopes: [...definition.scopes],
    responseTypes: ['code'],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    pkce: { required: () => true, methods: ['S256'] },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      userinfo: { enabled: false },
      introspection: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
    },
    // Every authorization gets a refresh token (no `offline_access` dance, as with the real providers),
    // and a refresh token stays valid without the browser session that created it.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    expiresWithSession: async () => false,
    rotateRefreshToken: true,
    // Expiry is exact: an access token is refused from its `exp` on (oidc-provider allows 15 s by default).
    clockTolerance: 0,
    ttl: {
      AccessToken: () => settings.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: () => REFRESH_TOKEN_TTL_SECONDS,
      Grant: REFRESH_TOKEN_TTL_SECONDS,
      Interaction: 3600,
      Session: 24 * 3600,
    },
    // OpenID Connect scopes (Google Analytics asks for `openid email`) get an ID token with these.
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: async (_ctx, sub) => {
      const account = sub === SANDBOX_ACCOUNT.id ? SANDBOX_ACCOUNT : definition.findAccount?.(sub);
      return account
        ? {
            accountId: sub,
            claims: async () => ({ sub, email: account.email, email_verified: true, name: account.name }),
          }
        : undefined;
    },
    interactions: { url: async (_ctx, interaction) => `${mountPath}/interaction/${interaction.uid}` },
    cookies: { keys: [...options.cookieKeys] },
    jwks: options.jwks,
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(definition.name, out.error, out.error_description);
    },
  };

  const provider = new Provider(issuer, toLibraryRealm(configuration));

  // Count at the authorization server, after oidc-provider has answered.
  provider.use(
    toLibraryRealm(async (ctx: KoaContextWithOIDC, next: () => Promise<unknown>) => {
      const fault =
        ctx.method === 'POST' && ctx.path.endsWith(OAUTH_ROUTES.token) ? definition.tokenFault?.() : undefined;
      if (fault) {
        // A failure set by a control answers before oidc-provider reads (or consumes) anything.
        stats.countTokenRequest('unknown');
        stats.countTokenError(String(fault.body['error'] ?? `http_${fault.status}`));
        ctx.status = fault.status;
        ctx.type = 'application/json';
        ctx.set('Cache-Control', 'no-store');
        ctx.body = fault.body;
        return;
      }
      await next();
      const route = ctx.oidc?.route;
      if (route === 'token') {
        const params = (ctx.oidc?.params ?? {}) as { grant_type?: string };
        stats.countTokenRequest(params.grant_type ?? 'unknown');
        const body = ctx.body as { error?: string; access_token?: string } | undefined;
        if (ctx.status >= 400) stats.countTokenError(body?.error ?? `http_${ctx.status}`);
        else if (params.grant_type === 'refresh_token' && definition.refreshInvalidatesAccessTokens) {
          // The provider documents that a refresh retires the access tokens issued before it.
          const grantId = (ctx.oidc?.entities as { RefreshToken?: { grantId?: string } } | undefined)?.RefreshToken
            ?.grantId;
          if (grantId && body?.access_token) store.revokeAccessTokensExcept(grantId, body.access_token);
        }
        // Last: the provider's own answer shape (Slack's), from oidc-provider's standard one.
        if (ctx.status === 200 && definition.tokenResponse && body && typeof body === 'object') {
          ctx.body = toLibraryRealm(await definition.tokenResponse({ ...body }, params.grant_type ?? 'unknown'));
        } else if (ctx.status >= 400 && definition.tokenError && body && typeof body === 'object') {
          ctx.body = toLibraryRealm(definition.tokenError({ ...body }, params.grant_type ?? 'unknown'));
        }
      } else if (route === 'revocation' && ctx.status === 200) {
        stats.revocations += 1;
      }
    }),
  );
  provider.on('grant.revoked', () => {
    stats.grantsRevoked += 1;
  });
  return provider;
}

function errorPage(providerName: string, error: string, description?: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sandbox error</title></head>
<body style="font-family: sans-serif; margin: 2rem">
<p style="background:#fff3cd;border:1px solid #e0c36c;padding:.5rem 1rem"><strong>Sandbox — not the real ${escapeHtml(providerName)}</strong></p>
<h1>${escapeHtml(error)}</h1><p>${escapeHtml(description ?? '')}</p></body></html>`;
}

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}
