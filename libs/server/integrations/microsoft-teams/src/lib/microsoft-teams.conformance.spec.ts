import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MICROSOFT_CONSUMERS_TENANT_ID } from '@hub/server/integrations/core';
import {
  describeProviderConformance,
  drainSync,
  type FixtureRequest,
  type FixtureResponse,
  type ProviderErrorForm,
} from '@hub/server/integrations/core/testing';
import { MicrosoftTeamsProvider } from './microsoft-teams.provider';

const GRAPH = 'https://graph.microsoft.com/v1.0';
const fixtureText = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const fixture = (name: string): unknown => JSON.parse(fixtureText(name));
const error = (name: string, status: number, headers: Record<string, string> = {}): FixtureResponse => ({
  status,
  headers,
  body: fixture(name),
});

/** A JWS with the documented claims as its payload (the OAuth engine checked the signature already). */
const jws = (claims: unknown) =>
  [{ alg: 'RS256', typ: 'JWT', kid: 'nOo3ZDrODXEK1jKWhXslHR_KXEg' }, claims]
    .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
    .concat('c2lnbmF0dXJl')
    .join('.');
const CLAIMS = fixture('id-token-claims.json') as Record<string, unknown>;
const idToken = jws(CLAIMS);

/** Graph's answer as the fixture server gives it: its absolute links moved to the server. */
const rebased = (name: string, { headers }: FixtureRequest): FixtureResponse => ({
  body: JSON.parse(fixtureText(name).replaceAll(GRAPH, `http://${headers.host}`)),
});

const T1 = '172b0cce-e65d-44ce-9a49-91d9f2e8493a';
const T2 = 'fbe2bf47-16c8-47cf-b4a5-4b9b187c508b';
const GENERAL = '19:4a95f7d8db4c4e7fae857bcebe0623e6@thread.tacv2';
const CONTOSO_GENERAL = '19:561fbdbbfca848a484f0a6f00ce9dbbd@thread.tacv2';
const DESIGN = '19:8e3c2a1ba4f64f0d9b7b1c5d2e6f7a80@thread.tacv2';

/** Where a link leads, as the server sees the request: its path under the base URL, and its query. */
const keyOf = (path: string, query: URLSearchParams) => `${path}?${query}`;
const linkKey = (link: string) => {
  const url = new URL(link);
  return keyOf(url.pathname.slice(new URL(GRAPH).pathname.length), url.searchParams);
};
const linkOf = (name: string, which: '@odata.nextLink' | '@odata.deltaLink') =>
  String((fixture(name) as Record<string, unknown>)[which]);
/** Each link the fixtures hand out, and the fixture it leads to. */
const LINKS = new Map<string, string>([
  [linkKey(linkOf('delta-page-1.json', '@odata.nextLink')), 'delta-page-2.json'],
  [linkKey(linkOf('delta-page-2.json', '@odata.nextLink')), 'delta-page-3.json'],
  [linkKey(linkOf('delta-page-3.json', '@odata.deltaLink')), 'delta-changes.json'],
  [linkKey(linkOf('delta-empty-general-contoso.json', '@odata.deltaLink')), 'delta-empty-general-contoso.json'],
  [linkKey(linkOf('delta-empty-design.json', '@odata.deltaLink')), 'delta-empty-design.json'],
  [
    linkKey(
      String((fixture('delta-page-3.json') as { value: Record<string, unknown>[] }).value[0]['replies@odata.nextLink']),
    ),
    'replies-more.json',
  ],
  [linkKey(linkOf('replies-page-1.json', '@odata.nextLink')), 'replies-page-2.json'],
]);
const FIRST_DELTA: Record<string, string> = {
  [GENERAL]: 'delta-page-1.json',
  [CONTOSO_GENERAL]: 'delta-empty-general-contoso.json',
  [DESIGN]: 'delta-empty-design.json',
};
const REPLIES: Record<string, string> = {
  '1611351582080': 'replies-page-1.json',
  '1611351603178': 'replies-empty.json',
};
const DELTA = /^\/teams\/([0-9a-f-]{36})\/channels\/([^/]+)\/messages\/delta$/;
const THREAD_REPLIES = /^\/teams\/([0-9a-f-]{36})\/channels\/([^/]+)\/messages\/(\d+)\/replies$/;
const CHANNEL_FIELDS = 'id,displayName,description,membershipType,createdDateTime,webUrl';

