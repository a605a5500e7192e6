import { createHash } from 'node:crypto';
import type { IntegrationProvider, SyncPage } from '@hub/server/integrations/core';
import type { ChangeCounts, MutationAnswer } from '../lib/emulation';
import type { RunningSandbox } from '../start-sandbox';
import { OAuthTestClient, pkcePair, type TokenResponse } from './oauth-test-client';

/**
 * What every `*-provider.int-spec.ts` does to drive the hub's real provider class against its
 * emulation: connect as the hub does, sync a resource to the end, read and change the account
 * through the controls, and count a pass the way the hub's record writer does.
 */

/** The provider's API in this sandbox, as the hub's `PROVIDER_BASE_URLS` would name it. */
export function baseUrls(sandbox: RunningSandbox, id: string): Map<string, { apiBaseUrl: string }> {
  return new Map([[id, { apiBaseUrl: `${sandbox.url}/${id}/api` }]]);
}

/**
 * The consent flow as the hub runs it: the manifest's scopes (joined by its separator) and
 * authorization parameters, PKCE, and its client authentication. Throws unless the exchange is a 200
 * with both tokens.
 */
export async function connectAs(
  sandbox: RunningSandbox,
  provider: IntegrationProvider,
): Promise<TokenResponse['body'] & { access_token: string; refresh_token: string }> {
  const { manifest } = provider;
  const auth = manifest.auth;
  if (auth.kind !== 'oauth2') throw new Error(`${manifest.name} connects with OAuth`);
  const client = new OAuthTestClient({
    sandboxUrl: sandbox.url,
    providerId: manifest.id,
    authMethod: auth.clientAuthentication,
  });
  const pkce = pkcePair();
  const { code } = await client.authorize({
    scope: auth.scopes.join(auth.scopeSeparator ?? ' '),
    challenge: pkce.challenge,
    extraParams: { ...auth.authorizationParams },
  });
  if (!code) throw new Error('The sandbox sent no code');
  const { status, body } = await client.exchangeCode(code, pkce.verifier);
  if (status !== 200 || !body.access_token || !body.refresh_token) {
    throw new Error(`Token exchange failed: ${status} ${body.error ?? ''}`);
  }
  return body as TokenResponse['body'] & { access_token: string; refresh_token: string };
}

type Credentials = Parameters<IntegrationProvider['getAccountInfo']>[0]['credentials'];

/** Every page of one pass of `resource`, from `cursor` (null: from the start). */
export async function syncPages(
  provider: IntegrationProvider,
  pass: { credentials: Credentials; resource: string; cursor?: string | null; selection?: readonly string[] },
): Promise<SyncPage[]> {
  if (!provider.sync) throw new Error(`${provider.manifest.name} does not sync`);
  const pages: SyncPage[] = [];
  for await (const page of provider.sync({
    credentials: pass.credentials,
    resource: pass.resource,
    cursor: pass.cursor ?? null,
    selection: pass.selection ?? [],
    signal: new AbortController().signal,
  })) {
    pages.push(page);
  }
  return pages;
}

/** `GET /_sandbox/<id><path>`, or a POST of `body` as JSON; the JSON answer (a 200, or it throws). */
export async function sandboxControl<T>(sandbox: RunningSandbox, id: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${sandbox.url}/_sandbox/${id}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** `POST /_sandbox/<id>/mutate`: changes the account; what the hub's next sync must count. */
export function mutate(sandbox: RunningSandbox, id: string, request: Partial<ChangeCounts>): Promise<MutationAnswer> {
  return sandboxControl<MutationAnswer>(sandbox, id, '/mutate', request);
}

/** Requests the provider's API has answered since the last reset (`/_sandbox/stats`). */
export async function apiRequests(sandbox: RunningSandbox, id: string): Promise<number> {
  const stats = (await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as Record<
    string,
    { apiRequests: number }
  >;
  return stats[id].apiRequests;
}

export interface PassCounts extends ChangeCounts {
  readonly unchanged: number;
}

/** What the hub keeps of one resource: content hashes by external id, written as its record writer does. */
export class RecordStore {
  private readonly hashes = new Map<string, string>();

  get size(): number {
    return this.hashes.size;
  }

  has(id: string): boolean {
    return this.hashes.has(id);
  }

  /** The ids the store holds, each with the hash of its data. */
  entries(): Map<string, string> {
    return new Map(this.hashes);
  }

  /** Writes a pass's pages; a full pass ends by deleting what it did not see. */
  apply(pages: readonly SyncPage[], full = false): PassCounts {
    const counts = { added: 0, updated: 0, unchanged: 0, deleted: 0 };
    const seen = new Set<string>();
    for (const page of pages) {
      for (const record of page.records) {
        const hash = createHash('sha256').update(JSON.stringify(record.data)).digest('base64url');
        const before = this.hashes.get(record.externalId);
        if (before === undefined) counts.added += 1;
        else if (before !== hash) counts.updated += 1;
        else counts.unchanged += 1;
        this.hashes.set(record.externalId, hash);
        seen.add(record.externalId);
      }
      for (const id of page.deletedIds ?? []) if (this.hashes.delete(id)) counts.deleted += 1;
    }
    if (full) {
      for (const id of [...this.hashes.keys()]) {
        if (!seen.has(id)) {
          this.hashes.delete(id);
          counts.deleted += 1;
        }
      }
    }
    return counts;
  }
}
