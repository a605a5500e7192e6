export * from './lib/app-config';
export * from './lib/config.module';
export * from './lib/environment';
export * from './lib/load-config';
export * from './lib/mask-secrets';
export * from './lib/test-config';
export * from './lib/encryption-keys';
export { parseCidrList } from './lib/is-cidr-list.validator';
export { parseTrustProxy, type TrustProxy } from './lib/trust-proxy';
