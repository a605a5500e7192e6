import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Injectable, Module, type Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';
import { Test } from '@nestjs/testing';
import { INTEGRATION_CATEGORIES, type IntegrationCategory } from '@hub/shared/contracts';
import {
  type CatalogProvider,
  catalogProblems,
  IntegrationProviderClass,
  IntegrationsCoreModule,
  InvalidCatalogError,
  type OAuth2Auth,
  type ProviderManifest,
  ProviderRegistry,
} from '@hub/server/integrations/core';
import { INTEGRATION_PROVIDER_MODULES } from './integration-provider-modules';

/** The catalog as the product defines it: categories in page order, providers in name order. */
const EXPECTED: Record<IntegrationCategory, string[]> = {
  'Google Workspace': ['gmail', 'google-calendar', 'google-drive'],
  Databases: ['postgresql'],
  Communication: ['github', 'slack'],
  'Microsoft 365': ['microsoft-calendar', 'microsoft-teams', 'onedrive', 'outlook'],
  Marketing: ['dub'],
  Analytics: ['google-analytics'],
};
const EXPECTED_ORDER = INTEGRATION_CATEGORIES.flatMap((category) => EXPECTED[category]);

/** Scope words that mean more than reading; an entry here must say why it is needed anyway. */
const NOT_READ_ONLY = /write|modify|send|admin/i;
const JUSTIFIED_SCOPES: Record<string, string> = {};

const WEB_PUBLIC = resolve(__dirname, '../../../../../../apps/web/public');

/** The provider classes each module declares, instantiated as Nest would (they take no dependencies). */
function providersOf(modules: readonly Type<unknown>[]): CatalogProvider[] {
  return modules.flatMap((module) => {
    const classes = (Reflect.getMetadata(MODULE_METADATA.PROVIDERS, module) ?? []) as Type<CatalogProvider>[];
    return classes.map((ProviderClass) => new ProviderClass());
  });
}

const providers = providersOf(INTEGRATION_PROVIDER_MODULES);
const manifests = providers.map((p) => p.manifest);
const oauthManifests = manifests.filter((m): m is ProviderManifest & { auth: OAuth2Auth } => m.auth.kind === 'oauth2');

/** Every URL a manifest names, with where it sits. */
function urlsOf(manifest: ProviderManifest): [string, string | undefined][] {
  const urls: [string, string | undefined][] = [
    ['docsUrl', manifest.docsUrl],
    ['api.baseUrl', manifest.api?.baseUrl],
  ];
  if (manifest.auth.kind === 'oauth2') {
    const { authorizationUrl, tokenUrl, revocationUrl, issuer, appRegistrationUrl } = manifest.auth;
    urls.push(
      ['auth.authorizationUrl', authorizationUrl],
      ['auth.tokenUrl', tokenUrl],
      ['auth.revocationUrl', revocationUrl],
      ['auth.issuer', issuer],
      ['auth.appRegistrationUrl', appRegistrationUrl],
    );
  }
  return urls;
}

