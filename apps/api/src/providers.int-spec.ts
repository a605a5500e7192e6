import { EnvironmentVariables } from '@hub/server/config';
import { TokenService } from '@hub/server/connections';
import { AuditEventEntity, SyncRunEntity } from '@hub/server/database';
import { catalogProviders } from '@hub/server/integrations/all';
import { type IntegrationProvider, isConnectable } from '@hub/server/integrations/core';
import { connectProvider, startSandboxProcess } from './testing/sandbox-process';
import { createTestWorld, type TestWorld } from './testing/test-world';
import { eventually, startWorkerProcess, type WorkerProcess } from './testing/worker-process';

/** What the hub points at the sandbox by default: every emulated provider. */
const SANDBOX_PROVIDERS = new EnvironmentVariables().SANDBOX_PROVIDERS;

/**
 * Every OAuth provider the sandbox emulates whose grant the hub can end (its own `revoke`, or RFC 7009
 * at the manifest's `revocationUrl`), end to end through the hub as a person uses it: Connect on the
 * api → the sandbox's consent page (a real oidc-provider authorization server) → callback → the
 * card shows the account → the built worker syncs every record on connect → the provider's data
 * changes (the sandbox's `mutate` control) → Sync now reads exactly those changes → disconnect
 * revokes the grant.
 */
const PROVIDERS = new Map(
  catalogProviders()
    .filter(isConnectable)
    .filter(({ manifest: { id, auth } }) => SANDBOX_PROVIDERS.split(',').includes(id) && auth.kind === 'oauth2')
    .filter((p) => p.revoke !== undefined || (p.manifest.auth.kind === 'oauth2' && p.manifest.auth.revocationUrl))
    .map((p): [string, IntegrationProvider] => [p.manifest.id, p]),
);

let world: TestWorld;
/** What each provider synced (`PROVIDERS_REPORT=1` prints it: the figures of docs and notes). */
const report: string[] = [];
let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>;
let worker: WorkerProcess;

beforeAll(async () => {
  const emulated = { SANDBOX_PROVIDERS };
  sandbox = await startSandboxProcess(29_250);
  world = await createTestWorld({ SANDBOX_URL: sandbox.url, ...emulated });
  worker = await startWorkerProcess(world, { healthPort: 29_251, sandboxUrl: sandbox.url, env: emulated });
}, 90_000);
afterAll(async () => {
  if (process.env['PROVIDERS_REPORT'] === '1') process.stdout.write(`${report.join('\n')}\n`);
  await worker?.stop();
  await world?.close();
  await sandbox?.stop();
});

type Counts = { added: number; updated: number; unchanged: number; deleted: number };
type Run = { id: string; status: string; trigger: string; counts: Counts; error: unknown };

async function finished(connectionId: string, runId: string): Promise<Run> {
  return eventually(
    async () => {
      const run: Run = (
        await world.call(world.people.adminA, 'get', `/api/connections/${connectionId}/sync-runs/${runId}`).expect(200)
      ).body;
      return ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(run.status) ? run : undefined;
    },
    { timeoutMs: 60_000, what: `run ${runId} to end` },
  );
}

async function recordCount(connectionId: string): Promise<number> {
  const [{ count }] = await world.db.query(
    `SELECT count(*)::int AS count FROM sync_records WHERE connection_id = $1 AND deleted_at IS NULL`,
    [connectionId],
  );
  return count;
}

/**
 * Whether the provider's API still accepts an access token: the sandbox checks the bearer token before
 * routing, so an unknown path answers 404 with a good token and an auth error with a revoked one
 * (Slack's: HTTP 200 with `ok: false`).
 */
