import type { EmulationOptions } from '../lib/emulation';
import { dubEmulation } from './dub';
import { githubEmulation } from './github';
import { gmailEmulation } from './gmail';
import { googleAnalyticsEmulation } from './google-analytics';
import { googleCalendarEmulation } from './google-calendar';
import { googleDriveEmulation } from './google-drive';
import { microsoftTeamsEmulation } from './microsoft-teams';
import { onedriveEmulation } from './onedrive';
import { outlookEmulation } from './outlook';
import { slackEmulation } from './slack';

/**
 * Every emulated provider. Adding one: a folder `providers/<id>/` exporting its `defineEmulation(…)`
 * (id, options, and a factory of its data, REST API and error shape), and one entry here (the
 * provider generator adds both).
 */
export const SANDBOX_PROVIDERS = [
  dubEmulation,
  gmailEmulation,
  googleAnalyticsEmulation,
  googleDriveEmulation,
  googleCalendarEmulation,
  slackEmulation,
  githubEmulation,
  onedriveEmulation,
  outlookEmulation,
  microsoftTeamsEmulation,
] as const;

/** Per-provider options of `startSandbox`, by provider id: each emulation's declared options. */
export type SandboxProviderOptions = EmulationOptions<(typeof SANDBOX_PROVIDERS)[number]>;
