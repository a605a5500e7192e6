import type { ProviderManifest } from '@hub/server/integrations/core';

/**
 * GitHub, read-only repositories and issues through the REST API, as a GitHub App acting for the
 * person who connects (a user access token, "user-to-server").
 *
 * Why a GitHub App and not an OAuth app: OAuth-app scopes cannot read private repositories without
 * `repo`, which also grants write; a GitHub App's fine-grained permissions can be read-only, and its
 * user tokens expire and refresh.
 *
 * User tokens: https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-user-access-token-for-a-github-app
 * Refresh: https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens
 * PKCE: https://github.blog/changelog/2025-07-14-pkce-support-for-oauth-and-github-app-authentication
 */
export const GITHUB_MANIFEST: ProviderManifest = {
  id: 'github',
  name: 'GitHub',
  description: 'Sync repositories and issues from GitHub',
  category: 'Communication',
  logo: 'providers/github.svg',
  docsUrl: 'https://docs.github.com/en/rest',
  availability: 'available',
  auth: {
    kind: 'oauth2',
    appKey: 'GITHUB',
    authorizationUrl: 'https://github.com/login/oauth/authorize',
    // Answers form-encoded unless the request sends `Accept: application/json`.
    tokenUrl: 'https://github.com/login/oauth/access_token',
    revocationEndsAuthorization: true,
    // No revocationUrl: GitHub has no RFC 7009 endpoint. Revocation is the provider's revoke(): its
    // DELETE /applications/{client_id}/grant (Basic auth with the app's client id and secret,
    // https://docs.github.com/en/rest/apps/oauth-applications#delete-an-app-authorization), which
    // deletes every token of the person for the app: a reconnect must not call it.
    //
    // A GitHub App's user token "does not use scopes. Instead, it uses fine-grained permissions" set
    // on the app registration; GitHub ignores `scope` and answers `scope: ""`. These entries are the
    // repository permissions the admin must give the app, in GitHub's own notation (the
    // x-accepted-github-permissions header): read-only Metadata (mandatory) and Issues. The GitHub
    // hook must not read the empty granted scope as a reduced grant (the OAuth engine takes an empty
    // `scope` as "the requested scopes"). Permissions per endpoint:
    // https://docs.github.com/en/rest/authentication/permissions-required-for-github-apps
    // (GET /user/repos: Metadata; GET /repos/{owner}/{repo}/issues: Issues, read).
    scopes: ['metadata=read', 'issues=read'],
    scopeSeparator: ' ',
    // S256 only; GitHub does not require it but recommends it for every app.
    pkce: { required: true },
    clientAuthentication: 'client_secret_post',
    // GitHub sends iss on the callback (RFC 9207); docs/security.md A4.
    issuer: 'https://github.com/login/oauth',
    appRegistrationUrl: 'https://github.com/settings/apps/new',
    // With "Expire user authorization tokens" on (the default): 8 hours; the refresh token lasts
    // 6 months and is single-use (using it kills it and the old access token).
    accessTokenLifetimeSeconds: 28800,
  },
  api: { baseUrl: 'https://api.github.com' },
  sync: {
    resources: [
      {
        id: 'repositories',
        name: 'Repositories',
        description: 'Repositories you can see where the app is installed, with visibility, language and activity',
      },
      {
        id: 'issues',
        name: 'Issues',
        description: 'Issues in those repositories, with state, labels, assignees and timestamps',
      },
    ],
    defaultFrequencyMinutes: 30,
  },
};
