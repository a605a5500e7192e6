export * from './refresh-lease';
export * from './refreshed-tokens';
export * from './token-endpoint';
export * from './token.service';
