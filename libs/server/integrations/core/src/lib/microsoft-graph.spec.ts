import { startFixtureServer, type FixtureServer } from '../testing/fixture-server';
import { IntegrationError } from './integration-error';
import {
  graphErrorCode,
  graphLinkPath,
  graphPage,
  graphPreferHeader,
  graphPreferMaxPageSize,
  GRAPH_PREFER_IMMUTABLE_ID,
  isGraphLink,
  isPersonalMicrosoftAccount,
  MICROSOFT_CONSUMERS_TENANT_ID,
  microsoftAccountKey,
  microsoftIdentity,
  toMicrosoftIntegrationError,
} from './microsoft-graph';
import { ProviderApiError, ProviderHttp } from './provider-http';

const GRAPH = 'https://graph.microsoft.com/v1.0';
const TOKEN = 'EwBwA8l6BAAUbDba3x2OMJElkF7gJ4z/VbCPEz0AAaf-graph-access-token';

/** Graph's error body as https://learn.microsoft.com/en-us/graph/errors shows it, with `inner` as its innerError. */
const graphError = (code: string, inner: Record<string, unknown> = {}, message = 'A message that may change') => ({
  error: {
    code,
    message,
    innerError: { date: '2020-08-18T12:51:51', 'request-id': '94fb3b52-452a-4535-a601-69e0a90e3aa2', ...inner },
  },
});

/** The failure ProviderHttp makes of a Graph answer: status, path and the code `graphErrorCode` keeps. */
const failure = (status: number, body: unknown, retryAfterMs?: number, path = '/me/drive/root/delta') =>
  new ProviderApiError('OneDrive', status, path, graphErrorCode(body), retryAfterMs);
const mapped = (status: number, body: unknown, retryAfterMs?: number) =>
  toMicrosoftIntegrationError(failure(status, body, retryAfterMs), 'OneDrive');

/** A JWS with `claims` as its payload (the signature is not the provider's to check). */
const idToken = (claims: unknown): string =>
  [{ alg: 'RS256', typ: 'JWT', kid: 'nOo3ZDrODXEK1jKWhXslHR_KXEg' }, claims]
    .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
    .concat('c2lnbmF0dXJlLW5vdC1jaGVja2VkLWhlcmU')
    .join('.');

/** The v2.0 ID token claims of https://learn.microsoft.com/en-us/entra/identity-platform/id-token-claims-reference. */
const WORK_CLAIMS = {
  aud: '6cb04018-a3f5-46a7-b995-940c78f5aef3',
  iss: 'https://login.microsoftonline.com/b9419818-09af-49c2-b0c3-653adc1f376e/v2.0',
  iat: 1536361411,
  nbf: 1536361411,
  exp: 1536361711,
  name: 'Abe Lincoln',
  oid: '00000000-0000-0000-66f3-3332eca7ea81',
  preferred_username: 'AbeLi@microsoft.com',
  rh: 'I',
  sub: 'HKZpfaHyWadeOouYlitjrI-KffTm222X5rrV3xDqfKQ',
  tid: 'b9419818-09af-49c2-b0c3-653adc1f376e',
  uti: 'fqiBqXLPj0eQa82S-IYFAA',
  ver: '2.0',
};

