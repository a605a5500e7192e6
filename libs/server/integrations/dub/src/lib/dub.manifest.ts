import type { ProviderManifest } from '@hub/server/integrations/core';

/**
 * Dub (dub.co, formerly dub.sh), read-only links and their click analytics through the Dub API.
 *
 * OAuth endpoints, scopes and token lifetime: https://dub.co/docs/integrations/quickstart
 */
export const DUB_MANIFEST: ProviderManifest = {
  id: 'dub',
  name: 'Dub.sh',
  description: 'Sync short links and their click analytics from Dub',
  category: 'Marketing',
  logo: 'providers/dub.svg',
  docsUrl: 'https://dub.co/docs/api-reference/introduction',
  availability: 'available',
  auth: {
    kind: 'oauth2',
    appKey: 'DUB',
    authorizationUrl: 'https://app.dub.co/oauth/authorize',
    tokenUrl: 'https://api.dub.co/oauth/token',
    // No revocation endpoint is documented (the quickstart lists /oauth/authorize, /oauth/token and
    // /oauth/userinfo only).
    // The consent screen binds the token to one Dub workspace. user.read ("included by default")
    // serves /oauth/userinfo, which names that workspace (id, slug, name); workspaces.read lets
    // GET /workspaces/{id} add its plan for "connected as". Scope list:
    // https://dub.co/docs/integrations/quickstart#scopes. folders.read: GET /links lists only the
    // links outside folders, so a sync lists the folders and reads each one's links.
    scopes: ['workspaces.read', 'links.read', 'folders.read', 'analytics.read', 'user.read'],
    scopeSeparator: ' ',
    pkce: { required: true },
    // The quickstart sends client_id and client_secret in the form body.
    clientAuthentication: 'client_secret_post',
    appRegistrationUrl: 'https://app.dub.co/settings/oauth-apps',
    // expires_in defaults to 7200 s; refreshing invalidates the old access and refresh tokens.
    accessTokenLifetimeSeconds: 7200,
  },
  api: { baseUrl: 'https://api.dub.co' },
  sync: {
    resources: [
      {
        id: 'links',
        name: 'Links',
        description:
          'Short links in every folder, archived ones included, with destination, domain, tags and their click, lead and sale totals',
      },
    ],
    defaultFrequencyMinutes: 60,
  },
};
