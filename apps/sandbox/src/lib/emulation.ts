import type { ProviderManifest } from '@hub/server/integrations/core';
import { type OptionDeclarations, type OptionValues, resolveOptions } from './emulation-options';
import type { SandboxProvider } from './provider-definition';

/** How many items were (or are to be) added, updated and deleted. */
export interface ChangeCounts {
  readonly added: number;
  readonly updated: number;
  readonly deleted: number;
}

/** What `POST /_sandbox/<id>/mutate` answers: per resource, exactly what the hub's next sync counts. */
export interface MutationAnswer {
  readonly expected: Readonly<Record<string, ChangeCounts>>;
  /** Changes that happened but that no incremental sync can see (GitHub's deleted issues). */
  readonly unreported?: Readonly<Record<string, Partial<ChangeCounts>>>;
}

/**
 * The account an emulation serves, as the shared control router sees it (`/_sandbox/<id>/data`,
 * `/_sandbox/<id>/mutate`, `POST /_sandbox/reset`).
 */
export interface EmulatedDataset {
  /** What the account holds now. */
  state(): Record<string, unknown>;
  /**
   * Changes the account as real use would. A RangeError (more than the account can give) is
   * answered 400 with its message.
   */
  mutate(request: ChangeCounts): MutationAnswer;
  /** Back to the start-up data. */
  reset(): void;
}

/**
 * One emulated provider, registered by one entry in `providers/index.ts`: its id (the manifest's),
 * its options (each with its default and `SANDBOX_<ID>_*` variable) and the factory.
 */
export interface Emulation<Id extends string = string, D extends OptionDeclarations = OptionDeclarations> {
  readonly id: Id;
  readonly options: D;
  create(options: OptionValues<D>): SandboxProvider;
}

/** Declares an emulation; keeps its id a literal so `SandboxProviderOptions` can be keyed by it. */
export function defineEmulation<const Id extends string, const D extends OptionDeclarations>(
  emulation: Emulation<Id, D>,
): Emulation<Id, D> {
  return emulation;
}

/** `startSandbox`'s per-provider options, by id, derived from the registered emulations. */
export type EmulationOptions<E extends Emulation> = {
  readonly [X in E as X['id']]?: Partial<OptionValues<X['options']>>;
};

/** The emulation's provider, `given` over its declared defaults. */
export function createEmulation<E extends Emulation>(
  emulation: E,
  given?: Partial<OptionValues<E['options']>>,
): SandboxProvider {
  const provider = emulation.create(resolveOptions(emulation.options, given));
  if (provider.id !== emulation.id) {
    throw new Error(`The ${emulation.id} emulation serves the manifest of "${provider.id}"`);
  }
  return provider;
}

/**
 * What an emulation takes from the hub's manifest, so the two cannot drift apart: the id, every scope
 * the manifest asks for (plus `extraScopes` the provider grants besides), and the client authentication.
 */
export function fromManifest(
  manifest: ProviderManifest,
  extraScopes: readonly string[] = [],
): Pick<SandboxProvider, 'id' | 'scopes' | 'clientAuthentication'> {
  const auth = manifest.auth;
  if (auth.kind !== 'oauth2') throw new Error(`The ${manifest.name} manifest must describe OAuth 2.0`);
  return {
    id: manifest.id,
    scopes: [...new Set([...auth.scopes, ...extraScopes])],
    clientAuthentication: auth.clientAuthentication ?? 'client_secret_post',
  };
}
