import { microsoftOAuth, type ProviderManifest } from '@hub/server/integrations/core';

/**
 * OneDrive, read-only driveItem metadata through Microsoft Graph.
 *
 * OAuth endpoints (multi-tenant `common`, v2.0): https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow
 * Permissions: driveItem delta and Get drive take Files.Read as their least privileged delegated
 * permission, for work/school and personal accounts (https://learn.microsoft.com/en-us/graph/api/driveitem-delta,
 * https://learn.microsoft.com/en-us/graph/api/drive-get); /me and /organization take User.Read,
 * which `microsoftOAuth` always asks for (https://learn.microsoft.com/en-us/graph/api/user-get,
 * https://learn.microsoft.com/en-us/graph/api/organization-list).
 */
export const ONEDRIVE_MANIFEST: ProviderManifest = {
  id: 'onedrive',
  name: 'OneDrive',
  description: 'Sync file metadata from OneDrive',
  category: 'Microsoft 365',
  logo: 'providers/onedrive.svg',
  docsUrl: 'https://learn.microsoft.com/en-us/graph/api/resources/onedrive',
  availability: 'available',
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
    // A delta round from a token costs OneDrive 1 resource unit and returns only the changes
    // (https://learn.microsoft.com/en-us/sharepoint/dev/general-development/how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online).
    defaultFrequencyMinutes: 30,
  },
};
