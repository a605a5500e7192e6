import { microsoftOAuth, type ProviderManifest } from '@hub/server/integrations/core';

/**
 * Microsoft Teams, read-only teams, channels and channel messages through Microsoft Graph.
 *
 * OAuth endpoints (multi-tenant `common`, v2.0): https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow
 * Permissions, least privileged delegated for each call:
 * - GET /me/joinedTeams: Team.ReadBasic.All (https://learn.microsoft.com/en-us/graph/api/user-list-joinedteams)
 * - GET /teams/{id}/channels: Channel.ReadBasic.All (https://learn.microsoft.com/en-us/graph/api/channel-list)
 * - GET /teams/{id}/channels/{id}/messages/delta and …/messages/{id}/replies: ChannelMessage.Read.All
 *   (https://learn.microsoft.com/en-us/graph/api/chatmessage-delta, https://learn.microsoft.com/en-us/graph/api/chatmessage-list-replies)
 * - /me and /organization: User.Read, which `microsoftOAuth` always asks for.
 * No metered API (`getAllMessages`, https://learn.microsoft.com/en-us/graph/teams-licenses): delegated
 * delta per channel costs nothing.
 */
export const MICROSOFT_TEAMS_MANIFEST: ProviderManifest = {
  id: 'microsoft-teams',
  name: 'Microsoft Teams',
  // The card shows it: personal accounts cannot connect, and channel messages need an admin once.
  description:
    'Sync teams, channels and channel messages from Microsoft Teams. Work or school accounts only; an administrator approves reading channel messages once for the organization',
  category: 'Microsoft 365',
  logo: 'providers/microsoft-teams.svg',
  docsUrl: 'https://learn.microsoft.com/en-us/graph/api/resources/teams-api-overview',
  availability: 'available',
  // The Teams APIs answer work or school accounts only ("Delegated (personal Microsoft account): Not
  // supported"). Delegated: the token only reaches teams and channels the person belongs to.
  // ChannelMessage.Read.All needs a tenant admin's consent once (its "Admin Consent Required" is Yes,
  // https://learn.microsoft.com/en-us/graph/permissions-reference); the others do not.
  auth: microsoftOAuth(['Team.ReadBasic.All', 'Channel.ReadBasic.All', 'ChannelMessage.Read.All'], {
    adminConsentScopes: ['ChannelMessage.Read.All'],
  }),
  api: { baseUrl: 'https://graph.microsoft.com/v1.0' },
  sync: {
    resources: [
      {
        id: 'channels',
        name: 'Teams and channels',
        description: 'The teams you belong to and their channels, with names and descriptions',
      },
      {
        id: 'channel-messages',
        name: 'Channel messages',
        description:
          'Posts and replies in those channels from the last eight months (what Teams change tracking covers), with author, time and text',
      },
    ],
    // Microsoft's polling requirement for Teams: "If your app polls to see whether a resource has
    // changed, you can only do that once per day"
    // (https://learn.microsoft.com/en-us/graph/api/resources/teams-api-overview#polling-requirements).
    // Channel message delta only returns messages of the last eight months
    // (https://learn.microsoft.com/en-us/graph/api/chatmessage-delta).
    defaultFrequencyMinutes: 1440,
  },
};
