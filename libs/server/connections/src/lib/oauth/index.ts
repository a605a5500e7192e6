export * from './oauth-state-store';
export * from './return-to';
export * from './oauth-connect.service';
export * from './provider-endpoints';
