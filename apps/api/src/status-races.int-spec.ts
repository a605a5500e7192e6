import { TokenService } from '@hub/server/connections';
import { SecretCipher } from '@hub/server/crypto';
import { ConnectionEntity, SyncRunEntity } from '@hub/server/database';
import { connectDub, startSandboxProcess } from './testing/sandbox-process';
import { createTestWorld, type TestWorld } from './testing/test-world';
import { eventually, startWorkerProcess, type WorkerProcess } from './testing/worker-process';

/**
 * A disconnect racing a sync and token refreshes that fail (issue 15 finding 5): whatever the
 * interleaving, a disconnected connection ends DISCONNECTED — never ERROR / NEEDS_REAUTH because a
 * refresh or a sync under way failed after it. The built worker runs the syncs (and refreshes in
 * them) with a refresh token spent behind the hub's back (invalid_grant); this process refreshes
 * too, and those refreshes fail slowly (invalid_client).
 */
const ROUNDS = 12;
/** The test's own calls to the sandbox, never slowed. */
const realFetch = globalThis.fetch;
let world: TestWorld;
let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>;
let worker: WorkerProcess;

beforeAll(async () => {
  sandbox = await startSandboxProcess(29_213);
  world = await createTestWorld({ SANDBOX_URL: sandbox.url, METRICS_PORT: '0' });
  worker = await startWorkerProcess(world, { healthPort: 29_214, sandboxUrl: sandbox.url });
}, 90_000);
afterAll(async () => {
  await worker?.stop();
  await world?.close();
  await sandbox?.stop();
});

/** A Dub connection whose access token expired and whose refresh token is already spent. */
async function doomedConnection(): Promise<string> {
  const id = await connectDub(world, world.people.adminA);
  // Let the first sync (queued on connect) finish, so each round starts from ACTIVE and idle.
  await eventually(
    async () =>
      (await world.db.getRepository(SyncRunEntity).countBy({ connectionId: id, status: 'RUNNING' })) === 0 &&
      (await world.db.getRepository(SyncRunEntity).countBy({ connectionId: id, status: 'QUEUED' })) === 0,
    { what: 'the first sync to end' },
  );
  const row = await world.db
    .getRepository(ConnectionEntity)
    .createQueryBuilder('c')
    .addSelect('c.credentials')
    .where('c.id = :id', { id })
    .getOneOrFail();
  const { refreshToken } = JSON.parse(
    await world.app
      .get(SecretCipher)
      .open({ table: 'connections', column: 'credentials', rowId: id, workspaceId: row.workspaceId }, row.credentials!),
  );
  const spent = await realFetch(`${sandbox.url}/dub/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: 'hub-dub',
      client_secret: 'sandbox-client-secret',
    }),
  });
  expect(spent.status).toBe(200);
  await world.db
    .getRepository(ConnectionEntity)
    .update({ id }, { tokenExpiresAt: new Date(Date.now() - 1000), status: 'ACTIVE' });
  await realFetch(`${sandbox.url}/_sandbox/dub/expire-access-tokens`, { method: 'POST' });
  return id;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * This process's refresh calls reach the real authorization server with a client secret it refuses
 * (`invalid_client`, a failure the hub cannot take for a lost race), and their answers come back
 * late: the window a slow, failing provider opens, so disconnects land while refreshes are in flight.
 */
function failingSlowRefreshes(delayMs: () => number): () => void {
  const real = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const body = init?.body instanceof URLSearchParams ? init.body : null;
    if (String(input).endsWith('/dub/oauth/token') && body?.get('grant_type') === 'refresh_token') {
      const refused = new URLSearchParams(body);
      refused.set('client_secret', 'not-the-secret');
      const answer = await real(input, { ...init, body: refused });
      await sleep(delayMs());
      return answer;
    }
    return real(input, init);
  };
  return () => {
    globalThis.fetch = real;
  };
}

describe('a disconnect racing a sync and failing refreshes', () => {
  it(`should leave the connection DISCONNECTED in every one of ${ROUNDS} rounds`, async () => {
    const tokens = world.app.get(TokenService);
    const outcomes: { status: string; statusReason: string | null; refresh: string; runs: string[] }[] = [];
    let round = 0;
    const restore = failingSlowRefreshes(() => (round % 3) * 40);
    for (; round < ROUNDS; round++) {
      await world.db.query(`DELETE FROM connections WHERE provider_id = 'dub'`);
      const id = await doomedConnection();
      const ref = { workspaceId: world.workspaceA, connectionId: id };
      // Spread the disconnect over the window in which the refreshes are in flight.
      const refresh = tokens.getAccessToken(ref).then(
        () => 'ok',
        (error: { code?: string }) => error.code ?? 'error',
      );
      // supertest sends on then(): start the sync request now, not when awaited.
      const sync = world.call(world.people.adminA, 'post', `/api/connections/${id}/sync`).then((r) => r.status);
      await sleep((round * 7) % 30);
      await world.call(world.people.adminA, 'delete', `/api/connections/${id}`).expect(204);
      const [refreshOutcome, syncAnswer] = await Promise.all([refresh, sync]);
      expect([202, 409]).toContain(syncAnswer);
      const runs = await eventually(
        async () => {
          const all = await world.db.getRepository(SyncRunEntity).findBy({ connectionId: id });
          return all.every((r) => !['QUEUED', 'RUNNING'].includes(r.status)) ? all : undefined;
        },
        { what: `round ${round}'s syncs to end` },
      );
      // A refresh that was still in flight in this process may write after the runs ended: wait for it.
      await refresh;
      const final = await world.db.getRepository(ConnectionEntity).findOneByOrFail({ id });
      outcomes.push({
        status: final.status,
        statusReason: final.statusReason,
        refresh: refreshOutcome,
        runs: runs.map((r) => r.status),
      });
    }
    restore();
    console.log(
      `status races: ${ROUNDS} rounds; refreshes ${JSON.stringify(tally(outcomes.map((o) => o.refresh)))}; ` +
        `runs ${JSON.stringify(tally(outcomes.flatMap((o) => o.runs)))}; final ${JSON.stringify(tally(outcomes.map((o) => `${o.status}/${o.statusReason}`)))}`,
    );
    expect(outcomes.map((o) => `${o.status}/${o.statusReason}`)).toEqual(
      Array(ROUNDS).fill('DISCONNECTED/DISCONNECTED_BY_USER'),
    );
    // The race was real: refreshes failed with the grant gone in the rounds.
    expect(outcomes.some((o) => o.refresh === 'INVALID_CONFIG')).toBe(true);
  }, 240_000);
});

function tally(values: string[]): Record<string, number> {
  return values.reduce<Record<string, number>>((t, v) => ({ ...t, [v]: (t[v] ?? 0) + 1 }), {});
}
