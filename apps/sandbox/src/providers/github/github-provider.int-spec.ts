import type { SyncPage } from '@hub/server/integrations/core';
import { GitHubProvider } from '@hub/server/integrations/github';
import { type RunningSandbox, startSandbox } from '../../start-sandbox';
import { baseUrls, connectAs, mutate as mutateAccount, RecordStore, syncPages } from '../../testing/emulation-harness';

/**
 * The hub's real GitHubProvider, unchanged, against the sandbox: a token from the OAuth flow, "connected
 * as", a full sync of both resources, then `mutate` and an incremental sync whose counts match what
 * the sandbox said to expect — counted the way the hub's record writer counts (by content hash).
 */
let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, only: ['github'] });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
});

const connect = async (provider: GitHubProvider) => ({
  accessToken: (await connectAs(sandbox, provider)).access_token,
});
const sync = (
  provider: GitHubProvider,
  credentials: { accessToken: string },
  resource: string,
  cursor: string | null = null,
) => syncPages(provider, { credentials, resource, cursor });

function tokenOf(pages: readonly SyncPage[]): string {
  const token = pages.at(-1)?.syncToken;
  if (!token) throw new Error('The pass ended without a sync token');
  return token;
}

async function mutate(body: Record<string, number>) {
  const answer = await mutateAccount(sandbox, 'github', body);
  return answer as typeof answer & { unreported: { issues: { deleted: number } } };
}

async function requestLog(): Promise<{ path: string; status: number }[]> {
  return (await (await fetch(`${sandbox.url}/_sandbox/github/requests`)).json()) as { path: string; status: number }[];
}

it('should connect, sync everything, and after mutate counts exactly what the sandbox expects', async () => {
  const provider = new GitHubProvider(baseUrls(sandbox, 'github'));
  const credentials = await connect(provider);

  expect(await provider.getAccountInfo({ credentials })).toEqual({
    externalAccountId: '190000001',
    displayName: 'sandbox-user',
    email: 'sandbox@example.com',
    url: 'https://github.com/sandbox-user',
    details: { name: 'Sandbox User', organisations: 'sandbox-labs, acme-sandbox' },
  });

  const repositories = new RecordStore();
  const issues = new RecordStore();
  const repoPages = await sync(provider, credentials, 'repositories');
  expect(repoPages.map((p) => p.records.length)).toEqual([7]);
  expect(repoPages.every((p) => p.syncToken === undefined)).toBe(true);
  expect(repositories.apply(repoPages, true)).toEqual({ added: 7, updated: 0, unchanged: 0, deleted: 0 });

  const full = await sync(provider, credentials, 'issues');
  // One page per repository with issues (100 a page), the profile repository skipped (issues off).
  expect(full.map((p) => p.records.length)).toEqual([18, 31, 34, 22, 27, 18]);
  expect(issues.apply(full, true)).toEqual({ added: 150, updated: 0, unchanged: 0, deleted: 0 });
  for (const { data } of full.flatMap((p) => p.records)) {
    expect(Object.keys(data)).toEqual([
      'repository',
      'number',
      'title',
      'state',
      'state_reason',
      'labels',
      'assignees',
      'user',
      'comments',
      'created_at',
      'updated_at',
      'closed_at',
      'html_url',
    ]);
    expect(data['html_url']).toBe(`https://github.com/${String(data['repository'])}/issues/${Number(data['number'])}`);
    expect([null, 'completed', 'not_planned', 'reopened']).toContain(data['state_reason']);
    expect(data['state'] === 'closed').toBe(typeof data['closed_at'] === 'string');
    expect(data['labels']).toEqual(expect.any(Array));
    expect(data['user']).toEqual(expect.any(String));
  }
  expect(JSON.stringify(full)).not.toContain(credentials.accessToken);

  const { expected, unreported } = await mutate({ added: 2, updated: 1, deleted: 1 });
  expect(expected).toEqual({
    repositories: { added: 0, updated: 0, deleted: 0 },
    issues: { added: 2, updated: 1, deleted: 0 },
  });

  const repoCounts = repositories.apply(await sync(provider, credentials, 'repositories'), true);
  expect({ added: repoCounts.added, updated: repoCounts.updated, deleted: repoCounts.deleted }).toEqual(
    expected.repositories,
  );
  const changes = await sync(provider, credentials, 'issues', tokenOf(full));
  const counts = issues.apply(changes, false);
  expect({ added: counts.added, updated: counts.updated, deleted: counts.deleted }).toEqual(expected.issues);
  // Only changes came back: the boundary issues GitHub repeats for `since` were not handed over again.
  expect(counts.unchanged).toBe(0);
  // The deleted issue is still in the hub: GitHub's list does not show deletions (unreported: 1).
  expect(issues.size).toBe(152);

  // Nothing changed since: nothing comes back; the run after that is all 304s (free on GitHub).
  const quiet = await sync(provider, credentials, 'issues', tokenOf(changes));
  expect(quiet.flatMap((p) => p.records)).toEqual([]);
  const before = (await requestLog()).length;
  const free = await sync(provider, credentials, 'issues', tokenOf(quiet));
  expect(free.flatMap((p) => p.records)).toEqual([]);
  const issueAnswers = (await requestLog()).slice(before).filter((r) => r.path.endsWith('/issues'));
  expect(issueAnswers.map((r) => r.status)).toEqual([304, 304, 304, 304, 304, 304]);

  // A full pass finds the deletion the incremental runs could not see.
  const again = issues.apply(await sync(provider, credentials, 'issues'), true);
  expect(again).toEqual({ added: 0, updated: 0, unchanged: 151, deleted: unreported.issues.deleted });

  // An expired token is AUTH_REVOKED to the hub.
  await fetch(`${sandbox.url}/_sandbox/github/expire-access-tokens`, { method: 'POST' });
  const error = await provider.getAccountInfo({ credentials }).catch((e: unknown) => e);
  expect(provider.toIntegrationError(error).code).toBe('AUTH_REVOKED');
});

