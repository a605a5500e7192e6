import type { DiscoveryService } from '@nestjs/core';
import type { CatalogProvider } from './integration-provider';
import type { CredentialField, OAuth2Auth, ProviderManifest } from './provider-manifest';
import { InvalidCatalogError, ProviderRegistry } from './provider-registry';
import { catalogProblems, manifestProblems } from './validate-manifest';

const oauth: OAuth2Auth = {
  kind: 'oauth2',
  appKey: 'ACME',
  authorizationUrl: 'https://auth.example.com/authorize',
  tokenUrl: 'https://auth.example.com/token',
  scopes: ['files.read'],
  pkce: { required: true },
  clientAuthentication: 'client_secret_basic',
  appRegistrationUrl: 'https://auth.example.com/apps',
};

const manifest: ProviderManifest = {
  id: 'acme-files',
  name: 'Acme Files',
  description: 'Sync file metadata from Acme',
  category: 'Google Workspace',
  logo: 'providers/acme-files.svg',
  docsUrl: 'https://docs.example.com',
  availability: 'coming-soon',
  auth: oauth,
  api: { baseUrl: 'https://api.example.com/v1' },
  sync: { resources: [{ id: 'files', name: 'Files', description: 'Every file' }], defaultFrequencyMinutes: 30 },
};

const field = (overrides: Partial<CredentialField>): CredentialField => ({
  key: 'host',
  label: 'Host',
  type: 'text',
  required: true,
  secret: false,
  ...overrides,
});

describe('manifestProblems', () => {
  it('should accept a valid manifest', () => {
    expect(manifestProblems(manifest)).toEqual([]);
  });

  it.each<[string, Partial<ProviderManifest>, string]>([
    ['a non-kebab id', { id: 'Acme_Files' }, 'id must be kebab-case (a-z, 0-9, -)'],
    ['an empty name', { name: ' ' }, 'name is required'],
    ['an unknown category', { category: 'Finance' as ProviderManifest['category'] }, 'category must be one of'],
    [
      'a logo outside providers/',
      { logo: 'https://cdn.example.com/acme.svg' },
      'logo must be a path like providers/<id>.svg',
    ],
    ['an http docsUrl', { docsUrl: 'http://docs.example.com' }, 'docsUrl must be an https URL'],
    ['an http api.baseUrl', { api: { baseUrl: 'http://api.example.com' } }, 'api.baseUrl must be an https URL'],
    [
      'too frequent a sync',
      { sync: { resources: manifest.sync?.resources ?? [], defaultFrequencyMinutes: 1 } },
      'sync.defaultFrequencyMinutes must be a whole number of at least 5',
    ],
  ])('should name %s', (_what, overrides, problem) => {
    const problems = manifestProblems({ ...manifest, ...overrides });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(problem);
  });

  it.each<[string, Partial<OAuth2Auth>, string]>([
    ['a lower-case app key', { appKey: 'acme' }, 'auth.appKey must be UPPER_SNAKE_CASE'],
    ['an http token endpoint', { tokenUrl: 'http://auth.example.com/token' }, 'auth.tokenUrl must be an https URL'],
    [
      'credentials in an endpoint',
      { authorizationUrl: 'https://u:p@auth.example.com/authorize' },
      'auth.authorizationUrl',
    ],
    ['an http revocation endpoint', { revocationUrl: 'http://auth.example.com/revoke' }, 'auth.revocationUrl'],
    ['no scope', { scopes: [] }, 'auth.scopes must list at least one scope'],
    ['a repeated scope', { scopes: ['a', 'a'] }, 'auth.scopes must not repeat a scope'],
    ['PKCE off without a reason', { pkce: { required: false, reason: ' ' } }, 'auth.pkce must be required'],
    [
      'an ID token without the openid scope',
      { idToken: { issuer: 'https://login.example.com/{tenantid}/v2.0', jwksUrl: 'https://login.example.com/keys' } },
      'auth.idToken needs the openid scope',
    ],
    [
      'an http ID-token key set',
      {
        scopes: ['openid'],
        idToken: { issuer: 'https://login.example.com', jwksUrl: 'http://login.example.com/keys' },
      },
      'auth.idToken.jwksUrl must be an https URL',
    ],
  ])('should name %s', (_what, overrides, problem) => {
    const problems = manifestProblems({ ...manifest, auth: { ...oauth, ...overrides } });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(problem);
  });

  it('should accept PKCE off when the manifest says why', () => {
    const auth = { ...oauth, pkce: { required: false as const, reason: 'The provider rejects code_challenge' } };
    expect(manifestProblems({ ...manifest, auth })).toEqual([]);
  });

  it('should check each credentials field, naming it', () => {
    const fields: CredentialField[] = [
      field({ key: 'host' }),
      field({ key: 'password', type: 'text', secret: true }),
      field({ key: 'mode', type: 'select' }),
      field({ key: 'database', pattern: '([' }),
    ];
    expect(manifestProblems({ ...manifest, auth: { kind: 'credentials', fields } })).toEqual([
      'auth.fields.password: a secret field must be a password or textarea, so the page masks it',
      'auth.fields.mode: a select needs options',
      'auth.fields.database: pattern is not a valid regular expression',
    ]);
  });

  it('should refuse repeated field keys', () => {
    const fields = [field({ key: 'host' }), field({ key: 'host' })];
    expect(manifestProblems({ ...manifest, auth: { kind: 'credentials', fields } })).toEqual([
      'auth.fields keys must be unique',
    ]);
  });
});

