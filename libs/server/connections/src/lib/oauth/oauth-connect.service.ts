import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import passport from 'passport';
import { Strategy as OAuth2Strategy, type VerifyCallback } from 'passport-oauth2';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@hub/server/audit';
import { type Caller, requestMetaOf, roleAtLeast, type WorkspaceCaller } from '@hub/server/auth';
import { SecretCipher } from '@hub/server/crypto';
import {
  type IntegrationProvider,
  type OAuth2Auth,
  type ProviderManifest,
  ProviderRegistry,
} from '@hub/server/integrations/core';
import { ConnectionEntity, MembershipEntity } from '@hub/server/database';
import { ConnectionLifecycle } from '../connection-lifecycle';
import { ConnectionsRepository } from '../connections.repository';
import { credentialsRef } from '../credentials-ref';
import { exchangeCodeAtTokenEndpoint } from '../tokens/token-endpoint';
import { TokenService } from '../tokens/token.service';
import type { OAuthTokens } from '../tokens/oauth-tokens';
import { GrantRevocations } from '../revocation/grant-revocations';
import { ProviderAppsService } from '../provider-apps.service';
import { type OAuthEndpoints, ProviderEndpoints } from './provider-endpoints';
import { oauthBindingCookieName, type OAuthAttempt, OAuthStateStore } from './oauth-state-store';
import { DEFAULT_RETURN_TO, safeReturnTo } from './return-to';

/** passport-oauth2's state-store contract (PKCE form: `store` receives the verifier). */
interface PassportStateStore {
  store(...args: never[]): void;
  verify(...args: never[]): void;
}

type OAuthProvider = IntegrationProvider & { manifest: ProviderManifest & { auth: OAuth2Auth } };

/** Why a callback ends without a connection; the page turns the code into a sentence. */
export type ConnectFailure =
  'access_denied' | 'authorization_failed' | 'token_exchange_failed' | 'account_lookup_failed' | 'not_permitted';

/** A callback the hub cannot trust at all: answered 400, nothing is exchanged. */
export class UntrustedCallbackError extends BadRequestException {
  constructor(readonly reason: string) {
    super({
      detail:
        'This sign-in link is not valid (expired, already used, or started elsewhere). Start connecting again from the integrations page.',
    });
  }
}

// Token responses echo scopes with either separator; store them one per entry.
const splitScopes = (value: unknown, fallback: readonly string[]) =>
  typeof value === 'string' && value.trim() ? value.split(/[\s,]+/).filter(Boolean) : [...fallback];

/**
 * The one OAuth engine (ARCHITECTURE.md "Connect"): a passport-oauth2 strategy per provider built from
 * its manifest, with PKCE S256 and our own state store in Redis; the callback checks state, browser,
 * person, workspace and `iss` before any code exchange, exchanges once, fetches the account and saves
 * the connection with its tokens sealed.
 */
@Injectable()
export class OAuthConnectService {
  private readonly logger = new Logger(OAuthConnectService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: ProviderRegistry,
    private readonly endpoints: ProviderEndpoints,
    private readonly providerApps: ProviderAppsService,
    private readonly states: OAuthStateStore,
    private readonly connections: ConnectionsRepository,
    private readonly cipher: SecretCipher,
    private readonly audit: AuditService,
    private readonly lifecycle: ConnectionLifecycle,
    private readonly tokens: TokenService,
    private readonly revocations: GrantRevocations,
  ) {}

