import { Injectable } from '@nestjs/common';
import { type CatalogProvider, IntegrationProviderClass } from '@hub/server/integrations/core';
import { SLACK_MANIFEST } from './slack.manifest';

// Coming soon: the Slack module only contributes its manifest to the catalog for now.
@Injectable()
@IntegrationProviderClass()
export class SlackProvider implements CatalogProvider {
  readonly manifest = SLACK_MANIFEST;
}
