import { MODULE_METADATA } from '@nestjs/common/constants';
import type { Type } from '@nestjs/common';
import { EnvironmentVariables } from '@hub/server/config';
import type { CatalogProvider } from '@hub/server/integrations/core';
import type { SandboxProvider } from '../lib/provider-definition';
import { INTEGRATION_PROVIDER_MODULES } from '@hub/server/integrations/all';
import { createEmulation } from '../lib/emulation';
import { SANDBOX_PROVIDERS } from '.';

/** The catalog's providers, instantiated as Nest would (their constructors' dependencies are optional). */
const catalog: CatalogProvider[] = INTEGRATION_PROVIDER_MODULES.flatMap((module) =>
  ((Reflect.getMetadata(MODULE_METADATA.PROVIDERS, module) ?? []) as Type<CatalogProvider>[]).map(
    (ProviderClass) => new ProviderClass(),
  ),
);
const emulations = new Map<string, SandboxProvider>(
  SANDBOX_PROVIDERS.map((emulation) => [emulation.id, createEmulation(emulation)]),
);
const availableOAuth = catalog.filter(
  (p) => p.manifest.availability === 'available' && p.manifest.auth.kind === 'oauth2',
);

describe('the sandbox against the catalog', () => {
  it('should emulate every available OAuth provider, so each can be connected and synced in development', () => {
    expect(availableOAuth.length).toBeGreaterThan(0);
    expect(availableOAuth.map((p) => p.manifest.id).filter((id) => !emulations.has(id))).toEqual([]);
  });

  it('should emulate only providers of the catalog', () => {
    const ids = new Set(catalog.map((p) => p.manifest.id));
    expect([...emulations.keys()].filter((id) => !ids.has(id))).toEqual([]);
  });

  it.each(availableOAuth.map((p) => [p.manifest.id, p] as const))(
    '%s: accepts every scope the manifest asks for, with the client authentication it uses',
    (id, provider) => {
      const emulation = emulations.get(id)!;
      const auth = provider.manifest.auth;
      if (auth.kind !== 'oauth2') throw new Error('unreachable');
      expect(auth.scopes.filter((scope) => !emulation.scopes.includes(scope))).toEqual([]);
      expect(emulation.clientAuthentication).toBe(auth.clientAuthentication);
    },
  );

  it('should declare every option variable as SANDBOX_<ID>_*', () => {
    for (const emulation of SANDBOX_PROVIDERS) {
      const prefix = `SANDBOX_${emulation.id.toUpperCase().replaceAll('-', '_')}_`;
      const variables = Object.values(emulation.options).flatMap((option) => option.env ?? []);
      expect(variables.filter((name) => !name.startsWith(prefix))).toEqual([]);
    }
  });

  it('should be what the hub points at by default (SANDBOX_PROVIDERS), so `npm start` connects every emulated provider', () => {
    expect(new EnvironmentVariables().SANDBOX_PROVIDERS.split(',').sort()).toEqual([...emulations.keys()].sort());
  });
});
