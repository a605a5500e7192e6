import type { SandboxProvider } from '../lib/provider-definition';
import { type DubSandboxOptions, dubSandbox, dubSandboxOptionsFromEnv } from './dub';

/** Per-provider options of `startSandbox`, by provider id. */
export interface SandboxProviderOptions {
  readonly dub?: DubSandboxOptions;
}

interface ProviderEntry {
  readonly id: string;
  create(options: SandboxProviderOptions): SandboxProvider;
  /** This provider's part of `SandboxProviderOptions`, from `SANDBOX_<ID>_*` variables. */
  optionsFromEnv(env: NodeJS.ProcessEnv): SandboxProviderOptions;
}

/**
 * Every emulated provider. Adding one: a folder `providers/<id>/` exporting a `SandboxProvider`
 * factory (its data, REST API and error shape), and one entry here.
 */
export const SANDBOX_PROVIDERS: readonly ProviderEntry[] = [
  {
    id: 'dub',
    create: (options) => dubSandbox(options.dub),
    optionsFromEnv: (env) => ({ dub: dubSandboxOptionsFromEnv(env) }),
  },
];
