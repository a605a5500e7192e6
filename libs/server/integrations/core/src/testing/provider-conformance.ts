import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { IntegrationError, type IntegrationErrorCode } from '../lib/integration-error';
import type {
  AccountInfo,
  CatalogProvider,
  IntegrationProvider,
  ProviderCredentials,
  SyncPage,
} from '../lib/integration-provider';
import { manifestProblems } from '../lib/validate-manifest';
import {
  type FixtureHandler,
  type FixtureRequest,
  type FixtureResponse,
  type FixtureServer,
  startFixtureServer,
} from './fixture-server';

/** How the kit builds the provider under test: calling the fixture server, with small pages. */
export interface ConformanceOptions {
  /** Replaces the manifest's `api.baseUrl` (named `api.hosts` live under `<apiBaseUrl>/_hosts/<name>`). */
  readonly apiBaseUrl: string;
  /** Records per page the provider must ask for (and never exceed). */
  readonly pageSize?: number;
}

/** One documented error answer and how to provoke it. */
export interface DocumentedErrorCase {
  /** The answer exactly as the provider's documentation shows it (status, headers, body). */
  readonly answer: FixtureResponse;
  /** The call that meets it; by default `getAccountInfo`. */
  readonly call?: (provider: IntegrationProvider, credentials: ProviderCredentials) => Promise<unknown>;
}

/**
 * The documented error answers every provider maps (docs/architecture.md status model). A provider whose
 * API has no expiring cursor says why instead of giving `cursorExpired`. Network failures are made
 * by the kit (the socket closes without an answer).
 */
export interface DocumentedErrors {
  /** Expired or revoked token (usually 401) → AUTH_REVOKED. */
  readonly unauthorized: DocumentedErrorCase;
  /** A scope the token lacks (usually 403) → INSUFFICIENT_SCOPE. */
  readonly insufficientScope: DocumentedErrorCase;
  /** 404 → NOT_FOUND. */
  readonly notFound: DocumentedErrorCase;
  /** An expired sync token or history id (Calendar's 410, Gmail's 404 on history) → CURSOR_INVALID. */
  readonly cursorExpired: DocumentedErrorCase | { readonly notApplicable: string };
  /** 429 (or the provider's own rate-limit answer) with its retry hint → RATE_LIMITED with `retryAfterMs`. */
  readonly rateLimited: DocumentedErrorCase & { readonly retryAfterMs: number };
  /** 5xx → TEMPORARY. */
  readonly serverError: DocumentedErrorCase;
  /**
   * The error forms this provider documents beyond the six above, each with what the hub must make
   * of it: Google's 403 rate limits and SERVICE_DISABLED, GitHub's primary and secondary limits,
   * Slack's `ratelimited` and `token_expired`… Required, so a new provider lists its own (or says
   * why it has none) rather than skipping them.
   */
  readonly providerSpecific: readonly ProviderErrorForm[] | { readonly notApplicable: string };
}

/** One documented error form of the provider's own, and what the hub must make of it. */
export interface ProviderErrorForm extends DocumentedErrorCase {
  /** As the provider's documentation names it, e.g. `403 userRateLimitExceeded`. */
  readonly what: string;
  readonly code: IntegrationErrorCode;
  /** For RATE_LIMITED: the wait the answer asks for, when it says one. */
  readonly retryAfterMs?: number;
  /** Words the message must carry for a person to act (e.g. the API to enable). */
  readonly messageIncludes?: string;
}

/** One resource's sync, answered page by page from fixtures at `pageSize`. */
export interface SyncConformance {
  readonly resource: string;
  readonly selection?: readonly string[];
  /** Small enough that the fixtures span at least two pages. */
  readonly pageSize: number;
  /** Answers the full pass (and, with `incremental`, the changes since its sync token). */
  readonly respond: FixtureHandler;
  /** Records in the full pass. */
  readonly expectedRecords: number;
  /** The page size a request asked for (its query parameter), or undefined for requests that take none. */
  readonly pageSizeOf: (request: FixtureRequest) => number | undefined;
  /**
   * For incremental resources: what a run from the full pass's `syncToken` returns (changes only).
   * Without it, the full pass must not hand out a sync token.
   */
  readonly incremental?: { readonly changedIds: readonly string[]; readonly deletedIds: readonly string[] };
}

