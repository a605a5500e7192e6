import type { ProviderManifest } from './provider-manifest';

/** Where one provider's module sends its API calls instead of the manifest's `api.baseUrl`. */
export interface ProviderUrlOverride {
  /** Replaces `manifest.api.baseUrl`, e.g. `http://127.0.0.1:3900/dub/api` for the sandbox. */
  readonly apiBaseUrl: string;
}

/** Overrides by provider id; providers without an entry use their manifest's URLs. */
export type ProviderBaseUrls = ReadonlyMap<string, ProviderUrlOverride>;

/**
 * Nest injection token for `ProviderBaseUrls`. Configuration provides it (the sandbox, tests); a
 * provider class takes it as an optional constructor dependency, so without it nothing changes.
 */
export const PROVIDER_BASE_URLS = 'PROVIDER_BASE_URLS';

/**
 * The API base URL a provider should call, without a trailing slash: `manifest.api.baseUrl`, or with
 * `host` one of `manifest.api.hosts`. An override moves all of them: the named ones to
 * `<override>/_hosts/<host>`, where the sandbox serves them.
 */
export function apiBaseUrlFor(manifest: ProviderManifest, overrides?: ProviderBaseUrls | null, host?: string): string {
  const override = overrides?.get(manifest.id)?.apiBaseUrl;
  return withHost(manifest, override ?? manifest.api?.baseUrl, override !== undefined, host);
}

/** A named host of `apiBaseUrl` as given (a test's fixture server, the sandbox), or of the manifest. */
export function apiHostUrl(manifest: ProviderManifest, apiBaseUrl: string, host: string): string {
  const real = apiBaseUrl.replace(/\/+$/, '') === manifest.api?.baseUrl.replace(/\/+$/, '');
  return withHost(manifest, apiBaseUrl, !real, host);
}

function withHost(manifest: ProviderManifest, base: string | undefined, overridden: boolean, host?: string): string {
  if (!base) throw new Error(`${manifest.id}: no API base URL (manifest api.baseUrl or PROVIDER_BASE_URLS)`);
  const root = base.replace(/\/+$/, '');
  if (host === undefined) return root;
  const real = manifest.api?.hosts?.[host];
  if (!real) throw new Error(`${manifest.id}: no API host "${host}" in the manifest's api.hosts`);
  return overridden ? `${root}/_hosts/${host}` : real.replace(/\/+$/, '');
}
