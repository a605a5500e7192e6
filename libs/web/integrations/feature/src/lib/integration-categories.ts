import type { IntegrationCategory } from '@hub/shared/contracts';

export { INTEGRATION_CATEGORIES, type IntegrationCategory } from '@hub/shared/contracts';

/** Value of the category filter: one category, or `'all'` for "All categories". */
export type IntegrationCategoryFilter = IntegrationCategory | 'all';
