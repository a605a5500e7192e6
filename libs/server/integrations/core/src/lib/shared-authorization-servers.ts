import type { OAuth2Auth } from './provider-manifest';

/**
 * Authorization servers that several providers share: one vendor, one OAuth app (`appKey`), one set
 * of endpoints and rules. A provider's manifest adds only its own least-privilege scopes.
 */

/**
 * Google (Drive, Gmail, Calendar, Analytics): one Google Cloud OAuth client.
 * https://developers.google.com/identity/protocols/oauth2/web-server
 */
export function googleOAuth(scopes: readonly string[]): OAuth2Auth {
  return {
    kind: 'oauth2',
    appKey: 'GOOGLE',
    authorizationUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenUrl: 'https://oauth2.googleapis.com/token',
    revocationUrl: 'https://oauth2.googleapis.com/revoke',
    // Google's authorization is per person and client: revoking any of its tokens ends all of them.
    revocationEndsAuthorization: true,
    scopes,
    scopeSeparator: ' ',
    // Google's discovery document lists code_challenge_methods_supported: S256.
    pkce: { required: true },
    // offline + consent: a refresh token on every connect, not only the first one.
    authorizationParams: { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' },
    clientAuthentication: 'client_secret_post',
    appRegistrationUrl: 'https://console.cloud.google.com/apis/credentials',
    // expires_in is 3599 s; refresh tokens last until revoked, 6 months unused, or 7 days for "Testing" apps.
    accessTokenLifetimeSeconds: 3600,
  };
}

/**
 * Microsoft identity platform v2.0, multi-tenant (`common`): one Entra app registration (a *Web*
 * platform redirect, so the token call carries the secret and no `Origin`) serves OneDrive, Outlook,
 * Teams and Calendar. `offline_access` is always requested (without it there is no refresh token),
 * `openid` and `profile` for the ID token whose `tid` and `oid` key the account, and `User.Read`
 * ("connected as", /me). Entra sends no `iss` on the callback (RFC 9207 is not implemented): no
 * `issuer`; the per-provider redirect URI, `state` and PKCE protect against mix-up.
 * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow
 */
export function microsoftOAuth(
  scopes: readonly string[],
  options: { readonly adminConsentScopes?: readonly string[] } = {},
): OAuth2Auth {
  const { adminConsentScopes = [] } = options;
  return {
    kind: 'oauth2',
    appKey: 'MICROSOFT',
    authorizationUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    // No revocationUrl: the identity platform has no RFC 7009 endpoint, and revokeSignInSessions would
    // sign the person out of every app. People remove the app's consent themselves (an admin in Entra).
    accessRemoval: {
      note: 'Microsoft lets no app end its own access: the hub deletes its tokens, and you can remove its access yourself.',
      links: [
        { label: 'Work or school account: My Apps', url: 'https://myapps.microsoft.com' },
        { label: 'Personal Microsoft account: apps with access', url: 'https://account.live.com/consent/Manage' },
      ],
    },
    scopes: ['openid', 'profile', 'offline_access', 'User.Read', ...scopes],
    idToken: {
      issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0',
      jwksUrl: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
    },
    // Permissions whose "Admin Consent Required" is Yes (graph/permissions-reference), as the
    // admin-consent endpoint takes them: with the Graph resource in front.
    ...(adminConsentScopes.length
      ? {
          adminConsent: {
            scopes: adminConsentScopes.map((scope) => `https://graph.microsoft.com/${scope}`),
            url: 'https://login.microsoftonline.com/{tenant}/v2.0/adminconsent',
            authority: 'Microsoft 365',
          },
        }
      : {}),
    scopeSeparator: ' ',
    // PKCE is recommended for confidential web apps too ("Request an authorization code").
    pkce: { required: true },
    clientAuthentication: 'client_secret_post',
    appRegistrationUrl: 'https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade',
    // Access tokens get a random 60-90 minute lifetime; plan on the shortest. Refresh tokens rotate on
    // use and last 90 days (https://learn.microsoft.com/en-us/entra/identity-platform/refresh-tokens).
    accessTokenLifetimeSeconds: 3600,
  };
}
