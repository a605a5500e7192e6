import { googleOAuth, type ProviderManifest } from '@hub/server/integrations/core';

/**
 * Gmail, read-only message metadata through the Gmail API v1.
 *
 * OAuth endpoints and parameters: https://developers.google.com/identity/protocols/oauth2/web-server
 * Gmail scopes: https://developers.google.com/gmail/api/auth/scopes
 */
export const GMAIL_MANIFEST: ProviderManifest = {
  id: 'gmail',
  name: 'Gmail',
  description: 'Sync message metadata from Gmail',
  category: 'Google Workspace',
  logo: 'providers/gmail.svg',
  docsUrl: 'https://developers.google.com/gmail/api/reference/rest',
  availability: 'available',
  // Labels, history records and message headers, never bodies or attachments
  // (https://developers.google.com/gmail/api/auth/scopes: "Read resources metadata including labels,
  // history records, and email message headers, but not the message body or attachments"). Enough for
  // every call the provider makes: users.getProfile, messages.list, messages.get (format=metadata) and
  // history.list all list it among their scopes. Narrower than gmail.readonly; the price is that
  // messages.list takes no `q` search with it (403 "Metadata scope does not support 'q' parameter")
  // and messages.get no format=full/raw. Restricted scope. A password change revokes refresh tokens
  // that hold Gmail scopes (docs/security.md "Provider token facts").
  auth: googleOAuth(['https://www.googleapis.com/auth/gmail.metadata']),
  api: { baseUrl: 'https://gmail.googleapis.com/gmail/v1' },
  sync: {
    resources: [
      {
        id: 'messages',
        name: 'Messages',
        description: 'Sender, recipients, subject, date, labels and thread of each message (no bodies or attachments)',
      },
    ],
    defaultFrequencyMinutes: 15,
  },
};
