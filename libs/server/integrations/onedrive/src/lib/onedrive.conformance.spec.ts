import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  describeProviderConformance,
  drainSync,
  type FixtureRequest,
  type FixtureResponse,
  type ProviderErrorForm,
} from '@hub/server/integrations/core/testing';
import { OneDriveProvider } from './onedrive.provider';

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

/** Graph's answer as the fixture server gives it: its absolute links moved to the server (Graph's own host there). */
const rebased = (name: string, { headers }: FixtureRequest): FixtureResponse => ({
  body: JSON.parse(fixtureText(name).replaceAll(GRAPH, `http://${headers.host}`)),
});

/** Where a link leads, as the server sees the request: its path under the base URL, and its query. */
const keyOf = (path: string, query: URLSearchParams) => `${path}?${query}`;
const linkKey = (link: string) => {
  const url = new URL(link);
  return keyOf(url.pathname.slice(new URL(GRAPH).pathname.length), url.searchParams);
};
/** Each page's next or delta link, and the page it leads to. */
const NEXT = new Map(
  [
    ['delta-page-1.json', 'delta-page-2.json'],
    ['delta-page-2.json', 'delta-page-3.json'],
    ['delta-page-3.json', 'delta-page-4.json'],
    ['delta-page-4.json', 'delta-changes-page-1.json'],
    ['delta-changes-page-1.json', 'delta-changes-page-2.json'],
  ].map(([from, to]) => {
    const page = fixture(from) as { '@odata.nextLink'?: string; '@odata.deltaLink'?: string };
    return [linkKey(String(page['@odata.nextLink'] ?? page['@odata.deltaLink'])), to];
  }),
);
const ITEM_FIELDS =
  'id,name,size,file,folder,package,root,deleted,parentReference,createdDateTime,lastModifiedDateTime,webUrl,createdBy,lastModifiedBy';

/**
 * OneDrive as driveItem delta documents it (https://learn.microsoft.com/en-us/graph/api/driveitem-delta):
 * the first request with `$select` and `$top`, four pages (the root folder, a folder; two files; a
 * deleted file and a folder; a file) linked by `@odata.nextLink`s written the three ways the
 * documentation writes them, the last with an `@odata.deltaLink`; from it two pages of changes (the
 * folder deleted, a file renamed; a new file). A link it did not hand out is refused like Graph does.
 */
function onedrive(request: FixtureRequest): FixtureResponse {
  const { path, query } = request;
  const next = NEXT.get(keyOf(path, query));
  if (next) return rebased(next, request);
  if (path === '/me/drive/root/delta' && [...query.keys()].every((key) => key === '$select' || key === '$top')) {
    return query.get('$select') === ITEM_FIELDS && query.has('$top')
      ? rebased('delta-page-1.json', request)
      : error('error-400.json', 400);
  }
  return path.includes('delta') ? error('error-410-resync-apply.json', 410) : error('error-404.json', 404);
}

/** "Connected as": /me, /organization and /me/drive, each with the `$select` the provider needs. */
function account({ path, query }: FixtureRequest): FixtureResponse {
  const selected = query.get('$select');
  if (path === '/me' && selected === 'id,displayName,mail,userPrincipalName') return { body: fixture('me.json') };
  if (path === '/organization' && selected === 'id,displayName') return { body: fixture('organization.json') };
  if (path === '/me/drive' && selected === 'id,driveType,quota,webUrl') return { body: fixture('drive.json') };
  return error('error-404.json', 404);
}

const sync: ProviderErrorForm['call'] = (provider, credentials) => drainSync(provider, credentials, 'files');

