/**
 * Which private networks provider modules may reach (SECURITY.md §2.3, E4): CIDRs from
 * `CONNECTOR_ALLOWED_NETWORKS`. Everything private, loopback, link-local or reserved outside them is
 * refused by the safe connectors. Empty means deny all of them (the production default).
 */
export interface ConnectorNetworkPolicy {
  readonly allowedNetworks: readonly string[];
}

/** Nest injection token for `ConnectorNetworkPolicy`, provided from configuration by the apps. */
export const CONNECTOR_NETWORK_POLICY = 'CONNECTOR_NETWORK_POLICY';
