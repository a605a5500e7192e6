import { accessTokenOf, ProviderHttp, type ProviderHttpOptions, providerOptions } from './provider-http';
import type { ProviderCredentials } from './integration-provider';
import type { ProviderManifest } from './provider-manifest';
import { apiBaseUrlFor, apiHostUrl, type ProviderBaseUrls } from './provider-urls';

/** The options every HTTP provider has; each adds its own (page size, a clock, …). */
export interface HttpProviderOptions {
  /** The API, default the manifest's `api.baseUrl`; `PROVIDER_BASE_URLS` (the sandbox) or `withBaseUrl` move it. */
  readonly apiBaseUrl: string;
  /** Per request. */
  readonly timeoutMs: number;
}

/** A Nest token for a provider's options, typed so `withOptions` and what is provided under it agree. */
export type ProviderOptionsToken<T> = symbol & { readonly __options?: Partial<T> };

export function providerOptionsToken<T>(providerId: string): ProviderOptionsToken<T> {
  return Symbol(`${providerId} provider options`) as ProviderOptionsToken<T>;
}

export interface HttpProviderKit<T extends HttpProviderOptions> {
  readonly manifest: ProviderManifest;
  /** For messages ("Dub", "Google Drive"). */
  readonly label: string;
  /** Every option but the base URL, which comes from the manifest or `PROVIDER_BASE_URLS`. */
  readonly defaults: Omit<T, 'apiBaseUrl'>;
}

/**
 * What every HTTP provider shares: options merged from its defaults, the base URL overrides and the
 * options given; `withOptions` / `withBaseUrl` for tests and the sandbox; and its `ProviderHttp`
 * clients. A subclass's constructor takes `(baseUrls, options)`, injected from `PROVIDER_BASE_URLS`
 * and its options token, and checks its own options after `super`.
 */
export abstract class HttpProvider<T extends HttpProviderOptions> {
  protected readonly options: T;

  protected constructor(
    private readonly kit: HttpProviderKit<T>,
    baseUrls: ProviderBaseUrls | null | undefined,
    options: Partial<T> | null | undefined,
  ) {
    this.options = providerOptions(
      { ...kit.defaults, apiBaseUrl: apiBaseUrlFor(kit.manifest, baseUrls) } as T,
      options,
    );
  }

  /** The same provider with other options (tests, the sandbox). */
  withOptions(options: Partial<T>): this {
    const Provider = this.constructor as new (baseUrls: null, options: Partial<T>) => this;
    return new Provider(null, { ...this.options, ...options });
  }

  /** The same provider calling another API base URL, e.g. `http://127.0.0.1:3900/<id>/api`. */
  withBaseUrl(apiBaseUrl: string): this {
    return this.withOptions({ apiBaseUrl } as Partial<T>);
  }

  /** A client of the API (or of its named `host` in the manifest's `api.hosts`) with the provider's timeout. */
  protected client(http: Pick<ProviderHttpOptions, 'headers' | 'errorCode'> & { readonly host?: string } = {}) {
    const { host, ...rest } = http;
    const { manifest, label } = this.kit;
    const baseUrl = host === undefined ? this.options.apiBaseUrl : apiHostUrl(manifest, this.options.apiBaseUrl, host);
    return new ProviderHttp({ provider: label, baseUrl, timeoutMs: this.options.timeoutMs, ...rest });
  }

  /** The connection's access token; AUTH_REVOKED ("reconnect") when there is none. */
  protected accessToken(credentials: ProviderCredentials): string {
    return accessTokenOf(credentials, this.kit.label);
  }
}

/** Throws `RangeError(message)` unless `value` is a whole number from 1 to `max` (a page size, a concurrency). */
export function requireCount(value: number, max: number, message: string): void {
  if (!Number.isInteger(value) || value < 1 || value > max) throw new RangeError(message);
}
