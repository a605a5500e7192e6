import { type SyncPage } from '@hub/server/integrations/core';
import { MicrosoftTeamsProvider } from '@hub/server/integrations/microsoft-teams';
import { type RunningSandbox, startSandbox } from '../../start-sandbox';
import { apiRequests, baseUrls, connectAs, mutate, RecordStore, syncPages } from '../../testing/emulation-harness';
import { OAuthTestClient, pkcePair } from '../../testing/oauth-test-client';
import { SANDBOX_TENANT_ID } from '../microsoft-common/personas';

/**
 * The hub's real MicrosoftTeamsProvider, unchanged, against the emulated Graph and identity platform:
 * admin consent for ChannelMessage.Read.All (a member is refused AADSTS90094 until the admin consents),
 * "connected as", full syncs of teams, channels and channel messages over several pages under the
 * 4-requests-a-second team limit, the changes `mutate` makes — new replies to earlier threads among
 * them, which delta does not show — read in exactly the counts it announces, an expired delta token
 * (one full resync, then incremental again), throttling, and a personal account refused.
 */
let sandbox: RunningSandbox;
// One instance, as Nest makes it: its pacing of each team spans every sync.
let teams: MicrosoftTeamsProvider;
const provider = () => teams;
const REDIRECT = 'http://localhost:3000/api/integrations/microsoft-teams/callback';

beforeAll(async () => {
  // The emulation's defaults: the team limit is on.
  sandbox = await startSandbox({ port: 0, only: ['microsoft-teams'] });
  teams = new MicrosoftTeamsProvider(baseUrls(sandbox, 'microsoft-teams'));
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
});

