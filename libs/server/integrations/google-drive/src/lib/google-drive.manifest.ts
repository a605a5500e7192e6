import type { ProviderManifest } from '@hub/server/integrations/core';

/**
 * Google Drive, read-only file metadata through the Drive API v3.
 *
 * OAuth endpoints and parameters: https://developers.google.com/identity/protocols/oauth2/web-server
 * Drive scopes: https://developers.google.com/drive/api/guides/api-specific-auth
 */
export const GOOGLE_DRIVE_MANIFEST: ProviderManifest = {
  id: 'google-drive',
  name: 'Google Drive',
  description: 'Sync file metadata from Google Drive',
  category: 'Google Workspace',
  logo: 'providers/google-drive.svg',
  docsUrl: 'https://developers.google.com/drive/api/reference/rest/v3',
  availability: 'coming-soon',
  auth: {
    kind: 'oauth2',
    // One Google Cloud OAuth client serves Drive, Gmail, Calendar and Analytics.
    appKey: 'GOOGLE',
    authorizationUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenUrl: 'https://oauth2.googleapis.com/token',
    revocationUrl: 'https://oauth2.googleapis.com/revoke',
    // Names, types, owners, sizes and times of every file, never contents. about.get (the
    // "connected as" email) works with it too. A restricted scope: public apps need Google's review.
    scopes: ['https://www.googleapis.com/auth/drive.metadata.readonly'],
    scopeSeparator: ' ',
    // Google's discovery document lists code_challenge_methods_supported: S256.
    pkce: { required: true },
    // offline + consent: a refresh token on every connect, not only the first one.
    authorizationParams: { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' },
    clientAuthentication: 'client_secret_post',
    appRegistrationUrl: 'https://console.cloud.google.com/apis/credentials',
    // expires_in is 3599 s; refresh tokens last until revoked, 6 months unused, or 7 days for "Testing" apps.
    accessTokenLifetimeSeconds: 3600,
  },
  api: { baseUrl: 'https://www.googleapis.com/drive/v3' },
  sync: {
    resources: [
      {
        id: 'files',
        name: 'Files',
        description: 'Name, type, folder, owners, size and modified time of every file and folder (no contents)',
      },
    ],
    defaultFrequencyMinutes: 30,
  },
};