describe('graphErrorCode', () => {
  it('should keep the top-level code of Graph’s documented error body, never the message', () => {
    const body = {
      error: {
        code: 'invalidRange',
        message: 'Uploaded fragment overlaps with existing data.',
        innerError: { 'request-id': 'request-id', date: 'date-time' },
      },
    };
    expect(graphErrorCode(body)).toBe('invalidRange');
    expect(graphErrorCode(graphError('itemNotFound', {}, 'secret-looking message'))).toBe('itemNotFound');
  });

  it('should add the innermost inner code, in either casing and however nested', () => {
    expect(graphErrorCode(graphError('activityLimitReached', { code: 'throttledRequest' }))).toBe(
      'activityLimitReached:throttledRequest',
    );
    // https://learn.microsoft.com/en-us/graph/throttling: the inner code is the status.
    expect(graphErrorCode(graphError('TooManyRequests', { code: '429', status: '429' }))).toBe('TooManyRequests:429');
    expect(
      graphErrorCode({
        error: {
          code: 'resyncRequired',
          innererror: { code: 'resyncRequired', innererror: { code: 'resyncChangesApplyDifferences' } },
        },
      }),
    ).toBe('resyncRequired:resyncChangesApplyDifferences');
    expect(
      graphErrorCode({
        error: { code: 'invalidRequest', innerError: { code: 'invalidQueryOption', innererror: { date: 'x' } } },
      }),
    ).toBe('invalidRequest:invalidQueryOption');
  });

  it('should keep the top-level code alone when the inner one repeats it, is unsafe or makes it too long', () => {
    expect(graphErrorCode(graphError('accessDenied', { code: 'accessDenied' }))).toBe('accessDenied');
    expect(graphErrorCode(graphError('accessDenied', { code: '<script>' }))).toBe('accessDenied');
    expect(graphErrorCode(graphError('accessDenied', { code: 42 }))).toBe('accessDenied');
    expect(graphErrorCode(graphError('resyncChangesUploadDifferences', { code: 'x'.repeat(40) }))).toBe(
      'resyncChangesUploadDifferences',
    );
  });

  it('should stop looking deeper than Graph nests', () => {
    let inner: Record<string, unknown> = { code: 'tooDeep' };
    for (let i = 0; i < 20; i++) inner = { innererror: inner };
    expect(graphErrorCode({ error: { code: 'generalException', innererror: inner } })).toBe('generalException');
  });

  it.each([
    ['a body that is not Graph’s', { message: 'not Graph' }],
    ['an error that is a string', { error: 'invalid_grant' }],
    ['a code of other characters', graphError('bad code with spaces')],
    ['a code that is not a string', { error: { code: 401 } }],
    ['a code that is too long', graphError('a'.repeat(65))],
    ['null', null],
    ['an HTML page', '<html>Service Unavailable</html>'],
  ])('should keep nothing from %s', (_case, body) => {
    expect(graphErrorCode(body)).toBeUndefined();
  });
});

