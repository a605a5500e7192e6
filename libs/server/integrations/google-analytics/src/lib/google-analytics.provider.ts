import { Injectable } from '@nestjs/common';
import { type CatalogProvider, IntegrationProviderClass } from '@hub/server/integrations/core';
import { GOOGLE_ANALYTICS_MANIFEST } from './google-analytics.manifest';

// Coming soon: the Google Analytics module only contributes its manifest to the catalog for now.
@Injectable()
@IntegrationProviderClass()
export class GoogleAnalyticsProvider implements CatalogProvider {
  readonly manifest = GOOGLE_ANALYTICS_MANIFEST;
}
