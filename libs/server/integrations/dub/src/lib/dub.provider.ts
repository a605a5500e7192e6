import { Injectable } from '@nestjs/common';
import { type CatalogProvider, IntegrationProviderClass } from '@hub/server/integrations/core';
import { DUB_MANIFEST } from './dub.manifest';

// Coming soon: the Dub module only contributes its manifest to the catalog for now.
@Injectable()
@IntegrationProviderClass()
export class DubProvider implements CatalogProvider {
  readonly manifest = DUB_MANIFEST;
}
