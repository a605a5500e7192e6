import type { IntegrationError } from './integration-error';
import type { ProviderManifest } from './provider-manifest';

/** Decrypted credentials as the provider module receives them; never logged, never returned. */
export type ProviderCredentials = Readonly<Record<string, unknown>>;

/** The hub's OAuth app at a provider (client id and secret), for calls the app itself authenticates. */
export interface OAuthAppCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** "Connected as …": what the card shows about the connected account. No secrets. */
export interface AccountInfo {
  /** The provider's id for the account: one connection per (workspace, provider, this id). */
  readonly externalAccountId: string;
  readonly displayName: string;
  readonly email?: string;
  readonly workspaceName?: string;
  readonly url?: string;
  readonly details?: Readonly<Record<string, string | number | boolean>>;
  /** Sentences the card warns with, e.g. a database role that can write ("use a read-only role"). */
  readonly warnings?: readonly string[];
}

export type CheckResult =
  | { readonly ok: true; readonly account: AccountInfo }
  | {
      readonly ok: false;
      readonly message: string;
      /**
       * Set when the hub refuses this destination whatever the credentials (e.g. `hub_database`: the
       * hub's own database): the form routes answer 422 instead of a failed test, audited with it.
       */
      readonly refused?: string;
    };

export interface SyncPage {
  readonly records: readonly { readonly externalId: string; readonly data: Readonly<Record<string, unknown>> }[];
  readonly deletedIds?: readonly string[];
  /** Where to resume; null when this resource is done. */
  readonly nextCursor: string | null;
  /**
   * On the last page of an incremental provider: where the next run starts (Drive's start page
   * token, Calendar's sync token), reporting only changes and `deletedIds`. Without it every run is a
   * full pass, which ends by marking the records it did not see as deleted.
   */
  readonly syncToken?: string;
}

/** Every provider is in the catalog; the registry reads its manifest. */
export interface CatalogProvider {
  readonly manifest: ProviderManifest;
}

/** What `getAccountInfo` and `testCredentials` get. */
export interface CredentialsParams {
  readonly credentials: ProviderCredentials;
  readonly signal?: AbortSignal;
}

/** What `sync` gets: one resource, resumed from its cursor. */
export interface SyncParams {
  readonly credentials: ProviderCredentials;
  readonly resource: string;
  readonly cursor: string | null;
  /** What the connection chose to sync (manifest `sync.selection`); empty when it chooses nothing. */
  readonly selection: readonly string[];
  readonly signal: AbortSignal;
}

/**
 * What `revoke` gets: `credentials.accessToken` is the freshest access token the hub has (those
 * revocations authenticate with it); `app` is the hub's OAuth app at the provider.
 */
export interface RevokeParams {
  readonly credentials: ProviderCredentials;
  readonly app: OAuthAppCredentials | null;
  readonly signal?: AbortSignal;
}

/** A refusal of the provider's token endpoint, as the hub's token client read it (never the tokens). */
export interface TokenErrorDetails {
  readonly status: number;
  /** RFC 6749's `error` (`invalid_grant`, `invalid_client`…). */
  readonly error: string;
  /** The server's numeric codes beside it (Microsoft's AADSTS numbers in `error_codes`). */
  readonly errorCodes: readonly number[];
  /**
   * `error_description`, for a refusal on the authorization callback, where the provider sends no
   * codes of its own (Microsoft's `AADSTS90094: …` is all there is there).
   */
  readonly description?: string;
}

/**
 * What a token refusal means for the connection: `reconnect` (the person signs in again),
 * `admin_consent` (an administrator of their organisation must approve the app first),
 * `configuration` (the hub's OAuth app: an instance admin must act), `temporary` (try later); with a
 * message that names the fix.
 */
export interface TokenErrorMeaning {
  readonly kind: 'reconnect' | 'admin_consent' | 'configuration' | 'temporary';
  readonly message: string;
}

/**
 * A provider people can connect (docs/architecture.md "The provider interface"). Provider modules get
 * decrypted credentials and return plain data: no database, queue or other provider.
 */
export interface IntegrationProvider extends CatalogProvider {
  getAccountInfo(params: CredentialsParams): Promise<AccountInfo>;
  /** Credentials-form providers: check the fields work before saving them. */
  testCredentials?(params: CredentialsParams): Promise<CheckResult>;
  sync?(params: SyncParams): AsyncIterable<SyncPage>;
  /**
   * Ends the grant at the provider when its connection is disconnected (docs/security.md A12), for
   * providers whose revocation is not RFC 7009 at the manifest's `revocationUrl` (Slack's
   * `auth.revoke`, GitHub's grant deletion). Resolves only when the provider confirmed; throws
   * otherwise, and the hub retries later.
   */
  revoke?(params: RevokeParams): Promise<void>;
  /**
   * Reads a token-endpoint refusal the standard `error` says too little about (Microsoft's AADSTS
   * codes: an expired refresh token, consent withdrawn, an expired client secret); undefined leaves
   * it to the token service's reading of `error`.
   */
  describeTokenError?(details: TokenErrorDetails): TokenErrorMeaning | undefined;
  toIntegrationError(error: unknown): IntegrationError;
}

/** True for providers whose manifest says people can connect them (and which implement the interface). */
export function isConnectable(provider: CatalogProvider): provider is IntegrationProvider {
  return provider.manifest.availability === 'available';
}
