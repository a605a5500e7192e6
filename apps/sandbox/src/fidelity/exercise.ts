import type { IntegrationProvider, OAuthAppCredentials, ProviderCredentials } from '@hub/server/integrations/core';
import type { RunningSandbox } from '../start-sandbox';
import { connectAs, mutate, syncPages } from '../testing/emulation-harness';
import { type Exchange, recordExchanges } from '../testing/exchange-recorder';

/**
 * What a fidelity spec has the provider module do, unchanged, against its emulation: connect as the
 * hub does, "connected as", a full pass of every resource, a mutation, the next pass from the token it
 * was given, what else the provider is known to meet (`also`: a renamed repository, a rate limit),
 * and the revocation at disconnect when the module has one. Answers every exchange with the
 * emulation's API, for judging.
 */
export async function exercise(
  sandbox: RunningSandbox,
  provider: IntegrationProvider,
  options: {
    /** How the provider connects when the harness's consent flow is not its own (Slack's user token). */
    connect?: () => Promise<ProviderCredentials>;
    /** May answer the credentials to revoke with, when it spent the first ones (an expired token). */
    also?: (credentials: ProviderCredentials) => Promise<ProviderCredentials | void>;
    app?: OAuthAppCredentials;
  } = {},
): Promise<Exchange[]> {
  const { id } = provider.manifest;
  const credentials = options.connect ? await options.connect() : await connectWithHarness(sandbox, provider);
  const recording = recordExchanges(`${sandbox.url}/${id}/api`);
  try {
    await provider.getAccountInfo({ credentials });
    for (const { id: resource } of provider.manifest.sync?.resources ?? []) {
      const full = await syncPages(provider, { credentials, resource });
      await mutate(sandbox, id, { added: 2, updated: 1, deleted: 1 });
      await syncPages(provider, { credentials, resource, cursor: full.at(-1)?.syncToken ?? null });
    }
    const last = (await options.also?.(credentials)) ?? credentials;
    await provider.revoke?.({ credentials: last, app: options.app ?? null });
  } finally {
    recording.stop();
  }
  return recording.exchanges;
}

/** The figures line a fidelity spec prints for the note and the README. */
export function report(
  id: string,
  against: string,
  verdicts: readonly { operation: string | null; violations: readonly string[] }[],
): void {
  const operations = new Set(verdicts.map((v) => v.operation));
  process.stderr.write(
    `fidelity ${id}: ${operations.size} operations, ${verdicts.length} exchanges judged against ${against}, ` +
      `${verdicts.flatMap((v) => v.violations).length} violations\n`,
  );
}

async function connectWithHarness(
  sandbox: RunningSandbox,
  provider: IntegrationProvider,
): Promise<ProviderCredentials> {
  const body = (await connectAs(sandbox, provider)) as { access_token: string; id_token?: string };
  return { accessToken: body.access_token, ...(body.id_token ? { idToken: body.id_token } : {}) };
}
