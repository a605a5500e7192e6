export * from './token-refresh.processor';
export * from './stored-tokens';
export * from './token-endpoint';
export * from './token.service';
export * from './oauth-tokens';
