import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { INTEGRATION_CATEGORIES, type IntegrationCategory } from '@hub/shared/contracts';
import { type CatalogProvider, type IntegrationProvider, isConnectable } from './integration-provider';
import { catalogProblems } from './validate-manifest';

/**
 * Marks a class as a provider of the catalog. Each provider lib's NestJS module declares one such
 * class; the registry finds them at boot through Nest's discovery, so there is no list to keep.
 */
export const IntegrationProviderClass = DiscoveryService.createDecorator<void>();

export class InvalidCatalogError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `The provider catalog is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'InvalidCatalogError';
  }
}

/** The one place that answers "which providers exist and what can they do" — nothing switches on an id. */
@Injectable()
export class ProviderRegistry implements OnModuleInit {
  private providers = new Map<string, CatalogProvider>();

  constructor(private readonly discovery: DiscoveryService) {}

  /** Refuses to start on a duplicate id or an invalid manifest. */
  onModuleInit(): void {
    const found = this.discovery
      .getProviders({ metadataKey: IntegrationProviderClass.KEY })
      .map((wrapper) => wrapper.instance as CatalogProvider)
      .filter(Boolean);
    this.load(found);
  }

  /** Replaces the catalog (tests build registries from chosen providers). */
  load(providers: readonly CatalogProvider[]): void {
    const problems = catalogProblems(providers);
    if (problems.length > 0) throw new InvalidCatalogError(problems);
    this.providers = new Map(providers.map((p) => [p.manifest.id, p]));
  }

  /** Every provider, in catalog order: by category as the page shows them, then by name. */
  all(): CatalogProvider[] {
    const rank = (c: IntegrationCategory) => INTEGRATION_CATEGORIES.indexOf(c);
    return [...this.providers.values()].sort(
      (a, b) => rank(a.manifest.category) - rank(b.manifest.category) || a.manifest.name.localeCompare(b.manifest.name),
    );
  }

  find(id: string): CatalogProvider | undefined {
    return this.providers.get(id);
  }

  /** A provider people can connect now, or undefined (unknown or coming soon). */
  connectable(id: string): IntegrationProvider | undefined {
    const provider = this.providers.get(id);
    return provider && isConnectable(provider) ? provider : undefined;
  }
}