describe('catalogProblems', () => {
  const provider = (overrides: Partial<ProviderManifest>, methods: Record<string, unknown> = {}): CatalogProvider =>
    ({ manifest: { ...manifest, ...overrides }, ...methods }) as CatalogProvider;

  it('should name duplicate ids', () => {
    expect(catalogProblems([provider({}), provider({})])).toEqual(['acme-files: two providers share this id']);
  });

  it('should require an available provider to implement the interface', () => {
    expect(catalogProblems([provider({ availability: 'available' })])).toEqual([
      'acme-files: is available but does not implement getAccountInfo()',
      'acme-files: is available but does not implement toIntegrationError()',
    ]);
    const implemented = { getAccountInfo: () => undefined, toIntegrationError: () => undefined };
    expect(catalogProblems([provider({ availability: 'available' }, implemented)])).toEqual([]);
  });

  it('should require an available credentials provider to test credentials', () => {
    const auth = { kind: 'credentials' as const, fields: [field({})] };
    const implemented = { getAccountInfo: () => undefined, toIntegrationError: () => undefined };
    expect(catalogProblems([provider({ availability: 'available', auth }, implemented)])).toEqual([
      'acme-files: a credentials provider must implement testCredentials()',
    ]);
  });
});

describe('ProviderRegistry.load', () => {
  const registry = () => new ProviderRegistry({} as DiscoveryService);
  const provider = (id: string, name: string, category: ProviderManifest['category']): CatalogProvider => ({
    manifest: { ...manifest, id, name, category, logo: `providers/${id}.svg` },
  });

  it('should list providers by category in page order, then by name', () => {
    const r = registry();
    r.load([
      provider('zeta', 'Zeta', 'Analytics'),
      provider('beta', 'Beta', 'Communication'),
      provider('alpha', 'Alpha', 'Communication'),
      provider('gamma', 'Gamma', 'Google Workspace'),
    ]);
    expect(r.all().map((p) => p.manifest.id)).toEqual(['gamma', 'alpha', 'beta', 'zeta']);
    expect(r.find('beta')?.manifest.name).toBe('Beta');
    expect(r.connectable('beta')).toBeUndefined();
  });

  it('should refuse an invalid catalog', () => {
    expect(() => registry().load([provider('same', 'A', 'Analytics'), provider('same', 'B', 'Analytics')])).toThrow(
      InvalidCatalogError,
    );
  });
});
