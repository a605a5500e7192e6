import { microsoftOAuth, type ProviderManifest } from '@hub/server/integrations/core';

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
  // Files.Read: the signed-in person's own drive (not Files.Read.All: nothing shared by others).
  auth: microsoftOAuth(['Files.Read']),
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