export interface ProviderConformanceSpec {
  /** The provider as its module builds it. */
  readonly provider: CatalogProvider;
  /** The provider calling the fixture server. Only for available providers. */
  readonly create?: (options: ConformanceOptions) => IntegrationProvider;
  readonly credentials?: ProviderCredentials;
  /** The documented answer(s) to "who is this": what the card must show. */
  readonly account?: { readonly respond: FixtureHandler; readonly expected: Partial<AccountInfo> };
  readonly errors?: DocumentedErrors;
  readonly sync?: readonly SyncConformance[];
}

const ERROR_EXPECTATIONS: readonly [Exclude<keyof DocumentedErrors, 'providerSpecific'>, IntegrationErrorCode][] = [
  ['unauthorized', 'AUTH_REVOKED'],
  ['insufficientScope', 'INSUFFICIENT_SCOPE'],
  ['notFound', 'NOT_FOUND'],
  ['cursorExpired', 'CURSOR_INVALID'],
  ['rateLimited', 'RATE_LIMITED'],
  ['serverError', 'TEMPORARY'],
];

/** Hosts a generated provider starts with: fine while coming soon, refused once available. */
const PLACEHOLDER_HOST = /(^|\.)(example|invalid|test|localhost)$|(^|\.)example\.(com|org|net)$/;

/**
 * The conformance suite every provider's spec runs (`describeProviderConformance({...})`): the
 * manifest is valid and its logo exists; an available provider implements the interface, parses the
 * documented account answer, maps the documented error answers to the right codes, and syncs each
 * resource page by page — honouring the page size, the cursor (a resumed sync returns no page twice)
 * and the abort signal, and, when incremental, resuming from its sync token with changes only.
 */
