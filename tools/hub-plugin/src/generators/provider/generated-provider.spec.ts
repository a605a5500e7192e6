import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, relative } from 'node:path';
import { workspaceRoot } from '@nx/devkit';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { generateProvider } from './generator';
import { filesUnder, workspaceTree } from './testing/workspace-tree';

/**
 * Proof that a freshly generated provider works: it is generated into a virtual tree, its lib and
 * sandbox stub are written to tmp/generated-provider-<random>/ (removed afterwards), and
 *
 * - the generated lib's own specs — `<id>.conformance.spec.ts` (describeProviderConformance plus its
 *   fixture checks while coming soon) and `<id>.provider.spec.ts` — are required below, so their
 *   describe blocks run in this jest run, compiled by ts-jest like any spec ('@hub/...' imports
 *   resolve through the tsconfig paths);
 * - the generated sandbox stub is mounted behind the sandbox's real API router and drives the
 *   generated provider: account, a full sync over pages, mutate, and a second full sync whose
 *   differences are what mutate announced.
 *
 * Two things differ from a real run: the stub imports its lib through the tsconfig path the
 * generator adds, which does not exist for this random id, so the copy imports it by relative path;
 * and the conformance kit looks for the logo in apps/web/public/providers, so the placeholder logo is
 * written there for the run and removed with the rest.
 */
const suffix = randomBytes(4).toString('hex');
const id = `zz-check-${suffix}`;
const tree = workspaceTree();
const options = generateProvider(tree, { id, name: 'Conformance Check', category: 'Marketing' });
const out = join(workspaceRoot, 'tmp', `generated-provider-${suffix}`);
const logo = join(workspaceRoot, options.logoPath);
const libSrc = join(out, options.libRoot, 'src');
const stubDir = join(out, options.sandboxRoot);

function cleanUp(): void {
  rmSync(out, { recursive: true, force: true });
  rmSync(logo, { force: true });
}
afterAll(cleanUp);

try {
  removeLeftovers();
  for (const file of [...filesUnder(tree, `${options.libRoot}/src`), ...filesUnder(tree, options.sandboxRoot)]) {
    mkdirSync(dirname(join(out, file)), { recursive: true });
    let content = tree.read(file, 'utf-8') ?? '';
    if (file.startsWith(options.sandboxRoot)) {
      content = content.replace(`'${options.importPath}'`, `'${relative(stubDir, libSrc)}'`);
    }
    writeFileSync(join(out, file), content);
  }
  // The stub imports ../../lib/{control-input,provider-definition}; the harness below uses the API router.
  cpSync(join(workspaceRoot, 'apps/sandbox/src/lib'), join(out, 'apps/sandbox/src/lib'), { recursive: true });
  writeFileSync(logo, tree.read(options.logoPath) ?? '');

  // The generated specs, as `npx jest -c <libRoot>/jest.config.cts` would run them. A generated file
  // that does not compile fails here, with ts-jest's diagnostics.
  require(join(libSrc, 'lib', `${id}.conformance.spec.ts`));
  require(join(libSrc, 'lib', `${id}.provider.spec.ts`));
} catch (error) {
  cleanUp();
  throw error;
}

/** What an earlier run killed before its afterAll left behind (an hour old or more). */
function removeLeftovers(): void {
  const old = Date.now() - 3600_000;
  const stale = (path: string) => statSync(path).mtimeMs < old;
  const tmp = join(workspaceRoot, 'tmp');
  for (const name of existsSync(tmp) ? readdirSync(tmp) : []) {
    if (/^generated-provider-[0-9a-f]{8}$/.test(name) && stale(join(tmp, name))) {
      rmSync(join(tmp, name), { recursive: true, force: true });
    }
  }
  const logos = dirname(logo);
  for (const name of readdirSync(logos)) {
    if (/^zz-check-[0-9a-f]{8}\.svg$/.test(name) && stale(join(logos, name))) rmSync(join(logos, name));
  }
}

interface SyncPage {
  records: { externalId: string; data: Record<string, unknown> }[];
  nextCursor: string | null;
  syncToken?: string;
}
interface GeneratedProvider {
  getAccountInfo(params: { credentials: Record<string, unknown> }): Promise<Record<string, unknown>>;
  sync(params: {
    credentials: Record<string, unknown>;
    resource: string;
    cursor: string | null;
    selection: readonly string[];
    signal: AbortSignal;
  }): AsyncIterable<SyncPage>;
  toIntegrationError(error: unknown): { code: string; message: string };
  withOptions(options: { apiBaseUrl?: string; pageSize?: number }): GeneratedProvider;
}
interface StubDefinition {
  id: string;
  scopes: readonly string[];
  dataset: { reset(): void };
}

