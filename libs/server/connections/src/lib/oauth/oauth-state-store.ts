import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { createHash, randomBytes } from 'node:crypto';
import { AppConfig } from '@hub/server/config';
import { DecryptionError, SecretCipher, type SecretRef } from '@hub/server/crypto';
import { REDIS } from '@hub/server/redis';

/** Everything the callback needs to trust and finish one authorization request (docs/security.md A2). */
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
  /** What the round trip is for: a connection (absent), or an administrator's approval of the app. */
  readonly purpose?: 'admin_consent';
  /** SHA-256 of the httpOnly cookie set on the browser that started the attempt. */
  readonly browserBindingHash: string;
  readonly createdAt: number;
}

/** State lives 10 minutes at most: long enough to sign in at a provider, short enough to be useless later. */
export const OAUTH_STATE_TTL_SECONDS = 600;

const hash = (value: string) => createHash('sha256').update(value).digest('hex');

const STATE_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/** What Redis holds: the attempt with its PKCE verifier sealed, never in clear. */
type StoredAttempt = Omit<OAuthAttempt, 'codeVerifier'> & { readonly sealedCodeVerifier: string };

/**
 * The name of the httpOnly cookie that binds one attempt to its browser: one cookie per flow (named
 * after its state), so a second connect started in the same browser does not overwrite the first's.
 */
export function oauthBindingCookieName(state: string): string {
  return `hub_oauth_${hash(state).slice(0, 24)}`;
}

/**
 * OAuth `state` and PKCE verifiers, server-side in Redis (not in a URL, not in express-session):
 * 256-bit random state, stored under its hash, single-use (GETDEL), expiring after 10 minutes, and
 * bound to a random value in an httpOnly cookie of the browser that started it. The verifier is
 * sealed with the hub's cipher under the workspace's data key (A9: no secret in Redis in clear).
 */
@Injectable()
export class OAuthStateStore {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly cipher: SecretCipher,
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
    const { codeVerifier, ...rest } = attempt;
    const sealed = await this.cipher.seal(verifierRef(state, attempt.workspaceId), codeVerifier);
    const record: StoredAttempt = {
      ...rest,
      sealedCodeVerifier: sealed.toString('base64'),
      browserBindingHash: hash(browserBinding),
      createdAt: Date.now(),
    };
    const stored = await this.redis.set(this.key(state), JSON.stringify(record), 'EX', OAUTH_STATE_TTL_SECONDS, 'NX');
    if (stored !== 'OK') throw new Error('OAuth state collision'); // 2^-256: a broken random source, not bad luck
    return { state, browserBinding };
  }

  /**
   * Takes the attempt out of the store: whatever happens next, the same state never works twice.
   * Null when unknown, expired, already used, or its record does not open (tampered with).
   */
  async consume(state: unknown): Promise<OAuthAttempt | null> {
    if (typeof state !== 'string' || !STATE_FORMAT.test(state)) return null;
    const raw = await this.redis.getdel(this.key(state));
    if (!raw) return null;
    const { sealedCodeVerifier, ...attempt } = JSON.parse(raw) as StoredAttempt;
    try {
      const codeVerifier = await this.cipher.open(
        verifierRef(state, attempt.workspaceId),
        Buffer.from(sealedCodeVerifier, 'base64'),
      );
      return { ...attempt, codeVerifier };
    } catch (error) {
      // Moved or tampered with in Redis: as good as unknown, and nothing is exchanged with it.
      if (error instanceof DecryptionError) return null;
      throw error;
    }
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

/** The sealed verifier is bound to its state (by hash) and workspace, so it opens nowhere else. */
function verifierRef(state: string, workspaceId: string): SecretRef {
  return { table: 'oauth_states', column: 'code_verifier', rowId: hash(state), workspaceId };
}
