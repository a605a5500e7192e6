import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { Strategy as OAuth2Strategy, type StrategyOptionsWithRequest } from 'passport-oauth2';
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
import { exchangeCodeAtTokenEndpoint, type TokenEndpointClient } from '../tokens/token-endpoint';
import { storedTokens } from '../tokens/stored-tokens';
import { TokenService } from '../tokens/token.service';
import type { OAuthTokens } from '../tokens/oauth-tokens';
import { GrantRevocations } from '../revocation/grant-revocations';
import { ProviderAppsService } from '../provider-apps.service';
import { type OAuthEndpoints, ProviderEndpoints } from './provider-endpoints';
import { IdTokenRefused, verifyIdToken } from './id-token';
import { AdminConsents } from './admin-consents';
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
  | 'access_denied'
  | 'authorization_failed'
  | 'token_exchange_failed'
  | 'id_token_invalid'
  | 'account_lookup_failed'
  | 'not_permitted'
  | 'admin_consent_required'
  | 'admin_consent_declined';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
 * The one OAuth engine (docs/architecture.md "Connect"): a passport-oauth2 strategy per provider built from
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
    private readonly adminConsents: AdminConsents,
  ) {}

  /**
   * Starts connecting: answers the provider's authorization URL and the browser-binding cookie (its
   * own name per flow, docs/security.md A2) the browser must bring back to the callback.
   */
  async begin(
    caller: WorkspaceCaller,
    providerId: string,
    returnTo: unknown,
    request: Request,
  ): Promise<{ authorizationUrl: string; bindingCookie: { name: string; value: string } }> {
    const provider = this.oauthProvider(providerId);
    const client = await this.clientFor(provider);
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
    // passport-oauth2 makes the PKCE verifier and challenge and hands the verifier to our store,
    // which seals it in Redis and answers the state; the strategy then redirects.
    const strategy = new HubOAuth2Strategy(provider.manifest.auth, endpoints, client, {
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
      // The callback is checked by OAuthStateStore.consume, not through passport (ADR 0007).
      verify: (_req: unknown, _state: unknown, done: (error: Error) => void) =>
        done(new Error('callbacks are verified by the hub')),
    });
    const authorizationUrl = await strategy.authorizationUrl(request);
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
   * Starts an administrator's approval of a provider's admin-only permissions (manifest
   * `auth.adminConsent`): the provider's admin-consent URL for `organizations` (the person's tenant is
   * not known before they sign in), with a single-use state bound to this browser like a connect's;
   * the provider redirects to the same callback, with `admin_consent=True` or an error.
   */
  async beginAdminConsent(
    caller: WorkspaceCaller,
    providerId: string,
    returnTo: unknown,
  ): Promise<{ authorizationUrl: string; bindingCookie: { name: string; value: string } }> {
    const provider = this.oauthProvider(providerId);
    const { adminConsent } = provider.manifest.auth;
    const endpoints = this.endpoints.oauth(provider.manifest);
    if (!adminConsent || !endpoints.adminConsentUrl) {
      throw new ConflictException({ detail: `${provider.manifest.name} needs no administrator's approval.` });
    }
    const client = await this.clientFor(provider);
    const { state, browserBinding } = await this.states.begin({
      providerId,
      workspaceId: caller.workspaceId,
      userId: caller.user?.id ?? '',
      redirectUri: endpoints.redirectUri,
      // The admin-consent redirect is not an authorization response: no `iss` (RFC 9207) to expect.
      expectedIssuer: null,
      codeVerifier: '',
      requestedScopes: adminConsent.scopes,
      returnTo: safeReturnTo(returnTo),
      purpose: 'admin_consent',
    });
    const url = new URL(endpoints.adminConsentUrl.replace('{tenant}', 'organizations'));
    url.searchParams.set('client_id', client.clientId);
    url.searchParams.set('scope', adminConsent.scopes.join(' '));
    url.searchParams.set('redirect_uri', endpoints.redirectUri);
    url.searchParams.set('state', state);
    await this.audit.record({
      actor: caller.actor,
      meta: caller.meta,
      workspaceId: caller.workspaceId,
      action: 'connection.admin_consent_started',
      target: { type: 'provider', id: providerId },
      details: { scopes: [...adminConsent.scopes], sandbox: endpoints.sandbox },
    });
    return {
      authorizationUrl: url.toString(),
      bindingCookie: { name: oauthBindingCookieName(state), value: browserBinding },
    };
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
    if (attempt.purpose === 'admin_consent') return this.completeAdminConsent(actor, attempt, query, back);
    if (typeof query['error'] === 'string') {
      // Refused for want of an administrator's approval (Microsoft's AADSTS90094): the page says who must act.
      const meaning = provider.describeTokenError?.({
        status: 0,
        error: String(query['error']).slice(0, 64),
        errorCodes: [],
        description:
          typeof query['error_description'] === 'string' ? query['error_description'].slice(0, 200) : undefined,
      });
      if (meaning?.kind === 'admin_consent' && provider.manifest.auth.adminConsent) {
        await this.adminConsents.required(attempt.workspaceId, providerId, attempt.userId || null);
        await this.failed(actor, attempt, 'admin_consent_required', {
          providerError: String(query['error']).slice(0, 64),
        });
        return back('error=admin_consent_required');
      }
      const failure: ConnectFailure = query['error'] === 'access_denied' ? 'access_denied' : 'authorization_failed';
      await this.failed(actor, attempt, failure, { providerError: String(query['error']).slice(0, 64) });
      return back(`error=${failure}`);
    }

    if (typeof query['code'] !== 'string' || query['code'] === '') {
      await this.failed(actor, attempt, 'authorization_failed', { providerError: 'no_code' });
      return back('error=authorization_failed');
    }

    // The state was consumed and checked above; the code is exchanged once, by the hub's one token
    // client (it authenticates the client as the manifest says, which passport's node-oauth cannot).
    const endpoints = this.endpoints.oauth(provider.manifest);
    const client = await this.clientFor(provider);
    const exchanged = await exchangeCodeAtTokenEndpoint({
      ...tokenClient(provider.manifest.auth, endpoints, client),
      code: query['code'],
      redirectUri: attempt.redirectUri,
      codeVerifier: attempt.codeVerifier,
    }).catch((error: Error) => ({ ok: false as const, status: 0, error: error.name }));
    if (!exchanged.ok) {
      await this.failed(actor, attempt, 'token_exchange_failed', { error: exchanged.error });
      return back('error=token_exchange_failed');
    }

    let verifiedTenant: string | null = null;
    if (endpoints.idToken) {
      // Who connected is read from the ID token only once the engine has verified it.
      try {
        const claims = await verifyIdToken(exchanged.tokens.idToken, endpoints.idToken, client.clientId);
        verifiedTenant = typeof claims['tid'] === 'string' ? claims['tid'] : null;
      } catch (error) {
        const check = error instanceof IdTokenRefused ? error.check : 'signature';
        await this.failed(actor, attempt, 'id_token_invalid', { check });
        return back('error=id_token_invalid');
      }
    }

    let account;
    try {
      const { idToken } = exchanged.tokens;
      account = await provider.getAccountInfo({
        credentials: { accessToken: exchanged.tokens.accessToken, ...(idToken ? { idToken } : {}) },
      });
    } catch (error) {
      await this.failed(actor, attempt, 'account_lookup_failed', { error: provider.toIntegrationError(error).code });
      return back('error=account_lookup_failed');
    }

    const { tokens: sealedTokens, expiresAt: tokenExpiresAt } = storedTokens(exchanged.tokens, Date.now());
    const grantedScopes = splitScopes(exchanged.tokens.scope, attempt.requestedScopes);

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
      // Connected with the admin-only permissions: the administrator's approval exists, however given.
      if (provider.manifest.auth.adminConsent)
        await this.adminConsents.granted(attempt.workspaceId, providerId, verifiedTenant, attempt.userId || null, m);
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
  /**
   * The admin-consent redirect: `admin_consent=True` records the approval (the tenant it names is
   * shown, never trusted: Microsoft warns it can be forged); anything else is a declined approval.
   */
  private async completeAdminConsent(
    caller: Caller,
    attempt: OAuthAttempt,
    query: Record<string, unknown>,
    back: (outcome: string) => string,
  ): Promise<string> {
    if (query['admin_consent'] !== 'True') {
      await this.failed(caller, attempt, 'admin_consent_declined', {
        providerError: typeof query['error'] === 'string' ? query['error'].slice(0, 64) : 'no_consent',
      });
      return back('error=admin_consent_declined');
    }
    const tenant = typeof query['tenant'] === 'string' && GUID.test(query['tenant']) ? query['tenant'] : null;
    await this.adminConsents.granted(attempt.workspaceId, attempt.providerId, tenant, attempt.userId || null);
    await this.audit.record({
      actor: caller.actor,
      meta: caller.meta,
      workspaceId: attempt.workspaceId,
      action: 'connection.admin_consent_granted',
      target: { type: 'provider', id: attempt.providerId },
      details: { tenantId: tenant, scopes: [...attempt.requestedScopes] },
    });
    return back(`success=${attempt.providerId}_admin_consented`);
  }

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

  /** The provider's OAuth app credentials, or 409 until an instance administrator adds them. */
  private async clientFor(provider: OAuthProvider): Promise<OAuthClient> {
    const client = await this.providerApps.clientFor(provider.manifest.id);
    if (!client) {
      throw new ConflictException({
        detail: `${provider.manifest.name} is not set up yet: an instance administrator must add its OAuth app credentials.`,
      });
    }
    return client;
  }
}

