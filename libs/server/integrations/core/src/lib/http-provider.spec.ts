import { Inject, Injectable, Optional } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { HttpProvider, type HttpProviderOptions, providerOptionsToken, requireCount } from './http-provider';
import type { ProviderManifest } from './provider-manifest';
import { PROVIDER_BASE_URLS, type ProviderBaseUrls } from './provider-urls';

const MANIFEST = {
  id: 'acme',
  api: { baseUrl: 'https://api.acme.example/', hosts: { data: 'https://data.acme.example' } },
} as unknown as ProviderManifest;

interface AcmeOptions extends HttpProviderOptions {
  readonly pageSize: number;
}
const ACME_OPTIONS = providerOptionsToken<AcmeOptions>('acme');

@Injectable()
class AcmeProvider extends HttpProvider<AcmeOptions> {
  constructor(
    @Optional() @Inject(PROVIDER_BASE_URLS) baseUrls?: ProviderBaseUrls | null,
    @Optional() @Inject(ACME_OPTIONS) options?: Partial<AcmeOptions> | null,
  ) {
    super({ manifest: MANIFEST, label: 'Acme', defaults: { timeoutMs: 5_000, pageSize: 10 } }, baseUrls, options);
    requireCount(this.options.pageSize, 50, 'Acme pages hold 1 to 50 items');
  }

  get current(): AcmeOptions {
    return this.options;
  }

  dataHost(): string {
    return (this.client({ host: 'data' }) as unknown as { baseUrl: string }).baseUrl;
  }

  token(credentials: Record<string, unknown>): string {
    return this.accessToken(credentials);
  }
}

describe('HttpProvider', () => {
  it('should merge the defaults, the base URL overrides and the given options', () => {
    expect(new AcmeProvider().current).toEqual({
      apiBaseUrl: 'https://api.acme.example',
      timeoutMs: 5_000,
      pageSize: 10,
    });
    const sandboxed = new AcmeProvider(new Map([['acme', { apiBaseUrl: 'http://127.0.0.1:3900/acme/api/' }]]), {
      pageSize: 20,
      timeoutMs: undefined,
    });
    expect(sandboxed.current).toEqual({ apiBaseUrl: 'http://127.0.0.1:3900/acme/api', timeoutMs: 5_000, pageSize: 20 });
    expect(sandboxed.dataHost()).toBe('http://127.0.0.1:3900/acme/api/_hosts/data');
    expect(new AcmeProvider().dataHost()).toBe('https://data.acme.example');
  });

  it('should copy itself with other options or another base URL, checking them again', () => {
    const provider = new AcmeProvider(null, { pageSize: 20 });
    const copy = provider.withBaseUrl('http://fixture.test/').withOptions({ timeoutMs: 50 });
    expect(copy).toBeInstanceOf(AcmeProvider);
    expect(copy.current).toEqual({ apiBaseUrl: 'http://fixture.test', timeoutMs: 50, pageSize: 20 });
    expect(provider.current.apiBaseUrl).toBe('https://api.acme.example');
    expect(() => provider.withOptions({ pageSize: 51 })).toThrow(RangeError);
    expect(() => provider.withOptions({ pageSize: 1.5 })).toThrow('Acme pages hold 1 to 50 items');
  });

  it('should take its options from Nest under the typed token, and read the access token', async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [AcmeProvider, { provide: ACME_OPTIONS, useValue: { pageSize: 3 } }],
    }).compile();
    const provider = moduleRef.get(AcmeProvider);
    expect(provider.current.pageSize).toBe(3);
    expect(provider.token({ accessToken: 'at' })).toBe('at');
    expect(() => provider.token({})).toThrow(expect.objectContaining({ code: 'AUTH_REVOKED' }));
    expect(typeof ACME_OPTIONS).toBe('symbol');
    expect(String(ACME_OPTIONS)).toBe('Symbol(acme provider options)');
  });
});