  /**
   * Starts connecting: answers the provider's authorization URL and the browser-binding cookie (its
   * own name per flow, SECURITY.md A2) the browser must bring back to the callback.
   */
  async begin(
    caller: WorkspaceCaller,
    providerId: string,
    returnTo: unknown,
  ): Promise<{ authorizationUrl: string; bindingCookie: { name: string; value: string } }> {
    const provider = this.oauthProvider(providerId);
    const endpoints = this.endpoints.oauth(provider.manifest);
    let bindingCookie = { name: '', value: '' };
    const attempt = {
      providerId,
      workspaceId: caller.workspaceId,
      userId: caller.user?.id ?? '',
      redirectUri: endpoints.redirectUri,
      expectedIssuer: endpoints.issuer,
      requestedScopes: provider.manifest.auth.scopes,
      returnTo: safeReturnTo(returnTo),
    };
    // passport-oauth2 makes the PKCE verifier and hands it to our store, which answers the state.
    const strategy = await this.strategy(provider, endpoints, {
      store: (
        _req: unknown,
        verifier: string,
        _state: unknown,
        _meta: unknown,
        done: (err: Error | null, state?: string) => void,
      ) => {
        this.states.begin({ ...attempt, codeVerifier: verifier }).then(({ state, browserBinding }) => {
          bindingCookie = { name: oauthBindingCookieName(state), value: browserBinding };
          done(null, state);
        }, done);
      },
      verify: () => undefined,
    });
    const authorizationUrl = await new Promise<string>((resolve, reject) => {
      const response = {
        statusCode: 0,
        setHeader: (name: string, value: string) => name === 'Location' && resolve(value),
        end: () => undefined,
      };
      // Scopes go in `scope` unless the manifest names another parameter (then authorizationParams adds them).
      const scope =
        scopeParameterOf(provider.manifest.auth) === 'scope' ? [...provider.manifest.auth.scopes] : undefined;
      passport.authenticate(strategy, { session: false, scope }, (error: unknown) => reject(error))(
        { query: {}, body: {} } as Request,
        response as unknown as Response,
        (error: unknown) => reject(error),
      );
    });
    await this.audit.record({
      actor: caller.actor,
      meta: caller.meta,
      workspaceId: caller.workspaceId,
      action: 'connection.oauth_started',
      target: { type: 'provider', id: providerId },
      details: { scopes: [...provider.manifest.auth.scopes], sandbox: endpoints.sandbox },
    });
    return { authorizationUrl, bindingCookie };
  }

