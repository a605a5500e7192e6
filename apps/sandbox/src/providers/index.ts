import type { SandboxProvider } from '../lib/provider-definition';
import { type DubSandboxOptions, dubSandbox, dubSandboxOptionsFromEnv } from './dub';
import { type GitHubSandboxOptions, githubSandbox, githubSandboxOptionsFromEnv } from './github';
import { type GmailSandboxOptions, gmailSandbox, gmailSandboxOptionsFromEnv } from './gmail';
import {
  type GoogleAnalyticsSandboxOptions,
  googleAnalyticsSandbox,
  googleAnalyticsSandboxOptionsFromEnv,
} from './google-analytics';
import {
  type GoogleCalendarSandboxOptions,
  googleCalendarSandbox,
  googleCalendarSandboxOptionsFromEnv,
} from './google-calendar';
import { type GoogleDriveSandboxOptions, googleDriveSandbox, googleDriveSandboxOptionsFromEnv } from './google-drive';
import { type SlackSandboxOptions, slackSandbox, slackSandboxOptionsFromEnv } from './slack';

/** Per-provider options of `startSandbox`, by provider id. */
export interface SandboxProviderOptions {
  readonly dub?: DubSandboxOptions;
  readonly github?: GitHubSandboxOptions;
  readonly gmail?: GmailSandboxOptions;
  readonly 'google-analytics'?: GoogleAnalyticsSandboxOptions;
  readonly 'google-drive'?: GoogleDriveSandboxOptions;
  readonly 'google-calendar'?: GoogleCalendarSandboxOptions;
  readonly slack?: SlackSandboxOptions;
}

interface ProviderEntry {
  readonly id: string;
  create(options: SandboxProviderOptions): SandboxProvider;
  /** This provider's part of `SandboxProviderOptions`, from `SANDBOX_<ID>_*` variables. */
  optionsFromEnv(env: NodeJS.ProcessEnv): SandboxProviderOptions;
}

/**
 * Every emulated provider. Adding one: a folder `providers/<id>/` exporting a `SandboxProvider`
 * factory (its data, REST API and error shape), and one entry here.
 */
export const SANDBOX_PROVIDERS: readonly ProviderEntry[] = [
  {
    id: 'dub',
    create: (options) => dubSandbox(options.dub),
    optionsFromEnv: (env) => ({ dub: dubSandboxOptionsFromEnv(env) }),
  },
  {
    id: 'gmail',
    create: (options) => gmailSandbox(options.gmail),
    optionsFromEnv: (env) => ({ gmail: gmailSandboxOptionsFromEnv(env) }),
  },
  {
    id: 'google-analytics',
    create: (options) => googleAnalyticsSandbox(options['google-analytics']),
    optionsFromEnv: (env) => ({ 'google-analytics': googleAnalyticsSandboxOptionsFromEnv(env) }),
  },
  {
    id: 'google-drive',
    create: (options) => googleDriveSandbox(options['google-drive']),
    optionsFromEnv: (env) => ({ 'google-drive': googleDriveSandboxOptionsFromEnv(env) }),
  },
  {
    id: 'google-calendar',
    create: (options) => googleCalendarSandbox(options['google-calendar']),
    optionsFromEnv: (env) => ({ 'google-calendar': googleCalendarSandboxOptionsFromEnv(env) }),
  },
  {
    id: 'slack',
    create: (options) => slackSandbox(options.slack),
    optionsFromEnv: (env) => ({ slack: slackSandboxOptionsFromEnv(env) }),
  },
  {
    id: 'github',
    create: (options) => githubSandbox(options.github),
    optionsFromEnv: (env) => ({ github: githubSandboxOptionsFromEnv(env) }),
  },
];
