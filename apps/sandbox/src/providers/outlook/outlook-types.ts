import type { GraphType } from '../microsoft-common/graph-request';

/** outlookItem's properties, which message inherits (https://learn.microsoft.com/en-us/graph/api/resources/outlookitem). */
const OUTLOOK_ITEM = ['categories', 'changeKey', 'createdDateTime', 'id', 'lastModifiedDateTime'];

/** message's properties and relationships, for `$select` (https://learn.microsoft.com/en-us/graph/api/resources/message). */
export const MESSAGE_TYPE: GraphType = {
  name: 'microsoft.graph.message',
  properties: [
    ...OUTLOOK_ITEM,
    'bccRecipients',
    'body',
    'bodyPreview',
    'ccRecipients',
    'conversationId',
    'conversationIndex',
    'flag',
    'from',
    'hasAttachments',
    'importance',
    'inferenceClassification',
    'internetMessageHeaders',
    'internetMessageId',
    'isDeliveryReceiptRequested',
    'isDraft',
    'isRead',
    'isReadReceiptRequested',
    'parentFolderId',
    'receivedDateTime',
    'replyTo',
    'sender',
    'sentDateTime',
    'subject',
    'toRecipients',
    'uniqueBody',
    'webLink',
    'attachments',
    'extensions',
    'multiValueExtendedProperties',
    'singleValueExtendedProperties',
  ],
};

/** mailFolder's properties and relationships (https://learn.microsoft.com/en-us/graph/api/resources/mailfolder). */
export const MAIL_FOLDER_TYPE: GraphType = {
  name: 'microsoft.graph.mailFolder',
  properties: [
    'childFolderCount',
    'displayName',
    'id',
    'isHidden',
    'parentFolderId',
    'totalItemCount',
    'unreadItemCount',
    'childFolders',
    'messageRules',
    'messages',
    'multiValueExtendedProperties',
    'singleValueExtendedProperties',
  ],
};

/**
 * What Mail.ReadBasic does not read: "email in the signed-in user's mailbox except body, previewBody,
 * attachments and any extended properties" (https://learn.microsoft.com/en-us/graph/permissions-reference#mailreadbasic;
 * its Shared variant names them `body, bodyPreview, uniqueBody, attachments, extensions`).
 */
export const NOT_BASIC = ['body', 'bodyPreview', 'uniqueBody', 'attachments', 'extensions'] as const;
