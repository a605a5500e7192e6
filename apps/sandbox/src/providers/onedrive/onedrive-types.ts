import type { GraphType } from '../microsoft-common/graph-request';

/** baseItem's properties, which driveItem and drive inherit (https://learn.microsoft.com/en-us/graph/api/resources/baseitem). */
const BASE_ITEM = [
  'createdBy',
  'createdDateTime',
  'description',
  'eTag',
  'id',
  'lastModifiedBy',
  'lastModifiedDateTime',
  'name',
  'parentReference',
  'webUrl',
  'createdByUser',
  'lastModifiedByUser',
];

/** driveItem's properties and relationships, for `$select` (https://learn.microsoft.com/en-us/graph/api/resources/driveitem). */
export const DRIVE_ITEM_TYPE: GraphType = {
  name: 'microsoft.graph.driveItem',
  properties: [
    ...BASE_ITEM,
    'audio',
    'bundle',
    'content',
    'cTag',
    'deleted',
    'file',
    'fileSystemInfo',
    'folder',
    'image',
    'location',
    'malware',
    'package',
    'pendingOperations',
    'photo',
    'publication',
    'remoteItem',
    'root',
    'searchResult',
    'shared',
    'sharepointIds',
    'size',
    'specialFolder',
    'video',
    'webDavUrl',
    'activities',
    'analytics',
    'children',
    'listItem',
    'permissions',
    'subscriptions',
    'thumbnails',
    'versions',
    'workbook',
  ],
};

/** drive's properties and relationships (https://learn.microsoft.com/en-us/graph/api/resources/drive). */
export const DRIVE_TYPE: GraphType = {
  name: 'microsoft.graph.drive',
  properties: [
    ...BASE_ITEM,
    'driveType',
    'owner',
    'quota',
    'sharePointIds',
    'system',
    'bundles',
    'following',
    'items',
    'list',
    'root',
    'special',
  ],
};
