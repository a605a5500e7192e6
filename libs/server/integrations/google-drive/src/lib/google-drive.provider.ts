import { Injectable } from '@nestjs/common';
import { type CatalogProvider, IntegrationProviderClass } from '@hub/server/integrations/core';
import { GOOGLE_DRIVE_MANIFEST } from './google-drive.manifest';

// Coming soon: the Google Drive module only contributes its manifest to the catalog for now.
@Injectable()
@IntegrationProviderClass()
export class GoogleDriveProvider implements CatalogProvider {
  readonly manifest = GOOGLE_DRIVE_MANIFEST;
}
