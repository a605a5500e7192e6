import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Injectable, Module } from '@nestjs/common';
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
import { catalogProviders } from './catalog-providers';
import { INTEGRATION_PROVIDER_MODULES } from './integration-provider-modules';

/** Scope words that mean more than reading; an entry here must say why it is needed anyway. */
const NOT_READ_ONLY = /write|modify|send|admin/i;
const JUSTIFIED_SCOPES: Record<string, string> = {};

const WEB_PUBLIC = resolve(__dirname, '../../../../../../apps/web/public');

const providers = catalogProviders();
const manifests = providers.map((p) => p.manifest);
/**
 * The catalog as the product orders it, derived rather than listed (a generated provider needs no
 * edit here): categories in INTEGRATION_CATEGORIES (page) order, providers by name within each.
 */
const rank = (category: IntegrationCategory) => INTEGRATION_CATEGORIES.indexOf(category);
const EXPECTED_ORDER = [...manifests]
  .sort((a, b) => rank(a.category) - rank(b.category) || a.name.localeCompare(b.name))
  .map((m) => m.id);
const comingSoon = manifests.filter((m) => m.availability === 'coming-soon').map((m) => m.id);
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
  it('should have one provider in each module', () => {
    for (const module of INTEGRATION_PROVIDER_MODULES) {
      expect({ module: module.name, providers: catalogProviders([module]).length }).toEqual({
        module: module.name,
        providers: 1,
      });
    }
    expect(providers.length).toBeGreaterThan(0);
  });

  it('should pass catalogProblems', () => {
    expect(catalogProblems(providers)).toEqual([]);
  });

  it('should have unique ids', () => {
    const ids = manifests.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('should list the categories in INTEGRATION_CATEGORIES order, each with a provider, by name within each', () => {
    expect(manifests.map((m) => m.id)).toEqual(EXPECTED_ORDER);
    const categories = new Set(manifests.map((m) => m.category));
    expect(INTEGRATION_CATEGORIES.filter((category) => !categories.has(category))).toEqual([]);
  });

  it('should connect every Microsoft 365 provider through the one Entra app, verifying its ID token, with no revocation', () => {
    const microsoft = oauthManifests.filter((m) => m.category === 'Microsoft 365');
    expect(microsoft.map((m) => m.id).sort()).toEqual(['microsoft-calendar', 'microsoft-teams', 'onedrive', 'outlook']);
    for (const { id, auth } of microsoft) {
      expect({ id, appKey: auth.appKey, idToken: auth.idToken?.issuer, revocation: auth.revocationUrl }).toEqual({
        id,
        appKey: 'MICROSOFT',
        idToken: 'https://login.microsoftonline.com/{tenantid}/v2.0',
        revocation: undefined,
      });
      expect(auth.scopes).toEqual(expect.arrayContaining(['openid', 'profile', 'offline_access', 'User.Read']));
      expect(auth.accessRemoval?.links.length).toBeGreaterThan(0);
    }
  });

  it('should name https URLs only', () => {
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
    it('should send PKCE, or say why the provider cannot take it', () => {
      const pkce = manifest.auth.pkce;
      expect(pkce.required || pkce.reason.trim().length > 0).toBe(true);
    });

    it('should ask for read-only scopes', () => {
      expect(manifest.auth.scopes.length).toBeGreaterThan(0);
      const broad = manifest.auth.scopes.filter((scope) => NOT_READ_ONLY.test(scope) && !JUSTIFIED_SCOPES[scope]);
      expect(broad).toEqual([]);
    });

    it('should have an app key, a documented token lifetime and an API base URL', () => {
      expect(manifest.auth.appKey).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(manifest.auth.accessTokenLifetimeSeconds).not.toBeUndefined();
      expect(manifest.api?.baseUrl).toBeDefined();
    });
  });

  it('should share one OAuth app per vendor: one app key per authorization server, and the reverse', () => {
    const server = (m: (typeof oauthManifests)[number]) => `${m.auth.authorizationUrl} ${m.auth.tokenUrl}`;
    const keysByServer = new Map<string, Set<string>>();
    const serversByKey = new Map<string, Set<string>>();
    for (const manifest of oauthManifests) {
      keysByServer.set(server(manifest), (keysByServer.get(server(manifest)) ?? new Set()).add(manifest.auth.appKey));
      serversByKey.set(
        manifest.auth.appKey,
        (serversByKey.get(manifest.auth.appKey) ?? new Set()).add(server(manifest)),
      );
    }
    for (const [at, keys] of keysByServer) expect({ at, keys: [...keys] }).toEqual({ at, keys: [[...keys][0]] });
    for (const [key, servers] of serversByKey) {
      expect({ key, servers: [...servers] }).toEqual({ key, servers: [[...servers][0]] });
    }
    // The vendors that share one: Google's four products, Microsoft's four.
    expect(['GOOGLE', 'MICROSOFT'].map((key) => oauthManifests.filter((m) => m.auth.appKey === key).length)).toEqual([
      4, 4,
    ]);
  });

  it('should connect PostgreSQL with discrete fields, the password the only secret', () => {
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

  it('should have a small, self-contained SVG logo for every provider in the web app', () => {
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

  it('should name a non-https endpoint', () => {
    const broken = {
      ...google,
      auth: { ...(google.auth as OAuth2Auth), tokenUrl: 'http://oauth2.googleapis.com/token' },
    };
    expect(catalogProblems([asProvider(broken)])).toEqual(['google-drive: auth.tokenUrl must be an https URL']);
  });

  it('should name a duplicate id', () => {
    expect(catalogProblems([asProvider(google), asProvider(google)])).toEqual([
      'google-drive: two providers share this id',
    ]);
  });

  it('should name a secret field the page would not mask', () => {
    if (postgres.auth.kind !== 'credentials') throw new Error('PostgreSQL connects with a form');
    const fields = postgres.auth.fields.map((f) => (f.key === 'password' ? { ...f, type: 'text' as const } : f));
    // Coming soon, so only the manifest is judged (an available one also needs the provider's methods).
    const broken = { ...postgres, availability: 'coming-soon' as const, auth: { ...postgres.auth, fields } };
    const problems = catalogProblems([asProvider(broken)]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('auth.fields.password');
  });

  it('should name a provider that asks for no scope', () => {
    const broken = { ...google, auth: { ...(google.auth as OAuth2Auth), scopes: [] } };
    expect(catalogProblems([asProvider(broken)])).toEqual(['google-drive: auth.scopes must list at least one scope']);
  });
});

describe('the registry, built by Nest from the catalog modules', () => {
  it('should find every module’s provider through discovery and list them in catalog order', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [IntegrationsCoreModule, ...INTEGRATION_PROVIDER_MODULES],
    }).compile();
    await moduleRef.init();
    try {
      const registry = moduleRef.get(ProviderRegistry);
      expect(registry.all().map((p) => p.manifest.id)).toEqual(EXPECTED_ORDER);
      // Coming-soon providers are in the catalog; everything else can be connected.
      expect(EXPECTED_ORDER.filter((id) => !registry.connectable(id))).toEqual(comingSoon);
    } finally {
      await moduleRef.close();
    }
  });

  it('should refuse to start when two providers share an id', async () => {
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
