import { generateKeyPair, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { JWK } from 'oidc-provider';
import { createAuthorizationServer, type RuntimeSettings } from './lib/authorization-server';
import { ControlInputError } from './lib/control-input';
import { FaultInjector } from './lib/faults';
import { interactionRouter } from './lib/interactions';
import { MemoryStore } from './lib/memory-store';
import { providerApiRouter } from './lib/provider-api';
import { providerControlRouter } from './lib/provider-controls';
import { RequestLog } from './lib/request-log';
import { ProviderStats, RateLimiter, type ProviderStatsSnapshot } from './lib/stats';
import { productionRefusal } from './production-guard';
import { createEmulation } from './lib/emulation';
import { SANDBOX_PROVIDERS, type SandboxProviderOptions } from './providers';

export interface SandboxOptions {
  /** Default 3900; 0 picks a free port (the issuer and `url` then carry the real one). */
  readonly port?: number;
  /** Default 127.0.0.1; also the host in issuers and URLs. */
  readonly host?: string;
  /** The secret of every `hub-<id>` client. Default `sandbox-client-secret`. */
  readonly clientSecret?: string;
  /** The hub's PUBLIC_URLs: each gets `<base>/api/integrations/<id>/callback` registered. Default `http://localhost:3000`. */
  readonly redirectBases?: readonly string[];
  /** Lifetime of newly issued access tokens. Default 3600. */
  readonly accessTokenTtlSeconds?: number;
  /** API calls one provider answers per minute before 429. Default 600. */
  readonly rateLimitPerMinute?: number;
  /** Start only these providers (default: all). */
  readonly only?: readonly string[];
  /** Per-provider options, e.g. `{ dub: { links: 1000 } }`. */
  readonly providers?: SandboxProviderOptions;
}

export interface RunningSandbox {
  /** `http://<host>:<port>`, no trailing slash. Provider `<id>` lives at `${url}/<id>`. */
  readonly url: string;
  /** Ids of the emulated providers. */
  readonly providers: readonly string[];
  close(): Promise<void>;
}

export const SANDBOX_DEFAULTS = {
  port: 3900,
  host: '127.0.0.1',
  clientSecret: 'sandbox-client-secret',
  redirectBases: ['http://localhost:3000'],
  accessTokenTtlSeconds: 3600,
  rateLimitPerMinute: 600,
} as const;

const MAX_TTL_SECONDS = 365 * 24 * 3600;

/**
 * Starts the provider sandbox: for each emulated provider an OAuth authorization server (issuer
 * `http://<host>:<port>/<id>`) and its REST API (`/<id>/api/...`), plus the control endpoints under
 * `/_sandbox`. Development and tests only.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  // main.ts refuses too; this also covers a sandbox started from code (tests, scripts).
  const refusal = productionRefusal(process.env);
  if (refusal) throw new Error(refusal);
  const host = options.host ?? SANDBOX_DEFAULTS.host;
  const requestedPort = options.port ?? SANDBOX_DEFAULTS.port;
  const clientSecret = options.clientSecret ?? SANDBOX_DEFAULTS.clientSecret;
  const redirectBases = (options.redirectBases ?? SANDBOX_DEFAULTS.redirectBases).map((b) => b.replace(/\/+$/, ''));
  const initial: RuntimeSettings = {
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? SANDBOX_DEFAULTS.accessTokenTtlSeconds,
    rateLimitPerMinute: options.rateLimitPerMinute ?? SANDBOX_DEFAULTS.rateLimitPerMinute,
  };
  const settingsProblem = validateSettings(initial);
  if (settingsProblem) throw new RangeError(settingsProblem);
  const selected = SANDBOX_PROVIDERS.filter((p) => !options.only || options.only.includes(p.id));
  const unknown = (options.only ?? []).filter((id) => !SANDBOX_PROVIDERS.some((p) => p.id === id));
  if (unknown.length > 0) throw new Error(`The sandbox does not emulate: ${unknown.join(', ')}`);
  // Built before listening: option errors (e.g. SANDBOX_DUB_LINKS out of range) surface first.
  const definitions = selected.map((emulation) => createEmulation(emulation, options.providers?.[emulation.id]));

  const settings: RuntimeSettings = { ...initial };
  const app = express();
  app.disable('x-powered-by');
  const root = express.Router();
  app.use(root);
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(requestedPort, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const jwks = { keys: [await signingKey()] };
  const cookieKeys = [randomBytes(32).toString('base64url')];
  const running = definitions.map((definition) => {
    const issuer = `${url}/${definition.id}`;
    const store = new MemoryStore();
    const stats = new ProviderStats();
    const rateLimiter = new RateLimiter();
    const faults = new FaultInjector();
    const requestLog = new RequestLog();
    const provider = createAuthorizationServer({
      definition,
      issuer,
      clientSecret,
      redirectUris: redirectBases.map((base) => `${base}/api/integrations/${definition.id}/callback`),
      settings,
      stats,
      store,
      cookieKeys,
      jwks,
    });
    return { definition, issuer, provider, store, stats, rateLimiter, faults, requestLog };
  });

  const control = express.Router();
  // Refused per request as well: NODE_ENV could change in a process that embeds the sandbox.
  control.use((_req, res, next) => {
    const refused = productionRefusal(process.env);
    if (refused) res.status(403).json({ error: 'production', message: refused });
    else next();
  });
  control.use(express.json());
  control.get('/stats', (_req, res) => {
    const body: Record<string, ProviderStatsSnapshot> = {};
    for (const p of running) body[p.definition.id] = p.stats.snapshot(p.store.countActive('Grant'));
    res.set('Cache-Control', 'no-store').json(body);
  });
  control.post('/reset', (_req, res) => {
    for (const p of running) {
      p.store.clear();
      p.stats.reset();
      p.rateLimiter.reset();
      p.faults.clear();
      p.requestLog.clear();
      p.definition.dataset.reset();
    }
    Object.assign(settings, initial);
    res.json({ reset: true, config: settings });
  });
  control.get('/config', (_req, res) => {
    res.json(settings);
  });
  control.post('/config', (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Partial<Record<keyof RuntimeSettings, unknown>>;
    const next: RuntimeSettings = {
      accessTokenTtlSeconds: (body.accessTokenTtlSeconds ?? settings.accessTokenTtlSeconds) as number,
      rateLimitPerMinute: (body.rateLimitPerMinute ?? settings.rateLimitPerMinute) as number,
    };
    const problem = validateSettings(next);
    if (problem) {
      res.status(400).json({ error: 'invalid_config', message: problem });
      return;
    }
    Object.assign(settings, next);
    res.json(settings);
  });
  for (const p of running) control.use(`/${p.definition.id}`, providerControlRouter(p));
  control.use((req, res) => {
    const id = req.path.split('/')[1] ?? '';
    if (!running.some((p) => p.definition.id === id)) {
      res.status(404).json({ error: 'unknown_provider', message: `No provider "${id}" in this sandbox` });
      return;
    }
    res.status(404).json({ error: 'not_found', message: `No control ${req.method} /_sandbox${req.path}` });
  });
  // Bad input and unreadable JSON → 400 in the controls' shape; anything else is a sandbox bug → 500.
  control.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof ControlInputError) {
      res.status(400).json({ error: 'invalid_request', message: error.message });
      return;
    }
    if ((error as { type?: unknown } | null)?.type === 'entity.parse.failed') {
      res.status(400).json({ error: 'invalid_json', message: 'The body is not valid JSON' });
      return;
    }
    console.error(`[sandbox] control ${req.method} ${req.originalUrl} failed`, error);
    res.status(500).json({ error: 'internal', message: error instanceof Error ? error.message : String(error) });
  });
  root.use('/_sandbox', control);

  root.get('/', (_req, res) => {
    res.json({
      sandbox: 'Provider sandbox: development and tests only',
      providers: running.map((p) => ({
        id: p.definition.id,
        name: p.definition.name,
        issuer: p.issuer,
        discovery: `${p.issuer}/.well-known/openid-configuration`,
        api: `${p.issuer}/api`,
        clientId: `hub-${p.definition.id}`,
      })),
    });
  });
  for (const p of running) {
    root.use(
      `/${p.definition.id}/api`,
      providerApiRouter({
        definition: p.definition,
        provider: p.provider,
        apiBaseUrl: `${p.issuer}/api`,
        settings,
        stats: p.stats,
        rateLimiter: p.rateLimiter,
        faults: p.faults,
        requestLog: p.requestLog,
      }),
    );
    root.use(`/${p.definition.id}/interaction`, interactionRouter(p.definition, p.provider));
    const identity = p.definition.identityRoutes?.({
      clientId: `hub-${p.definition.id}`,
      redirectUris: redirectBases.map((base) => `${base}/api/integrations/${p.definition.id}/callback`),
    });
    if (identity) root.use(`/${p.definition.id}`, identity);
    const callback = p.provider.callback();
    const rewrite = p.definition.authorizationRequest;
    if (rewrite) {
      // The provider's own authorization-request dialect (Slack's user_scope) → what oidc-provider reads.
      root.get(`/${p.definition.id}/oauth/authorize`, (req, _res, next) => {
        const [path, query = ''] = req.url.split('?');
        const params = new URLSearchParams(query);
        rewrite(params);
        req.url = `${path}?${params}`;
        next();
      });
    }
    // Koa answers (and handles its own errors); express is not handed Koa's promise.
    root.use(`/${p.definition.id}`, (req, res) => {
      void callback(req, res);
    });
  }

  return {
    url,
    providers: running.map((p) => p.definition.id),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function validateSettings(settings: RuntimeSettings): string | undefined {
  const { accessTokenTtlSeconds: ttl, rateLimitPerMinute: limit } = settings;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL_SECONDS) {
    return `accessTokenTtlSeconds must be a whole number of seconds from 1 to ${MAX_TTL_SECONDS}`;
  }
  if (!Number.isInteger(limit) || limit < 1) return 'rateLimitPerMinute must be a whole number of at least 1';
  return undefined;
}

/** A fresh RS256 key per start: signs the ID tokens of providers whose scopes ask for one (`openid`). */
async function signingKey(): Promise<JWK> {
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  return { ...(privateKey.export({ format: 'jwk' }) as JWK), use: 'sig', alg: 'RS256', kid: 'sandbox-rs256' };
}
