import type { ProviderManifest } from '@hub/server/integrations/core';

/**
 * OneDrive, read-only driveItem metadata through Microsoft Graph.
 *
 * OAuth endpoints (multi-tenant `common`, v2.0): https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow
 * Permissions: driveItem delta takes Files.Read as its least privileged delegated permission, for
 * work/school and personal accounts (https://learn.microsoft.com/en-us/graph/api/driveitem-delta).
 */
export const ONEDRIVE_MANIFEST: ProviderManifest = {
  id: 'onedrive',
  name: 'OneDrive',
  description: 'Sync file metadata from OneDrive',
  category: 'Microsoft 365',
  logo: 'providers/onedrive.svg',
  docsUrl: 'https://learn.microsoft.com/en-us/graph/api/resources/onedrive',
  availability: 'coming-soon',
  auth: {
    kind: 'oauth2',
    // One Entra app registration serves OneDrive, Outlook, Teams and Calendar.
    appKey: 'MICROSOFT',
    authorizationUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    // No revocationUrl: the identity platform has no RFC 7009 endpoint (people remove the app's
    // consent in their account or an admin does in Entra).
    // offline_access: without it there is no refresh token. User.Read: "connected as" (/me).
    // Files.Read: the signed-in person's own drive (not Files.Read.All: nothing shared by others).
    scopes: ['offline_access', 'User.Read', 'Files.Read'],
    scopeSeparator: ' ',
    // PKCE is recommended for confidential web apps too (same page, "Request an authorization code").
    pkce: { required: true },
    clientAuthentication: 'client_secret_post',
    appRegistrationUrl: 'https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade',
    // Access tokens get a random 60-90 minute lifetime; plan on the shortest. Refresh tokens rotate on
    // use and last 90 days (https://learn.microsoft.com/en-us/entra/identity-platform/refresh-tokens).
    accessTokenLifetimeSeconds: 3600,
  },
  api: { baseUrl: 'https://graph.microsoft.com/v1.0' },
  sync: {
    resources: [
      {
        id: 'files',
        name: 'Files',
        description: 'Name, folder, size, type, author and modified time of every file and folder (no contents)',
      },
    ],
    defaultFrequencyMinutes: 30,
  },
};
