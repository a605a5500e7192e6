import type { ProviderManifest } from './provider-manifest';
import { apiBaseUrlFor } from './provider-urls';

const manifest = { id: 'dub', api: { baseUrl: 'https://api.dub.co/' } } as ProviderManifest;

describe('apiBaseUrlFor', () => {
  it('should use the manifest unless the provider has an override', () => {
    expect(apiBaseUrlFor(manifest)).toBe('https://api.dub.co');
    expect(apiBaseUrlFor(manifest, null)).toBe('https://api.dub.co');
    expect(apiBaseUrlFor(manifest, new Map([['slack', { apiBaseUrl: 'http://127.0.0.1:3900/slack/api' }]]))).toBe(
      'https://api.dub.co',
    );
    expect(apiBaseUrlFor(manifest, new Map([['dub', { apiBaseUrl: 'http://127.0.0.1:3900/dub/api/' }]]))).toBe(
      'http://127.0.0.1:3900/dub/api',
    );
  });

  it('should throw when there is no URL at all', () => {
    expect(() => apiBaseUrlFor({ id: 'postgresql' } as ProviderManifest)).toThrow('postgresql');
  });
});
