import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig } from '@hub/server/config';
import { AuditService, SYSTEM_ACTOR } from '@hub/server/audit';
import { SecretCipher } from '@hub/server/crypto';
import { ConnectionEntity } from '@hub/server/database';
import {
  IntegrationError,
  type ProviderCredentials,
  ProviderRegistry,
  type TokenErrorMeaning,
} from '@hub/server/integrations/core';
import { REDIS, RedisLease } from '@hub/server/redis';
import { type ConnectionRef, ConnectionStates, TOKEN_REFRESH_POLICY, type TokenRefreshFailure } from '@hub/server/sync';
import type { ConnectionStatusReason } from '@hub/shared/contracts';
import { credentialsRef } from '../credentials-ref';
import type { OAuthTokens } from './oauth-tokens';
import { ProviderEndpoints } from '../oauth/provider-endpoints';
import { ProviderAppsService } from '../provider-apps.service';
import { refreshMarginMs, storedTokens } from './stored-tokens';
import { refreshAtTokenEndpoint, revokeAtEndpoint } from './token-endpoint';

import { TokenRows } from './token-rows';

export type { ConnectionRef } from '@hub/server/sync';

interface Stored {
  readonly connection: ConnectionEntity;
  readonly tokens: OAuthTokens;
}

export type RevocationOutcome = 'revoked' | 'failed' | 'unsupported' | 'nothing_to_revoke';
export type TokenTypeHint = 'refresh_token' | 'access_token';

