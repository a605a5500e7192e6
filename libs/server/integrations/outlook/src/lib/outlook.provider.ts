import { Injectable } from '@nestjs/common';
import { type CatalogProvider, IntegrationProviderClass } from '@hub/server/integrations/core';
import { OUTLOOK_MANIFEST } from './outlook.manifest';

// Coming soon: the Outlook module only contributes its manifest to the catalog for now.
@Injectable()
@IntegrationProviderClass()
export class OutlookProvider implements CatalogProvider {
  readonly manifest = OUTLOOK_MANIFEST;
}