describe('the generated sandbox stub, driven by the generated provider', () => {
  const TOKEN = 'stub-access-token';
  let server: Server;
  let url: string;
  let definition: StubDefinition;
  let provider: GeneratedProvider;
  const credentials = { accessToken: TOKEN };

  beforeAll(async () => {
    const lib = (file: string) => require(join(out, 'apps/sandbox/src/lib', file)) as Record<string, unknown>;
    const stub = require(stubDir) as Record<string, unknown>;
    const Provider = (require(libSrc) as Record<string, unknown>)[`${options.className}Provider`] as new () => {
      withOptions: GeneratedProvider['withOptions'];
    };
    definition = (stub[`${options.propertyName}Sandbox`] as () => StubDefinition)();
    const { providerApiRouter } = lib('provider-api.ts') as { providerApiRouter: (options: unknown) => Router };
    const { ProviderStats, RateLimiter } = lib('stats.ts') as Record<string, new () => unknown>;
    const { FaultInjector } = lib('faults.ts') as Record<string, new () => unknown>;
    const { RequestLog } = lib('request-log.ts') as Record<string, new () => unknown>;
    const { ControlInputError } = lib('control-input.ts') as { ControlInputError: new () => Error };
    const { datasetControlRouter } = lib('provider-controls.ts') as {
      datasetControlRouter: (dataset: StubDefinition['dataset']) => Router;
    };

    const app = express();
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // The sandbox's API pipeline (counting, faults, rate limit, bearer check, scopes, 404/500 in the
    // provider's shape); only the authorization server's token lookup is replaced.
    const tokens = {
      AccessToken: {
        find: async (token: string) =>
          token === TOKEN
            ? {
                accountId: 'sandbox-user',
                clientId: `hub-${id}`,
                grantId: 'grant-1',
                scope: definition.scopes.join(' '),
              }
            : undefined,
      },
    };
    app.use(
      `/${id}/api`,
      providerApiRouter({
        definition,
        provider: tokens,
        apiBaseUrl: `${url}/${id}/api`,
        settings: { accessTokenTtlSeconds: 3600, rateLimitPerMinute: 10_000 },
        stats: new ProviderStats(),
        rateLimiter: new RateLimiter(),
        faults: new FaultInjector(),
        requestLog: new RequestLog(),
      }),
    );
    // As start-sandbox.ts mounts provider controls: JSON bodies, ControlInputError → 400.
    app.use(`/_sandbox/${id}`, express.json(), datasetControlRouter(definition.dataset));
    app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
      if (error instanceof ControlInputError)
        res.status(400).json({ error: 'invalid_request', message: error.message });
      else next(error);
    });
    provider = new Provider().withOptions({ apiBaseUrl: `${url}/${id}/api` });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => definition.dataset.reset());

  const fullPass = async (cursor: string | null = null) => {
    const pages: SyncPage[] = [];
    for await (const page of provider.sync({
      credentials,
      resource: 'items',
      cursor,
      selection: [],
      signal: new AbortController().signal,
    })) {
      pages.push(page);
    }
    return pages;
  };
  const byId = (pages: SyncPage[]) =>
    new Map(pages.flatMap((page) => page.records.map((r) => [r.externalId, JSON.stringify(r.data)] as const)));
  const mutate = (body: unknown) =>
    fetch(`${url}/_sandbox/${id}/mutate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('should tell who is connected from GET /me', async () => {
    await expect(provider.getAccountInfo({ credentials })).resolves.toEqual({
      externalAccountId: 'usr_sandbox-user',
      displayName: 'Sandbox User',
      email: 'sandbox@example.com',
      workspaceName: 'Sandbox Workspace',
    });
  });

  it('should serve 250 items at start-up, which a full pass reads in pages of 100, 100 and 50, the same every time', async () => {
    const pages = await fullPass();
    expect(pages.map((page) => page.records.length)).toEqual([100, 100, 50]);
    expect(pages.map((page) => page.nextCursor === null)).toEqual([false, false, true]);
    expect(byId(pages).size).toBe(250);
    expect(pages[0].records[0]).toEqual({
      externalId: 'itm_000001',
      data: {
        name: expect.any(String),
        status: expect.stringMatching(/^(open|won|lost)$/),
        owner: expect.stringMatching(/@sandbox\.example$/),
        created_at: '2025-01-06T09:00:00.000Z',
        updated_at: expect.any(String),
      },
    });
    expect(byId(await fullPass())).toEqual(byId(pages));
  });

  it('should resume a pass from a page’s cursor with exactly the pages after it', async () => {
    const pages = await fullPass();
    const resumed = await fullPass(pages[0].nextCursor);
    expect([...byId(resumed).keys()]).toEqual([...byId(pages).keys()].slice(100));
  });

  it('should answer from mutate what the next full pass finds added, updated and deleted', async () => {
    const before = byId(await fullPass());
    const response = await mutate({ added: 2, updated: 1, deleted: 1 });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ expected: { items: { added: 2, updated: 1, deleted: 1 } } });
    // A second mutation before the sync adds up: it never touches what the first changed.
    expect(await (await mutate({ added: 1, updated: 3, deleted: 2 })).json()).toEqual({
      expected: { items: { added: 1, updated: 3, deleted: 2 } },
    });
    const after = byId(await fullPass());
    const added = [...after.keys()].filter((key) => !before.has(key));
    const deleted = [...before.keys()].filter((key) => !after.has(key));
    const updated = [...after.keys()].filter((key) => before.has(key) && before.get(key) !== after.get(key));
    expect({ added: added.length, updated: updated.length, deleted: deleted.length }).toEqual({
      added: 3,
      updated: 4,
      deleted: 3,
    });
    expect(after.size).toBe(250);
  });

  it('should refuse bad mutate input with a 400 and change nothing', async () => {
    const before = byId(await fullPass());
    for (const body of [{ added: -1 }, { updated: 1001 }, { deleted: 1.5 }, { removed: 1 }, [1]]) {
      const response = await mutate(body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(await response.json()).toEqual({ error: 'invalid_request', message: expect.any(String) });
    }
    expect(byId(await fullPass())).toEqual(before);
  });

  it('should bring the start-up data back on reset', async () => {
    const before = byId(await fullPass());
    await mutate({ added: 5, updated: 5, deleted: 5 });
    definition.dataset.reset();
    expect(byId(await fullPass())).toEqual(before);
  });

  it('should answer errors in the stub’s shape, which the provider maps', async () => {
    const unauthorized = await fetch(`${url}/${id}/api/me`, { headers: { authorization: 'Bearer nope' } });
    expect(unauthorized.status).toBe(401);
    expect(await unauthorized.json()).toEqual({ error: { code: 'invalid_token', message: expect.any(String) } });
    const failure = await provider.getAccountInfo({ credentials: { accessToken: 'nope' } }).catch((e: unknown) => e);
    expect(provider.toIntegrationError(failure).code).toBe('AUTH_REVOKED');

    const tooBig = await fetch(`${url}/${id}/api/items?per_page=101`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(tooBig.status).toBe(400);
    expect(await tooBig.json()).toEqual({ error: { code: 'invalid_request', message: expect.any(String) } });
  });
});

describe('the generated module in the catalog', () => {
  it('should be found by the registry beside every other provider, as coming soon (not connectable)', async () => {
    // By path: the plugin's lint tag may not import server libraries, but its tests may load them.
    const core = require(join(workspaceRoot, 'libs/server/integrations/core/src/index.ts')) as {
      IntegrationsCoreModule: new () => unknown;
      ProviderRegistry: new () => {
        all(): { manifest: { id: string; availability: string } }[];
        connectable(id: string): unknown;
      };
    };
    const { INTEGRATION_PROVIDER_MODULES } = require(
      join(workspaceRoot, 'libs/server/integrations/all/src/index.ts'),
    ) as { INTEGRATION_PROVIDER_MODULES: unknown[] };
    const { Test } = require('@nestjs/testing') as typeof import('@nestjs/testing');
    const GeneratedModule = (require(libSrc) as Record<string, unknown>)[`${options.className}Module`];
    const moduleRef = await Test.createTestingModule({
      imports: [core.IntegrationsCoreModule, ...INTEGRATION_PROVIDER_MODULES, GeneratedModule] as never[],
    }).compile();
    await moduleRef.init();
    try {
      const registry = moduleRef.get(core.ProviderRegistry);
      const generated = registry.all().find((provider) => provider.manifest.id === id);
      expect(generated?.manifest.availability).toBe('coming-soon');
      expect(registry.connectable(id)).toBeFalsy();
      expect(registry.all().length).toBe(INTEGRATION_PROVIDER_MODULES.length + 1);
    } finally {
      await moduleRef.close();
    }
  });
});
