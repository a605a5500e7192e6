import { Injectable } from '@nestjs/common';
import { type CatalogProvider, IntegrationProviderClass } from '@hub/server/integrations/core';
import { POSTGRESQL_MANIFEST } from './postgresql.manifest';

// Coming soon: the PostgreSQL module only contributes its manifest to the catalog for now.
@Injectable()
@IntegrationProviderClass()
export class PostgresqlProvider implements CatalogProvider {
  readonly manifest = POSTGRESQL_MANIFEST;
}
