import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  describeProviderConformance,
  drainSync,
  type FixtureRequest,
  type FixtureResponse,
  type ProviderErrorForm,
} from '@hub/server/integrations/core/testing';
import { OutlookProvider } from './outlook.provider';

const GRAPH = 'https://graph.microsoft.com/v1.0';
const fixtureText = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const fixture = (name: string): unknown => JSON.parse(fixtureText(name));
const error = (name: string, status: number, headers: Record<string, string> = {}): FixtureResponse => ({
  status,
  headers,
  body: fixture(name),
});

/** A JWS with the documented claims as its payload (the OAuth engine checked the signature already). */
const idToken = [{ alg: 'RS256', typ: 'JWT', kid: 'nOo3ZDrODXEK1jKWhXslHR_KXEg' }, fixture('id-token-claims.json')]
  .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
  .concat('c2lnbmF0dXJl')
  .join('.');

/** Graph's answer as the fixture server gives it: its absolute links moved to the server. */
const rebased = (name: string, { headers }: FixtureRequest): FixtureResponse => ({
  body: JSON.parse(fixtureText(name).replaceAll(GRAPH, `http://${headers.host}`)),
});

/** Where a link leads, as the server sees the request: its decoded path under the base URL, and its query. */
const keyOf = (path: string, query: URLSearchParams) => `${decodeURIComponent(path)}?${query}`;
const linkKey = (link: string) => {
  const url = new URL(link);
  return keyOf(url.pathname.slice(new URL(GRAPH).pathname.length), url.searchParams);
};
const linkOf = (name: string): string => {
  const page = fixture(name) as { '@odata.nextLink'?: string; '@odata.deltaLink'?: string };
  return String(page['@odata.nextLink'] ?? page['@odata.deltaLink']);
};
/** Each page's next or delta link, and the page it leads to. */
const NEXT = new Map(
  [
    ['mail-folders-page-1.json', 'mail-folders-page-2.json'],
    ['mail-folders-page-2.json', 'mail-folders-page-3.json'],
    ['mail-folders-page-3.json', 'mail-folders-page-4.json'],
    ['mail-folders-page-4.json', 'mail-folders-page-5.json'],
    ['delta-inbox-page-1.json', 'delta-inbox-page-2.json'],
    ['delta-inbox-page-2.json', 'delta-inbox-page-3.json'],
    ['delta-inbox-page-3.json', 'delta-inbox-changes.json'],
    ['delta-projects.json', 'delta-projects-changes.json'],
  ].map(([from, to]) => [linkKey(linkOf(from)), to]),
);

const INBOX = 'AQMkADYAAAIBDAAAAA==';
const PROJECTS = 'AQMkADYAAAIBDAAAAB0AAAA=';
const CONVERSATION_HISTORY = 'AQMkADYAAAIBFQAAAA==';
const FOLDER_FIELDS = 'id,displayName,parentFolderId,childFolderCount,totalItemCount,unreadItemCount';
const MESSAGE_FIELDS =
  'id,subject,from,toRecipients,ccRecipients,receivedDateTime,parentFolderId,categories,bodyPreview,isRead,hasAttachments,importance,conversationId,webLink';
const FIRST_DELTA: Record<string, string> = { [INBOX]: 'delta-inbox-page-1.json', [PROJECTS]: 'delta-projects.json' };
const CHILDREN: Record<string, string> = {
  [INBOX]: 'child-folders-inbox.json',
  [CONVERSATION_HISTORY]: 'child-folders-conversation-history.json',
};

/** `Prefer: odata.maxpagesize=N` of a request, when it has one. */
const maxPageSize = (request: FixtureRequest): number | undefined => {
  const match = /odata\.maxpagesize=(\d+)/.exec(String(request.headers['prefer'] ?? ''));
  return match ? Number(match[1]) : undefined;
};
const immutableIds = (request: FixtureRequest) => /IdType="ImmutableId"/.test(String(request.headers['prefer'] ?? ''));

