export * from './oauth-state-store';
export * from './pkce';
export * from './return-to';
