import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { createHash, randomBytes } from 'node:crypto';
import { AppConfig } from '@hub/server/config';
import { REDIS } from '@hub/server/redis';

/** Everything the callback needs to trust and finish one authorization request (SECURITY.md A2). */
export interface OAuthAttempt {
  readonly providerId: string;
  readonly workspaceId: string;
  readonly userId: string;
  /** The exact redirect URI sent, to send identically at the token endpoint (A3). */
  readonly redirectUri: string;
  /** The `iss` the callback must carry when it carries one (RFC 9207, A4). */
  readonly expectedIssuer: string | null;
  readonly codeVerifier: string;
  readonly requestedScopes: readonly string[];
  readonly returnTo: string;
  /** SHA-256 of the httpOnly cookie set on the browser that started the attempt. */
  readonly browserBindingHash: string;
  readonly createdAt: number;
}

/** State lives 10 minutes at most: long enough to sign in at a provider, short enough to be useless later. */
export const OAUTH_STATE_TTL_SECONDS = 600;

const hash = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * OAuth `state` and PKCE verifiers, server-side in Redis (not in a URL, not in express-session):
 * 256-bit random state, stored under its hash, single-use (GETDEL), expiring after 10 minutes, and
 * bound to a random value in an httpOnly cookie of the browser that started it.
 */
@Injectable()
export class OAuthStateStore {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.prefix = `${config.redis.prefix}:oauth-state:`;
  }

  /** Records an attempt; answers the `state` for the URL and the binding for the browser's cookie. */
  async begin(
    attempt: Omit<OAuthAttempt, 'browserBindingHash' | 'createdAt'>,
  ): Promise<{ state: string; browserBinding: string }> {
    const state = randomBytes(32).toString('base64url');
    const browserBinding = randomBytes(32).toString('base64url');
    const record: OAuthAttempt = { ...attempt, browserBindingHash: hash(browserBinding), createdAt: Date.now() };
    const stored = await this.redis.set(this.key(state), JSON.stringify(record), 'EX', OAUTH_STATE_TTL_SECONDS, 'NX');
    if (stored !== 'OK') throw new Error('OAuth state collision'); // 2^-256: a broken random source, not bad luck
    return { state, browserBinding };
  }

  /**
   * Takes the attempt out of the store: whatever happens next, the same state never works twice.
   * Null when unknown, expired or already used.
   */
  async consume(state: unknown): Promise<OAuthAttempt | null> {
    if (typeof state !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(state)) return null;
    const raw = await this.redis.getdel(this.key(state));
    return raw ? (JSON.parse(raw) as OAuthAttempt) : null;
  }

  /** Whether a cookie value is the one this attempt was started with. */
  static bindingMatches(attempt: OAuthAttempt, cookieValue: unknown): boolean {
    if (typeof cookieValue !== 'string' || cookieValue.length === 0) return false;
    const actual = Buffer.from(hash(cookieValue), 'hex');
    const expected = Buffer.from(attempt.browserBindingHash, 'hex');
    return actual.length === expected.length && actual.equals(expected);
  }

  private key(state: string): string {
    return this.prefix + hash(state);
  }
}
