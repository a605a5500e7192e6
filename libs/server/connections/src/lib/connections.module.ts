import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '@hub/server/config';
import { CryptoModule } from '@hub/server/crypto';
import { CONNECTOR_NETWORK_POLICY, PROVIDER_BASE_URLS } from '@hub/server/integrations/core';
import { ConnectionsRepository } from './connections.repository';
import { ConnectionsService } from './connections.service';
import { IntegrationCatalogService } from './integration-catalog.service';
import { OAuthConnectService } from './oauth/oauth-connect.service';
import { AdminConsents } from './oauth/admin-consents';
import { OAuthStateStore } from './oauth/oauth-state-store';
import { ProviderEndpoints } from './oauth/provider-endpoints';
import { ConnectorNetworks } from './connector-networks';
import { ProviderAppsService } from './provider-apps.service';
import { TokenService } from './tokens/token.service';
import { TokenRows } from './tokens/token-rows';
import { TOKEN_REFRESH_QUEUE, TokenRefreshProcessor } from './tokens/token-refresh.processor';
import { ConnectionLifecycle } from './connection-lifecycle';
import { ConnectionTestLimiter } from './connection-test-limiter';
import { SyncModule } from '@hub/server/sync';
import { RevocationRetryProcessor } from './revocation/revocation-retry.processor';
import { REVOCATIONS_QUEUE } from './revocation/revocation-queue';
import { GrantRevocations } from './revocation/grant-revocations';

/**
 * Where provider modules send API calls (the sandbox's stand-ins in development and tests), and which
 * private networks their connectors may reach. Global, because each provider module resolves them
 * from its own scope.
 */
@Global()
@Module({
  providers: [
    {
      provide: PROVIDER_BASE_URLS,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ProviderEndpoints.apiOverrides(config),
    },
    ConnectorNetworks,
    { provide: CONNECTOR_NETWORK_POLICY, useExisting: ConnectorNetworks },
  ],
  exports: [PROVIDER_BASE_URLS, CONNECTOR_NETWORK_POLICY, ConnectorNetworks],
})
export class ProviderUrlsModule {}

@Module({
  imports: [
    CryptoModule,
    SyncModule,
    BullModule.registerQueue({ name: REVOCATIONS_QUEUE }, { name: TOKEN_REFRESH_QUEUE }),
  ],
  providers: [
    ConnectionLifecycle,
    ConnectionTestLimiter,
    ConnectionsRepository,
    ConnectionsService,
    IntegrationCatalogService,
    ProviderAppsService,
    ProviderEndpoints,
    OAuthStateStore,
    OAuthConnectService,
    AdminConsents,
    TokenRows,
    TokenService,
    GrantRevocations,
  ],
  exports: [
    TokenService,
    SyncModule,
    BullModule,
    ConnectionsRepository,
    ConnectionsService,
    IntegrationCatalogService,
    ProviderAppsService,
    ProviderEndpoints,
    OAuthConnectService,
  ],
})
export class ConnectionsModule {}

/** The worker's part: retries revocations that failed at disconnect, and keeps tokens fresh. */
@Module({
  imports: [ConnectionsModule, CryptoModule],
  providers: [RevocationRetryProcessor, TokenRefreshProcessor],
})
export class ConnectionsWorkerModule {}
