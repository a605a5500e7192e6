import type { Connection, Integration, IntegrationCategoryGroup } from '@hub/web/shared/api-types';

/*
 * Changes to the catalog the page shows (categories, their integrations, and those integrations'
 * connections), each answering a new catalog and leaving the old one as it was.
 */

/** The connection with this id, in whichever integration holds it. */
export function findConnection(categories: IntegrationCategoryGroup[], id: string): Connection | undefined {
  for (const category of categories) {
    for (const integration of category.integrations) {
      const found = integration.connections.find((c) => c.id === id);
      if (found) return found;
    }
  }
  return undefined;
}

export function patchConnection(
  categories: IntegrationCategoryGroup[],
  id: string,
  change: (connection: Connection) => Connection,
): IntegrationCategoryGroup[] {
  return updateIntegrations(categories, (integration) =>
    integration.connections.some((c) => c.id === id)
      ? { ...integration, connections: integration.connections.map((c) => (c.id === id ? change(c) : c)) }
      : integration,
  );
}

/** Puts the connection first in its provider's list, replacing the copy it had. */
export function upsertConnection(
  categories: IntegrationCategoryGroup[],
  connection: Connection,
): IntegrationCategoryGroup[] {
  return updateIntegrations(categories, (integration) => {
    if (integration.id !== connection.providerId) return integration;
    const others = integration.connections.filter((c) => c.id !== connection.id);
    return { ...integration, connections: [connection, ...others] };
  });
}

export function removeConnection(categories: IntegrationCategoryGroup[], id: string): IntegrationCategoryGroup[] {
  return updateIntegrations(categories, (integration) => ({
    ...integration,
    connections: integration.connections.filter((c) => c.id !== id),
  }));
}

function updateIntegrations(
  categories: IntegrationCategoryGroup[],
  change: (integration: Integration) => Integration,
): IntegrationCategoryGroup[] {
  return categories.map((category) => ({ ...category, integrations: category.integrations.map(change) }));
}
