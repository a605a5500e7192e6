import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type ProviderClass from 'oidc-provider';
import type { RuntimeSettings } from './authorization-server';
import { errorKindForStatus, type FaultInjector } from './faults';
import {
  type ApiContext,
  type AppApiContext,
  type GrantContext,
  type RateLimitState,
  SANDBOX_ACCOUNT,
  type SandboxProvider,
  type VerifiedToken,
} from './provider-definition';
import type { RequestLog } from './request-log';
import type { ProviderStats, RateLimiter } from './stats';

export interface ProviderApiOptions {
  readonly definition: SandboxProvider;
  readonly provider: ProviderClass;
  readonly apiBaseUrl: string;
  readonly settings: RuntimeSettings;
  readonly stats: ProviderStats;
  readonly rateLimiter: RateLimiter;
  readonly faults: FaultInjector;
  readonly requestLog: RequestLog;
}

const TOKEN = Symbol('sandbox.verifiedToken');

/**
 * `/<id>/api`: every request is counted and logged once answered; a pending injected fault answers it
 * at once (before the rate limiter, so faults use no rate-limit budget); otherwise it is rate-limited
 * (`rateLimitPerMinute` per provider, 429 with `Retry-After`). The provider's app routes (`appApi`,
 * authenticated by the OAuth app's own credentials) answer next; anything else needs a bearer access
 * token (or the provider's `formTokenField`) this provider's authorization server issued and that has
 * neither expired nor been revoked (401 otherwise), before the provider's own routes answer. Errors
 * are written in the provider's shape.
 */
export function providerApiRouter(options: ProviderApiOptions): Router {
  const { definition, provider, settings, stats, rateLimiter, faults, requestLog } = options;
  const router = express.Router();
  const rateLimitHeaders = definition.rateLimitHeaders ?? defaultRateLimitHeaders;
  const grants = grantContext(options);

  router.use((req, res, next) => {
    stats.apiRequests += 1;
    // Relative to the mount (`/<id>/api`), captured now: routers below rewrite req.url.
    const at = Date.now();
    const query = req.url.indexOf('?');
    const path = query < 0 ? req.url : req.url.slice(0, query);
    const method = req.method;
    res.once('finish', () => requestLog.add({ at, method, path, status: res.statusCode }));

    const fault = faults.take(path);
    if (fault) {
      if (fault.status === 429) stats.rateLimited += 1;
      if (fault.retryAfterSeconds !== undefined) res.set('Retry-After', String(fault.retryAfterSeconds));
      definition.sendError(res, {
        status: fault.status,
        kind: errorKindForStatus(fault.status),
        message: `Injected by the sandbox (POST /_sandbox/${definition.id}/faults).`,
      });
      return;
    }

    const window = rateLimiter.take(settings.rateLimitPerMinute);
    const state: RateLimitState = { limit: window.limit, remaining: window.remaining, resetAt: window.resetAt };
    res.set(rateLimitHeaders(state));
    if (!window.allowed) {
      stats.rateLimited += 1;
      res.set('Retry-After', String(Math.max(1, Math.ceil((window.resetAt - Date.now()) / 1000))));
      definition.sendError(res, { status: 429, kind: 'rate_limited', message: 'Too many requests.' });
      return;
    }
    next();
  });

  const appContext: AppApiContext = {
    ...grants,
    basicClient: async (req) => {
      const credentials = basicCredentials(req.get('authorization'));
      if (!credentials) return undefined;
      // The authorization server's own client registry and secret check (constant-time), not a copy.
      const client = await provider.Client.find(credentials.id);
      if (!client?.clientSecret || !(await client.compareClientSecret(credentials.secret))) return undefined;
      return client.clientId;
    },
  };
  const appApi = definition.appApi?.(appContext);
  if (appApi) router.use(appApi);

  const formTokenField = definition.formTokenField;
  // Parsed here so the bearer check can read the field; the provider's own form parsers then see it done.
  if (formTokenField) router.use(express.urlencoded({ extended: false }));

  router.use(async (req, res, next) => {
    try {
      const header = req.get('authorization') ?? '';
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const field: unknown =
        formTokenField && !header ? (req.body as Record<string, unknown> | undefined)?.[formTokenField] : undefined;
      const value = match?.[1] ?? (typeof field === 'string' && field !== '' ? field : undefined);
      if (value === undefined) {
        definition.sendError(res, {
          status: 401,
          kind: 'unauthorized',
          message: header ? 'Misconfigured authorization header.' : 'Missing Authorization header.',
        });
        return;
      }
      const verified = await grants.findAccessToken(value);
      if (!verified) {
        definition.sendError(res, { status: 401, kind: 'unauthorized', message: 'Access token expired or invalid.' });
        return;
      }
      (res.locals as Record<symbol, VerifiedToken>)[TOKEN] = verified;
      next();
    } catch (error) {
      next(error);
    }
  });

  const context: ApiContext = {
    ...grants,
    token: (res) => {
      const token = (res.locals as Record<symbol, VerifiedToken | undefined>)[TOKEN];
      if (!token) throw new Error('No verified token on this response');
      return token;
    },
    hasScope: (_req, res, scope) => {
      if (context.token(res).scopes.has(scope)) return true;
      definition.sendError(res, {
        status: 403,
        kind: 'forbidden',
        message: `The access token does not have the required permissions for this endpoint. Having the '${scope}' scope would allow this request to continue.`,
      });
      return false;
    },
  };
  router.use(definition.api(context));

  router.use((req, res) => {
    definition.sendError(res, {
      status: 404,
      kind: 'not_found',
      message: `${req.method} ${req.path} is not an endpoint here.`,
    });
  });
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    console.error(`[sandbox:${definition.id}] API error`, error);
    definition.sendError(res, { status: 500, kind: 'internal', message: 'An internal server error occurred.' });
  });
  return router;
}

/**
 * Token look-up and grant revocation against this provider's authorization server, with oidc-provider's
 * own models (the same calls its revocation endpoint and reuse detection make, lib/helpers/revoke.js).
 */
function grantContext(options: ProviderApiOptions): GrantContext {
  const { provider, stats } = options;
  return {
    account: SANDBOX_ACCOUNT,
    apiBaseUrl: options.apiBaseUrl,
    findAccessToken: async (value) => {
      // `find` answers undefined for unknown, expired and revoked tokens.
      const token = await provider.AccessToken.find(value);
      if (!token || !token.accountId || !token.clientId || !token.grantId) return undefined;
      return {
        accountId: token.accountId,
        clientId: token.clientId,
        grantId: token.grantId,
        scopes: new Set((token.scope ?? '').split(' ').filter(Boolean)),
      };
    },
    revokeGrant: async (grantId) => {
      const grant = await provider.Grant.find(grantId);
      await Promise.all([
        provider.AccessToken.revokeByGrantId(grantId),
        provider.RefreshToken.revokeByGrantId(grantId),
        provider.AuthorizationCode.revokeByGrantId(grantId),
      ]);
      await grant?.destroy();
      stats.apiRevocations += 1;
      if (grant) stats.grantsRevoked += 1;
      return grant !== undefined;
    },
  };
}

/** `Authorization: Basic base64(id:secret)` (RFC 7617: the id ends at the first colon); undefined when malformed. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/]+={0,2})$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) } : undefined;
}

function defaultRateLimitHeaders(state: RateLimitState): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(state.limit),
    'X-RateLimit-Remaining': String(state.remaining),
    'X-RateLimit-Reset': String(Math.ceil(state.resetAt / 1000)),
  };
}