async function apiAccepts(providerId: string, accessToken: string): Promise<boolean> {
  const answer = await fetch(`${sandbox.url}/${providerId}/api/no-such-endpoint`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  const body = (await answer.json().catch(() => ({}))) as { ok?: boolean; error?: string };
  if (answer.status === 401 || ['invalid_auth', 'token_revoked', 'not_authed'].includes(body.error ?? '')) return false;
  return true;
}

/** Revocations the sandbox answered for a provider: at its RFC 7009 endpoint, and through its API. */
async function revocationsAt(providerId: string): Promise<{ rfc7009: number; api: number }> {
  const stats = (await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as Record<
    string,
    { revocations: number; apiRevocations: number }
  >;
  return { rfc7009: stats[providerId].revocations, api: stats[providerId].apiRevocations };
}

describe.each([...PROVIDERS.keys()])('%s through the sandbox', (providerId) => {
  let connectionId: string;
  let firstRun: Run;

  it('should connect through the consent page, and its card shows the account', async () => {
    connectionId = await connectProvider(world, world.people.adminA, providerId);
    const catalog = await world.call(world.people.memberA, 'get', '/api/integrations').expect(200);
    const cards = catalog.body.categories.flatMap((c: { integrations: { id: string }[] }) => c.integrations);
    const card = cards.find((i: { id: string }) => i.id === providerId);
    expect(card).toMatchObject({ availability: 'available', sandbox: true });
    expect(card.connections).toEqual([
      expect.objectContaining({
        id: connectionId,
        account: expect.objectContaining({ displayName: expect.any(String) }),
      }),
    ]);
    const connection = (await world.call(world.people.memberA, 'get', `/api/connections/${connectionId}`).expect(200))
      .body;
    expect(connection).toMatchObject({ providerId, status: 'ACTIVE' });
    expect(connection.account.displayName).toEqual(expect.any(String));
    expect(connection.account.displayName.length).toBeGreaterThan(0);
    expect(JSON.stringify(connection)).not.toMatch(/"(access_?token|refresh_?token|id_?token)"/i);
  }, 60_000);

  it('should sync every record of the account on connect, over several pages', async () => {
    const initial = await eventually(
      async () =>
        (
          await world.db
            .getRepository(SyncRunEntity)
            .find({ where: { connectionId }, order: { queuedAt: 'DESC' }, take: 1 })
        )[0],
      { what: `the initial ${providerId} run` },
    );
    firstRun = await finished(connectionId, initial.id);
    expect(firstRun).toMatchObject({ status: 'SUCCEEDED', trigger: 'INITIAL' });
    expect(firstRun.counts.added).toBeGreaterThan(0);
    expect(await recordCount(connectionId)).toBe(firstRun.counts.added);
    const [{ pages }] = await world.db.query(`SELECT pages FROM sync_runs WHERE id = $1`, [firstRun.id]);
    expect(pages).toBeGreaterThan(1);
  }, 90_000);

  it('should read exactly the changes made at the provider on the next sync', async () => {
    const changed = await fetch(`${sandbox.url}/_sandbox/${providerId}/mutate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ added: 2, updated: 1, deleted: 1 }),
    });
    expect(changed.status).toBe(200);
    const { expected } = (await changed.json()) as { expected: Record<string, Omit<Counts, 'unchanged'>> };
    const sum = (key: 'added' | 'updated' | 'deleted') =>
      Object.values(expected).reduce((total, counts) => total + counts[key], 0);
    expect(sum('added') + sum('updated') + sum('deleted')).toBeGreaterThan(0);

    const queued = await world.call(world.people.memberA, 'post', `/api/connections/${connectionId}/sync`).expect(202);
    const run = await finished(connectionId, queued.body.id);
    expect({
      status: run.status,
      added: run.counts.added,
      updated: run.counts.updated,
      deleted: run.counts.deleted,
    }).toEqual({
      status: 'SUCCEEDED',
      added: sum('added'),
      updated: sum('updated'),
      deleted: sum('deleted'),
    });
    expect(await recordCount(connectionId)).toBe(firstRun.counts.added + sum('added') - sum('deleted'));
    const [{ pages }] = await world.db.query(`SELECT pages FROM sync_runs WHERE id = $1`, [firstRun.id]);
    report.push(
      `${providerId}: first sync ${firstRun.counts.added} records in ${pages} pages; after mutate ` +
        `${JSON.stringify(expected)} the next sync counted +${run.counts.added} ~${run.counts.updated} ` +
        `-${run.counts.deleted} (${run.counts.unchanged} unchanged)`,
    );
  }, 90_000);

  it('should revoke the grant at the provider on disconnect, so its tokens stop working there', async () => {
    const ref = { workspaceId: world.workspaceA, connectionId };
    const { accessToken } = (await world.app.get(TokenService).credentialsFor(ref)) as { accessToken: string };
    expect(await apiAccepts(providerId, accessToken)).toBe(true);

    const revocations = await revocationsAt(providerId);
    await world.call(world.people.adminA, 'delete', `/api/connections/${connectionId}`).expect(204);

    // Slack and GitHub through their own calls (auth.revoke, the grant's deletion), Google through RFC 7009.
    const ownCall = PROVIDERS.get(providerId)?.revoke !== undefined;
    expect(await revocationsAt(providerId)).toEqual({
      rfc7009: revocations.rfc7009 + (ownCall ? 0 : 1),
      api: revocations.api + (ownCall ? 1 : 0),
    });
    const [audit] = await world.db
      .getRepository(AuditEventEntity)
      .findBy({ action: 'connection.disconnected', targetId: connectionId });
    expect(audit.details).toMatchObject({ providerId, revocation: 'revoked' });
    // The hub deleted its copy, and the provider refuses the token it issued: the grant is gone.
    const [row] = await world.db.query(`SELECT credentials FROM connections WHERE id = $1`, [connectionId]);
    expect(row.credentials).toBeNull();
    expect(await apiAccepts(providerId, accessToken)).toBe(false);
  }, 60_000);
});

describe('a disconnect during a sync', () => {
  it('should stop the run after its page and end it CANCELLED, not FAILED', async () => {
    // Slack paces its calls (a second or so apart), so its first sync is still going when we disconnect.
    const connectionId = await connectProvider(world, world.people.adminA, 'slack');
    const running = await eventually(
      async () => {
        const [run] = await world.db
          .getRepository(SyncRunEntity)
          .find({ where: { connectionId }, order: { queuedAt: 'DESC' }, take: 1 });
        return run?.status === 'RUNNING' && run.pages > 0 ? run : undefined;
      },
      { what: 'the initial Slack run to commit a page' },
    );

    await world.call(world.people.adminA, 'delete', `/api/connections/${connectionId}`).expect(204);

    const ended = await finished(connectionId, running.id);
    expect(ended).toMatchObject({ status: 'CANCELLED', error: null });
    const card = (await world.call(world.people.memberA, 'get', `/api/connections/${connectionId}`).expect(200)).body;
    expect(card).toMatchObject({ status: 'DISCONNECTED', lastSyncRun: { id: running.id, status: 'CANCELLED' } });
  }, 60_000);
});
