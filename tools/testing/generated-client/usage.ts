/**
 * What an enterprise application does with a client generated from openapi/api.json
 * (openapi-typescript + openapi-fetch). generated-client.int-spec.ts type-checks this file against
 * types generated from the committed document: a document that lies about a shape breaks it.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './api';

type Schemas = components['schemas'];

/** An admin API key: `Authorization: Bearer hub_…`. */
export function apiKeyClient(baseUrl: string, key: `hub_${string}`) {
  return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${key}` } });
}

export async function readEverything(baseUrl: string, key: `hub_${string}`): Promise<string[]> {
  const api = apiKeyClient(baseUrl, key);
  const seen: string[] = [];

  const { data: catalog, error } = await api.GET('/api/integrations');
  if (error) {
    const problem: Schemas['ProblemDetails'] = error;
    return [`${problem.status} ${problem.detail} (request ${problem.requestId})`];
  }
  for (const category of catalog.categories) {
    for (const integration of category.integrations) {
      const frequency: number | null = integration.defaultSyncFrequencyMinutes;
      const choices: { value: string; label: string }[] = integration.credentialFields.flatMap((f) => f.options ?? []);
      seen.push(`${integration.id} every ${frequency ?? '-'} min, ${choices.length} choices`);
    }
  }

  const { data: connections } = await api.GET('/api/connections');
  for (const connection of connections ?? []) {
    const reason: Schemas['ConnectionDto']['statusReason'] = connection.statusReason;
    const message: string | null = connection.statusMessage;
    const expires: string | null = connection.tokenExpiresAt;
    const lastSynced = connection.lastSyncedAt ? new Date(connection.lastSyncedAt) : null;
    seen.push(
      `${connection.id}: ${connection.status} ${reason ?? ''} ${message ?? ''} ${expires ?? ''} ${lastSynced?.toISOString() ?? ''}`,
    );

    const { data: runs } = await api.GET('/api/connections/{id}/sync-runs', {
      params: { path: { id: connection.id }, query: { limit: 20 } },
    });
    for (const run of runs ?? []) {
      const started: string | null = run.startedAt;
      const failure: string | undefined = run.error?.code;
      seen.push(`${run.id} ${run.status} ${started ?? 'queued'} +${run.counts.added} ${failure ?? ''}`);
    }

    let cursor: string | undefined;
    do {
      const { data: page } = await api.GET('/api/connections/{id}/records', {
        params: { path: { id: connection.id }, query: { cursor, limit: 500 } },
      });
      if (!page) break;
      for (const record of page.records) {
        const deleted: string | null = record.deletedAt;
        seen.push(`${record.resource}/${record.externalId} ${record.action} ${deleted ?? ''}`);
      }
      cursor = page.hasMore ? page.nextCursor : undefined;
    } while (cursor);
  }

  const { data: audit } = await api.GET('/api/audit-events', { params: { query: { limit: 50 } } });
  const before: string | null = audit?.nextBefore ?? null;
  seen.push(`audit until ${before ?? 'the start'}`);
  return seen;
}

/** A person's browser session: sign in, then every change echoes the XSRF-TOKEN cookie. */
export async function rotateKey(baseUrl: string, email: string, password: string, csrf: string): Promise<string> {
  const api = createClient<paths>({ baseUrl, credentials: 'include' });
  const { data: session } = await api.POST('/api/auth/sign-in', { body: { email, password } });
  const keyName: string | undefined = session?.apiKey?.name;
  const who: string = session?.user?.email ?? keyName ?? 'nobody';

  const { data: created, error } = await api.POST('/api/api-keys', {
    body: { name: `rotated by ${who}`, expiresAt: new Date(Date.now() + 864e5).toISOString() },
    headers: { 'X-XSRF-TOKEN': csrf },
  });
  if (error) return `${error.status}: ${error.detail}`;
  const secret: string = created.secret;
  const expiresAt: string | null = created.expiresAt;

  const { data: keys } = await api.GET('/api/api-keys');
  for (const key of keys ?? []) {
    if (key.id === created.id || key.revokedAt) continue;
    await api.DELETE('/api/api-keys/{id}', { params: { path: { id: key.id } }, headers: { 'X-XSRF-TOKEN': csrf } });
  }
  await api.PATCH('/api/connections/{id}', {
    params: { path: { id: created.id } },
    body: { syncEnabled: true, syncFrequencyMinutes: 60 },
    headers: { 'X-XSRF-TOKEN': csrf },
  });
  return `${secret.slice(0, 8)}… until ${expiresAt ?? 'revoked'}`;
}