describe('toMicrosoftIntegrationError', () => {
  it.each([
    [401, graphError('InvalidAuthenticationToken'), 'AUTH_REVOKED', 'reconnect OneDrive'],
    [401, graphError('unauthenticated'), 'AUTH_REVOKED', 'reconnect OneDrive'],
    [403, graphError('ErrorAccessDenied'), 'INSUFFICIENT_SCOPE', 'a permission is missing'],
    [403, graphError('accessDenied'), 'INSUFFICIENT_SCOPE', 'a permission is missing'],
    [403, graphError('Authorization_RequestDenied'), 'INSUFFICIENT_SCOPE', 'an administrator must grant'],
    [403, graphError('Forbidden'), 'INSUFFICIENT_SCOPE', 'lack a permission or a licence'],
    [404, graphError('MailboxNotEnabledForRESTAPI'), 'INVALID_CONFIG', 'no Exchange Online mailbox'],
    [403, graphError('MailboxNotEnabledForRESTAPI'), 'INVALID_CONFIG', 'no Exchange Online mailbox'],
    [402, graphError('PaymentRequired'), 'INVALID_CONFIG', 'link an Azure subscription'],
    [404, graphError('itemNotFound'), 'NOT_FOUND', 'found nothing at /me/drive/root/delta'],
    [410, graphError('resyncRequired'), 'CURSOR_INVALID', 'a full sync follows'],
    [410, graphError('resyncChangesApplyDifferences'), 'CURSOR_INVALID', 'a full sync follows'],
    [410, graphError('resyncChangesUploadDifferences'), 'CURSOR_INVALID', 'a full sync follows'],
    [410, graphError('resyncRequired', { code: 'resyncApplyDifferences' }), 'CURSOR_INVALID', 'full sync'],
    [410, graphError('resyncRequired', { code: 'resyncUploadDifferences' }), 'CURSOR_INVALID', 'full sync'],
    [410, graphError('syncStateNotFound'), 'CURSOR_INVALID', 'a full sync follows'],
    [410, graphError('SyncStateNotFound'), 'CURSOR_INVALID', 'a full sync follows'],
    [410, graphError('RESYNCREQUIRED'), 'CURSOR_INVALID', 'a full sync follows'],
    [410, {}, 'CURSOR_INVALID', 'a full sync follows'],
    [400, graphError('syncStateNotFound'), 'CURSOR_INVALID', 'a full sync follows'],
    [404, graphError('SyncStateNotFound'), 'CURSOR_INVALID', 'a full sync follows'],
    [429, graphError('TooManyRequests', { code: '429' }), 'RATE_LIMITED', 'the sync waits'],
    [429, graphError('activityLimitReached', { code: 'throttledRequest' }), 'RATE_LIMITED', 'the sync waits'],
    [503, graphError('serviceNotAvailable'), 'RATE_LIMITED', 'the sync waits'],
    [504, {}, 'RATE_LIMITED', 'the sync waits'],
    [500, graphError('generalException'), 'TEMPORARY', 'unavailable (500)'],
    [502, '<html>Bad Gateway</html>', 'TEMPORARY', 'unavailable (502)'],
    [507, graphError('quotaLimitReached'), 'TEMPORARY', 'unavailable (507)'],
    [400, graphError('invalidRequest'), 'INVALID_CONFIG', 'rejected the request (400)'],
    [409, graphError('nameAlreadyExists'), 'UNKNOWN', 'Unexpected answer'],
  ])('should map %i %j to %s, saying “%s”', (status, body, code, words) => {
    const error = mapped(status, body);
    expect({ code: error.code, status: error.options.status }).toEqual({ code, status });
    expect(error.message).toContain(words);
    expect(error.message).not.toContain('A message that may change');
  });

  it('should say what an account without a mailbox lacks', () => {
    expect(mapped(404, graphError('MailboxNotEnabledForRESTAPI')).message).toBe(
      'This Microsoft account has no Exchange Online mailbox (MailboxNotEnabledForRESTAPI): it has no Exchange Online licence, is a guest in the organization, or its mailbox is on-premises. Connect an account with an Exchange Online mailbox, or ask an administrator to assign it a licence',
    );
  });

  it('should carry the wait ProviderHttp read for 429, 503 and 504, and be retryable only for those and 5xx', () => {
    expect(mapped(429, graphError('TooManyRequests'), 2128).options).toEqual({ status: 429, retryAfterMs: 2128 });
    expect(mapped(503, graphError('serviceNotAvailable'), 30_000).options.retryAfterMs).toBe(30_000);
    expect(mapped(504, {}).options).toEqual({ status: 504, retryAfterMs: undefined });
    expect(mapped(429, {}).retryable).toBe(true);
    expect(mapped(500, {}).retryable).toBe(true);
    for (const status of [400, 401, 402, 403, 404, 410]) expect(mapped(status, {}).retryable).toBe(false);
  });

  it('should not put a delta token from a function segment of the path in its message', () => {
    const error = toMicrosoftIntegrationError(
      failure(404, graphError('itemNotFound'), undefined, "/me/drive/root/delta(token='MzslMjM0OyUyMzE7Mzsy')"),
      'OneDrive',
    );
    expect(error.message).toBe('OneDrive found nothing at /me/drive/root/delta(…) (itemNotFound)');
  });

  it('should map transport failures like every provider, pass IntegrationErrors through, and the rest to UNKNOWN', () => {
    const timeout = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    expect(toMicrosoftIntegrationError(timeout, 'Outlook').code).toBe('TEMPORARY');
    expect(toMicrosoftIntegrationError(new TypeError('fetch failed'), 'Outlook').code).toBe('TEMPORARY');
    expect(toMicrosoftIntegrationError(new SyntaxError('Unexpected token <'), 'Outlook').code).toBe('UNKNOWN');
    const known = new IntegrationError('CURSOR_INVALID', 'already mapped');
    expect(toMicrosoftIntegrationError(known, 'Outlook')).toBe(known);
    expect(toMicrosoftIntegrationError(new Error('boom'), 'Outlook').code).toBe('UNKNOWN');
    expect(toMicrosoftIntegrationError(undefined, 'Outlook').code).toBe('UNKNOWN');
  });

  it('should map what ProviderHttp makes of Graph’s answers, with no token or body in the message', async () => {
    const server = await startFixtureServer(() => ({
      status: 403,
      body: graphError('Authorization_RequestDenied', {}, 'Insufficient privileges to complete the operation.'),
    }));
    try {
      const http = new ProviderHttp({
        provider: 'Teams',
        baseUrl: server.url,
        timeoutMs: 5_000,
        errorCode: graphErrorCode,
      });
      const error = await http.get('/me/joinedTeams', TOKEN).then(
        () => undefined,
        (e: unknown) => toMicrosoftIntegrationError(e, 'Teams'),
      );
      expect(error?.code).toBe('INSUFFICIENT_SCOPE');
      expect(error?.message).toContain('(Authorization_RequestDenied)');
      expect(error?.message).not.toContain(TOKEN);
      expect(error?.message).not.toContain('Insufficient privileges');
    } finally {
      await server.close();
    }
  });
});

