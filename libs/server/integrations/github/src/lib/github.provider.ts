import { Injectable } from '@nestjs/common';
import { type CatalogProvider, IntegrationProviderClass } from '@hub/server/integrations/core';
import { GITHUB_MANIFEST } from './github.manifest';

// Coming soon: the GitHub module only contributes its manifest to the catalog for now.
@Injectable()
@IntegrationProviderClass()
export class GitHubProvider implements CatalogProvider {
  readonly manifest = GITHUB_MANIFEST;
}
