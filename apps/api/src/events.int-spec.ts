import type { AddressInfo } from 'node:net';
import { AccountsService, ApiKeysService, SessionsService, sha256Hex } from '@hub/server/auth';
import { MembershipEntity } from '@hub/server/database';
import { LiveEvents } from '@hub/server/redis';
import type { LiveEvent } from '@hub/shared/contracts';
import { createTestWorld, PASSWORD, type Persona, type TestWorld } from './testing/test-world';

/** GET /api/events: server-sent events over Redis pub/sub, one workspace per stream. */
let world: TestWorld;
let base: string;

beforeAll(async () => {
  world = await createTestWorld();
  await new Promise<void>((resolve) => world.app.getHttpServer().listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(world.app.getHttpServer().address() as AddressInfo).port}`;
});
afterAll(async () => {
  await world?.close();
});

/** Opens the stream as a persona and collects parsed events until `count` arrive or the time is up. */
async function collect(persona: Persona, count: number, during: () => Promise<void>, timeoutMs = 5_000) {
  const abort = new AbortController();
  const response = await fetch(`${base}/api/events`, { headers: { cookie: persona.cookie }, signal: abort.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
  const events: { type: string; data: LiveEvent }[] = [];
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const type = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (data && type !== 'ping') events.push({ type, data: JSON.parse(data) });
        if (events.length >= count) return;
      }
    }
  })();
  // The subscription is made when the first stream opens; give it a moment before publishing.
  await new Promise((r) => setTimeout(r, 300));
  await during();
  await Promise.race([reading, new Promise((r) => setTimeout(r, timeoutMs))]);
  abort.abort();
  return events;
}

// Ids as real events carry them: the contract tier checks the stream against the document.
const A_CONNECTION = '0000000a-0000-4000-8000-00000000000a';
const B_CONNECTION = '0000000b-0000-4000-8000-00000000000b';

const runEvent = (connectionId: string): LiveEvent => ({
  type: 'sync.run',
  connectionId,
  providerId: 'dub',
  runId: '00000000-0000-4000-8000-000000000001',
  status: 'RUNNING',
  trigger: 'MANUAL',
  counts: { added: 100, updated: 0, unchanged: 0, deleted: 0 },
  pages: 1,
  resource: 'links',
  error: null,
});

describe('GET /api/events', () => {
  it("should stream the workspace's events to its members, and nothing of another workspace", async () => {
    const live = world.app.get(LiveEvents);
    const events = await collect(world.people.memberA, 2, async () => {
      await live.publish(world.workspaceB, runEvent(B_CONNECTION));
      await live.publish(world.workspaceA, runEvent(A_CONNECTION));
      await live.publish(world.workspaceA, {
        type: 'connection.updated',
        connectionId: A_CONNECTION,
        providerId: 'dub',
        status: 'ERROR',
        statusReason: 'NEEDS_REAUTH',
        statusMessage: 'Connect Dub again.',
        lastSyncedAt: null,
      });
    });
    expect(events.map((e) => [e.type, e.data.connectionId])).toEqual([
      ['sync.run', A_CONNECTION],
      ['connection.updated', A_CONNECTION],
    ]);
  });

  it('should refuse callers without a session (401), like every member route', async () => {
    const response = await fetch(`${base}/api/events`);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('should give the other workspace its own events only', async () => {
    const live = world.app.get(LiveEvents);
    const events = await collect(
      world.people.ownerB,
      1,
      async () => {
        await live.publish(world.workspaceA, runEvent(A_CONNECTION));
        await live.publish(world.workspaceB, runEvent(B_CONNECTION));
      },
      3_000,
    );
    expect(events.map((e) => e.data.connectionId)).toEqual([B_CONNECTION]);
  });
});

/** What an open stream re-checks every minute: the caller may still see the workspace. */
describe('access re-check of an open stream', () => {
  it('should keep a session active in its workspace only while it is unexpired, signed in and a member', async () => {
    const sessions = world.app.get(SessionsService);
    const user = await world.app
      .get(AccountsService)
      .createUser({ email: 'recheck@example.com', name: 'Recheck', password: PASSWORD });
    await world.db
      .getRepository(MembershipEntity)
      .insert({ workspaceId: world.workspaceA, userId: user.id, role: 'member' });
    const signedIn = sha256Hex((await sessions.create(user.id, {})).token);
    const expired = sha256Hex((await sessions.create(user.id, {})).token);
    await world.db.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id_hash = $1`, [expired]);

    expect(await sessions.isActiveIn(signedIn, world.workspaceA)).toBe(true);
    expect(await sessions.isActiveIn(signedIn, world.workspaceB)).toBe(false);
    expect(await sessions.isActiveIn(expired, world.workspaceA)).toBe(false);

    await world.db.getRepository(MembershipEntity).delete({ workspaceId: world.workspaceA, userId: user.id });
    expect(await sessions.isActiveIn(signedIn, world.workspaceA)).toBe(false);

    await world.db
      .getRepository(MembershipEntity)
      .insert({ workspaceId: world.workspaceA, userId: user.id, role: 'member' });
    await sessions.destroy(signedIn);
    expect(await sessions.isActiveIn(signedIn, world.workspaceA)).toBe(false);
  });

  it('should keep an API key active only until it is revoked or expires', async () => {
    const apiKeys = world.app.get(ApiKeysService);
    const create = async (name: string) =>
      (await world.call(world.people.ownerA, 'post', '/api/api-keys', { name }).expect(201)).body.id as string;
    const [revoked, expiring] = [await create('recheck revoked'), await create('recheck expiring')];

    expect(await apiKeys.isActive(revoked)).toBe(true);
    await world.call(world.people.ownerA, 'delete', `/api/api-keys/${revoked}`).expect(204);
    expect(await apiKeys.isActive(revoked)).toBe(false);

    expect(await apiKeys.isActive(expiring)).toBe(true);
    await world.db.query(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [expiring]);
    expect(await apiKeys.isActive(expiring)).toBe(false);
  });
});
