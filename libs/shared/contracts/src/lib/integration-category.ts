/**
 * The categories integrations are grouped by, in the order the page shows them. The server's
 * catalog and the web page's filter both use this list.
 */
export const INTEGRATION_CATEGORIES = [
  'Google Workspace',
  'Databases',
  'Communication',
  'Microsoft 365',
  'Marketing',
  'Analytics',
] as const;

export type IntegrationCategory = (typeof INTEGRATION_CATEGORIES)[number];
