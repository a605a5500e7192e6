import { Module } from '@nestjs/common';
import { SecretCipher } from './secret-cipher';

/**
 * Provides `SecretCipher`. Relies on what api and worker already register globally: AppConfig
 * (`ConfigModule.forRoot`) and TypeORM's DataSource (`DatabaseModule`).
 */
@Module({
  providers: [SecretCipher],
  exports: [SecretCipher],
})
export class CryptoModule {}
