import { Injectable } from '@nestjs/common';
import { type CatalogProvider, IntegrationProviderClass } from '@hub/server/integrations/core';
import { ONEDRIVE_MANIFEST } from './onedrive.manifest';

// Coming soon: the OneDrive module only contributes its manifest to the catalog for now.
@Injectable()
@IntegrationProviderClass()
export class OneDriveProvider implements CatalogProvider {
  readonly manifest = ONEDRIVE_MANIFEST;
}
