import { type FixtureServer, startFixtureServer } from '@hub/server/integrations/core/testing';
import { exchangeCodeAtTokenEndpoint, refreshAtTokenEndpoint, revokeAtEndpoint, tokenSetOf } from './token-endpoint';

describe('tokenSetOf', () => {
  it('should read a standard answer at its top level', () => {
    expect(
      tokenSetOf({ access_token: 'at', refresh_token: 'rt', expires_in: 3599, scope: 'a b', token_type: 'Bearer' }),
    ).toEqual({
      ok: true,
      accessToken: 'at',
      refreshToken: 'rt',
      expiresIn: 3599,
      scope: 'a b',
      tokenType: 'Bearer',
      idToken: undefined,
    });
  });

  it('should read Slack’s user token from authed_user, and its flat refresh answer from the top level', () => {
    const exchange = {
      ok: true,
      app_id: 'A1',
      authed_user: {
        id: 'U1',
        scope: 'channels:read',
        access_token: 'xoxp-1',
        refresh_token: 'xoxe-1',
        expires_in: 43200,
        token_type: 'user',
      },
      team: { id: 'T1', name: 'Acme' },
    };
    expect(tokenSetOf(exchange, 'authed_user')).toMatchObject({
      accessToken: 'xoxp-1',
      refreshToken: 'xoxe-1',
      expiresIn: 43200,
      tokenType: 'user',
    });
    expect(
      tokenSetOf({ ok: true, access_token: 'xoxp-2', refresh_token: 'xoxe-2', expires_in: 43200 }, 'authed_user'),
    ).toMatchObject({
      accessToken: 'xoxp-2',
      refreshToken: 'xoxe-2',
    });
  });

  it('should find no token set in an error answered with 200 (Slack’s ok:false, GitHub’s error field)', () => {
    expect(tokenSetOf({ ok: false, error: 'invalid_code' }, 'authed_user')).toBeNull();
    expect(
      tokenSetOf({ error: 'bad_verification_code', error_description: 'The code is incorrect or expired.' }),
    ).toBeNull();
    expect(tokenSetOf({ access_token: '' })).toBeNull();
  });
});

describe('the token endpoint client', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixtureServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });
  const client = (clientAuthentication: 'client_secret_basic' | 'client_secret_post') => ({
    tokenUrl: `${server.url}/token`,
    clientId: 'hub client',
    clientSecret: 's3cret:value',
    clientAuthentication,
  });

  it('should authenticate with HTTP Basic only when the manifest says client_secret_basic (no secret in the body)', async () => {
    server.answer(() => ({ body: { access_token: 'at', token_type: 'Bearer' } }));
    const answer = await exchangeCodeAtTokenEndpoint({
      ...client('client_secret_basic'),
      code: 'the-code',
      redirectUri: 'http://localhost:3000/api/integrations/slack/callback',
      codeVerifier: 'v'.repeat(43),
    });
    expect(answer).toMatchObject({ ok: true, tokens: { accessToken: 'at' } });
    const [request] = server.requests;
    const body = new URLSearchParams(request.body);
    expect(request.headers['authorization']).toBe(
      `Basic ${Buffer.from('hub%20client:s3cret%3Avalue').toString('base64')}`,
    );
    expect(body.get('client_secret')).toBeNull();
    expect(Object.fromEntries(body)).toMatchObject({
      grant_type: 'authorization_code',
      code: 'the-code',
      code_verifier: 'v'.repeat(43),
    });
  });

  it('should post the client credentials in the body for client_secret_post, never in a header', async () => {
    server.answer(() => ({ body: { access_token: 'at' } }));
    await refreshAtTokenEndpoint({ ...client('client_secret_post'), refreshToken: 'rt' });
    const [request] = server.requests;
    expect(request.headers['authorization']).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'rt',
      client_id: 'hub client',
      client_secret: 's3cret:value',
    });
  });

  it('should answer a failure for an error answered with 200, keeping only the error code', async () => {
    server.answer(() => ({ body: { ok: false, error: 'invalid_code', warning: 'superfluous_charset' } }));
    const answer = await exchangeCodeAtTokenEndpoint({
      ...client('client_secret_basic'),
      tokenResponseField: 'authed_user',
      code: 'spent',
      redirectUri: 'http://localhost:3000/cb',
    });
    expect(answer).toEqual({ ok: false, status: 200, error: 'invalid_code' });
  });

  it('should answer a failure with the status for a 400 invalid_grant', async () => {
    server.answer(() => ({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'grant request is invalid' },
    }));
    expect(await refreshAtTokenEndpoint({ ...client('client_secret_post'), refreshToken: 'spent' })).toEqual({
      ok: false,
      status: 400,
      error: 'invalid_grant',
    });
  });

  it('should keep Microsoft’s numeric error codes (AADSTS) beside the error, and nothing of the description', async () => {
    server.answer(() => ({
      status: 400,
      body: {
        error: 'invalid_grant',
        error_description: 'AADSTS700082: The refresh token has expired due to inactivity. Trace ID: 1',
        error_codes: [700082, 'x', 1.5],
        trace_id: '1',
      },
    }));
    expect(await refreshAtTokenEndpoint({ ...client('client_secret_post'), refreshToken: 'old' })).toEqual({
      ok: false,
      status: 400,
      error: 'invalid_grant',
      errorCodes: [700082],
    });
  });

  it('should refuse to follow a redirect from the revocation endpoint, so the token and secret go nowhere else', async () => {
    server.answer((request) =>
      request.path === '/revoke' ? { status: 307, headers: { location: `${server.url}/elsewhere` } } : { body: {} },
    );
    await expect(
      revokeAtEndpoint({
        ...client('client_secret_post'),
        revocationUrl: `${server.url}/revoke`,
        token: 'rt',
        tokenTypeHint: 'refresh_token',
      }),
    ).rejects.toThrow();
    expect(server.requests.map((r) => r.path)).toEqual(['/revoke']);
  });
});