  /**
   * Finishes connecting from the provider's redirect. Throws UntrustedCallbackError (400, no exchange)
   * for a missing, unknown, expired, replayed or foreign state, a wrong browser, person or session, or
   * a wrong `iss`; a person who may no longer connect in the attempt's workspace (demoted or removed
   * since starting) is sent back with `?error=not_permitted`, before any token call. Otherwise answers
   * where to send the browser: `returnTo?success=<id>_connected` or `?error=<code>`.
   */
  async complete(providerId: string, request: Request, caller: Caller | null): Promise<string> {
    const provider = this.oauthProvider(providerId);
    const query = request.query as Record<string, unknown>;
    // The state is checked before anything else, `error=` answers included (RFC 9207 §2.4, A5).
    const attempt = await this.states.consume(query['state']);
    const untrusted = this.untrustedReason(attempt, providerId, request, caller);
    // Rejections are filed under the workspace the state was minted for (not the caller's), with the
    // request's id and address even when nobody is signed in.
    const rejected = (reason: string) =>
      this.audit.record({
        actor: caller?.actor ?? { type: 'anonymous' },
        meta: requestMetaOf(request),
        workspaceId: attempt?.workspaceId ?? null,
        action: 'security.oauth_callback_rejected',
        outcome: 'denied',
        reason,
        target: { type: 'provider', id: providerId },
      });
    if (untrusted || !attempt) {
      await rejected(untrusted ?? 'state_unknown');
      throw new UntrustedCallbackError(untrusted ?? 'state_unknown');
    }
    const back = (outcome: string) =>
      `${attempt.returnTo || DEFAULT_RETURN_TO}${attempt.returnTo.includes('?') ? '&' : '?'}${outcome}`;
    const actor = caller!;
    // The right to connect is the route's (admin), and it may have been lost in the ten minutes since.
    if (!(await this.mayConnect(attempt))) {
      await rejected('not_permitted');
      return back('error=not_permitted');
    }
    if (typeof query['error'] === 'string') {
      const failure: ConnectFailure = query['error'] === 'access_denied' ? 'access_denied' : 'authorization_failed';
      await this.failed(actor, attempt, failure, { providerError: String(query['error']).slice(0, 64) });
      return back(`error=${failure}`);
    }

    if (typeof query['code'] !== 'string' || query['code'] === '') {
      await this.failed(actor, attempt, 'authorization_failed', { providerError: 'no_code' });
      return back('error=authorization_failed');
    }

    const endpoints = this.endpoints.oauth(provider.manifest);
    // The state is already consumed and checked above: the store only hands passport the verifier.
    const strategy = await this.strategy(provider, endpoints, {
      store: () => undefined,
      verify: (_req: unknown, _state: unknown, done: (e: null, ok: string) => void) => done(null, attempt.codeVerifier),
    });
    let tokens: { accessToken: string; refreshToken?: string; params: Record<string, unknown> };
    try {
      tokens = await new Promise((resolve, reject) => {
        passport.authenticate(strategy, { session: false }, (error: unknown, user: unknown) =>
          error ? reject(error) : user ? resolve(user as typeof tokens) : reject(new Error('no tokens')),
        )(request, {} as Response, (error: unknown) => reject(error));
      });
    } catch (error) {
      await this.failed(actor, attempt, 'token_exchange_failed', { error: describeOAuthError(error) });
      return back('error=token_exchange_failed');
    }

    let account;
    try {
      const idToken = tokens.params['id_token'];
      account = await provider.getAccountInfo({
        credentials: { accessToken: tokens.accessToken, ...(typeof idToken === 'string' ? { idToken } : {}) },
      });
    } catch (error) {
      await this.failed(actor, attempt, 'account_lookup_failed', { error: provider.toIntegrationError(error).code });
      return back('error=account_lookup_failed');
    }

    const receivedAt = Date.now();
    const expiresIn = Number(tokens.params['expires_in']);
    // A11: expires_at = received + expires_in - 60 s, so a token is never used in its last minute.
    const tokenExpiresAt =
      Number.isFinite(expiresIn) && expiresIn > 0 ? new Date(receivedAt + (expiresIn - 60) * 1000) : null;
    const grantedScopes = splitScopes(tokens.params['scope'], attempt.requestedScopes);
    const sealedTokens: OAuthTokens = {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken || undefined,
      tokenType: typeof tokens.params['token_type'] === 'string' ? tokens.params['token_type'] : undefined,
      idToken: typeof tokens.params['id_token'] === 'string' ? tokens.params['id_token'] : undefined,
      obtainedAt: new Date(receivedAt).toISOString(),
    };

    let replaced: OAuthTokens | null = null;
    const { connectionId, transition } = await this.dataSource.transaction(async (m) => {
      const existing = await this.connections.findByAccount(
        attempt.workspaceId,
        providerId,
        account.externalAccountId,
        m,
      );
      // A reconnect replaces a live grant: its tokens are revoked once the new ones are stored.
      if (existing) replaced = await this.liveTokens(existing, m);
      const { id, transition } = await this.connections.saveConnected(m, {
        workspaceId: attempt.workspaceId,
        providerId,
        existing,
        account,
        sealCredentials: (rowId) =>
          this.cipher.seal(
            credentialsRef({ id: rowId, workspaceId: attempt.workspaceId }),
            JSON.stringify(sealedTokens),
            m,
          ),
        grantedScopes,
        tokenExpiresAt,
        hasRefreshToken: Boolean(sealedTokens.refreshToken),
        connectedBy: attempt.userId,
        syncFrequencyMinutes: provider.manifest.sync?.defaultFrequencyMinutes ?? 60,
      });
      await this.audit.record(
        {
          actor: actor.actor,
          meta: actor.meta,
          workspaceId: attempt.workspaceId,
          action: existing ? 'connection.reconnected' : 'connection.created',
          target: { type: 'connection', id },
          details: {
            providerId,
            externalAccountId: account.externalAccountId,
            grantedScopes,
            sandbox: endpoints.sandbox,
          },
        },
        m,
      );
      return { connectionId: id, transition };
    });
    await this.lifecycle.connected({ workspaceId: attempt.workspaceId, connectionId }, attempt.userId, transition);
    if (replaced) await this.revokeReplaced(actor, { ...attempt, connectionId }, replaced);
    return back(`success=${providerId}_connected`);
  }

