import { type ConnectionOptions, Queue } from 'bullmq';
import type Redis from 'ioredis';
import { TEST_ENCRYPTION_KEYS } from '@hub/server/config';
import { TOKEN_REFRESH_JOBS, TOKEN_REFRESH_QUEUE, TokenService } from '@hub/server/connections';
import { SecretCipher } from '@hub/server/crypto';
import { AuditEventEntity, ConnectionEntity } from '@hub/server/database';
import { IntegrationError } from '@hub/server/integrations/core';
import { REDIS, redisOptions } from '@hub/server/redis';
import { builtApp, startProcess } from '@hub/server/testing';
import { connectDub, startSandboxProcess } from './testing/sandbox-process';
import { runStormProcess } from './testing/token-storm-runner';
import { createTestWorld, type TestWorld } from './testing/test-world';

/**
 * TokenService against a real authorization server with rotating, single-use refresh tokens
 * (docs/security.md §2.2, B2–B8, scenarios S1–S3). Token-endpoint calls are counted by the sandbox.
 */
let world: TestWorld;
let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>;
let tokens: TokenService;

beforeAll(async () => {
  sandbox = await startSandboxProcess(29_211);
  world = await createTestWorld({ SANDBOX_URL: sandbox.url });
  tokens = world.app.get(TokenService);
});
afterAll(async () => {
  await world?.close();
  await sandbox?.stop();
});

const refreshCalls = async () => (await sandbox.stats()).tokenRequests.refresh_token;
const connection = (id: string) => world.db.getRepository(ConnectionEntity).findOneByOrFail({ id });

/** A fresh Dub connection whose access token is already expired, here and at the authorization server. */
async function expiredConnection() {
  await world.db.query(`DELETE FROM connections WHERE provider_id = 'dub'`);
  const id = await connectDub(world, world.people.adminA);
  await world.db.getRepository(ConnectionEntity).update({ id }, { tokenExpiresAt: new Date(Date.now() - 1000) });
  await fetch(`${sandbox.url}/_sandbox/dub/expire-access-tokens`, { method: 'POST' });
  return { workspaceId: world.workspaceA, connectionId: id };
}

