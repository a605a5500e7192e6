import { DynamicModule, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppConfig } from '@hub/server/config';
import { coreModules, ShutdownLogger } from '@hub/server/observability';
import { AuthModule } from '@hub/server/auth';
import { ConnectionsModule, ProviderUrlsModule } from '@hub/server/connections';
import { INTEGRATION_PROVIDER_MODULES } from '@hub/server/integrations/all';
import { ConnectorNetworksController } from './admin/connector-networks.controller';
import { ProviderAppsController } from './admin/provider-apps.controller';
import { AuditEventsController } from './audit/audit-events.controller';
import { AuthController } from './auth/auth.controller';
import { BootstrapAdmin } from './auth/bootstrap-admin';
import { ConnectionsController } from './connections/connections.controller';
import { SyncController } from './connections/sync.controller';
import { EventsController } from './events/events.controller';
import { ApiMetricsServer } from './health/api-metrics-server';
import { HealthController } from './health/health.controller';
import { IntegrationsController } from './integrations/integrations.controller';
import { OAuthController } from './integrations/oauth.controller';
import { ApiKeysController } from './workspaces/api-keys.controller';
import { InvitationsController } from './workspaces/invitations.controller';
import { MembersController } from './workspaces/members.controller';
import { WorkspacesController } from './workspaces/workspaces.controller';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...coreModules(config, { redisRole: 'producer' }),
        AuthModule,
        ProviderUrlsModule,
        ...INTEGRATION_PROVIDER_MODULES,
        ConnectionsModule,
        ...webApp(config),
      ],
      controllers: [
        HealthController,
        AuthController,
        WorkspacesController,
        MembersController,
        InvitationsController,
        ApiKeysController,
        IntegrationsController,
        OAuthController,
        ConnectionsController,
        SyncController,
        EventsController,
        ProviderAppsController,
        ConnectorNetworksController,
        AuditEventsController,
      ],
      providers: [ShutdownLogger, BootstrapAdmin, ApiMetricsServer],
    };
  }
}

/** Serves the built Angular app at `/` (with SPA fallback) when it has been built; dev uses ng serve. */
function webApp(config: AppConfig): DynamicModule[] {
  const rootPath = resolve(config.web.distDir);
  if (!existsSync(resolve(rootPath, 'index.html'))) return [];
  return [ServeStaticModule.forRoot({ rootPath, exclude: ['/api{/*path}'] })];
}
