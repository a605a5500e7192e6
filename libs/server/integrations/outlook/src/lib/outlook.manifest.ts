import { microsoftOAuth, type ProviderManifest } from '@hub/server/integrations/core';

/**
 * Outlook mail, read-only message metadata through Microsoft Graph.
 *
 * OAuth endpoints (multi-tenant `common`, v2.0): https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow
 * Permissions: message delta and List mailFolders take Mail.ReadBasic as their least privileged
 * delegated permission, for work/school and personal accounts (https://learn.microsoft.com/en-us/graph/api/message-delta,
 * https://learn.microsoft.com/en-us/graph/api/user-list-mailfolders); /me and /organization take
 * User.Read, which `microsoftOAuth` always asks for.
 */
export const OUTLOOK_MANIFEST: ProviderManifest = {
  id: 'outlook',
  name: 'Outlook',
  description: 'Sync message metadata from Outlook',
  category: 'Microsoft 365',
  logo: 'providers/outlook.svg',
  docsUrl: 'https://learn.microsoft.com/en-us/graph/api/resources/mail-api-overview',
  availability: 'available',
  // Mail.Read, not Mail.ReadBasic: records keep each message's `bodyPreview` (its first 255
  // characters), and Mail.ReadBasic reads "email in the signed-in user's mailbox except body,
  // previewBody, attachments and any extended properties"
  // (https://learn.microsoft.com/en-us/graph/permissions-reference#mailreadbasic). The provider never
  // asks for `body` or attachments; Mail.Read grants no write and no send.
  auth: microsoftOAuth(['Mail.Read']),
  api: { baseUrl: 'https://graph.microsoft.com/v1.0' },
  sync: {
    // In this order: the folders first, so the folder choice of Settings lists the current ones.
    resources: [
      {
        id: 'folders',
        name: 'Mail folders',
        description: 'Every mail folder with its path, parent and message counts',
      },
      {
        id: 'messages',
        name: 'Messages',
        description:
          'Sender, recipients, subject, received time, folder, categories, flags and preview of each message (no bodies or attachments)',
      },
    ],
    // Each run asks every synced folder for its changes (one delta request a folder when nothing
    // changed), well within Outlook's 10,000 requests per 10 minutes and mailbox
    // (https://learn.microsoft.com/en-us/graph/throttling-limits#outlook-service-limits).
    defaultFrequencyMinutes: 15,
    // Folders to sync: none chosen syncs every folder (see OutlookProvider).
    selection: { label: 'Mail folders to sync (none chosen: all)', optionsResource: 'folders', max: 100 },
  },
};