it('should page within repositories by since with small pages, resume from any cursor, and map injected faults', async () => {
  const provider = new GitHubProvider().withOptions({ apiBaseUrl: `${sandbox.url}/github/api`, pageSize: 7 });
  const credentials = await connect(provider);
  const pages = await sync(provider, credentials, 'issues');
  const ids = pages.flatMap((p) => p.records.map((r) => r.externalId));
  expect(ids).toHaveLength(150);
  expect(new Set(ids).size).toBe(150);
  expect(pages.every((p) => p.records.length <= 7)).toBe(true);
  // Resumed from the middle, the rest comes back exactly.
  const middle = Math.floor(pages.length / 2);
  const rest = await sync(provider, credentials, 'issues', pages[middle].nextCursor);
  expect(rest.flatMap((p) => p.records.map((r) => r.externalId))).toEqual(
    pages.slice(middle + 1).flatMap((p) => p.records.map((r) => r.externalId)),
  );

  const fault = async (body: Record<string, unknown>) =>
    fetch(`${sandbox.url}/_sandbox/github/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  for (const [status, code] of [
    [429, 'RATE_LIMITED'],
    [403, 'INSUFFICIENT_SCOPE'],
    [502, 'TEMPORARY'],
  ] as const) {
    await fault({ status, times: 1, pathPrefix: '/repos/', ...(status === 429 ? { retryAfterSeconds: 7 } : {}) });
    const error = await sync(provider, credentials, 'issues').catch((e: unknown) => e);
    const mapped = provider.toIntegrationError(error);
    expect({ status, code: mapped.code }).toEqual({ status, code });
    if (status === 429) expect(mapped.options.retryAfterMs).toBe(7_000);
  }
});

const control = (path: string, body: unknown) =>
  fetch(`${sandbox.url}/_sandbox/github${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

it('should lose no issue of a repository renamed mid-pass: the 301 is followed by id, and the next run reads it by its new name', async () => {
  const provider = new GitHubProvider().withOptions({ apiBaseUrl: `${sandbox.url}/github/api`, pageSize: 7 });
  const credentials = await connect(provider);
  const pages = await sync(provider, credentials, 'issues');
  const allIds = pages.flatMap((p) => p.records.map((r) => r.externalId));
  expect(allIds).toHaveLength(150);

  // Stopped after its first page (inside dotfiles); notes-app is renamed (and transferred) before it resumes.
  const renamed = (await (
    await control('/rename', { repository: 'sandbox-user/notes-app', to: 'sandbox-labs/notes' })
  ).json()) as { id: number };
  const before = (await requestLog()).length;
  const rest = await sync(provider, credentials, 'issues', pages[0].nextCursor);
  const restIds = rest.flatMap((p) => p.records.map((r) => r.externalId));
  expect(new Set(restIds)).toEqual(new Set(allIds.slice(pages[0].records.length)));
  const log = (await requestLog()).slice(before);
  expect(log.filter((r) => r.path === '/repos/sandbox-user/notes-app/issues').map((r) => r.status)).toEqual([301]);
  expect(log.some((r) => r.path === `/repositories/${renamed.id}/issues` && r.status === 200)).toBe(true);

  // The next run lists it under its new name and reads it in full: its issues carry the new name.
  const next = await sync(provider, credentials, 'issues', tokenOf(rest));
  const moved = next.flatMap((p) => p.records).filter((r) => r.data['repository'] === 'sandbox-labs/notes');
  expect(moved).toHaveLength(31);
  expect(next.flatMap((p) => p.records).filter((r) => r.data['repository'] !== 'sandbox-labs/notes')).toEqual([]);
});

it('should back off (RATE_LIMITED with GitHub’s wait) on the primary limit and on secondary limits, never as forbidden', async () => {
  const provider = new GitHubProvider(baseUrls(sandbox, 'github'));
  const credentials = await connect(provider);
  for (const [limit, waitMs] of [
    [{ kind: 'primary', status: 403, seconds: 90 }, 90_000],
    [{ kind: 'primary', status: 429, seconds: 90 }, 90_000],
    [{ kind: 'secondary', status: 403, seconds: 30 }, 30_000],
    [{ kind: 'secondary', status: 429, seconds: 45 }, 45_000],
    // "Otherwise, wait for at least one minute before retrying."
    [{ kind: 'secondary', status: 403 }, 60_000],
  ] as const) {
    expect((await control('/rate-limit', limit)).status).toBe(200);
    const error = await sync(provider, credentials, 'issues').catch((e: unknown) => e);
    const mapped = provider.toIntegrationError(error);
    expect({ limit, code: mapped.code }).toEqual({ limit, code: 'RATE_LIMITED' });
    // The primary reset is whole epoch seconds: within a second and a half of the asked wait.
    expect(Math.abs((mapped.options.retryAfterMs ?? 0) - waitMs)).toBeLessThan(1_500);
  }
});