export function describeProviderConformance(spec: ProviderConformanceSpec): void {
  const { manifest } = spec.provider;

  describe(`${manifest.id}: provider conformance`, () => {
    describe('manifest', () => {
      it('is valid', () => {
        expect(manifestProblems(manifest)).toEqual([]);
      });

      it('has its logo in the web app', () => {
        const logo = join(workspaceRoot(), 'apps/web/public', manifest.logo);
        expect({ logo, exists: existsSync(logo) }).toEqual({ logo, exists: true });
      });

      if (manifest.availability === 'available') {
        it('points at real endpoints, not placeholders (it is available)', () => {
          const urls = [manifest.docsUrl, manifest.api?.baseUrl, ...Object.values(manifest.api?.hosts ?? {})];
          if (manifest.auth.kind === 'oauth2') {
            urls.push(manifest.auth.authorizationUrl, manifest.auth.tokenUrl, manifest.auth.appRegistrationUrl);
          }
          const placeholders = urls.filter((url) => url && PLACEHOLDER_HOST.test(new URL(url).hostname));
          expect(placeholders).toEqual([]);
        });

        it('implements the provider interface', () => {
          const provider = spec.provider as Partial<IntegrationProvider>;
          expect(typeof provider.getAccountInfo).toBe('function');
          expect(typeof provider.toIntegrationError).toBe('function');
          if (manifest.sync) expect(typeof provider.sync).toBe('function');
        });

        it('comes with fixtures for the account, the errors and every resource', () => {
          expect(spec.create).toBeDefined();
          expect(spec.account).toBeDefined();
          expect(spec.errors).toBeDefined();
          const covered = (spec.sync ?? []).map((s) => s.resource).sort();
          expect(covered).toEqual((manifest.sync?.resources ?? []).map((r) => r.id).sort());
        });
      }
    });

    if (manifest.availability !== 'available' || !spec.create) return;
    const create = spec.create;
    const credentials = spec.credentials ?? { accessToken: 'conformance-access-token' };
    let server: FixtureServer;
    beforeAll(async () => {
      server = await startFixtureServer();
    });
    afterAll(async () => {
      await server?.close();
    });
    beforeEach(() => {
      server.requests.length = 0;
    });

    if (spec.account) {
      const account = spec.account;
      it('reads the account from the documented answer', async () => {
        server.answer(account.respond);
        const info = await create({ apiBaseUrl: server.url }).getAccountInfo({ credentials });
        expect(info).toMatchObject(account.expected);
        expect(info.externalAccountId).toEqual(expect.any(String));
        expect(info.externalAccountId).not.toBe('');
        expect(JSON.stringify(info)).not.toContain(String(credentials['accessToken']));
      });

      it('sends the access token as a bearer token', async () => {
        server.answer(account.respond);
        await create({ apiBaseUrl: server.url }).getAccountInfo({ credentials });
        expect(server.requests.length).toBeGreaterThan(0);
        for (const request of server.requests) {
          expect(request.headers['authorization']).toBe(`Bearer ${String(credentials['accessToken'])}`);
        }
      });
    }

    if (spec.errors) {
      const errors = spec.errors;
      describe('maps the documented error answers', () => {
        for (const [name, code] of ERROR_EXPECTATIONS) {
          const errorCase = errors[name];
          if ('notApplicable' in errorCase) {
            it(`has no ${name} answer: ${errorCase.notApplicable}`, () => {
              expect(errorCase.notApplicable.trim().length).toBeGreaterThan(10);
            });
            continue;
          }
          it(`${name} (${errorCase.answer.status ?? 200}) → ${code}`, async () => {
            server.answer(() => errorCase.answer);
            const provider = create({ apiBaseUrl: server.url, pageSize: 2 });
            const mapped = await failureOf(provider, () => (errorCase.call ?? accountCall)(provider, credentials));
            expect({ code: mapped.code, message: mapped.message }).toEqual({ code, message: expect.any(String) });
            expect(mapped.message).not.toContain(String(credentials['accessToken']));
            if (name === 'rateLimited') expect(mapped.options.retryAfterMs).toBe(errors.rateLimited.retryAfterMs);
            if (code === 'TEMPORARY' || code === 'RATE_LIMITED') expect(mapped.retryable).toBe(true);
            else expect(mapped.retryable).toBe(false);
          });
        }

        const forms = errors.providerSpecific;
        if ('notApplicable' in forms) {
          it(`has no error forms of its own: ${forms.notApplicable}`, () => {
            expect(forms.notApplicable.trim().length).toBeGreaterThan(10);
          });
        } else {
          it('lists at least one error form of its own', () => expect(forms.length).toBeGreaterThan(0));
          for (const form of forms) {
            it(`${form.what} (${form.answer.status ?? 200}) → ${form.code}`, async () => {
              server.answer(() => form.answer);
              const provider = create({ apiBaseUrl: server.url, pageSize: 2 });
              const mapped = await failureOf(provider, () => (form.call ?? accountCall)(provider, credentials));
              expect(mapped.code).toBe(form.code);
              expect(mapped.message).not.toContain(String(credentials['accessToken']));
              if (form.retryAfterMs !== undefined) expect(mapped.options.retryAfterMs).toBe(form.retryAfterMs);
              if (form.messageIncludes) expect(mapped.message).toContain(form.messageIncludes);
              expect(mapped.retryable).toBe(form.code === 'TEMPORARY' || form.code === 'RATE_LIMITED');
            });
          }
        }

        it('a network failure (no answer) → TEMPORARY', async () => {
          server.answer(() => 'drop');
          const provider = create({ apiBaseUrl: server.url });
          const mapped = await failureOf(provider, () => accountCall(provider, credentials));
          expect(mapped.code).toBe('TEMPORARY');
        });

        it('an IntegrationError passes through unchanged', () => {
          const error = new IntegrationError('NOT_FOUND', 'already mapped');
          expect(create({ apiBaseUrl: server.url }).toIntegrationError(error)).toBe(error);
        });
      });
    }

    for (const resource of spec.sync ?? []) {
      describe(`sync of ${resource.resource}`, () => {
        const run = (provider: IntegrationProvider, cursor: string | null, signal = new AbortController().signal) =>
          provider.sync!({
            credentials,
            resource: resource.resource,
            cursor,
            selection: resource.selection ?? [],
            signal,
          });

        it(`returns every record once, in pages of at most ${resource.pageSize}, asking for that page size`, async () => {
          server.answer(resource.respond);
          const pages = await collect(run(create({ apiBaseUrl: server.url, pageSize: resource.pageSize }), null));
          const ids = pages.flatMap((page) => page.records.map((r) => r.externalId));
          expect(pages.length).toBeGreaterThanOrEqual(2);
          expect(ids).toHaveLength(resource.expectedRecords);
          expect(new Set(ids).size).toBe(ids.length);
          for (const page of pages) expect(page.records.length).toBeLessThanOrEqual(resource.pageSize);
          expect(pages.slice(0, -1).every((page) => typeof page.nextCursor === 'string')).toBe(true);
          expect(pages.at(-1)!.nextCursor).toBeNull();
          const asked = server.requests.map(resource.pageSizeOf).filter((size) => size !== undefined);
          expect(asked.length).toBeGreaterThan(0);
          expect(new Set(asked)).toEqual(new Set([resource.pageSize]));
          expect(server.requests.every((r) => r.headers['authorization'] !== undefined)).toBe(true);
        });

        it('resumed from any page’s cursor, returns exactly the pages after it', async () => {
          server.answer(resource.respond);
          const provider = create({ apiBaseUrl: server.url, pageSize: resource.pageSize });
          const pages = await collect(run(provider, null));
          for (let index = 0; index < pages.length - 1; index++) {
            const resumed = await collect(run(provider, pages[index].nextCursor));
            const expected = pages.slice(index + 1).flatMap((page) => page.records.map((r) => r.externalId));
            expect(resumed.flatMap((page) => page.records.map((r) => r.externalId))).toEqual(expected);
          }
        });

        it('stops at once when aborted: no request after the abort', async () => {
          server.answer(resource.respond);
          const provider = create({ apiBaseUrl: server.url, pageSize: resource.pageSize });
          const before = new AbortController();
          before.abort(new Error('stopped before start'));
          await expect(collect(run(provider, null, before.signal))).rejects.toBeDefined();
          expect(server.requests).toHaveLength(0);

          const during = new AbortController();
          const iterator = run(provider, null, during.signal)[Symbol.asyncIterator]();
          const first = await iterator.next();
          expect(first.done).toBe(false);
          const sent = server.requests.length;
          during.abort(new Error('stopped mid-sync'));
          await expect(iterator.next()).rejects.toBeDefined();
          expect(server.requests).toHaveLength(sent);
        });

        it('refuses a cursor it did not write (CURSOR_INVALID)', async () => {
          server.answer(resource.respond);
          const provider = create({ apiBaseUrl: server.url, pageSize: resource.pageSize });
          const error = await collect(run(provider, 'not-a-cursor-this-provider-wrote')).then(
            () => null,
            (e: unknown) => provider.toIntegrationError(e),
          );
          expect(error?.code).toBe('CURSOR_INVALID');
        });

        const incremental = resource.incremental;
        if (incremental) {
          it('ends the full pass with a sync token, and a run from it returns only the changes', async () => {
            server.answer(resource.respond);
            const provider = create({ apiBaseUrl: server.url, pageSize: resource.pageSize });
            const pages = await collect(run(provider, null));
            const token = pages.at(-1)!.syncToken;
            expect(token).toEqual(expect.any(String));
            const changes = await collect(run(provider, token!));
            expect(changes.flatMap((page) => page.records.map((r) => r.externalId)).sort()).toEqual(
              [...incremental.changedIds].sort(),
            );
            expect(changes.flatMap((page) => page.deletedIds ?? []).sort()).toEqual([...incremental.deletedIds].sort());
            expect(changes.at(-1)!.nextCursor).toBeNull();
            expect(changes.at(-1)!.syncToken).toEqual(expect.any(String));
          });
        } else {
          it('hands out no sync token (every run is a full pass)', async () => {
            server.answer(resource.respond);
            const pages = await collect(run(create({ apiBaseUrl: server.url, pageSize: resource.pageSize }), null));
            expect(pages.every((page) => page.syncToken === undefined)).toBe(true);
          });
        }
      });
    }
  });
}