describe('Graph links', () => {
  const SANDBOX = 'http://127.0.0.1:3900/onedrive/api';

  it('should turn a link under the API base URL into the path ProviderHttp takes, as it is', () => {
    expect(graphLinkPath(`${GRAPH}/me/drive/root/delta?token=1230919asd190410jlka`, GRAPH, 'OneDrive')).toBe(
      '/me/drive/root/delta?token=1230919asd190410jlka',
    );
    // The documentation's own examples, written three ways (https://learn.microsoft.com/en-us/graph/api/driveitem-delta).
    expect(graphLinkPath(`${GRAPH}/me/drive/delta(token=1230919asd190410jlka)`, `${GRAPH}/`, 'OneDrive')).toBe(
      '/me/drive/delta(token=1230919asd190410jlka)',
    );
    expect(graphLinkPath(`${GRAPH}/me/drive/root/delta?(token='MzslMjM0OyUy')`, GRAPH, 'OneDrive')).toBe(
      "/me/drive/root/delta?(token='MzslMjM0OyUy')",
    );
    expect(
      graphLinkPath(
        `${GRAPH}/me/mailFolders('inbox')/messages/delta?$skiptoken=GwcBoTmPuoTQWfcsAbkYM`,
        GRAPH,
        'Outlook',
      ),
    ).toBe("/me/mailFolders('inbox')/messages/delta?$skiptoken=GwcBoTmPuoTQWfcsAbkYM");
    expect(graphLinkPath(`${SANDBOX}/me/drive/root/delta?token=abc`, SANDBOX, 'OneDrive')).toBe(
      '/me/drive/root/delta?token=abc',
    );
  });

  it.each([
    ['another host', 'https://evil.example/v1.0/me/drive/root/delta?token=1'],
    ['a host that starts like Graph’s', 'https://graph.microsoft.com.evil.example/v1.0/me/drive/root/delta'],
    ['a path that starts like the base', 'https://graph.microsoft.com/v1.0.evil/me/drive'],
    ['a path glued to the base', 'https://graph.microsoft.com/v1.0evil/me/drive'],
    ['user info after the base', 'https://graph.microsoft.com/v1.0@evil.example/me/drive'],
    ['plain http', 'http://graph.microsoft.com/v1.0/me/drive/root/delta'],
    ['another API version', 'https://graph.microsoft.com/beta/me/drive/root/delta'],
    ['dot segments out of the base', 'https://graph.microsoft.com/v1.0/../beta/me/drive/root/delta'],
    ['encoded dot segments', 'https://graph.microsoft.com/v1.0/%2e%2e/beta/me/drive'],
    ['a backslash', 'https://graph.microsoft.com/v1.0\\@evil.example/me'],
    ['a space', 'https://graph.microsoft.com/v1.0/me/drive/root/delta?token=a b'],
    ['a line break', 'https://graph.microsoft.com/v1.0/me/drive\r\nHost: evil.example'],
    ['a fragment', 'https://graph.microsoft.com/v1.0/me/drive/root/delta#token'],
    ['non-ASCII', 'https://graph.microsoft.com/v1.0/me/drive/root/délta'],
    ['a relative link', '/me/drive/root/delta?token=1'],
    ['a protocol-relative link', '//evil.example/v1.0/me/drive'],
    ['the base alone', 'https://graph.microsoft.com/v1.0'],
    ['an enormous link', `https://graph.microsoft.com/v1.0/me/drive/root/delta?token=${'a'.repeat(17_000)}`],
    ['a number', 42],
    ['null', null],
  ])('should refuse %s', (_case, link) => {
    expect(isGraphLink(link, GRAPH)).toBe(false);
    expect(() => graphLinkPath(link, GRAPH, 'OneDrive')).toThrow(IntegrationError);
  });

  it('should refuse Graph’s own links when the provider is pointed elsewhere (the sandbox)', () => {
    expect(isGraphLink(`${GRAPH}/me/drive/root/delta?token=1`, SANDBOX)).toBe(false);
    expect(isGraphLink(`${SANDBOX}/me/drive/root/delta?token=1`, GRAPH)).toBe(false);
    expect(isGraphLink('http://127.0.0.1:39001/onedrive/api/me/drive', SANDBOX)).toBe(false);
  });

  it('should refuse with UNKNOWN, naming the base but not the link', () => {
    let error: unknown;
    try {
      graphLinkPath('https://evil.example/steal?token=delta-secret', GRAPH, 'OneDrive');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      code: 'UNKNOWN',
      message: `OneDrive answered with a paging link outside ${GRAPH}: refused (the access token goes nowhere else)`,
    });
  });

  describe('against a real server', () => {
    let graph: FixtureServer;
    let elsewhere: FixtureServer;
    beforeAll(async () => {
      graph = await startFixtureServer(() => ({ body: { value: [] } }));
      elsewhere = await startFixtureServer(() => ({ body: { value: [] } }));
    });
    afterAll(async () => {
      await graph.close();
      await elsewhere.close();
    });

    it('should follow an accepted link to exactly its path and query, with the bearer token', async () => {
      const base = `${graph.url}/v1.0`;
      const http = new ProviderHttp({ provider: 'OneDrive', baseUrl: base, timeoutMs: 5_000 });
      await http.get(graphLinkPath(`${base}/me/drive/root/delta?token=MzslMjM0&$top=2`, base, 'OneDrive'), TOKEN);
      expect(graph.requests.map((r) => [r.path, r.query.get('token'), r.query.get('$top')])).toEqual([
        ['/v1.0/me/drive/root/delta', 'MzslMjM0', '2'],
      ]);
      expect(graph.requests[0].headers['authorization']).toBe(`Bearer ${TOKEN}`);
    });

    it('should never send the token to the host a hostile link names', () => {
      const base = `${graph.url}/v1.0`;
      const page = { value: [], '@odata.nextLink': `${elsewhere.url}/v1.0/me/drive/root/delta?token=1` };
      expect(() => graphPage(page, base, 'OneDrive')).toThrow(IntegrationError);
      expect(elsewhere.requests).toHaveLength(0);
    });
  });
});

