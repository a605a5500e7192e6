import { INTEGRATION_CATEGORIES } from './integration-category';

describe('INTEGRATION_CATEGORIES', () => {
  it('should list the six categories in the order the product groups its cards', () => {
    expect(INTEGRATION_CATEGORIES).toEqual([
      'Google Workspace',
      'Databases',
      'Communication',
      'Microsoft 365',
      'Marketing',
      'Analytics',
    ]);
  });
});
