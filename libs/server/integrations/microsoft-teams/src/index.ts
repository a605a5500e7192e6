export * from './lib/microsoft-teams.manifest';
export * from './lib/microsoft-teams.module';
export * from './lib/microsoft-teams.provider';
export * from './lib/microsoft-teams-errors';
