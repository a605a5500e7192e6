import { Injectable } from '@nestjs/common';
import { INTEGRATION_CATEGORIES, type IntegrationCategory, type ProviderAvailability } from '@hub/shared/contracts';
import {
  type CredentialField,
  ProviderRegistry,
  type SyncResource,
  type SyncSelectionSpec,
} from '@hub/server/integrations/core';
import { ConnectionsRepository } from './connections.repository';
import { toConnectionView, type ConnectionView } from './connection-view';
import { ProviderEndpoints } from './oauth/provider-endpoints';
import { ProviderAppsService } from './provider-apps.service';
import { AdminConsents } from './oauth/admin-consents';

export interface IntegrationSummary {
  id: string;
  name: string;
  description: string;
  category: IntegrationCategory;
  logoUrl: string;
  docsUrl: string;
  availability: ProviderAvailability;
  connectMethod: 'oauth2' | 'credentials';
  /** OAuth providers whose app credentials nobody has set up yet cannot be connected. */
  setupRequired: boolean;
  /** The provider sandbox stands in for the real service (development and tests): the card says so. */
  sandbox: boolean;
  scopes: string[];
  credentialFields: CredentialField[];
  syncResources: SyncResource[];
  defaultSyncFrequencyMinutes: number | null;
  /** What a connection chooses to sync (PostgreSQL's tables), or null when it syncs everything. */
  syncSelection: SyncSelectionSpec | null;
  /** Where the person ends the app's access themselves, for providers that let no app do it; else null. */
  accessRemoval: { note: string; links: { label: string; url: string }[] } | null;
  /**
   * For a provider with permissions only an organisation administrator grants: which, and where the
   * workspace stands (`required`: a connect was refused for want of approval; `granted`; null: not
   * known yet). Null for providers that need no such approval.
   */
  adminConsent: {
    scopes: string[];
    authority: string;
    status: 'required' | 'granted' | null;
    tenantId: string | null;
    updatedAt: Date | null;
  } | null;
  connections: ConnectionView[];
}

export interface IntegrationCatalog {
  categories: { name: IntegrationCategory; integrations: IntegrationSummary[] }[];
}

/** Everything the integrations page needs in one answer: the catalog merged with the workspace's connections. */
@Injectable()
export class IntegrationCatalogService {
  constructor(
    private readonly registry: ProviderRegistry,
    private readonly connections: ConnectionsRepository,
    private readonly providerApps: ProviderAppsService,
    private readonly endpoints: ProviderEndpoints,
    private readonly adminConsents: AdminConsents,
  ) {}

  async forWorkspace(workspaceId: string): Promise<IntegrationCatalog> {
    const [connections, configured, consents] = await Promise.all([
      this.connections.listWithLatestRun(workspaceId),
      this.providerApps.configuredProviderIds(),
      this.adminConsents.forWorkspace(workspaceId),
    ]);
    const byProvider = new Map<string, ConnectionView[]>();
    for (const { connection, latestRun } of connections) {
      byProvider.set(connection.providerId, [
        ...(byProvider.get(connection.providerId) ?? []),
        toConnectionView(connection, latestRun),
      ]);
    }
    return {
      categories: this.staticCatalog().map(({ name, integrations }) => ({
        name,
        integrations: integrations.map((summary) => ({
          ...summary,
          setupRequired: summary.connectMethod === 'oauth2' && !summary.sandbox && !configured.has(summary.id),
          adminConsent: summary.adminConsent && {
            ...summary.adminConsent,
            status: consents.get(summary.id)?.status ?? null,
            tenantId: consents.get(summary.id)?.tenantId ?? null,
            updatedAt: consents.get(summary.id)?.updatedAt ?? null,
          },
          connections: byProvider.get(summary.id) ?? [],
        })),
      })),
    };
  }

  /** What depends on the manifests alone, built once: the catalog does not change while the process runs. */
  private staticCatalog(): IntegrationCatalog['categories'] {
    if (this.catalog) return this.catalog;
    const summaries = this.registry.all().map(({ manifest }): IntegrationSummary => ({
      id: manifest.id,
      name: manifest.name,
      description: manifest.description,
      category: manifest.category,
      logoUrl: `/${manifest.logo}`,
      docsUrl: manifest.docsUrl,
      availability: manifest.availability,
      connectMethod: manifest.auth.kind,
      setupRequired: false,
      sandbox: this.endpoints.isSandboxed(manifest.id),
      scopes: manifest.auth.kind === 'oauth2' ? [...manifest.auth.scopes] : [],
      credentialFields: manifest.auth.kind === 'credentials' ? [...manifest.auth.fields] : [],
      syncResources: [...(manifest.sync?.resources ?? [])],
      defaultSyncFrequencyMinutes: manifest.sync?.defaultFrequencyMinutes ?? null,
      syncSelection: manifest.sync?.selection ? { ...manifest.sync.selection } : null,
      accessRemoval:
        manifest.auth.kind === 'oauth2' && manifest.auth.accessRemoval
          ? {
              note: manifest.auth.accessRemoval.note,
              links: manifest.auth.accessRemoval.links.map((link) => ({ ...link })),
            }
          : null,
      adminConsent:
        manifest.auth.kind === 'oauth2' && manifest.auth.adminConsent
          ? {
              scopes: [...manifest.auth.adminConsent.scopes],
              authority: manifest.auth.adminConsent.authority,
              status: null,
              tenantId: null,
              updatedAt: null,
            }
          : null,
      connections: [],
    }));
    this.catalog = INTEGRATION_CATEGORIES.map((name) => ({
      name,
      integrations: summaries.filter((s) => s.category === name),
    })).filter((c) => c.integrations.length > 0);
    return this.catalog;
  }

  private catalog?: IntegrationCatalog['categories'];
}
