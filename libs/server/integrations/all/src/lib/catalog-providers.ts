import type { Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';
import type { CatalogProvider } from '@hub/server/integrations/core';
import { INTEGRATION_PROVIDER_MODULES } from './integration-provider-modules';

/**
 * The provider classes the modules declare, built as Nest would without its optional dependencies,
 * in catalog order: for tests and tools that need the catalog without starting Nest (the apps ask
 * `ProviderRegistry`).
 */
export function catalogProviders(modules: readonly Type<unknown>[] = INTEGRATION_PROVIDER_MODULES): CatalogProvider[] {
  return modules.flatMap((module) => {
    const classes = (Reflect.getMetadata(MODULE_METADATA.PROVIDERS, module) ?? []) as Type<CatalogProvider>[];
    return classes.map((ProviderClass) => new ProviderClass());
  });
}
