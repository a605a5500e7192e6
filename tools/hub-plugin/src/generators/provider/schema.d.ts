/** The options of `nx g @hub/plugin:provider` (schema.json). */
export interface ProviderGeneratorSchema {
  /** Kebab-case, e.g. `acme-crm`. */
  id: string;
  /** As the card shows it, e.g. `Acme CRM`. */
  name: string;
  /** One of INTEGRATION_CATEGORIES. */
  category: string;
}
