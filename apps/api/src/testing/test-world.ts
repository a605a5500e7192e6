import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AccountsService } from '@hub/server/auth';
import { type AppConfig, testConfig } from '@hub/server/config';
import { MembershipEntity, runMigrations, type WorkspaceRole } from '@hub/server/database';
import { SYSTEM_ACTOR } from '@hub/server/audit';
import { createScratchDatabase, type ScratchDatabase } from '@hub/server/testing';
import { createTestApp } from './create-test-app';
import { TestCredentialsProviderModule } from './test-credentials-provider';

/** A person of the test world, signed in through the real sign-in route. */
export interface Persona {
  readonly key: PersonaKey;
  readonly email: string;
  readonly password: string;
  readonly userId: string;
  /** `Cookie` header value carrying the session and XSRF cookies. */
  cookie: string;
  csrf: string;
}

export type PersonaKey = 'ownerA' | 'adminA' | 'memberA' | 'ownerB' | 'outsider' | 'instanceAdmin';

export interface TestWorld {
  readonly app: INestApplication;
  readonly config: AppConfig;
  readonly db: DataSource;
  readonly scratch: ScratchDatabase;
  readonly workspaceA: string;
  readonly workspaceB: string;
  readonly people: Record<PersonaKey, Persona>;
  /** A request as a persona (cookie + CSRF header), or anonymous with null. */
  call(persona: Persona | null, method: HttpMethod, path: string, body?: object): request.Test;
  signIn(email: string, password: string): Promise<{ cookie: string; csrf: string }>;
  close(): Promise<void>;
}

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export const PASSWORD = 'correct horse battery staple';

/**
 * Two workspaces and six people on a fresh schema with the real migrations: A has an owner, an
 * admin and a member; B has an owner; an outsider belongs nowhere; the instance admin belongs to no
 * workspace either, so instance rights and workspace rights stay apart.
 */
export async function createTestWorld(overrides: NodeJS.ProcessEnv = {}): Promise<TestWorld> {
  const scratch = await createScratchDatabase('api');
  await runMigrations(scratch.url);
  // Its own Redis prefix too, so rate-limit counters of one test file never leak into another.
  const config = testConfig({ DATABASE_URL: scratch.url, REDIS_PREFIX: `${scratch.schema}`, ...overrides });
  const app = await createTestApp(config, { imports: [TestCredentialsProviderModule] });
  const db = app.get(DataSource);
  const accounts = app.get(AccountsService);

  const make = async (key: PersonaKey, isInstanceAdmin = false) => {
    const email = `${key.toLowerCase()}@example.com`;
    const user = await accounts.createUser({ email, name: key, password: PASSWORD, isInstanceAdmin });
    return { key, email, password: PASSWORD, userId: user.id, cookie: '', csrf: '' } as Persona;
  };
  const people = {
    ownerA: await make('ownerA'),
    adminA: await make('adminA'),
    memberA: await make('memberA'),
    ownerB: await make('ownerB'),
    outsider: await make('outsider'),
    instanceAdmin: await make('instanceAdmin', true),
  };
  const system = { actor: SYSTEM_ACTOR, meta: {} };
  const workspaceA = (await accounts.createWorkspace('Workspace A', people.ownerA.userId, system)).id;
  const workspaceB = (await accounts.createWorkspace('Workspace B', people.ownerB.userId, system)).id;
  const join = (workspaceId: string, userId: string, role: WorkspaceRole) =>
    db.getRepository(MembershipEntity).insert({ workspaceId, userId, role });
  await join(workspaceA, people.adminA.userId, 'admin');
  await join(workspaceA, people.memberA.userId, 'member');

  const signIn = async (email: string, password: string) => {
    const response = await request(app.getHttpServer()).post('/api/auth/sign-in').send({ email, password }).expect(200);
    return cookiesOf(response.headers['set-cookie'] as unknown as string[]);
  };
  for (const persona of Object.values(people)) Object.assign(persona, await signIn(persona.email, persona.password));

  const call = (persona: Persona | null, method: HttpMethod, path: string, body?: object) => {
    let test = request(app.getHttpServer())[method](path);
    if (persona) {
      test = test.set('Cookie', persona.cookie);
      if (method !== 'get') test = test.set('X-XSRF-TOKEN', persona.csrf);
    }
    return body === undefined ? test : test.send(body);
  };

  return {
    app,
    config,
    db,
    scratch,
    workspaceA,
    workspaceB,
    people,
    call,
    signIn,
    async close() {
      await app.close();
      await scratch.drop();
    },
  };
}

/** The session and XSRF cookies from a Set-Cookie header, as a Cookie header and the CSRF token. */
export function cookiesOf(setCookie: string[] | undefined): { cookie: string; csrf: string } {
  const pairs = (setCookie ?? []).map((line) => line.split(';')[0]);
  const csrf = pairs.find((p) => p.startsWith('XSRF-TOKEN='))?.slice('XSRF-TOKEN='.length) ?? '';
  return { cookie: pairs.join('; '), csrf };
}
