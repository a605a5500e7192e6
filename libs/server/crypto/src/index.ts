export * from './lib/crypto.module';
export * from './lib/envelope';
export * from './lib/key-check';
export * from './lib/key-rotation';
export * from './lib/keys-cli';
export * from './lib/secret-cipher';
export * from './lib/secrets-doctor';
