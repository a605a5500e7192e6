import type { Type } from '@nestjs/common';
import { DubModule } from '@hub/server/integrations/dub';
import { GitHubModule } from '@hub/server/integrations/github';
import { GmailModule } from '@hub/server/integrations/gmail';
import { GoogleAnalyticsModule } from '@hub/server/integrations/google-analytics';
import { GoogleCalendarModule } from '@hub/server/integrations/google-calendar';
import { GoogleDriveModule } from '@hub/server/integrations/google-drive';
import { MicrosoftCalendarModule } from '@hub/server/integrations/microsoft-calendar';
import { MicrosoftTeamsModule } from '@hub/server/integrations/microsoft-teams';
import { OneDriveModule } from '@hub/server/integrations/onedrive';
import { OutlookModule } from '@hub/server/integrations/outlook';
import { PostgresqlModule } from '@hub/server/integrations/postgresql';
import { SlackModule } from '@hub/server/integrations/slack';

/**
 * Every provider's NestJS module, in catalog order (by category as the page shows them, then by
 * name: the order `ProviderRegistry.all()` returns). Import them beside `IntegrationsCoreModule`; the
 * registry finds their providers through discovery.
 */
export const INTEGRATION_PROVIDER_MODULES: readonly Type<unknown>[] = [
  // Google Workspace
  GmailModule,
  GoogleCalendarModule,
  GoogleDriveModule,
  // Databases
  PostgresqlModule,
  // Communication
  GitHubModule,
  SlackModule,
  // Microsoft 365
  MicrosoftCalendarModule,
  MicrosoftTeamsModule,
  OneDriveModule,
  OutlookModule,
  // Marketing
  DubModule,
  // Analytics
  GoogleAnalyticsModule,
];