  /** The tokens a connection holds now, or null when it holds none (disconnected). */
  private async liveTokens(connection: ConnectionEntity, m: EntityManager): Promise<OAuthTokens | null> {
    const row = await m
      .getRepository(ConnectionEntity)
      .createQueryBuilder('c')
      .addSelect('c.credentials')
      .where('c.id = :id AND c.workspace_id = :workspaceId', connection)
      .setLock('pessimistic_write')
      .getOne();
    if (!row?.credentials) return null;
    return JSON.parse(await this.cipher.open(credentialsRef(row), row.credentials, m)) as OAuthTokens;
  }

  /**
   * Revokes what a reconnect replaced, through the same path and retries as a disconnect (the replaced
   * grant would otherwise stay usable at the provider), and audits the outcome.
   */
  private async revokeReplaced(
    caller: Caller,
    target: { workspaceId: string; providerId: string; connectionId: string },
    replaced: OAuthTokens,
  ): Promise<void> {
    const revocation = await this.tokens.revokeReplaced(target.providerId, replaced);
    const pendingId = await this.dataSource.transaction(async (m) => {
      const kept = revocation.retry ? await this.revocations.keep(m, target, revocation.retry) : null;
      await this.audit.record(
        {
          actor: caller.actor,
          meta: caller.meta,
          workspaceId: target.workspaceId,
          action: 'connection.replaced_grant_revocation',
          outcome: revocation.outcome === 'failed' ? 'failure' : 'success',
          target: { type: 'connection', id: target.connectionId },
          details: { providerId: target.providerId, revocation: revocation.outcome, revocationRetry: Boolean(kept) },
        },
        m,
      );
      return kept;
    });
    if (pendingId) await this.revocations.retryLater(target.workspaceId, pendingId);
  }

  /** Why a callback cannot be trusted, or null. Checked before any token request. */
  private untrustedReason(
    attempt: OAuthAttempt | null,
    providerId: string,
    request: Request,
    caller: Caller | null,
  ): string | null {
    if (!attempt) return 'state_unknown';
    if (attempt.providerId !== providerId) return 'state_for_another_provider';
    const cookies = (request.cookies ?? {}) as Record<string, unknown>;
    const state = String((request.query as Record<string, unknown>)['state']);
    if (!OAuthStateStore.bindingMatches(attempt, cookies[oauthBindingCookieName(state)])) return 'browser_mismatch';
    if (!caller?.user || caller.user.id !== attempt.userId) return 'person_mismatch';
    const iss = (request.query as Record<string, unknown>)['iss'];
    if (iss !== undefined && iss !== attempt.expectedIssuer) return 'issuer_mismatch';
    if (iss === undefined && attempt.expectedIssuer) return 'issuer_missing';
    return null;
  }

  /** Whether the attempt's person is still an admin (or owner) of the attempt's workspace, now. */
  private async mayConnect(attempt: OAuthAttempt): Promise<boolean> {
    const membership = await this.dataSource
      .getRepository(MembershipEntity)
      .findOneBy({ workspaceId: attempt.workspaceId, userId: attempt.userId });
    return roleAtLeast(membership?.role, 'admin');
  }

  private async failed(
    caller: Caller,
    attempt: OAuthAttempt,
    failure: ConnectFailure,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.record({
      actor: caller.actor,
      meta: caller.meta,
      workspaceId: attempt.workspaceId,
      action: 'connection.oauth_failed',
      outcome: 'failure',
      reason: failure,
      target: { type: 'provider', id: attempt.providerId },
      details,
    });
  }

  private oauthProvider(providerId: string): OAuthProvider {
    const known = this.registry.find(providerId);
    if (!known) throw new NotFoundException({ detail: `No integration "${providerId}".` });
    const provider = this.registry.connectable(providerId);
    if (!provider)
      throw new ConflictException({ detail: `${known.manifest.name} is coming soon and cannot be connected yet.` });
    if (provider.manifest.auth.kind !== 'oauth2')
      throw new ConflictException({ detail: `${provider.manifest.name} connects with a form, not a sign-in page.` });
    return provider as OAuthProvider;
  }

