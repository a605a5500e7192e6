import { Injectable } from '@nestjs/common';
import { type CatalogProvider, IntegrationProviderClass } from '@hub/server/integrations/core';
import { MICROSOFT_CALENDAR_MANIFEST } from './microsoft-calendar.manifest';

// Coming soon: the Microsoft Calendar module only contributes its manifest to the catalog for now.
@Injectable()
@IntegrationProviderClass()
export class MicrosoftCalendarProvider implements CatalogProvider {
  readonly manifest = MICROSOFT_CALENDAR_MANIFEST;
}
