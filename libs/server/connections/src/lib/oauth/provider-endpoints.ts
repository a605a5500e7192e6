import { Injectable } from '@nestjs/common';
import { AppConfig } from '@hub/server/config';
import { type OAuth2Auth, type ProviderBaseUrls, type ProviderManifest } from '@hub/server/integrations/core';
import type { IdTokenRule } from './id-token';

/** The URLs the hub really uses for one OAuth provider: the manifest's, or the sandbox's stand-ins. */
export interface OAuthEndpoints {
  readonly authorizationUrl: string;
  readonly tokenUrl: string;
  readonly revocationUrl: string | null;
  /** The `iss` expected on the callback; when set, a callback without it is refused too. */
  readonly issuer: string | null;
  /** How the ID token is verified, when the provider sends one the engine must check (manifest `auth.idToken`). */
  readonly idToken: IdTokenRule | null;
  /** The admin-consent endpoint, `{tenant}` in it, for providers with permissions only an administrator grants. */
  readonly adminConsentUrl: string | null;
  readonly redirectUri: string;
  /** True when the sandbox emulates this provider (the card says "Sandbox"). */
  readonly sandbox: boolean;
}

/**
 * Where each provider lives. In production, exactly the manifest. With SANDBOX_URL (development and
 * tests), the providers the sandbox emulates point at it — authorization server, API and client —
 * so the real code paths run against a real authorization server without a real account.
 */
@Injectable()
export class ProviderEndpoints {
  constructor(private readonly config: AppConfig) {}

  isSandboxed(providerId: string): boolean {
    return Boolean(this.config.sandbox?.providerIds.includes(providerId));
  }

  /** The OAuth endpoints of a provider that connects through OAuth (throws for a credentials-form one). */
  oauth(manifest: ProviderManifest): OAuthEndpoints {
    if (manifest.auth.kind !== 'oauth2') throw new Error(`${manifest.id} does not connect through OAuth`);
    const redirectUri = `${this.config.http.publicUrl}/api/integrations/${manifest.id}/callback`;
    const { idToken, adminConsent } = manifest.auth;
    if (this.isSandboxed(manifest.id)) {
      const base = `${this.config.sandbox!.url}/${manifest.id}`;
      // The sandbox serves the ID-token issuer and keys at the real paths, under the provider's mount.
      const atSandbox = (url: string) => url.replace(/^https:\/\/[^/]+/, base);
      return {
        authorizationUrl: `${base}/oauth/authorize`,
        tokenUrl: `${base}/oauth/token`,
        revocationUrl: `${base}/oauth/revoke`,
        issuer: base,
        idToken: idToken ? { issuer: atSandbox(idToken.issuer), jwksUrl: atSandbox(idToken.jwksUrl) } : null,
        adminConsentUrl: adminConsent ? atSandbox(adminConsent.url) : null,
        redirectUri,
        sandbox: true,
      };
    }
    const auth: OAuth2Auth = manifest.auth;
    return {
      authorizationUrl: auth.authorizationUrl,
      tokenUrl: auth.tokenUrl,
      revocationUrl: auth.revocationUrl ?? null,
      issuer: auth.issuer ?? null,
      idToken: idToken ?? null,
      adminConsentUrl: adminConsent?.url ?? null,
      redirectUri,
      sandbox: false,
    };
  }

  /** The sandbox's client for an emulated provider, or null for a real one. */
  sandboxClient(providerId: string): { clientId: string; clientSecret: string } | null {
    return this.isSandboxed(providerId)
      ? { clientId: `hub-${providerId}`, clientSecret: this.config.sandbox!.clientSecret }
      : null;
  }

  /** API base URLs of the emulated providers, for provider modules (`PROVIDER_BASE_URLS`). */
  static apiOverrides(config: AppConfig): ProviderBaseUrls {
    return new Map(
      (config.sandbox?.providerIds ?? []).map((id) => [id, { apiBaseUrl: `${config.sandbox!.url}/${id}/api` }]),
    );
  }
}
