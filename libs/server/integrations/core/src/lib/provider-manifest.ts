import type { IntegrationCategory, ProviderAvailability } from '@hub/shared/contracts';

/**
 * What the hub knows about a provider before any code runs: the catalog card, how people connect it,
 * and what it syncs. Data only: the OAuth engine, the page and the registry read it; nothing switches
 * on a provider id (docs/architecture.md).
 */
export interface ProviderManifest {
  /** Stable kebab-case id, used in URLs (`/api/integrations/{id}/...`) and stored on connections. */
  readonly id: string;
  readonly name: string;
  /** One sentence for the card. */
  readonly description: string;
  readonly category: IntegrationCategory;
  /** The logo's path in the web app's public files, e.g. `providers/google-drive.svg`. */
  readonly logo: string;
  /** The provider's own API documentation (https). */
  readonly docsUrl: string;
  readonly availability: ProviderAvailability;
  readonly auth: OAuth2Auth | CredentialsAuth;
  /** The REST API the provider module calls; configuration can point it elsewhere (the sandbox, tests). */
  readonly api?: ProviderApi;
  readonly sync?: ProviderSyncSpec;
}

export interface ProviderApi {
  readonly baseUrl: string;
  /**
   * Other hosts the provider calls, by name (Google Analytics' reports come from
   * `analyticsdata.googleapis.com`, its properties from `analyticsadmin.googleapis.com`). Redirected
   * together with `baseUrl`: under an override they live at `<override>/_hosts/<name>`.
   */
  readonly hosts?: Readonly<Record<string, string>>;
}

/** Authorization code + PKCE against the provider's authorization server (RFC 6749, RFC 7636, RFC 9700). */
export interface OAuth2Auth {
  readonly kind: 'oauth2';
  /**
   * Which OAuth app's credentials this provider uses: `OAUTH_<appKey>_CLIENT_ID/SECRET` in the
   * environment. Providers of one vendor share an app (one Google Cloud OAuth client for Drive,
   * Gmail, Calendar and Analytics).
   */
  readonly appKey: string;
  readonly authorizationUrl: string;
  readonly tokenUrl: string;
  /** RFC 7009 revocation endpoint, when the provider has one. */
  readonly revocationUrl?: string;
  /**
   * Revoking any one token ends everything the person granted the app (Google: one authorization
   * per person and client; GitHub's grant deletion). A reconnect then leaves the tokens it replaced
   * alone: revoking them would end the new connection too. Disconnect revokes as usual.
   */
  readonly revocationEndsAuthorization?: boolean;
  /** Least-privilege scopes requested (RFC 9700 §2.3). */
  readonly scopes: readonly string[];
  /** How scopes are joined in the authorization request: most use a space; a few use a comma. */
  readonly scopeSeparator?: ' ' | ',';
  /** PKCE S256 is sent unless this says why the provider cannot take it. */
  readonly pkce: { readonly required: true } | { readonly required: false; readonly reason: string };
  /**
   * The authorization-request parameter that carries `scopes` (default `scope`). Slack asks for
   * user-token scopes in `user_scope`; `scope` there means bot scopes.
   */
  readonly scopeParameter?: string;
  /**
   * Where the token set sits in the token endpoint's answer when not at its top level: Slack's
   * oauth.v2.access puts the user token under `authed_user`. Read from there when present, else from
   * the top level (Slack's refresh answers are flat).
   */
  readonly tokenResponseField?: string;
  /** Extra authorization-request parameters, e.g. Google's `access_type=offline`, `prompt=consent`. */
  readonly authorizationParams?: Readonly<Record<string, string>>;
  /** How the client authenticates at the token endpoint (RFC 6749 §2.3.1): required, as servers differ. */
  readonly clientAuthentication: 'client_secret_basic' | 'client_secret_post';
  /** The `iss` the authorization server puts on its callback (RFC 9207), when it sends one. */
  readonly issuer?: string;
  /**
   * OpenID Connect: the connect flow asks for an ID token (`openid` among the scopes) and the OAuth
   * engine verifies it before any provider module reads it: its signature against `jwksUrl`, the
   * hub's client id as audience, its lifetime, and its `iss`. `issuer` may hold `{tenantid}`, the
   * multi-tenant template Microsoft's identity platform publishes: it is resolved from the token's
   * `tid` (a GUID) and compared exactly
   * (https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens#validate-the-issuer).
   */
  readonly idToken?: { readonly issuer: string; readonly jwksUrl: string };
  /**
   * Permissions only an administrator of the person's organisation may grant, once for everyone
   * (Microsoft Teams' ChannelMessage.Read.All), and the provider's admin-consent endpoint (`url`,
   * `{tenant}` in it) where an administrator approves them; the hub sends `organizations` as the
   * tenant and the page says so before anyone tries
   * (https://learn.microsoft.com/en-us/entra/identity-platform/v2-admin-consent).
   */
  readonly adminConsent?: {
    readonly scopes: readonly string[];
    readonly url: string;
    /** Whose administrator it is, in the page's words ("Needs your Microsoft 365 administrator's approval"). */
    readonly authority: string;
  };
  /** Where an instance admin registers an OAuth app with this provider. */
  readonly appRegistrationUrl: string;
  /**
   * For a provider that lets no app end its own access (no revocation endpoint, no `revoke`): where
   * the person removes it, shown when they disconnect (Microsoft: My Apps, the Microsoft account page).
   */
  readonly accessRemoval?: { readonly note: string; readonly links: readonly { label: string; url: string }[] };
  /** Documented token lifetimes, for refresh planning; null when tokens do not expire. */
  readonly accessTokenLifetimeSeconds?: number | null;
}

/** A form of discrete fields (PostgreSQL): never a connection string. */
export interface CredentialsAuth {
  readonly kind: 'credentials';
  readonly fields: readonly CredentialField[];
}

export type CredentialFieldType = 'text' | 'password' | 'number' | 'select' | 'textarea' | 'boolean';

export interface CredentialField {
  readonly key: string;
  readonly label: string;
  readonly type: CredentialFieldType;
  readonly required: boolean;
  /** Write-only: stored encrypted, never returned, kept on edit unless a new value is sent. */
  readonly secret: boolean;
  readonly placeholder?: string;
  readonly help?: string;
  readonly default?: string | number | boolean;
  /** For `select`. */
  readonly options?: readonly { readonly value: string; readonly label: string }[];
  /** For `number`. */
  readonly min?: number;
  readonly max?: number;
  /** For `text`, `password` and `textarea`. */
  readonly maxLength?: number;
  /** A regular expression (source) a `text` value must match. */
  readonly pattern?: string;
}

export interface ProviderSyncSpec {
  readonly resources: readonly SyncResource[];
  /** How often a scheduled sync runs unless the workspace changes it; at least 5. */
  readonly defaultFrequencyMinutes: number;
  /**
   * What people choose to sync (PostgreSQL's tables): ids of records of `optionsResource`, at most
   * `max`, stored on the connection and passed to `sync` as `selection`. An option record whose data
   * says `syncable: false` cannot be chosen (its `reason` says why).
   */
  readonly selection?: SyncSelectionSpec;
}

export interface SyncSelectionSpec {
  /** What the settings call the choice, e.g. "Tables to sync". */
  readonly label: string;
  /** The resource whose synced records are the options (their external ids are what is chosen). */
  readonly optionsResource: string;
  readonly max: number;
}

export interface SyncResource {
  /** Stable id, e.g. `files`, `messages`. */
  readonly id: string;
  readonly name: string;
  readonly description: string;
}
