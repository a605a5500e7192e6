import type { GraphType } from '../microsoft-common/graph-request';

/** channel's properties and relationships, for `$select` (https://learn.microsoft.com/en-us/graph/api/resources/channel). */
export const CHANNEL_TYPE: GraphType = {
  name: 'microsoft.graph.channel',
  properties: [
    'createdDateTime',
    'description',
    'displayName',
    'email',
    'id',
    'isArchived',
    'isFavoriteByDefault',
    'membershipType',
    'summary',
    'tenantId',
    'webUrl',
    'allMembers',
    'filesFolder',
    'members',
    'messages',
    'sharedWithTeams',
    'tabs',
  ],
};
