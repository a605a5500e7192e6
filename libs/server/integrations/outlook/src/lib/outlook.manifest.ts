import { microsoftOAuth, type ProviderManifest } from '@hub/server/integrations/core';

/**
 * Outlook mail, read-only message metadata through Microsoft Graph.
 *
 * OAuth endpoints (multi-tenant `common`, v2.0): https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow
 * Permissions: message delta takes Mail.ReadBasic as its least privileged delegated permission
 * (https://learn.microsoft.com/en-us/graph/api/message-delta).
 */
export const OUTLOOK_MANIFEST: ProviderManifest = {
  id: 'outlook',
  name: 'Outlook',
  description: 'Sync message metadata from Outlook',
  category: 'Microsoft 365',
  logo: 'providers/outlook.svg',
  docsUrl: 'https://learn.microsoft.com/en-us/graph/api/resources/mail-api-overview',
  availability: 'coming-soon',
  // Mail.ReadBasic: every message property except body, previewBody, attachments and extended
  // properties, the same footprint as Gmail's metadata scope. Mail.Read only if bodies are ever needed.
  auth: microsoftOAuth(['Mail.ReadBasic']),
  api: { baseUrl: 'https://graph.microsoft.com/v1.0' },
  sync: {
    resources: [
      {
        id: 'messages',
        name: 'Messages',
        description:
          'Sender, recipients, subject, received time, folder and flags of each message (no bodies or attachments)',
      },
    ],
    defaultFrequencyMinutes: 15,
  },
};