const control = (path: string, body?: unknown) =>
  fetch(`${sandbox.url}/_sandbox/microsoft-teams${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const data = async () =>
  (await (await fetch(`${sandbox.url}/_sandbox/microsoft-teams/data`)).json()) as Record<string, number>;

/** Connects as the hub does (the manifest's scopes, PKCE); the credentials the hub keeps. */
const connect = async () => {
  const body = (await connectAs(sandbox, provider())) as { access_token: string; id_token?: string };
  return { accessToken: body.access_token, ...(body.id_token ? { idToken: body.id_token } : {}) };
};
type Credentials = Awaited<ReturnType<typeof connect>>;
/** The admin signs in once, which consents for the tenant; then the member connects. */
const connectMember = async () => {
  await control('/persona', { persona: 'admin' });
  await connect();
  await control('/persona', { persona: 'member' });
  return connect();
};

const sync = (credentials: Credentials, resource: string, cursor: string | null) =>
  syncPages(provider(), { credentials, resource, cursor });
const ids = (pages: readonly SyncPage[]) => pages.flatMap((p) => p.records.map((r) => r.externalId));

describe('admin consent', () => {
  const client = () => new OAuthTestClient({ sandboxUrl: sandbox.url, providerId: 'microsoft-teams' });
  const manifestScope = () => {
    const auth = provider().manifest.auth;
    if (auth.kind !== 'oauth2') throw new Error('OAuth');
    return auth.scopes.join(' ');
  };

  it('should connect as the admin, whose consent then counts for the whole tenant', async () => {
    await control('/persona', { persona: 'admin' });
    const credentials = await connect();
    expect(await provider().getAccountInfo({ credentials })).toEqual({
      externalAccountId: `${SANDBOX_TENANT_ID}:9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d`,
      displayName: 'Adele Vance',
      email: 'adele.vance@contoso-sandbox.example',
      workspaceName: 'Contoso Sandbox',
      url: 'https://teams.microsoft.com/',
      details: { accountType: 'work or school account', organization: 'Contoso Sandbox', teams: 4 },
    });
    expect((await data())['adminConsented']).toBe(1);
  });

  it('should refuse a member AADSTS90094 before the admin consents, then connect them after the admin-consent form', async () => {
    const refused = await client().authorize({ scope: manifestScope(), challenge: pkcePair().challenge });
    expect(refused.code).toBeNull();
    expect(refused.error).toBe('access_denied');
    expect(refused.callbackUrl.searchParams.get('error_description')).toMatch(
      /^AADSTS90094: The grant requires admin permission\./,
    );
    expect(
      provider().describeTokenError({
        status: 400,
        error: 'access_denied',
        errorCodes: [],
        description: refused.callbackUrl.searchParams.get('error_description') ?? '',
      }),
    ).toMatchObject({
      kind: 'admin_consent',
    });

    // The admin consent endpoint (https://learn.microsoft.com/en-us/entra/identity-platform/v2-admin-consent).
    const auth = provider().manifest.auth;
    if (auth.kind !== 'oauth2' || !auth.adminConsent) throw new Error('The manifest declares admin consent');
    const scope = auth.adminConsent.scopes.join(' ');
    const page = await fetch(
      `${sandbox.url}/microsoft-teams/organizations/v2.0/adminconsent?${new URLSearchParams({ client_id: 'hub-microsoft-teams', scope, redirect_uri: REDIRECT, state: 's1' })}`,
    );
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<code>https://graph.microsoft.com/ChannelMessage.Read.All</code>');
    const approved = await fetch(`${sandbox.url}/microsoft-teams/organizations/v2.0/adminconsent`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: 'hub-microsoft-teams',
        redirect_uri: REDIRECT,
        state: 's1',
        requested_scope: scope,
        decision: 'allow',
      }).toString(),
    });
    expect(approved.status).toBe(303);
    const back = new URL(approved.headers.get('location') as string);
    expect(Object.fromEntries(back.searchParams)).toEqual({
      admin_consent: 'True',
      tenant: SANDBOX_TENANT_ID,
      scope,
      state: 's1',
    });

    const credentials = await connect();
    expect(await provider().getAccountInfo({ credentials })).toMatchObject({
      displayName: 'Megan Bowen',
      details: { accountType: 'work or school account', teams: 3 },
    });
  });

  it('should refuse a personal account with a clear message, without calling Graph', async () => {
    await control('/persona', { persona: 'personal' });
    // Without the admin-only permission, which a personal account cannot be granted.
    const body = await client().connect('openid profile offline_access User.Read Team.ReadBasic.All');
    const before = await apiRequests(sandbox, 'microsoft-teams');
    const error = await provider()
      .getAccountInfo({
        credentials: { accessToken: body.access_token, idToken: (body as { id_token?: string }).id_token },
      })
      .catch((e: unknown) => e);
    expect(provider().toIntegrationError(error)).toMatchObject({
      code: 'INVALID_CONFIG',
      message: expect.stringContaining(
        'Microsoft Teams works with work or school accounts only; personal Microsoft accounts have no Teams API',
      ),
    });
    expect(await apiRequests(sandbox, 'microsoft-teams')).toBe(before);
  });
});

describe('sync', () => {
  it('should sync teams and channels in a full pass each run', async () => {
    const credentials = await connectMember();
    const pages = await sync(credentials, 'channels', null);
    const records = pages.flatMap((p) => p.records);
    expect(
      records
        .filter((r) => r.data['type'] === 'team')
        .map((r) => r.data['name'])
        .sort(),
    ).toEqual(['Contoso Sandbox', 'Mark 8 Project Team', 'Sales and Marketing']);
    expect(records.filter((r) => r.data['type'] === 'channel')).toHaveLength(4);
    expect(pages.every((p) => p.syncToken === undefined)).toBe(true);
    const { expected } = await mutate(sandbox, 'microsoft-teams', { added: 2, updated: 1, deleted: 1 });
    expect(expected['channels']).toEqual({ added: 0, updated: 0, deleted: 0 });
    const store = new RecordStore();
    store.apply(pages, true);
    expect(store.apply(await sync(credentials, 'channels', null), true)).toEqual({
      ...expected['channels'],
      unchanged: 7,
    });
  });

  it('should sync every post and reply over several pages, then exactly the changes mutate announces, new replies to earlier threads included', async () => {
    const credentials = await connectMember();
    const full = await sync(credentials, 'channel-messages', null);
    expect(full.length).toBeGreaterThan(4);
    for (const page of full) expect(page.records.length).toBeLessThanOrEqual(50);
    const records = full.flatMap((p) => p.records);
    expect(new Set(ids(full)).size).toBe(records.length);
    expect(records.some((r) => r.data['isReply'] === true)).toBe(true);
    expect(new Set(records.map((r) => r.data['channelId'])).size).toBe(4);
    const eightMonths = Date.UTC(2024, 9, 1, 12, 0, 0);
    expect(
      records
        .filter((r) => !r.data['isReply'])
        .every((r) => Date.parse(String(r.data['createdDateTime'])) >= eightMonths),
    ).toBe(true);
    expect(records.find((r) => r.data['isReply'] === false)?.data).toMatchObject({
      teamId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      channelId: expect.stringMatching(/^19:[0-9a-f]{32}@thread\.tacv2$/),
      threadId: expect.stringMatching(/^\d+$/),
      isReply: false,
      messageType: 'message',
      from: { displayName: expect.any(String), userId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
      createdDateTime: expect.any(String),
      lastModifiedDateTime: expect.any(String),
      importance: expect.stringMatching(/^(normal|high)$/),
      contentType: expect.stringMatching(/^(text|html)$/),
      content: expect.any(String),
      attachments: 0,
      reactions: 0,
      webUrl: expect.stringMatching(/^https:\/\/teams\.microsoft\.com\/l\/message\//),
    });
    const syncToken = full.at(-1)?.syncToken as string;
    expect(syncToken).toEqual(expect.any(String));

    // Resuming the full pass from a page's cursor fetches only what comes after it.
    const resumed = await sync(credentials, 'channel-messages', full[1].nextCursor);
    expect(ids(resumed)).toEqual(ids(full.slice(2)));

    const store = new RecordStore();
    store.apply(full, true);
    const before = await data();
    const { expected } = await mutate(sandbox, 'microsoft-teams', { added: 6, updated: 3, deleted: 3 });
    expect(expected['channel-messages']).toEqual({ added: 6, updated: 3, deleted: 3 });
    expect((await data())['replies']).toBeGreaterThan(before['replies']);

    const changes = await sync(credentials, 'channel-messages', syncToken);
    const { unchanged, ...counts } = store.apply(changes);
    expect(counts).toEqual(expected['channel-messages']);
    // Replies to threads of the earlier round came although their posts did not change: read from the
    // watched threads' replies.
    const changedPosts = new Set(
      changes.flatMap((p) => p.records.filter((r) => !r.data['isReply']).map((r) => r.data['threadId'])),
    );
    const newReplies = changes
      .flatMap((p) => p.records)
      .filter((r) => r.data['isReply'] && !ids(full).includes(r.externalId));
    expect(newReplies.length).toBeGreaterThan(0);
    expect(newReplies.some((r) => !changedPosts.has(r.data['threadId']))).toBe(true);
    // The watched threads' other replies, read again: the same data, so unchanged.
    expect(unchanged).toBeGreaterThan(0);
    const next = changes.at(-1)?.syncToken as string;
    expect(next).not.toBe(syncToken);

    // Nothing changed since: no counts.
    const quiet = store.apply(await sync(credentials, 'channel-messages', next));
    expect({ ...quiet, unchanged: 0 }).toEqual({ added: 0, updated: 0, deleted: 0, unchanged: 0 });
  });

  it('should start over once (CURSOR_INVALID) when the delta tokens expire, the full resync then going through', async () => {
    const credentials = await connectMember();
    const full = await sync(credentials, 'channel-messages', null);
    await control('/expire-delta');
    const stale = await sync(credentials, 'channel-messages', full.at(-1)?.syncToken as string).catch(
      (e: unknown) => e,
    );
    expect(provider().toIntegrationError(stale).code).toBe('CURSOR_INVALID');
    const resync = await sync(credentials, 'channel-messages', null);
    expect(ids(resync).sort()).toEqual(ids(full).sort());
    const store = new RecordStore();
    store.apply(resync, true);
    const { expected } = await mutate(sandbox, 'microsoft-teams', { added: 2, updated: 1, deleted: 1 });
    const counts = store.apply(await sync(credentials, 'channel-messages', resync.at(-1)?.syncToken as string));
    expect({ added: counts.added, updated: counts.updated, deleted: counts.deleted }).toEqual(
      expected['channel-messages'],
    );
  });
});

describe('throttling and expired tokens', () => {
  it('should wait (RATE_LIMITED) on Graph’s 429 with its fractional Retry-After, and on the team limit without pacing', async () => {
    const credentials = await connectMember();
    await control('/throttle', { retryAfterSeconds: 2.5 });
    const throttled = await sync(credentials, 'channel-messages', null).catch((e: unknown) => e);
    expect(provider().toIntegrationError(throttled)).toMatchObject({
      code: 'RATE_LIMITED',
      retryable: true,
      options: { retryAfterMs: 2500 },
    });
    // Without its pacing the provider runs into Teams' 4 requests a second on a team.
    const unpaced = provider().withOptions({ requestIntervalMs: 0 });
    const limited = await syncPages(unpaced, { credentials, resource: 'channel-messages', cursor: null }).catch(
      (e: unknown) => e,
    );
    const mapped = unpaced.toIntegrationError(limited);
    expect(mapped.code).toBe('RATE_LIMITED');
    expect(mapped.options.retryAfterMs).toBeGreaterThan(0);
    expect(mapped.options.retryAfterMs).toBeLessThanOrEqual(1000);
  });

  it('should ask for a reconnect (AUTH_REVOKED) on an expired access token', async () => {
    const credentials = await connectMember();
    await fetch(`${sandbox.url}/_sandbox/microsoft-teams/expire-access-tokens`, { method: 'POST' });
    const expired = await sync(credentials, 'channels', null).catch((e: unknown) => e);
    expect(provider().toIntegrationError(expired).code).toBe('AUTH_REVOKED');
  });
});
