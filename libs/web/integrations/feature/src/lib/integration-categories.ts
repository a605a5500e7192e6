/** The categories an integration provider can belong to, in the order the filter lists them. */
export const INTEGRATION_CATEGORIES = [
  'Google Workspace',
  'Databases',
  'Communication',
  'Microsoft 365',
  'Marketing',
  'Analytics',
] as const;

export type IntegrationCategory = (typeof INTEGRATION_CATEGORIES)[number];

/** Value of the category filter: one category, or `'all'` for "All categories". */
export type IntegrationCategoryFilter = IntegrationCategory | 'all';
