import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@hub/server/config';
import { dataSourceOptions } from './data-source-options';

/** The TypeORM connection for api and worker. It never changes the schema: migrations do. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.database.url, { poolSize: config.database.poolSize }),
        // main.ts already checked the server answers; a short retry covers a blip, not an outage.
        retryAttempts: 2,
        retryDelay: 1_000,
      }),
    }),
  ],
  exports: [TypeOrmModule],
})
export class DatabaseModule {}
