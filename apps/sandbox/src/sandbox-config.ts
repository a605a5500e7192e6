import { optionsFromEnv } from './lib/emulation-options';
import { SANDBOX_PROVIDERS } from './providers';
import type { SandboxOptions } from './start-sandbox';

/**
 * `startSandbox` options from the environment: SANDBOX_PORT (3900), SANDBOX_HOST (127.0.0.1),
 * SANDBOX_CLIENT_SECRET, SANDBOX_REDIRECT_BASES (comma-separated hub PUBLIC_URLs),
 * SANDBOX_ACCESS_TOKEN_TTL_SECONDS (3600), SANDBOX_RATE_LIMIT_PER_MINUTE (600), and each provider's
 * own (SANDBOX_DUB_LINKS, …). Unset or empty means the default; a malformed value throws.
 */
export function sandboxOptionsFromEnv(env: NodeJS.ProcessEnv): SandboxOptions {
  const text = (name: string) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const integer = (name: string, min: number) => {
    const value = text(name);
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min) {
      throw new RangeError(`${name} must be a whole number of at least ${min} (got "${value}")`);
    }
    return parsed;
  };
  const port = integer('SANDBOX_PORT', 0);
  if (port !== undefined && port > 65535) throw new RangeError(`SANDBOX_PORT must be at most 65535 (got ${port})`);
  const redirectBases = text('SANDBOX_REDIRECT_BASES')
    ?.split(',')
    .map((base) => base.trim())
    .filter(Boolean);
  for (const base of redirectBases ?? []) {
    if (!/^https?:\/\/[^/]+/.test(base)) {
      throw new RangeError(`SANDBOX_REDIRECT_BASES must list http(s) URLs (got "${base}")`);
    }
  }
  return {
    port,
    host: text('SANDBOX_HOST'),
    clientSecret: text('SANDBOX_CLIENT_SECRET'),
    redirectBases: redirectBases && redirectBases.length > 0 ? redirectBases : undefined,
    accessTokenTtlSeconds: integer('SANDBOX_ACCESS_TOKEN_TTL_SECONDS', 1),
    rateLimitPerMinute: integer('SANDBOX_RATE_LIMIT_PER_MINUTE', 1),
    providers: Object.fromEntries(SANDBOX_PROVIDERS.map((e) => [e.id, optionsFromEnv(e.options, env)])),
  };
}