  /** A passport-oauth2 strategy from the manifest, the resolved endpoints and the app's client credentials. */
  private async strategy(
    provider: OAuthProvider,
    endpoints: OAuthEndpoints,
    stateStore: PassportStateStore,
  ): Promise<OAuth2Strategy> {
    const client = await this.providerApps.clientFor(provider.manifest.id);
    if (!client) {
      throw new ConflictException({
        detail: `${provider.manifest.name} is not set up yet: an instance administrator must add its OAuth app credentials.`,
      });
    }
    const auth = provider.manifest.auth;
    const strategy = new OAuth2Strategy(
      {
        authorizationURL: endpoints.authorizationUrl,
        tokenURL: endpoints.tokenUrl,
        clientID: client.clientId,
        clientSecret: client.clientSecret,
        callbackURL: endpoints.redirectUri,
        scopeSeparator: auth.scopeSeparator ?? ' ',
        pkce: auth.pkce.required, // true means S256 in passport-oauth2
        // Our state store (Redis, OAuthStateStore) instead of passport's session-based one.
        store: stateStore as never,
        skipUserProfile: true,
        passReqToCallback: true,
        customHeaders: { Accept: 'application/json' },
      },
      (
        _req: Request,
        accessToken: string,
        refreshToken: string,
        params: Record<string, unknown>,
        _profile: unknown,
        done: VerifyCallback,
      ) => done(null, { accessToken, refreshToken, params }),
    );
    // Extra authorization parameters are manifest data (Google's offline access, Slack's user_scope, …),
    // never a branch here.
    const scopeParameter = scopeParameterOf(auth);
    const extra = {
      ...auth.authorizationParams,
      ...(scopeParameter === 'scope' ? {} : { [scopeParameter]: auth.scopes.join(auth.scopeSeparator ?? ' ') }),
    };
    strategy.authorizationParams = () => ({ ...extra });
    // The code exchange goes through the hub's one token-endpoint client instead of node-oauth's: it
    // authenticates the client as the manifest says (node-oauth always posts the secret in the body),
    // and reads the token set where the manifest says it is (Slack's `authed_user`).
    const oauth2 = (strategy as unknown as { _oauth2: { getOAuthAccessToken: unknown } })._oauth2;
    oauth2.getOAuthAccessToken = (
      code: string,
      params: { redirect_uri?: string; code_verifier?: string },
      done: (error: unknown, accessToken?: string, refreshToken?: string, params?: Record<string, unknown>) => void,
    ) => {
      exchangeCodeAtTokenEndpoint({
        tokenUrl: endpoints.tokenUrl,
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        clientAuthentication: auth.clientAuthentication ?? 'client_secret_post',
        tokenResponseField: auth.tokenResponseField,
        code,
        redirectUri: params.redirect_uri ?? endpoints.redirectUri,
        codeVerifier: params.code_verifier,
      }).then(
        (answer) =>
          answer.ok
            ? done(null, answer.tokens.accessToken, answer.tokens.refreshToken, {
                expires_in: answer.tokens.expiresIn,
                scope: answer.tokens.scope,
                token_type: answer.tokens.tokenType,
                id_token: answer.tokens.idToken,
              })
            : // passport-oauth2 reads the error code from `data` (its TokenError).
              done({ statusCode: answer.status, data: JSON.stringify({ error: answer.error }) }),
        (error: unknown) => done(error),
      );
    };
    this.logger.debug(`OAuth strategy for ${provider.manifest.id} (sandbox: ${endpoints.sandbox})`);
    return strategy;
  }
}

function scopeParameterOf(auth: OAuth2Auth): string {
  return auth.scopeParameter ?? 'scope';
}

/** The token endpoint's error code only: never its body, which may echo what was sent. */
function describeOAuthError(error: unknown): string {
  const e = error as { code?: unknown; name?: unknown };
  return typeof e?.code === 'string' ? e.code.slice(0, 64) : typeof e?.name === 'string' ? e.name : 'unknown';
}
