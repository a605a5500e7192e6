import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ProviderRegistry } from './provider-registry';

/** The provider registry; provider modules are imported beside it and found by discovery. */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [ProviderRegistry],
  exports: [ProviderRegistry],
})
export class IntegrationsCoreModule {}