interface OAuthClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** How the hub's token client talks to this provider's token endpoint. */
function tokenClient(auth: OAuth2Auth, endpoints: OAuthEndpoints, client: OAuthClient): TokenEndpointClient {
  return {
    tokenUrl: endpoints.tokenUrl,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    clientAuthentication: auth.clientAuthentication,
    tokenResponseField: auth.tokenResponseField,
  };
}

/**
 * passport-oauth2's strategy for the authorization request, configured from the manifest through its
 * public extension points: the options (PKCE S256, our state store), and `authorizationParams` for
 * the manifest's extra parameters (Google's offline access, Slack's user_scope, …), never a branch.
 */
class HubOAuth2Strategy extends OAuth2Strategy {
  private readonly scopes: string[] | undefined;
  private readonly extraParams: Record<string, string>;

  constructor(auth: OAuth2Auth, endpoints: OAuthEndpoints, client: OAuthClient, store: PassportStateStore) {
    const options: StrategyOptionsWithRequest = {
      authorizationURL: endpoints.authorizationUrl,
      tokenURL: endpoints.tokenUrl,
      clientID: client.clientId,
      clientSecret: client.clientSecret,
      callbackURL: endpoints.redirectUri,
      scopeSeparator: auth.scopeSeparator ?? ' ',
      pkce: auth.pkce.required, // true means S256 in passport-oauth2
      // Our state store (Redis, OAuthStateStore) instead of passport's session-based one.
      store: store as never,
      passReqToCallback: true,
    };
    // Never called: the hub exchanges the code itself (ADR 0007).
    super(options, (_req: Request, _a: string, _r: string, _p: unknown, _profile: unknown, done: (e: Error) => void) =>
      done(new Error('the hub exchanges the code itself')),
    );
    // Scopes go in `scope` unless the manifest names another parameter (Slack's user_scope).
    const parameter = auth.scopeParameter ?? 'scope';
    this.scopes = parameter === 'scope' ? [...auth.scopes] : undefined;
    this.extraParams = {
      ...auth.authorizationParams,
      ...(parameter === 'scope' ? {} : { [parameter]: auth.scopes.join(auth.scopeSeparator ?? ' ') }),
    };
  }

  override authorizationParams(): object {
    return { ...this.extraParams };
  }

  /**
   * The authorization URL for this request: the strategy run the way passport runs one (its actions
   * set on an instance of its own), answering through `redirect`.
   */
  authorizationUrl(request: Request): Promise<string> {
    return new Promise((resolve, reject) => {
      const run = Object.create(this) as this & {
        redirect(url: string): void;
        error(error: Error): void;
        fail(challenge: unknown): void;
        success(): void;
      };
      run.redirect = resolve;
      run.error = reject;
      run.fail = () => reject(new Error('passport-oauth2 refused to start the authorization request'));
      run.success = () => reject(new Error('passport-oauth2 answered an authorization start with a user'));
      // A request that carries no `code` or `error`: the strategy starts the authorization leg.
      // (Express 5's `query` is a getter: the view defines its own properties rather than assigning them.)
      const startLeg = Object.create(request, { query: { value: {} }, body: { value: {} } }) as Request;
      run.authenticate(startLeg, { scope: this.scopes });
    });
  }
}