const WAIT_FOR_OTHER_REFRESH_MS = 15_000;
const PERSIST_ATTEMPTS = 3;
const KEEP_ALIVE_AFTER_MS = 86_400_000;
/** How TOKEN_REFRESH_POLICY treats what a provider's `describeTokenError` read. */
const FAILURE_OF_MEANING: Readonly<Record<TokenErrorMeaning['kind'], TokenRefreshFailure>> = {
  reconnect: 'grant_revoked',
  admin_consent: 'grant_revoked',
  configuration: 'refused',
  temporary: 'unavailable',
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The one path to a usable access token (docs/security.md §2.2): the stored token while fresh; otherwise
 * one refresh across every thread and process — in-process single-flight, then a Redis lease, a
 * re-read after taking it, the refresh, and a compare-and-swap on `token_version` before anyone uses
 * the new token. `invalid_grant` is a race (use the newer token) or the end (ERROR / NEEDS_REAUTH,
 * never retried).
 */
@Injectable()
export class TokenService {
  private readonly logger = new Logger(TokenService.name);
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly cipher: SecretCipher,
    private readonly registry: ProviderRegistry,
    private readonly endpoints: ProviderEndpoints,
    private readonly providerApps: ProviderAppsService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly rows: TokenRows,
    private readonly states: ConnectionStates,
  ) {}

  /**
   * A usable access token. `rejected`: the token a provider API just answered 401 to; a refresh is
   * forced unless someone has already replaced it.
   */
  async getAccessToken(ref: ConnectionRef, { rejected }: { rejected?: string } = {}): Promise<string> {
    const stored = await this.load(ref);
    if (rejected ? stored.tokens.accessToken !== rejected : this.isFresh(stored)) return stored.tokens.accessToken;
    return this.sharedRefresh(ref, stored.connection.tokenVersion);
  }

  /** One refresh per connection in this process at a time; callers that arrive meanwhile share it. */
  private sharedRefresh(ref: ConnectionRef, seenVersion: number): Promise<string> {
    let flight = this.inFlight.get(ref.connectionId);
    if (!flight) {
      flight = this.refreshOnce(ref, seenVersion).finally(() => this.inFlight.delete(ref.connectionId));
      this.inFlight.set(ref.connectionId, flight);
    }
    return flight;
  }

  /**
   * The decrypted credentials a provider module needs for a call: a fresh access token for OAuth
   * providers (refreshed as `getAccessToken` does), the stored fields for credentials-form ones.
   * `rejected`: credentials the provider just answered 401 to.
   */
  async credentialsFor(
    ref: ConnectionRef,
    { rejected }: { rejected?: ProviderCredentials } = {},
  ): Promise<ProviderCredentials> {
    const connection = await this.loadConnection(ref);
    const provider = this.registry.connectable(connection.providerId);
    if (provider?.manifest.auth.kind === 'oauth2') {
      const rejectedToken = typeof rejected?.['accessToken'] === 'string' ? rejected['accessToken'] : undefined;
      return { accessToken: await this.getAccessToken(ref, { rejected: rejectedToken }) };
    }
    return JSON.parse(
      await this.cipher.open(credentialsRef(connection), connection.credentials as Buffer),
    ) as ProviderCredentials;
  }

  /**
   * The background refresh (the worker's scan): refreshes when the token is within its margin (or
   * `aheadMs` before it), or when its refresh token has been idle for a day, so one that expires when
   * unused stays alive. Decided under the lease, so a repeated job does no second refresh. For a
   * batch of connections (the leases are taken and released together); each settles on its own.
   */
  async refreshInBackground(
    refs: readonly ConnectionRef[],
    { aheadMs = 0 } = {},
  ): Promise<PromiseSettledResult<'refreshed' | 'skipped'>[]> {
    // Already being refreshed in this process: that refresh is the one this job wanted.
    const running = refs.map((ref) => this.inFlight.get(ref.connectionId));
    const free = refs.filter((_, i) => !running[i]);
    // The leases of the whole batch in one round trip; taken elsewhere means refreshed elsewhere.
    const leases = await RedisLease.tryAcquireAll(
      this.redis,
      free.map((ref) => this.leaseKey(ref)),
    );
    const leased = new Set(free.filter((_, i) => leases[i]));
    try {
      return await Promise.allSettled(
        refs.map(async (ref, i): Promise<'refreshed' | 'skipped'> => {
          const other = running[i];
          if (other) return other.then(() => 'skipped');
          return leased.has(ref) ? this.refreshLeased(ref, aheadMs) : 'skipped';
        }),
      );
    } finally {
      await RedisLease.releaseAll(this.redis, leases);
    }
  }

  /** Under the connection's lease: read once (nobody else can refresh meanwhile, B3, B4), decide, refresh. */
  private async refreshLeased(ref: ConnectionRef, aheadMs: number): Promise<'refreshed' | 'skipped'> {
    const flight = (async () => {
      const current = await this.load(ref);
      if (!current.tokens.refreshToken) return null;
      if (this.isFresh(current, aheadMs) && !this.isIdle(current.connection)) return null;
      return await this.refresh(ref, current);
    })();
    // Callers on this process wait for this refresh instead of queueing for the lease.
    const shared = flight.then(async (token) => token ?? (await this.load(ref)).tokens.accessToken);
    this.inFlight.set(ref.connectionId, shared);
    shared
      .catch(() => undefined)
      .finally(() => {
        if (this.inFlight.get(ref.connectionId) === shared) this.inFlight.delete(ref.connectionId);
      });
    return (await flight) === null ? 'skipped' : 'refreshed';
  }

  /**
   * Runs a provider call with a token; on an auth error (a 401) forces one shared refresh and retries
   * once (docs/security.md B8). A second auth error surfaces.
   */
  async withAccessToken<T>(ref: ConnectionRef, call: (accessToken: string) => Promise<T>): Promise<T> {
    const token = await this.getAccessToken(ref);
    try {
      return await call(token);
    } catch (error) {
      const provider = this.registry.connectable((await this.load(ref)).connection.providerId);
      if (provider?.toIntegrationError(error).code !== 'AUTH_REVOKED') throw error;
      return call(await this.getAccessToken(ref, { rejected: token }));
    }
  }

  /**
   * Revokes the connection's grant at the provider (the provider module's own `revoke`, or RFC 7009),
   * before its credentials are deleted (docs/security.md A12). Never throws; on failure it hands back the
   * token so the caller can keep it sealed for a background retry.
   */
  async revoke(
    ref: ConnectionRef,
  ): Promise<{ outcome: RevocationOutcome; retry?: { token: string; tokenTypeHint: TokenTypeHint } }> {
    let stored: Stored;
    try {
      stored = await this.load(ref);
    } catch {
      return { outcome: 'nothing_to_revoke' };
    }
    return this.revokeOrKeep(stored.connection.providerId, await this.tokenToRevoke(ref, stored));
  }

  /**
   * Revokes tokens a reconnect has just replaced, as they were (no refresh: they are no longer the
   * connection's). Nothing is revoked for a provider whose revocation would end the new grant too
   * (manifest `revocationEndsAuthorization`). Never throws, as `revoke`.
   */
  async revokeReplaced(
    providerId: string,
    replaced: OAuthTokens,
  ): Promise<{ outcome: RevocationOutcome; retry?: { token: string; tokenTypeHint: TokenTypeHint } }> {
    const provider = this.registry.connectable(providerId);
    if (provider?.manifest.auth.kind !== 'oauth2' || provider.manifest.auth.revocationEndsAuthorization)
      return { outcome: 'unsupported' };
    return this.revokeOrKeep(
      providerId,
      provider.revoke || !replaced.refreshToken
        ? { token: replaced.accessToken, tokenTypeHint: 'access_token' }
        : { token: replaced.refreshToken, tokenTypeHint: 'refresh_token' },
    );
  }

  /** One revocation attempt; an unconfirmed one hands its token back for the background retry. */
  private async revokeOrKeep(
    providerId: string,
    target: { token: string; tokenTypeHint: TokenTypeHint },
  ): Promise<{ outcome: RevocationOutcome; retry?: { token: string; tokenTypeHint: TokenTypeHint } }> {
    try {
      const revoked = await this.revokeToken(providerId, target.token, target.tokenTypeHint);
      if (revoked === null) return { outcome: 'unsupported' };
      return revoked ? { outcome: 'revoked' } : { outcome: 'failed', retry: target };
    } catch {
      return { outcome: 'failed', retry: target };
    }
  }

  /**
   * RFC 7009 revokes the grant through its refresh token. A provider with its own `revoke` (Slack,
   * GitHub) authenticates the revocation with the access token, which must still be valid: refreshed
   * first when due, else the stored one.
   */
  private async tokenToRevoke(
    ref: ConnectionRef,
    { connection, tokens }: Stored,
  ): Promise<{ token: string; tokenTypeHint: TokenTypeHint }> {
    if (this.registry.connectable(connection.providerId)?.revoke) {
      const token = this.isFresh({ connection, tokens })
        ? tokens.accessToken
        : await this.sharedRefresh(ref, connection.tokenVersion).catch(() => tokens.accessToken);
      return { token, tokenTypeHint: 'access_token' };
    }
    return tokens.refreshToken
      ? { token: tokens.refreshToken, tokenTypeHint: 'refresh_token' }
      : { token: tokens.accessToken, tokenTypeHint: 'access_token' };
  }

  /**
   * Revokes one token: true when the provider confirmed, false when it refused, null when the provider
   * offers no revocation. Network failures throw (the retry job tries again).
   */
  async revokeToken(providerId: string, token: string, tokenTypeHint: TokenTypeHint): Promise<boolean | null> {
    const provider = this.registry.connectable(providerId);
    if (!provider || provider.manifest.auth.kind !== 'oauth2') return null;
    const client = await this.providerApps.clientFor(provider.manifest.id);
    if (provider.revoke) {
      await provider.revoke({
        credentials: tokenTypeHint === 'refresh_token' ? { refreshToken: token } : { accessToken: token },
        app: client,
      });
      return true;
    }
    const revocationUrl = this.endpoints.oauth(provider.manifest).revocationUrl;
    if (!revocationUrl || !client) return null;
    return revokeAtEndpoint({
      revocationUrl,
      token,
      tokenTypeHint,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      clientAuthentication: provider.manifest.auth.clientAuthentication,
    });
  }

  private async refreshOnce(ref: ConnectionRef, seenVersion: number): Promise<string> {
    const leaseKey = this.leaseKey(ref);
    const deadline = Date.now() + WAIT_FOR_OTHER_REFRESH_MS;
    for (;;) {
      const lease = await RedisLease.tryAcquire(this.redis, leaseKey);
      if (lease) {
        try {
          // Re-read after the lease (B4): another process may have refreshed while we waited.
          const current = await this.load(ref);
          if (current.connection.tokenVersion !== seenVersion) return current.tokens.accessToken;
          return await this.refresh(ref, current);
        } finally {
          await lease.release();
        }
      }
      await sleep(50 + Math.random() * 100);
      const current = await this.load(ref);
      if (current.connection.tokenVersion !== seenVersion) return current.tokens.accessToken;
      if (Date.now() > deadline)
        throw new IntegrationError('TEMPORARY', 'Another process is still refreshing this connection’s token.');
    }
  }

  private async refresh(ref: ConnectionRef, current: Stored): Promise<string> {
    const { connection, tokens } = current;
    const provider = this.registry.connectable(connection.providerId);
    if (!provider || provider.manifest.auth.kind !== 'oauth2')
      throw new IntegrationError('INVALID_CONFIG', `${connection.providerId} does not refresh tokens.`);
    if (!tokens.refreshToken)
      return this.refreshFailed(connection, 'grant_revoked', {
        message: 'The provider gave no refresh token; connect again.',
        reason: 'no_refresh_token',
      });
    const client = await this.providerApps.clientFor(connection.providerId);
    if (!client)
      throw new IntegrationError('INVALID_CONFIG', `${provider.manifest.name} has no OAuth app credentials.`);

    let answer;
    try {
      answer = await refreshAtTokenEndpoint({
        tokenUrl: this.endpoints.oauth(provider.manifest).tokenUrl,
        refreshToken: tokens.refreshToken,
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        clientAuthentication: provider.manifest.auth.clientAuthentication,
        tokenResponseField: provider.manifest.auth.tokenResponseField,
      });
    } catch {
      return this.refreshFailed(connection, 'unavailable', {
        message: `${provider.manifest.name}’s token endpoint did not answer.`,
        reason: 'unreachable',
      });
    }
    const receivedAt = Date.now();

    if (!answer.ok) {
      if (answer.error === 'invalid_grant') {
        // A race lost to another writer is not the end: use the newer token (B6).
        const again = await this.load(ref);
        if (again.connection.tokenVersion !== connection.tokenVersion) return again.tokens.accessToken;
      }
      // The provider's own reading first (Microsoft's AADSTS codes), else RFC 6749's `error`.
      const meaning = provider.describeTokenError?.({
        status: answer.status,
        error: answer.error,
        errorCodes: answer.errorCodes ?? [],
      });
      const failure: TokenRefreshFailure = meaning
        ? FAILURE_OF_MEANING[meaning.kind]
        : answer.error === 'invalid_grant'
          ? 'grant_revoked'
          : answer.status === 429
            ? 'rate_limited'
            : answer.status >= 500
              ? 'unavailable'
              : 'refused';
      const name = provider.manifest.name;
      const messages: Record<TokenRefreshFailure, string> = {
        grant_revoked: `${name} no longer accepts this connection; connect it again.`,
        refused: `Refreshing the token failed (${answer.error}).`,
        rate_limited: `${name} is rate limiting token refreshes.`,
        unavailable: `${name}’s token endpoint failed (${answer.status}).`,
      };
      return this.refreshFailed(connection, failure, {
        message: meaning?.message ?? messages[failure],
        reason: answer.error,
        status: answer.status,
      });
    }

    const next = storedTokens(answer, receivedAt, tokens);
    // Persist before use (B5), compare-and-swap on token_version; a failed write is retried with the
    // tokens in memory, since the old refresh token is already spent.
    for (let attempt = 1; ; attempt++) {
      try {
        // Sealed outside a transaction, written by TokenRows together with other refreshes of the moment.
        const written = await this.rows.saveRefreshed({
          ref,
          seenVersion: connection.tokenVersion,
          credentials: await this.cipher.seal(credentialsRef(connection), JSON.stringify(next.tokens)),
          tokenExpiresAt: next.expiresAt,
          hasRefreshToken: Boolean(next.tokens.refreshToken),
          obtainedAt: new Date(receivedAt),
        });
        if (written) return next.tokens.accessToken;
        // Someone else wrote meanwhile (should not happen under the lease): theirs wins.
        return (await this.load(ref)).tokens.accessToken;
      } catch (error) {
        if (attempt >= PERSIST_ATTEMPTS) {
          this.logger.error(`Could not save refreshed tokens of connection ${connection.id} after ${attempt} attempts`);
          throw error;
        }
        await sleep(200 * attempt);
      }
    }
  }

  /**
   * A failed refresh, as TOKEN_REFRESH_POLICY says: the connection's next status (through the one
   * guarded transition) and the error the caller sees.
   */
  private async refreshFailed(
    connection: ConnectionEntity,
    failure: TokenRefreshFailure,
    problem: { message: string; reason: string; status?: number },
  ): Promise<never> {
    const policy = TOKEN_REFRESH_POLICY[failure];
    if (policy.connection) await this.markError(connection, policy.connection.reason, problem.message, problem.reason);
    throw new IntegrationError(
      policy.error,
      problem.message,
      problem.status === undefined ? undefined : { status: problem.status },
    );
  }

  /**
   * ERROR with the refresh's reason, through the one guarded transition: only while the connection
   * still holds the tokens that failed (a disconnect or reconnect since bumped `token_version`), so
   * a refresh failing after a disconnect leaves it DISCONNECTED. Audited only when it changed.
   */
  private async markError(
    connection: ConnectionEntity,
    statusReason: ConnectionStatusReason,
    statusMessage: string,
    reason: string,
  ): Promise<void> {
    const changed = await this.dataSource.transaction(async (m) => {
      const marked = await this.states.markError(
        { workspaceId: connection.workspaceId, connectionId: connection.id },
        {
          reason: statusReason,
          message: statusMessage,
          from: ['ACTIVE', 'ERROR'],
          seenTokenVersion: connection.tokenVersion,
        },
        m,
      );
      if (marked)
        await this.audit.record(
          {
            actor: SYSTEM_ACTOR,
            workspaceId: connection.workspaceId,
            action: 'connection.refresh_failed',
            outcome: 'failure',
            reason,
            target: { type: 'connection', id: connection.id },
            details: { providerId: connection.providerId, statusReason },
          },
          m,
        );
      return marked;
    });
    await this.states.announce(changed);
  }

  /** Fresh: not within its refresh margin (or `aheadMs` before it). */
  private isFresh({ connection, tokens }: Stored, aheadMs = 0): boolean {
    if (!connection.tokenExpiresAt) return true;
    const margin = refreshMarginMs(new Date(tokens.obtainedAt), connection.tokenExpiresAt);
    return connection.tokenExpiresAt.getTime() - margin > Date.now() + aheadMs;
  }

  /** A refresh token unused for a day: some providers expire those (keep-alive). */
  private isIdle(connection: ConnectionEntity): boolean {
    return !connection.tokensObtainedAt || connection.tokensObtainedAt.getTime() < Date.now() - KEEP_ALIVE_AFTER_MS;
  }

  /** Always from PostgreSQL (never a cache), within the workspace. */
  private async load(ref: ConnectionRef): Promise<Stored> {
    const connection = await this.loadConnection(ref);
    const tokens = JSON.parse(
      await this.cipher.open(credentialsRef(connection), connection.credentials as Buffer),
    ) as OAuthTokens;
    return { connection, tokens };
  }

  private leaseKey(ref: ConnectionRef): string {
    return `${this.config.redis.prefix}:refresh-lease:${ref.connectionId}`;
  }

  private async loadConnection(ref: ConnectionRef): Promise<ConnectionEntity> {
    const connection = await this.rows.find(ref);
    if (!connection || !connection.credentials || connection.status === 'DISCONNECTED') {
      throw new IntegrationError('NOT_FOUND', 'This connection is not connected.');
    }
    if (connection.status === 'ERROR' && connection.statusReason === 'NEEDS_REAUTH') {
      throw new IntegrationError('AUTH_REVOKED', connection.statusMessage ?? 'Connect this account again.');
    }
    return connection;
  }
}