describe('graphPage', () => {
  it('should read the items and the next link, or the delta link on the last page', () => {
    const next = { value: [{ id: '1' }], '@odata.nextLink': `${GRAPH}/me/drive/delta(token=1230919asd190410jlka)` };
    expect(graphPage(next, GRAPH, 'OneDrive')).toEqual({
      value: [{ id: '1' }],
      nextLink: `${GRAPH}/me/drive/delta(token=1230919asd190410jlka)`,
    });
    const last = {
      '@odata.context': `${GRAPH}/$metadata#Collection(driveItem)`,
      value: [],
      '@odata.deltaLink': `${GRAPH}/me/drive/root/delta?token=1230919asd190410jlka`,
    };
    expect(graphPage(last, GRAPH, 'OneDrive')).toEqual({
      value: [],
      deltaLink: `${GRAPH}/me/drive/root/delta?token=1230919asd190410jlka`,
    });
    expect(graphPage({ value: [] }, GRAPH, 'Teams')).toEqual({ value: [] });
  });

  it.each([
    ['without a value list', { '@odata.deltaLink': `${GRAPH}/me/drive/root/delta?token=1` }],
    ['with a value that is not a list', { value: {} }],
    ['that is not an object', [{ id: '1' }]],
    ['with a next link that is not a string', { value: [], '@odata.nextLink': 42 }],
    ['with a delta link to another host', { value: [], '@odata.deltaLink': 'https://evil.example/v1.0/delta' }],
  ])('should fail UNKNOWN on an answer %s', (_case, body) => {
    expect(() => graphPage(body, GRAPH, 'OneDrive')).toThrow(expect.objectContaining({ code: 'UNKNOWN' }));
  });
});