/** An empty folder's round, as Graph answers it: no messages, a deltaLink. */
const emptyRound = (folder: string, { headers }: FixtureRequest): FixtureResponse => ({
  body: {
    '@odata.context': `http://${headers.host}/$metadata#Collection(message)`,
    '@odata.deltaLink': `http://${headers.host}/me/mailfolders('${folder}')/messages/delta?$deltatoken=empty`,
    value: [],
  },
});

/**
 * Outlook as List mailFolders, List childFolders and message delta document them
 * (https://learn.microsoft.com/en-us/graph/api/user-list-mailfolders,
 * https://learn.microsoft.com/en-us/graph/delta-query-messages): nine top-level folders (one a search
 * folder under the Inbox) in pages of two, the children of Conversation History and the Inbox; the
 * Inbox's five messages in three delta pages and Projects' one, the other folders empty; from the
 * deltaLinks, the Inbox's next round (one deleted, one marked read, one moved out) and Projects' (the
 * moved one in). Every request must prefer immutable ids; a delta request with `$top` is refused, and
 * a delta link Graph did not hand out answers 410 SyncStateNotFound.
 */
function outlook(request: FixtureRequest): FixtureResponse {
  const { path, query } = request;
  if (!immutableIds(request)) return error('error-400.json', 400);
  const next = NEXT.get(keyOf(path, query));
  if (next) return rebased(next, request);
  const decoded = decodeURIComponent(path);
  const selected = (fields: string) => query.get('$select') === fields;
  if (decoded === '/me/mailFolders' && selected(FOLDER_FIELDS) && query.has('$top') && !query.has('$skip')) {
    return rebased('mail-folders-page-1.json', request);
  }
  const children = /^\/me\/mailFolders\/([^/]+)\/childFolders$/.exec(decoded);
  if (children && selected(FOLDER_FIELDS) && query.has('$top')) {
    const name = CHILDREN[children[1]];
    return name ? rebased(name, request) : { body: { value: [] } };
  }
  const delta = /^\/me\/mail[Ff]olders(?:\/([^/]+)|\('([^']+)'\))\/messages\/delta$/.exec(decoded);
  if (delta) {
    if (query.has('$top') || maxPageSize(request) === undefined) return error('error-400.json', 400);
    const folder = delta[1] ?? delta[2];
    if (delta[1] !== undefined && selected(MESSAGE_FIELDS) && [...query.keys()].length === 1) {
      return FIRST_DELTA[folder] ? rebased(FIRST_DELTA[folder], request) : emptyRound(folder, request);
    }
    if (query.get('$deltatoken') === 'empty') return emptyRound(folder, request);
    return error('error-410-sync-state.json', 410);
  }
  return error('error-404.json', 404);
}

/** "Connected as": /me, /organization and the inbox, each with the `$select` the provider needs. */
function account(request: FixtureRequest): FixtureResponse {
  const { path, query } = request;
  const selected = query.get('$select');
  if (!immutableIds(request)) return error('error-400.json', 400);
  if (path === '/me' && selected === 'id,displayName,mail,userPrincipalName') return { body: fixture('me.json') };
  if (path === '/organization' && selected === 'id,displayName') return { body: fixture('organization.json') };
  if (path === '/me/mailFolders/inbox' && selected === 'id,totalItemCount,unreadItemCount') {
    return { body: fixture('inbox.json') };
  }
  return error('error-404.json', 404);
}

const sync: ProviderErrorForm['call'] = (provider, credentials) => drainSync(provider, credentials, 'messages');