async function accountCall(provider: IntegrationProvider, credentials: ProviderCredentials): Promise<unknown> {
  return provider.getAccountInfo({ credentials });
}

/** Runs `call`, which must fail, and answers the provider's mapping of the failure. */
async function failureOf(provider: IntegrationProvider, call: () => Promise<unknown>): Promise<IntegrationError> {
  let failure: unknown;
  try {
    await call();
  } catch (error) {
    failure = error;
  }
  if (failure === undefined) throw new Error('Expected the call to fail, but it succeeded');
  const mapped = provider.toIntegrationError(failure);
  expect(mapped).toBeInstanceOf(IntegrationError);
  return mapped;
}

/** Every page of a sync (or its failure). */
export async function collect(pages: AsyncIterable<SyncPage>): Promise<SyncPage[]> {
  const out: SyncPage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

/** Drains a sync for its side effect (provoking an error on the first page). */
export async function drainSync(
  provider: IntegrationProvider,
  credentials: ProviderCredentials,
  resource: string,
  cursor: string | null = null,
): Promise<void> {
  await collect(provider.sync!({ credentials, resource, cursor, selection: [], signal: new AbortController().signal }));
}

function workspaceRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('The conformance kit runs inside the Nx workspace (no nx.json found)');
    dir = parent;
  }
  return dir;
}
