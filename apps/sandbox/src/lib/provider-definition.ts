import type { Request, Response, Router } from 'express';
import type { EmulatedDataset } from './emulation';

/** The one person who signs in to every emulated provider. */
export interface SandboxAccount {
  /** The authorization server's `sub` / accountId. */
  readonly id: string;
  readonly name: string;
  readonly email: string;
}

export const SANDBOX_ACCOUNT: SandboxAccount = {
  id: 'sandbox-user',
  name: 'Sandbox User',
  email: 'sandbox@example.com',
};

/** What a request to a provider API carries once its bearer token checked out. */
export interface VerifiedToken {
  readonly accountId: string;
  readonly clientId: string;
  readonly grantId: string;
  readonly scopes: ReadonlySet<string>;
}

export type ApiErrorKind =
  'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'unprocessable' | 'rate_limited' | 'internal';

export interface ApiError {
  readonly status: number;
  readonly kind: ApiErrorKind;
  readonly message: string;
}

export interface RateLimitState {
  readonly limit: number;
  readonly remaining: number;
  /** When the current window ends, epoch milliseconds. */
  readonly resetAt: number;
}

/** What both API factories get: the account, and the grants of this provider's authorization server. */
export interface GrantContext {
  readonly account: SandboxAccount;
  /** Public URL of the emulated API, e.g. `http://127.0.0.1:3900/dub/api`. */
  readonly apiBaseUrl: string;
  /**
   * An access token of this authorization server as the bearer check sees it: undefined when it is
   * unknown, expired or revoked.
   */
  findAccessToken(value: string): Promise<VerifiedToken | undefined>;
  /**
   * Ends a whole grant, as a provider's own revocation endpoint does: its access and refresh tokens
   * (and any unused code) are gone at once, so the API answers 401 and a refresh `invalid_grant`.
   * Counted in the stats (`apiRevocations`, and `grantsRevoked` when the grant was still there).
   * Resolves false when there was no such grant any more (expired or revoked before).
   */
  revokeGrant(grantId: string): Promise<boolean>;
}

/** Handed to a provider's API factory. */
export interface ApiContext extends GrantContext {
  /** The verified token of the current request (set before the provider's router runs). */
  token(res: Response): VerifiedToken;
  /** Answers 403 in the provider's shape unless the token was granted `scope`; true when it may go on. */
  hasScope(req: Request, res: Response, scope: string): boolean;
}

/** Handed to a provider's app API factory: requests the OAuth app (the hub's client) authenticates itself. */
export interface AppApiContext extends GrantContext {
  /**
   * The client id of the request's HTTP Basic credentials (RFC 7617, `client_id:client_secret`) when
   * they name a client of this authorization server with its secret; undefined when they are missing,
   * malformed or wrong.
   */
  basicClient(req: Request): Promise<string | undefined>;
}

/**
 * One emulated provider: `apps/sandbox/src/providers/<id>/` exports one of these. The sandbox gives it
 * an authorization server at `/<id>` (oidc-provider), mounts `api()` at `/<id>/api` behind request
 * counting and logging, fault injection, rate limiting and bearer-token checks (`appApi()` in front
 * of the bearer check), and answers errors with `sendError`.
 */