describeProviderConformance({
  provider: new OneDriveProvider(),
  create: ({ apiBaseUrl, pageSize }) =>
    new OneDriveProvider().withOptions({ apiBaseUrl, ...(pageSize ? { pageSize } : {}) }),
  credentials: { accessToken: 'conformance-access-token', idToken },
  account: {
    respond: account,
    expected: {
      externalAccountId: '84841066-274d-4ec0-a5c1-276be684bdd3:87d349ed-44d7-43e1-9a83-5f2406dee5bd',
      displayName: 'Adele Vance',
      email: 'AdeleV@contoso.com',
      workspaceName: 'Contoso',
      details: {
        accountType: 'work or school account',
        organization: 'Contoso',
        driveType: 'business',
        storage: '61.3 MB used of 1 TB',
        storageState: 'normal',
      },
    },
  },
  errors: {
    // https://github.com/besscroft/diyfile/issues/1: an expired access token.
    unauthorized: { answer: error('error-401.json', 401) },
    insufficientScope: { answer: error('error-403.json', 403), call: sync },
    notFound: { answer: error('error-404.json', 404) },
    // A delta token the service can no longer continue: 410 Gone with a fresh start in Location.
    cursorExpired: {
      answer: error('error-410-resync-apply.json', 410, {
        location: `${GRAPH}/me/drive/root/delta?token=aTE09NjM1ODMwODcwNjE1MzM7RVA9MDtSTj1UcnVl`,
      }),
      call: sync,
    },
    // https://learn.microsoft.com/en-us/graph/throttling shows this body.
    rateLimited: { answer: error('error-429.json', 429, { 'retry-after': '10' }), retryAfterMs: 10_000, call: sync },
    serverError: { answer: error('error-500.json', 500) },
    providerSpecific: [
      {
        // Graph's Retry-After may be fractional ("Retry-After: 2.128", https://learn.microsoft.com/en-us/graph/throttling);
        // OneDrive's own throttling body (https://learn.microsoft.com/en-us/answers/questions/648796/retry-after-header-upper-limit-or-range).
        what: '429 activityLimitReached:throttledRequest with a fractional Retry-After',
        answer: error('error-429-activity-limit.json', 429, { 'retry-after': '2.128' }),
        code: 'RATE_LIMITED',
        retryAfterMs: 2128,
        call: sync,
      },
      {
        // SharePoint and OneDrive throttle with 503 too, with a Retry-After
        // (https://learn.microsoft.com/en-us/sharepoint/dev/general-development/how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online).
        what: '503 serviceNotAvailable with Retry-After',
        answer: error('error-503.json', 503, { 'retry-after': '30' }),
        code: 'RATE_LIMITED',
        retryAfterMs: 30_000,
        call: sync,
      },
      {
        // https://github.com/OneDrive/onedrive-api-docs/issues/1356: "your application does need to do a full enumeration".
        what: '410 resyncRequired with Location',
        answer: error('error-410-resync-required.json', 410, {
          location: `${GRAPH}/me/drive/root/delta?token=aTE09NjM1ODMwODcwNjE1MzM7RVA9MDtSTj1UcnVl`,
        }),
        code: 'CURSOR_INVALID',
        messageIncludes: 'a full sync follows',
        call: sync,
      },
      {
        // https://github.com/microsofthackathons/tdi/issues/24: a token for another resource, with WWW-Authenticate.
        what: '401 InvalidAuthenticationToken (invalid audience)',
        answer: error('error-401-invalid-audience.json', 401, {
          'www-authenticate':
            'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
        }),
        code: 'AUTH_REVOKED',
        messageIncludes: 'reconnect OneDrive',
        call: sync,
      },
      {
        // Get drive: "If the drive does not exist and cannot be provisioned automatically … 404"
        // (https://learn.microsoft.com/en-us/graph/api/drive-get).
        what: '404 itemNotFound on the first delta request (the account has no OneDrive)',
        answer: error('error-404.json', 404),
        code: 'NOT_FOUND',
        messageIncludes: 'no OneDrive',
        call: sync,
      },
    ],
  },
  sync: [
    {
      resource: 'files',
      pageSize: 2,
      respond: onedrive,
      expectedRecords: 5,
      pageSizeOf: (request) => (request.query.has('$top') ? Number(request.query.get('$top')) : undefined),
      incremental: {
        changedIds: ['01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K', '01BYE5RZ4DVB5GOXHXONBJCVXSSTAIZA3W'],
        deletedIds: ['01BYE5RZZ5OJSCSRM6BZDY7ZEFZ3NJ2QAY'],
      },
    },
  ],
});
