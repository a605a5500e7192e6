import { Module } from '@nestjs/common';
import { CryptoModule } from '@hub/server/crypto';
import { ConnectionsRepository } from './connections.repository';
import { ConnectionsService } from './connections.service';
import { IntegrationCatalogService } from './integration-catalog.service';
import { ProviderAppsService } from './provider-apps.service';

@Module({
  imports: [CryptoModule],
  providers: [ConnectionsRepository, ConnectionsService, IntegrationCatalogService, ProviderAppsService],
  exports: [ConnectionsRepository, ConnectionsService, IntegrationCatalogService, ProviderAppsService],
})
export class ConnectionsModule {}