describe('the provider catalog', () => {
  it('has one module with one provider for each of the 12 providers', () => {
    expect(INTEGRATION_PROVIDER_MODULES).toHaveLength(12);
    expect(providers).toHaveLength(12);
  });

  it('passes catalogProblems', () => {
    expect(catalogProblems(providers)).toEqual([]);
  });

  it('has unique ids', () => {
    const ids = manifests.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('lists the categories in INTEGRATION_CATEGORIES order, with the expected providers in each, by name', () => {
    expect(manifests.map((m) => m.id)).toEqual(EXPECTED_ORDER);
    for (const category of INTEGRATION_CATEGORIES) {
      expect({ category, ids: manifests.filter((m) => m.category === category).map((m) => m.id) }).toEqual({
        category,
        ids: EXPECTED[category],
      });
    }
    for (const category of INTEGRATION_CATEGORIES) {
      const names = manifests.filter((m) => m.category === category).map((m) => m.name);
      expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    }
  });

  it('has every provider but Microsoft 365 available (they connect end to end); Microsoft 365 is coming soon', () => {
    expect(manifests.filter((m) => m.availability === 'coming-soon').map((m) => m.id)).toEqual(
      EXPECTED['Microsoft 365'],
    );
  });

  it('names https URLs only', () => {
    for (const manifest of manifests) {
      for (const [where, url] of urlsOf(manifest)) {
        if (url === undefined) continue;
        expect({ id: manifest.id, where, protocol: new URL(url).protocol }).toEqual({
          id: manifest.id,
          where,
          protocol: 'https:',
        });
      }
    }
  });

  describe.each(oauthManifests.map((m) => [m.id, m] as const))('OAuth provider %s', (_id, manifest) => {
    it('sends PKCE, or says why the provider cannot take it', () => {
      const pkce = manifest.auth.pkce;
      expect(pkce.required || pkce.reason.trim().length > 0).toBe(true);
    });

    it('asks for read-only scopes', () => {
      expect(manifest.auth.scopes.length).toBeGreaterThan(0);
      const broad = manifest.auth.scopes.filter((scope) => NOT_READ_ONLY.test(scope) && !JUSTIFIED_SCOPES[scope]);
      expect(broad).toEqual([]);
    });

    it('has an app key, a documented token lifetime and an API base URL', () => {
      expect(manifest.auth.appKey).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(manifest.auth.accessTokenLifetimeSeconds).not.toBeUndefined();
      expect(manifest.api?.baseUrl).toBeDefined();
    });
  });

  it('shares one OAuth app per vendor', () => {
    const appKeys = Object.fromEntries(oauthManifests.map((m) => [m.id, m.auth.appKey]));
    expect(appKeys).toEqual({
      gmail: 'GOOGLE',
      'google-calendar': 'GOOGLE',
      'google-drive': 'GOOGLE',
      'google-analytics': 'GOOGLE',
      github: 'GITHUB',
      slack: 'SLACK',
      'microsoft-calendar': 'MICROSOFT',
      'microsoft-teams': 'MICROSOFT',
      onedrive: 'MICROSOFT',
      outlook: 'MICROSOFT',
      dub: 'DUB',
    });
  });

  it('connects PostgreSQL with discrete fields, the password the only secret', () => {
    const postgres = manifests.find((m) => m.id === 'postgresql');
    expect(postgres?.auth.kind).toBe('credentials');
    if (postgres?.auth.kind !== 'credentials') return;
    expect(postgres.api).toBeUndefined();
    expect(postgres.auth.fields.map((f) => f.key)).toEqual([
      'host',
      'port',
      'database',
      'user',
      'password',
      'sslMode',
      'caCertificate',
    ]);
    expect(postgres.auth.fields.filter((f) => f.secret).map((f) => f.key)).toEqual(['password']);
    const sslMode = postgres.auth.fields.find((f) => f.key === 'sslMode');
    expect(sslMode?.default).toBe('verify-full');
    expect(sslMode?.options?.map((o) => o.value)).toEqual(['verify-full', 'verify-ca', 'require', 'disable']);
    const host = postgres.auth.fields.find((f) => f.key === 'host');
    const hostPattern = new RegExp(host?.pattern ?? '');
    expect(hostPattern.test('db.example.com')).toBe(true);
    expect(hostPattern.test('postgres://user:secret@db.example.com/app')).toBe(false);
  });

  it('has a small, self-contained SVG logo for every provider in the web app', () => {
    for (const manifest of manifests) {
      const file = resolve(WEB_PUBLIC, manifest.logo);
      expect({ id: manifest.id, exists: existsSync(file) }).toEqual({ id: manifest.id, exists: true });
      const svg = readFileSync(file, 'utf8');
      expect({ id: manifest.id, bytes: statSync(file).size < 3 * 1024 }).toEqual({ id: manifest.id, bytes: true });
      expect(svg).toContain('viewBox="0 0 48 48"');
      // No external references, no embedded rasters.
      expect(svg).not.toMatch(/<image|data:|(?:xlink:)?href="(?!#)/);
    }
  });
});

describe('catalogProblems on a broken catalog', () => {
  // Coming soon, so only the manifests are judged (an available one also needs the provider's methods).
  const [google, postgres] = [
    { ...manifests.find((m) => m.id === 'google-drive'), availability: 'coming-soon' },
    manifests.find((m) => m.id === 'postgresql'),
  ] as ProviderManifest[];
  const asProvider = (manifest: ProviderManifest): CatalogProvider => ({ manifest });

  it('names a non-https endpoint', () => {
    const broken = {
      ...google,
      auth: { ...(google.auth as OAuth2Auth), tokenUrl: 'http://oauth2.googleapis.com/token' },
    };
    expect(catalogProblems([asProvider(broken)])).toEqual(['google-drive: auth.tokenUrl must be an https URL']);
  });

  it('names a duplicate id', () => {
    expect(catalogProblems([asProvider(google), asProvider(google)])).toEqual([
      'google-drive: two providers share this id',
    ]);
  });

  it('names a secret field the page would not mask', () => {
    if (postgres.auth.kind !== 'credentials') throw new Error('PostgreSQL connects with a form');
    const fields = postgres.auth.fields.map((f) => (f.key === 'password' ? { ...f, type: 'text' as const } : f));
    // Coming soon, so only the manifest is judged (an available one also needs the provider's methods).
    const broken = { ...postgres, availability: 'coming-soon' as const, auth: { ...postgres.auth, fields } };
    const problems = catalogProblems([asProvider(broken)]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('auth.fields.password');
  });

  it('names a provider that asks for no scope', () => {
    const broken = { ...google, auth: { ...(google.auth as OAuth2Auth), scopes: [] } };
    expect(catalogProblems([asProvider(broken)])).toEqual(['google-drive: auth.scopes must list at least one scope']);
  });
});

describe('the registry, built by Nest from the catalog modules', () => {
  it('finds the 12 providers through discovery and lists them in catalog order', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [IntegrationsCoreModule, ...INTEGRATION_PROVIDER_MODULES],
    }).compile();
    await moduleRef.init();
    try {
      const registry = moduleRef.get(ProviderRegistry);
      expect(registry.all().map((p) => p.manifest.id)).toEqual(EXPECTED_ORDER);
      // Microsoft 365 is in the catalog as coming soon; everything else can be connected.
      expect(EXPECTED_ORDER.filter((id) => !registry.connectable(id))).toEqual(EXPECTED['Microsoft 365']);
    } finally {
      await moduleRef.close();
    }
  });

  it('refuses to start when two providers share an id', async () => {
    @Injectable()
    @IntegrationProviderClass()
    class FirstSlack implements CatalogProvider {
      readonly manifest = manifests.find((m) => m.id === 'slack') as ProviderManifest;
    }
    @Injectable()
    @IntegrationProviderClass()
    class SecondSlack implements CatalogProvider {
      readonly manifest = { ...(manifests.find((m) => m.id === 'slack') as ProviderManifest), name: 'Slack again' };
    }
    @Module({ providers: [FirstSlack, SecondSlack] })
    class DuplicateModule {}

    const moduleRef = await Test.createTestingModule({ imports: [IntegrationsCoreModule, DuplicateModule] }).compile();
    const started = moduleRef.init();
    await expect(started).rejects.toBeInstanceOf(InvalidCatalogError);
    await expect(started).rejects.toThrow('slack: two providers share this id');
    // No close(): it awaits the failed initialisation again, and nothing was opened.
  });
});
