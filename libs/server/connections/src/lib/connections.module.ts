import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '@hub/server/config';
import { CryptoModule } from '@hub/server/crypto';
import { PROVIDER_BASE_URLS } from '@hub/server/integrations/core';
import { ConnectionsRepository } from './connections.repository';
import { ConnectionsService } from './connections.service';
import { IntegrationCatalogService } from './integration-catalog.service';
import { OAuthConnectService } from './oauth/oauth-connect.service';
import { OAuthStateStore } from './oauth/oauth-state-store';
import { ProviderEndpoints } from './oauth/provider-endpoints';
import { ProviderAppsService } from './provider-apps.service';
import { TokenService } from './tokens/token.service';
import { RevocationRetryProcessor } from './revocation/revocation-retry.processor';
import { REVOCATIONS_QUEUE } from './revocation/revocation-queue';

/**
 * Where provider modules send API calls (the sandbox's stand-ins in development and tests). Global,
 * because each provider module resolves it from its own scope.
 */
@Global()
@Module({
  providers: [
    {
      provide: PROVIDER_BASE_URLS,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ProviderEndpoints.apiOverrides(config),
    },
  ],
  exports: [PROVIDER_BASE_URLS],
})
export class ProviderUrlsModule {}

@Module({
  imports: [CryptoModule, BullModule.registerQueue({ name: REVOCATIONS_QUEUE })],
  providers: [
    ConnectionsRepository,
    ConnectionsService,
    IntegrationCatalogService,
    ProviderAppsService,
    ProviderEndpoints,
    OAuthStateStore,
    OAuthConnectService,
    TokenService,
  ],
  exports: [
    TokenService,

    ConnectionsRepository,
    ConnectionsService,
    IntegrationCatalogService,
    ProviderAppsService,
    ProviderEndpoints,
    OAuthConnectService,
  ],
})
export class ConnectionsModule {}

/** The worker's part: retries revocations that failed at disconnect. */
@Module({
  imports: [ConnectionsModule, CryptoModule],
  providers: [RevocationRetryProcessor],
})
export class RevocationRetryModule {}
