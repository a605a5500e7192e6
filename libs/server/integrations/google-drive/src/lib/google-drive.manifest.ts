import { googleOAuth, type ProviderManifest } from '@hub/server/integrations/core';

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
  availability: 'available',
  // Names, types, owners, sizes and times of every file, never contents. about.get (the "connected
  // as" email), files.list and changes.list all accept it (each method's "Authorization scopes" in
  // https://developers.google.com/drive/api/reference/rest/v3). A restricted scope: public apps need
  // Google's review.
  auth: googleOAuth(['https://www.googleapis.com/auth/drive.metadata.readonly']),
  api: { baseUrl: 'https://www.googleapis.com/drive/v3' },
  sync: {
    resources: [
      {
        id: 'files',
        name: 'Files',
        description:
          'Name, type, folder, owners, size and modified time of every file and folder not in the trash (no contents)',
      },
    ],
    defaultFrequencyMinutes: 30,
  },
};
