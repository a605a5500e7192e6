import { Injectable } from '@nestjs/common';
import { type CatalogProvider, IntegrationProviderClass } from '@hub/server/integrations/core';
import { MICROSOFT_TEAMS_MANIFEST } from './microsoft-teams.manifest';

// Coming soon: the Microsoft Teams module only contributes its manifest to the catalog for now.
@Injectable()
@IntegrationProviderClass()
export class MicrosoftTeamsProvider implements CatalogProvider {
  readonly manifest = MICROSOFT_TEAMS_MANIFEST;
}
