import { Injectable } from '@nestjs/common';
import { type CatalogProvider, IntegrationProviderClass } from '@hub/server/integrations/core';
import { GOOGLE_CALENDAR_MANIFEST } from './google-calendar.manifest';

// Coming soon: the Google Calendar module only contributes its manifest to the catalog for now.
@Injectable()
@IntegrationProviderClass()
export class GoogleCalendarProvider implements CatalogProvider {
  readonly manifest = GOOGLE_CALENDAR_MANIFEST;
}
