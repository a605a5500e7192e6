import { Injectable } from '@nestjs/common';
import { type CatalogProvider, IntegrationProviderClass } from '@hub/server/integrations/core';
import { GMAIL_MANIFEST } from './gmail.manifest';

// Coming soon: the Gmail module only contributes its manifest to the catalog for now.
@Injectable()
@IntegrationProviderClass()
export class GmailProvider implements CatalogProvider {
  readonly manifest = GMAIL_MANIFEST;
}
