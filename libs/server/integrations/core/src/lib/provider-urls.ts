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

/** The API base URL a provider should call, without a trailing slash. */
export function apiBaseUrlFor(manifest: ProviderManifest, overrides?: ProviderBaseUrls | null): string {
  const url = overrides?.get(manifest.id)?.apiBaseUrl ?? manifest.api?.baseUrl;
  if (!url) throw new Error(`${manifest.id}: no API base URL (manifest api.baseUrl or PROVIDER_BASE_URLS)`);
  return url.replace(/\/+$/, '');
}