describeProviderConformance({
  provider: new OutlookProvider(),
  create: ({ apiBaseUrl, pageSize }) =>
    new OutlookProvider().withOptions({ apiBaseUrl, ...(pageSize ? { pageSize } : {}) }),
  credentials: { accessToken: 'conformance-access-token', idToken },
  account: {
    respond: account,
    expected: {
      externalAccountId: '84841066-274d-4ec0-a5c1-276be684bdd3:87d349ed-44d7-43e1-9a83-5f2406dee5bd',
      displayName: 'Adele Vance',
      email: 'AdeleV@contoso.com',
      workspaceName: 'Contoso',
      url: 'https://outlook.office.com/mail/',
      details: {
        accountType: 'work or school account',
        organization: 'Contoso',
        inboxMessages: 71,
        inboxUnread: 70,
      },
    },
  },
  errors: {
    // https://github.com/besscroft/diyfile/issues/1: an expired access token.
    unauthorized: { answer: error('error-401.json', 401) },
    // Outlook's 403 for a missing permission (https://github.com/microsoftgraph/aspnetcore-connect-sample/issues/37).
    insufficientScope: { answer: error('error-403.json', 403), call: sync },
    notFound: { answer: error('error-404.json', 404) },
    // An expired Outlook delta token: 410 SyncStateNotFound (https://github.com/microsoftgraph/microsoft-graph-docs/issues/2350).
    cursorExpired: { answer: error('error-410-sync-state.json', 410), call: sync },
    // https://learn.microsoft.com/en-us/graph/throttling shows this body.
    rateLimited: { answer: error('error-429.json', 429, { 'retry-after': '10' }), retryAfterMs: 10_000, call: sync },
    serverError: { answer: error('error-500.json', 500) },
    providerSpecific: [
      {
        // More than 4 requests at a time for one mailbox (https://github.com/alcionai/corso/issues/3695),
        // with Graph's fractional Retry-After (https://learn.microsoft.com/en-us/graph/throttling).
        what: '429 ApplicationThrottled (MailboxConcurrency) with a fractional Retry-After',
        answer: error('error-429-mailbox-concurrency.json', 429, { 'retry-after': '2.128' }),
        code: 'RATE_LIMITED',
        retryAfterMs: 2128,
        messageIncludes: '4 requests at a time per mailbox',
        call: sync,
      },
      {
        // The basic error code of https://learn.microsoft.com/en-us/graph/errors, as Graph spells it there.
        what: '410 syncStateNotFound (lower case)',
        answer: error('error-410-sync-state-lower.json', 410),
        code: 'CURSOR_INVALID',
        messageIncludes: 'a full sync follows',
        call: sync,
      },
      {
        // No Exchange Online licence, a guest, a mailbox on-premises
        // (https://github.com/microsoftgraph/msgraph-sdk-javascript/issues/1756): at connect time.
        what: '404 MailboxNotEnabledForRESTAPI on connect',
        answer: error('error-404-mailbox-not-enabled.json', 404),
        code: 'INVALID_CONFIG',
        messageIncludes: 'no Exchange Online mailbox',
      },
      {
        what: '404 MailboxNotEnabledForRESTAPI on sync',
        answer: error('error-404-mailbox-not-enabled.json', 404),
        code: 'INVALID_CONFIG',
        messageIncludes:
          'has no Exchange Online licence, is a guest in the organization, or its mailbox is on-premises',
        call: sync,
      },
      {
        // "503 Service Unavailable … may be specified in a Retry-After header" (https://learn.microsoft.com/en-us/graph/errors).
        what: '503 serviceNotAvailable with Retry-After',
        answer: error('error-503.json', 503, { 'retry-after': '30' }),
        code: 'RATE_LIMITED',
        retryAfterMs: 30_000,
        call: sync,
      },
    ],
  },
  sync: [
    {
      resource: 'folders',
      pageSize: 2,
      respond: outlook,
      // Nine top-level folders less the search folder, Team Chat and Projects.
      expectedRecords: 10,
      pageSizeOf: (request) => (request.path.includes('/messages/') ? undefined : Number(request.query.get('$top'))),
    },
    {
      resource: 'messages',
      pageSize: 2,
      respond: outlook,
      expectedRecords: 6,
      pageSizeOf: (request) => (request.path.endsWith('/messages/delta') ? maxPageSize(request) : undefined),
      incremental: {
        changedIds: ['AAMkADNkNAAASq35xAAA=', 'AQMkADNkNAAAgWkAAAA'],
        deletedIds: ['AAMkADk0MGFkODE3LWEAAA='],
      },
    },
  ],
});