/**
 * Microsoft Teams as Graph documents it: /me/joinedTeams (two teams, without OData parameters),
 * /teams/{id}/channels with `$select` (https://learn.microsoft.com/en-us/graph/api/channel-list),
 * channel message delta with `$top` and `$expand=replies` in the documentation's three pages (Example 1
 * of https://learn.microsoft.com/en-us/graph/api/chatmessage-delta; one post with a reply and a deleted
 * reply, one whose replies go on at `replies@odata.nextLink` as in Example 3 of
 * https://learn.microsoft.com/en-us/graph/api/channel-list-messages), the two other channels empty; from
 * the deltaLink, Example 2's new post with the replies of
 * https://learn.microsoft.com/en-us/graph/api/chatmessage-list-replies, an edited post and a deleted one;
 * replies of the two watched threads. A link it did not hand out is refused like Graph does.
 */
function teams(request: FixtureRequest): FixtureResponse {
  const { path, query } = request;
  const linked = LINKS.get(keyOf(path, query));
  if (linked) return rebased(linked, request);
  if (path === '/me/joinedTeams' && [...query.keys()].length === 0) return { body: fixture('joined-teams.json') };
  if (path === `/teams/${T1}/channels` && query.get('$select') === CHANNEL_FIELDS) {
    return rebased('channels-contoso.json', request);
  }
  if (path === `/teams/${T2}/channels` && query.get('$select') === CHANNEL_FIELDS) {
    return rebased('channels-mark8.json', request);
  }
  const delta = DELTA.exec(path);
  if (delta && query.get('$expand') === 'replies' && query.has('$top') && [...query.keys()].length === 2) {
    const first = FIRST_DELTA[delta[2]];
    return first ? rebased(first, request) : error('error-404.json', 404);
  }
  const replies = THREAD_REPLIES.exec(path);
  if (replies && delta === null && query.has('$top') && REPLIES[replies[3]] && replies[2] === GENERAL) {
    return rebased(REPLIES[replies[3]], request);
  }
  return path.includes('delta') ? error('error-410-sync-state.json', 410) : error('error-404.json', 404);
}

/** "Connected as": /me, /organization, each with the `$select` the provider needs, and /me/joinedTeams. */
function account(request: FixtureRequest): FixtureResponse {
  const { path, query } = request;
  const selected = query.get('$select');
  if (path === '/me' && selected === 'id,displayName,mail,userPrincipalName') return { body: fixture('me.json') };
  if (path === '/organization' && selected === 'id,displayName') return { body: fixture('organization.json') };
  if (path === '/me/joinedTeams') return { body: fixture('joined-teams.json') };
  return error('error-404.json', 404);
}

/** The page size a request states: `$top`, or `Prefer: odata.maxpagesize` on lists that take no `$top`. */
const pageSizeOf = (request: FixtureRequest): number | undefined => {
  if (request.query.has('$top')) return Number(request.query.get('$top'));
  const prefer = /odata\.maxpagesize=(\d+)/.exec(String(request.headers['prefer'] ?? ''));
  return prefer ? Number(prefer[1]) : undefined;
};

const messages: ProviderErrorForm['call'] = (provider, credentials) =>
  drainSync(provider, credentials, 'channel-messages');
const key = (id: string) => `${GENERAL}/${id}`;

