export * from './lib/slack.manifest';
export * from './lib/slack.module';
export * from './lib/slack.provider';
export * from './lib/slack-errors';