const callDub = (accessToken: string) =>
  fetch(`${sandbox.url}/dub/api/oauth/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } }).then(
    (r) => r.status,
  );

describe('TokenService', () => {
  it('should hand out a fresh stored token without calling the token endpoint', async () => {
    const id = await connectDub(world, world.people.adminA);
    const before = await refreshCalls();
    const token = await tokens.getAccessToken({ workspaceId: world.workspaceA, connectionId: id });
    expect(await callDub(token)).toBe(200);
    expect(await refreshCalls()).toBe(before);
  });

  it('should refresh an expired token once for 50 concurrent callers in one process, persisting the rotated refresh token first', async () => {
    const ref = await expiredConnection();
    const before = await connection(ref.connectionId);
    const calls = await refreshCalls();
    const results = await Promise.all(Array.from({ length: 50 }, () => tokens.getAccessToken(ref)));
    expect(new Set(results).size).toBe(1);
    expect(await refreshCalls()).toBe(calls + 1);
    expect(await callDub(results[0])).toBe(200);
    const after = await connection(ref.connectionId);
    expect(after.tokenVersion).toBe(before.tokenVersion + 1);
    expect(after.tokenExpiresAt!.getTime()).toBeGreaterThan(Date.now());
    // The rotated refresh token was stored: the next refresh works (the old one would be reuse).
    await world.db
      .getRepository(ConnectionEntity)
      .update({ id: ref.connectionId }, { tokenExpiresAt: new Date(Date.now() - 1000) });
    expect(await callDub(await tokens.getAccessToken(ref))).toBe(200);
    expect((await sandbox.stats()).tokenErrors['invalid_grant'] ?? 0).toBe(0);
  });

  it('should refresh once for 100 callers across 4 processes, with no invalid_grant and the grant still valid (S1, S2)', async () => {
    const ref = await expiredConnection();
    const calls = await refreshCalls();
    const grantErrors = (await sandbox.stats()).tokenErrors['invalid_grant'] ?? 0;
    const startAt = Date.now() + 4_000;
    const runs = await Promise.all(
      Array.from({ length: 4 }, () =>
        runStormProcess({
          ...process.env,
          DATABASE_URL: world.scratch.url,
          REDIS_URL: world.config.redis.url,
          REDIS_PREFIX: world.config.redis.prefix,
          ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
          SANDBOX_URL: sandbox.url,
          NODE_ENV: 'test',
          LOG_LEVEL: 'silent',
          STORM_WORKSPACE: ref.workspaceId,
          STORM_CONNECTION: ref.connectionId,
          STORM_CALLERS: '25',
          STORM_START_AT: String(startAt),
        }),
      ),
    );
    // Whole results, so a failure shows each process's errors.
    expect(runs.map(({ ok, errors }) => ({ ok, errors }))).toEqual(Array(4).fill({ ok: 25, errors: [] }));
    expect(await refreshCalls()).toBe(calls + 1);
    expect((await sandbox.stats()).tokenErrors['invalid_grant'] ?? 0).toBe(grantErrors);
    const token = await tokens.getAccessToken(ref);
    expect(await callDub(token)).toBe(200);
  }, 60_000);

  it('should make one token call when the worker’s background refresh races callers in three other processes', async () => {
    const ref = await expiredConnection();
    const calls = await refreshCalls();
    const redis = world.app.get<Redis>(REDIS);
    // The worker's boot scan would refresh at once, before the callers are up: it finds the connection
    // already queued, and the test's own refresh job fires when the callers start.
    await redis.set(`${world.config.redis.prefix}:refresh-queued:${ref.connectionId}`, '1', 'PX', 60_000);
    const queue = new Queue(TOKEN_REFRESH_QUEUE, {
      connection: redisOptions(world.config.redis.url, 'producer') as ConnectionOptions,
      prefix: world.config.redis.prefix,
    });
    const startAt = Date.now() + 8_000;
    const job = await queue.add(
      TOKEN_REFRESH_JOBS.refresh,
      { connections: [{ ...ref, providerId: 'dub' }] },
      { delay: startAt - Date.now() },
    );
    const env = {
      ...process.env,
      DATABASE_URL: world.scratch.url,
      REDIS_URL: world.config.redis.url,
      REDIS_PREFIX: world.config.redis.prefix,
      ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
      SANDBOX_URL: sandbox.url,
      NODE_ENV: 'test',
    };
    const worker = startProcess(builtApp('worker'), { ...env, LOG_LEVEL: 'warn', WORKER_HEALTH_PORT: '29215' });
    try {
      const runs = await Promise.all(
        Array.from({ length: 3 }, () =>
          runStormProcess({
            ...env,
            LOG_LEVEL: 'silent',
            STORM_WORKSPACE: ref.workspaceId,
            STORM_CONNECTION: ref.connectionId,
            STORM_CALLERS: '20',
            STORM_START_AT: String(startAt),
          }),
        ),
      );
      expect(runs.map(({ ok, errors }) => ({ ok, errors }))).toEqual(Array(3).fill({ ok: 20, errors: [] }));
      const deadline = Date.now() + 20_000;
      while (!(await job.isCompleted())) {
        if (Date.now() > deadline) throw new Error(`the worker did not run the refresh job (${await job.getState()})`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await refreshCalls()).toBe(calls + 1);
      expect(await callDub(await tokens.getAccessToken(ref))).toBe(200);
    } finally {
      worker.child.kill('SIGTERM');
      await worker.exited;
      await queue.close();
    }
  }, 60_000);

  it('should end in ERROR / NEEDS_REAUTH without a retry storm when the refresh token was already spent (lost response, S3)', async () => {
    const ref = await expiredConnection();
    // Spend the stored refresh token behind the hub's back, as if the answer to our refresh was lost.
    const row = await world.db
      .getRepository(ConnectionEntity)
      .createQueryBuilder('c')
      .addSelect('c.credentials')
      .where('c.id = :id', { id: ref.connectionId })
      .getOneOrFail();
    const stored = JSON.parse(
      await world.app
        .get(SecretCipher)
        .open(
          { table: 'connections', column: 'credentials', rowId: row.id, workspaceId: row.workspaceId },
          row.credentials!,
        ),
    );
    const spend = await fetch(`${sandbox.url}/dub/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: stored.refreshToken,
        client_id: 'hub-dub',
        client_secret: 'sandbox-client-secret',
      }),
    });
    expect(spend.status).toBe(200);

    const calls = await refreshCalls();
    await expect(tokens.getAccessToken(ref)).rejects.toMatchObject({ code: 'AUTH_REVOKED' });
    expect(await refreshCalls()).toBe(calls + 1);
    expect(await connection(ref.connectionId)).toMatchObject({ status: 'ERROR', statusReason: 'NEEDS_REAUTH' });
    // No retries afterwards: the connection waits for a person to reconnect.
    await expect(tokens.getAccessToken(ref)).rejects.toBeInstanceOf(IntegrationError);
    await expect(tokens.getAccessToken(ref)).rejects.toMatchObject({ code: 'AUTH_REVOKED' });
    expect(await refreshCalls()).toBe(calls + 1);
    const audit = await world.db
      .getRepository(AuditEventEntity)
      .findBy({ action: 'connection.refresh_failed', targetId: ref.connectionId });
    expect(audit.map((a) => a.reason)).toEqual(['invalid_grant']);
  });

  it('should answer a 401 from the provider with one shared refresh and one retry, then let a second 401 surface (B8)', async () => {
    await world.db.query(`DELETE FROM connections WHERE provider_id = 'dub'`);
    const id = await connectDub(world, world.people.adminA);
    const ref = { workspaceId: world.workspaceA, connectionId: id };
    await fetch(`${sandbox.url}/_sandbox/dub/expire-access-tokens`, { method: 'POST' }); // the hub still thinks it is fresh
    const calls = await refreshCalls();
    const seen: number[] = [];
    const status = await tokens.withAccessToken(ref, async (token) => {
      const code = await callDub(token);
      seen.push(code);
      if (code === 401) throw new IntegrationError('AUTH_REVOKED', 'Dub refused the access token', { status: 401 });
      return code;
    });
    expect(seen).toEqual([401, 200]);
    expect(status).toBe(200);
    expect(await refreshCalls()).toBe(calls + 1);

    const always401 = tokens.withAccessToken(ref, async () => {
      throw new IntegrationError('AUTH_REVOKED', 'Dub refused the access token', { status: 401 });
    });
    await expect(always401).rejects.toMatchObject({ code: 'AUTH_REVOKED' });
    expect(await refreshCalls()).toBe(calls + 2);
  });

  it('should revoke the grant at the provider before deleting the credentials on disconnect (A12)', async () => {
    await world.db.query(`DELETE FROM connections WHERE provider_id = 'dub'`);
    const id = await connectDub(world, world.people.adminA);
    const ref = { workspaceId: world.workspaceA, connectionId: id };
    const token = await tokens.getAccessToken(ref);
    expect(await callDub(token)).toBe(200);
    const revocations = (await sandbox.stats()).revocations;
    await world.call(world.people.adminA, 'delete', `/api/connections/${id}`).expect(204);
    expect((await sandbox.stats()).revocations).toBe(revocations + 1);
    expect(await callDub(token)).toBe(401);
    const row = await world.db
      .getRepository(ConnectionEntity)
      .createQueryBuilder('c')
      .addSelect('c.credentials')
      .where('c.id = :id', { id })
      .getOneOrFail();
    expect(row).toMatchObject({ status: 'DISCONNECTED', credentials: null });
    const [audit] = await world.db
      .getRepository(AuditEventEntity)
      .findBy({ action: 'connection.disconnected', targetId: id });
    expect(audit.details).toMatchObject({ providerId: 'dub', revocation: 'revoked' });
  });

  it('should keep a revocation the provider did not confirm sealed, and retry it from the worker until it goes through', async () => {
    await world.db.query(`DELETE FROM connections WHERE provider_id = 'dub'`);
    const id = await connectDub(world, world.people.adminA);
    await sandbox.stop(); // the provider is unreachable at disconnect
    await world.call(world.people.adminA, 'delete', `/api/connections/${id}`).expect(204);
    const [disconnected] = await world.db
      .getRepository(AuditEventEntity)
      .findBy({ action: 'connection.disconnected', targetId: id });
    expect(disconnected.details).toMatchObject({ revocation: 'failed', revocationRetry: true });
    const pending = await world.db.query(`SELECT id, token FROM pending_revocations WHERE connection_id = $1`, [id]);
    expect(pending).toHaveLength(1);
    expect(JSON.stringify(pending)).not.toMatch(/refresh|access/i);

    sandbox = await startSandboxProcess(29_211);
    const worker = startProcess(builtApp('worker'), {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: world.scratch.url,
      REDIS_URL: world.config.redis.url,
      REDIS_PREFIX: world.config.redis.prefix,
      ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
      SANDBOX_URL: sandbox.url,
      WORKER_HEALTH_PORT: '29214',
    });
    try {
      const deadline = Date.now() + 20_000;
      while ((await world.db.query(`SELECT 1 FROM pending_revocations WHERE connection_id = $1`, [id])).length > 0) {
        if (Date.now() > deadline)
          throw new Error(
            `the worker did not retry the revocation: ${(await Promise.race([worker.exited, Promise.resolve(null)]))?.stderr ?? ''}`,
          );
        await new Promise((r) => setTimeout(r, 200));
      }
      expect((await sandbox.stats()).revocations).toBe(1);
      const retried = await world.db
        .getRepository(AuditEventEntity)
        .findBy({ action: 'connection.revocation_retried', targetId: id });
      expect(retried).toHaveLength(1);
      // Run by QueueWorkers like every queue: its jobs are in the worker's metrics (and drained on SIGTERM).
      const metrics = await (await fetch('http://127.0.0.1:29214/metrics')).text();
      expect(metrics).toMatch(/hub_job_duration_seconds_count\{queue="revocations",[^}]*outcome="completed"\} 1\b/);
    } finally {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
  }, 60_000);
});