describe('microsoftIdentity', () => {
  it('should decode tid, oid, name and preferred_username into the account key', () => {
    expect(microsoftIdentity(idToken(WORK_CLAIMS), 'OneDrive')).toEqual({
      tenantId: 'b9419818-09af-49c2-b0c3-653adc1f376e',
      objectId: '00000000-0000-0000-66f3-3332eca7ea81',
      accountKey: 'b9419818-09af-49c2-b0c3-653adc1f376e:00000000-0000-0000-66f3-3332eca7ea81',
      personal: false,
      name: 'Abe Lincoln',
      username: 'AbeLi@microsoft.com',
    });
  });

  it('should know a personal account by the consumers tenant, and lower-case the GUIDs', () => {
    const identity = microsoftIdentity(
      idToken({
        ...WORK_CLAIMS,
        tid: '9188040D-6C67-4C5B-B112-36A304B66DAD',
        oid: '00000000-0000-0000-C61A-AB12CD34EF56',
      }),
    );
    expect(identity).toMatchObject({
      tenantId: MICROSOFT_CONSUMERS_TENANT_ID,
      accountKey: `${MICROSOFT_CONSUMERS_TENANT_ID}:00000000-0000-0000-c61a-ab12cd34ef56`,
      personal: true,
    });
  });

  it('should leave out display claims that are absent, blank, not strings or too long', () => {
    const bare = { ...WORK_CLAIMS, name: undefined, preferred_username: undefined };
    expect(microsoftIdentity(idToken(bare))).not.toHaveProperty('name');
    expect(microsoftIdentity(idToken(bare))).not.toHaveProperty('username');
    const odd = microsoftIdentity(idToken({ ...WORK_CLAIMS, name: '  ', preferred_username: 'x'.repeat(300) }));
    expect(odd).not.toHaveProperty('name');
    expect(odd).not.toHaveProperty('username');
    expect(microsoftIdentity(idToken({ ...WORK_CLAIMS, name: ['A'] }))).not.toHaveProperty('name');
  });

  it.each([
    ['no token', undefined],
    ['an empty token', ''],
    ['a token that is not a string', { tid: WORK_CLAIMS.tid }],
    ['a token of two parts', idToken(WORK_CLAIMS).split('.').slice(0, 2).join('.')],
    ['a payload that is not base64url', 'eyJhbGciOiJSUzI1NiJ9.not+base64/.sig'],
    ['a payload that is not JSON', `h.${Buffer.from('not json').toString('base64url')}.s`],
    ['a payload that is a list', idToken([WORK_CLAIMS])],
    ['no tid', idToken({ ...WORK_CLAIMS, tid: undefined })],
    ['a tid that is not a GUID', idToken({ ...WORK_CLAIMS, tid: 'common' })],
    ['no oid (the profile scope is missing)', idToken({ ...WORK_CLAIMS, oid: undefined })],
    ['an oid that is not a GUID', idToken({ ...WORK_CLAIMS, oid: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ' })],
  ])('should refuse %s with INVALID_CONFIG, without echoing it', (_case, token) => {
    let error: unknown;
    try {
      microsoftIdentity(token, 'OneDrive');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IntegrationError);
    expect((error as IntegrationError).code).toBe('INVALID_CONFIG');
    expect((error as IntegrationError).message).toContain('reconnect OneDrive');
    if (typeof token === 'string' && token !== '') expect((error as IntegrationError).message).not.toContain(token);
  });

  it('should tell personal accounts from work or school ones', () => {
    expect(isPersonalMicrosoftAccount(MICROSOFT_CONSUMERS_TENANT_ID)).toBe(true);
    expect(isPersonalMicrosoftAccount(MICROSOFT_CONSUMERS_TENANT_ID.toUpperCase())).toBe(true);
    expect(isPersonalMicrosoftAccount(WORK_CLAIMS.tid)).toBe(false);
    expect(isPersonalMicrosoftAccount('consumers')).toBe(false);
    expect(microsoftAccountKey('B9419818-09AF-49C2-B0C3-653ADC1F376E', 'A1DBDDE8-E4F9-4571-AD93-3059E3750D23')).toBe(
      'b9419818-09af-49c2-b0c3-653adc1f376e:a1dbdde8-e4f9-4571-ad93-3059e3750d23',
    );
  });
});

describe('Prefer header values', () => {
  it('should write odata.maxpagesize and the immutable-id preference as Graph documents them', () => {
    expect(graphPreferMaxPageSize(50)).toBe('odata.maxpagesize=50');
    expect(GRAPH_PREFER_IMMUTABLE_ID).toBe('IdType="ImmutableId"');
    expect(graphPreferHeader(GRAPH_PREFER_IMMUTABLE_ID, graphPreferMaxPageSize(10))).toEqual({
      prefer: 'IdType="ImmutableId", odata.maxpagesize=10',
    });
  });

  it('should refuse page sizes that are not whole numbers from 1 to 1000', () => {
    for (const size of [0, -1, 2.5, 1001, Number.NaN]) expect(() => graphPreferMaxPageSize(size)).toThrow(RangeError);
    expect(graphPreferMaxPageSize(1000)).toBe('odata.maxpagesize=1000');
  });
});
