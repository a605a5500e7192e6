/**
 * Which private networks provider modules may reach (docs/security.md §2.3, E4): the deployment's
 * `CONNECTOR_ALLOWED_NETWORKS` plus the CIDRs instance admins added through the admin API. Everything
 * private, loopback, link-local or reserved outside them is refused by the safe connectors. Empty
 * means deny all of them (the production default).
 */
export interface ConnectorNetworkPolicy {
  /** Read at every connection attempt (cached briefly), so a change applies without a restart. */
  allowedNetworks(): Promise<readonly string[]>;
}

/** Nest injection token for `ConnectorNetworkPolicy`, provided by the apps. */
export const CONNECTOR_NETWORK_POLICY = 'CONNECTOR_NETWORK_POLICY';
