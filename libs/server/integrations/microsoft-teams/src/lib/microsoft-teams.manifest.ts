import { microsoftOAuth, type ProviderManifest } from '@hub/server/integrations/core';

/**
 * Microsoft Teams, read-only teams, channels and channel messages through Microsoft Graph.
 *
 * OAuth endpoints (multi-tenant `common`, v2.0): https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow
 * Permissions, least privileged delegated for each call:
 * - GET /me/joinedTeams: Team.ReadBasic.All (https://learn.microsoft.com/en-us/graph/api/user-list-joinedteams)
 * - GET /teams/{id}/channels: Channel.ReadBasic.All (https://learn.microsoft.com/en-us/graph/api/channel-list)
 * - GET /teams/{id}/channels/{id}/messages: ChannelMessage.Read.All (https://learn.microsoft.com/en-us/graph/api/channel-list-messages)
 */
export const MICROSOFT_TEAMS_MANIFEST: ProviderManifest = {
  id: 'microsoft-teams',
  name: 'Microsoft Teams',
  description: 'Sync teams, channels and channel messages from Microsoft Teams',
  category: 'Microsoft 365',
  logo: 'providers/microsoft-teams.svg',
  docsUrl: 'https://learn.microsoft.com/en-us/graph/api/resources/teams-api-overview',
  availability: 'coming-soon',
  // The Teams APIs answer work or school accounts only ("Delegated (personal Microsoft account): Not
  // supported"). Delegated: the token only reaches teams and channels the person belongs to.
  // ChannelMessage.Read.All needs a tenant admin's consent once; the others do not.
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
        description: 'Messages posted in those channels, with author, time and text',
      },
    ],
    defaultFrequencyMinutes: 15,
  },
};
