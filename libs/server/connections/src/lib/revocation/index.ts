export * from './pending-revocations';
export * from './revocation-queue';
export * from './revocation-retry.processor';
export * from './grant-revocations';