describeProviderConformance({
  provider: new MicrosoftTeamsProvider(),
  create: ({ apiBaseUrl, pageSize }) =>
    new MicrosoftTeamsProvider().withOptions({ apiBaseUrl, requestIntervalMs: 0, ...(pageSize ? { pageSize } : {}) }),
  credentials: { accessToken: 'conformance-access-token', idToken },
  account: {
    respond: account,
    expected: {
      externalAccountId: '84841066-274d-4ec0-a5c1-276be684bdd3:87d349ed-44d7-43e1-9a83-5f2406dee5bd',
      displayName: 'Adele Vance',
      email: 'AdeleV@contoso.com',
      workspaceName: 'Contoso',
      url: 'https://teams.microsoft.com/',
      details: { accountType: 'work or school account', organization: 'Contoso', teams: 2 },
    },
  },
  errors: {
    // https://github.com/besscroft/diyfile/issues/1: an expired access token.
    unauthorized: { answer: error('error-401.json', 401) },
    insufficientScope: { answer: error('error-403.json', 403), call: messages },
    notFound: { answer: error('error-404.json', 404) },
    // A delta token Graph no longer knows: 410 with syncStateNotFound and a fresh start in Location
    // (https://learn.microsoft.com/en-us/graph/delta-query-overview; the Teams token lifetime is not documented).
    cursorExpired: {
      answer: error('error-410-sync-state.json', 410, {
        location: `${GRAPH}/teams/${T2}/channels/${GENERAL}/messages/delta`,
      }),
      call: messages,
    },
    // https://learn.microsoft.com/en-us/graph/throttling shows this body.
    rateLimited: {
      answer: error('error-429.json', 429, { 'retry-after': '10' }),
      retryAfterMs: 10_000,
      call: messages,
    },
    serverError: { answer: error('error-500.json', 500) },
    providerSpecific: [
      {
        // Graph's Retry-After may be fractional ("Retry-After: 2.128", https://learn.microsoft.com/en-us/graph/throttling).
        what: '429 TooManyRequests with a fractional Retry-After',
        answer: error('error-429.json', 429, { 'retry-after': '2.128' }),
        code: 'RATE_LIMITED',
        retryAfterMs: 2128,
        call: messages,
      },
      {
        // 503 "may be specified in a Retry-After header" (https://learn.microsoft.com/en-us/graph/errors).
        what: '503 serviceNotAvailable with Retry-After',
        answer: error('error-503.json', 503, { 'retry-after': '30' }),
        code: 'RATE_LIMITED',
        retryAfterMs: 30_000,
        call: messages,
      },
      {
        // ChannelMessage.Read.All not granted: the admin has not consented (permissions-reference).
        what: '403 accessDenied on channel messages (no admin consent for ChannelMessage.Read.All)',
        answer: error('error-403.json', 403),
        code: 'INSUFFICIENT_SCOPE',
        messageIncludes: 'administrator',
        call: (provider, credentials) => drainSync(provider, credentials, 'channel-messages'),
      },
      {
        // A person no longer in the team, or without a Teams licence
        // (https://github.com/microsoftgraph/microsoft-graph-toolkit/issues/1663).
        what: '403 Forbidden "Failed to execute Skype backend request"',
        answer: error('error-403-skype-backend.json', 403),
        code: 'INSUFFICIENT_SCOPE',
        call: (provider, credentials) => drainSync(provider, credentials, 'channels'),
      },
      {
        // Graph's refusal of an MSA token on an API that does not serve them
        // (https://github.com/microsoftgraph/microsoft-graph-docs-contrib/issues/7945).
        what: '400 BadRequest "not supported for MSA requests" (a connection without an ID token)',
        answer: error('error-400-msa.json', 400),
        code: 'INVALID_CONFIG',
        call: (provider) => drainSync(provider, { accessToken: 'conformance-access-token' }, 'channels'),
      },
      {
        // "Delegated (personal Microsoft account): Not supported" (user-list-joinedteams): refused
        // before any call, whatever Graph would answer.
        what: 'a personal Microsoft account (tid of the consumers tenant)',
        answer: { body: fixture('me.json') },
        code: 'INVALID_CONFIG',
        messageIncludes: 'work or school accounts only',
        call: (provider) =>
          provider.getAccountInfo({
            credentials: {
              accessToken: 'conformance-access-token',
              idToken: jws({
                ...CLAIMS,
                tid: MICROSOFT_CONSUMERS_TENANT_ID,
                oid: '00000000-0000-0000-c619-99d1268efafa',
              }),
            },
          }),
      },
    ],
  },
  sync: [
    {
      resource: 'channels',
      pageSize: 2,
      respond: teams,
      // Two teams, and three channels.
      expectedRecords: 5,
      pageSizeOf,
    },
    {
      resource: 'channel-messages',
      pageSize: 2,
      respond: teams,
      // Six posts, a reply (the other is deleted) and three replies of one post, two at its replies link.
      expectedRecords: 10,
      pageSizeOf,
      incremental: {
        changedIds: [
          // Example 2's new post and its three replies; an edited post.
          key('1616989510408'),
          key('1616989753153'),
          key('1616989750004'),
          key('1616989747416'),
          key('1606691795113'),
          // The watched thread's replies, read again (unchanged: the hub counts them so).
          key('1611351590000'),
          key('1611351588000'),
          key('1611351585000'),
        ],
        deletedIds: [key('1606691812117')],
      },
    },
  ],
});
