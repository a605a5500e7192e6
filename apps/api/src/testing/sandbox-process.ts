import { builtApp, consentAtProvider, startProcess, waitForOk } from '@hub/server/testing';
import type { Persona, TestWorld } from './test-world';

/** The built provider sandbox as a real process on a port of its own, for one test file. */
export async function startSandboxProcess(port: number, env: Record<string, string> = {}) {
  const process = startProcess(builtApp('sandbox'), {
    NODE_ENV: 'test',
    SANDBOX_PORT: String(port),
    SANDBOX_REDIRECT_BASES: 'http://localhost:3000',
    ...env,
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    // A sandbox that cannot start (its port taken, a bad setting) says why instead of timing out.
    await Promise.race([
      waitForOk(`${url}/_sandbox/stats`, 30_000),
      process.exited.then((e) => {
        throw new Error(`the sandbox exited during boot (${e.code ?? e.signal}): ${e.stderr.slice(-2000)}`);
      }),
    ]);
  } catch (error) {
    process.child.kill('SIGKILL');
    throw error;
  }
  return {
    url,
    /** One emulated provider's counters (Dub unless named). */
    async stats(provider = 'dub'): Promise<{
      tokenRequests: { authorization_code: number; refresh_token: number };
      tokenErrors: Record<string, number>;
      revocations: number;
      activeGrants: number;
    }> {
      return ((await (await fetch(`${url}/_sandbox/stats`)).json()) as Record<string, never>)[provider];
    },
    async stop() {
      process.child.kill('SIGTERM');
      await process.exited;
    },
  };
}

/** Connects Dub for a persona through the hub's real flow and the sandbox's consent page. */
export async function connectDub(world: TestWorld, persona: Persona): Promise<string> {
  return connectProvider(world, persona, 'dub');
}

/** Connects an emulated OAuth provider for a persona through the hub's real flow and the sandbox's consent page. */
export async function connectProvider(world: TestWorld, persona: Persona, providerId: string): Promise<string> {
  const started = await world.call(persona, 'post', `/api/integrations/${providerId}/connect`, {}).expect(200);
  const binding = (started.headers['set-cookie'] as unknown as string[])
    .find((c) => c.startsWith('hub_oauth_'))!
    .split(';')[0];
  const redirect = await consentAtProvider(started.body.authorizationUrl, {
    callbackPrefix: `http://localhost:3000/api/integrations/${providerId}/callback`,
  });
  const back = await world
    .call(null, 'get', `/api/integrations/${providerId}/callback${redirect.url.search}`)
    .set('Cookie', `${persona.cookie}; ${binding}`)
    .expect(303);
  if (!String(back.headers['location']).includes(`success=${providerId}_connected`)) {
    throw new Error(`Connecting ${providerId} ended at ${back.headers['location']}`);
  }
  const connections = await world.call(persona, 'get', '/api/connections').expect(200);
  return connections.body.find((c: { providerId: string }) => c.providerId === providerId).id;
}