export interface SandboxProvider {
  /** The hub's provider id (manifest `id`); the mount path and `hub-<id>` client id derive from it. */
  readonly id: string;
  /** Shown on the sign-in page: "Sandbox — not the real <name>". */
  readonly name: string;
  /** Every scope the authorization server accepts (the manifest's, plus any the provider adds by default). */
  readonly scopes: readonly string[];
  /** The hub client's `token_endpoint_auth_method` (the manifest's `clientAuthentication`). */
  readonly clientAuthentication: 'client_secret_basic' | 'client_secret_post';
  /** A successful refresh retires the access tokens issued earlier under the same grant (Dub does this). */
  readonly refreshInvalidatesAccessTokens?: boolean;
  /**
   * Rewrites the authorization request's query before oidc-provider reads it, for providers whose
   * request is not plain OAuth (Slack asks for user scopes in `user_scope`, comma-separated).
   */
  authorizationRequest?(query: URLSearchParams): void;
  /**
   * Reshapes a successful token answer (code exchange or refresh) into the provider's own shape
   * (Slack's `ok`, `team` and `authed_user`). `grantType` says which grant it answers.
   */
  tokenResponse?(
    answer: Record<string, unknown>,
    grantType: string,
  ): Record<string, unknown> | Promise<Record<string, unknown>>;
  /**
   * Reshapes an error answer of the token endpoint into the provider's own error body (Microsoft's
   * `error_codes`, `trace_id` and AADSTS-prefixed `error_description`).
   */
  tokenError?(answer: Record<string, unknown>, grantType: string): Record<string, unknown>;
  /**
   * A failure the token endpoint answers to its next request instead of handling it (set by a
   * control: an expired refresh token, a revoked grant, an expired client secret), consumed once;
   * undefined lets the request through.
   */
  tokenFault?(): { status: number; body: Record<string, unknown> } | undefined;
  /**
   * Who signs in on the consent page, when not the one sandbox account (the Microsoft personas:
   * the account id becomes the grant's, so the API can tell whose a token is).
   */
  signInAccount?(): SandboxAccount;
  /** Every account `signInAccount` can answer, by id (the authorization server's `findAccount`). */
  findAccount?(id: string): SandboxAccount | undefined;
  /**
   * Routes of the provider's authorization server beyond OAuth's (Microsoft's tenant-scoped
   * `/{tenant}/discovery/v2.0/keys` and `/{tenant}/v2.0/adminconsent`), mounted at `/<id>` before it.
   */
  identityRoutes?(context: { readonly clientId: string; readonly redirectUris: readonly string[] }): Router;
  /**
   * Refuses a grant the consent page would otherwise give (Microsoft: a scope only an administrator
   * may consent to, for a person who is not one, in a tenant that has not consented): the callback
   * gets this error instead of a code.
   */
  consentRefusal?(
    accountId: string,
    scopes: readonly string[],
  ): { readonly error: string; readonly error_description: string } | undefined;
  /** The provider's REST API, with the same paths as under its real base URL. Named hosts
   * (manifest `api.hosts`) are served under `/_hosts/<name>`. */
  api(context: ApiContext): Router;
  /**
   * Routes the provider's OAuth app calls with its own credentials rather than a user's bearer token
   * (GitHub's `DELETE /applications/{client_id}/grant`, HTTP Basic with the client id and secret).
   * Mounted at `/<id>/api` like `api()`, behind request counting and logging, fault injection and
   * rate limiting but in front of the bearer check: what it does not answer goes on to `api()`.
   */
  appApi?(context: AppApiContext): Router;
  /**
   * A POST form field that carries the access token when the request has no Authorization header
   * (Slack's `token`: "in the Authorization HTTP header or alternatively as a URL-encoded POST body
   * parameter", https://api.slack.com/changelog/2020-11-no-more-tokens-in-querystrings-for-newly-created-apps).
   * Without it only `Authorization: Bearer`.
   */
  readonly formTokenField?: string;
  /** Writes an error response shaped like the real provider's. */
  sendError(res: Response, error: ApiError): void;
  /** The provider's rate-limit headers (sent on every API response; `Retry-After` is added on 429). */
  rateLimitHeaders?(state: RateLimitState): Record<string, string>;
  /** The account it serves: `/_sandbox/<id>/data`, `/_sandbox/<id>/mutate` and the reset read and change it. */
  readonly dataset: EmulatedDataset;
  /**
   * The provider's own development controls beyond the dataset's (Gmail's `expire-history`), mounted
   * at `/_sandbox/<id>` next to the common ones (JSON bodies already parsed). Throw `ControlInputError`
   * for a bad request: it becomes a 400.
   */
  control?(): Router;
}
