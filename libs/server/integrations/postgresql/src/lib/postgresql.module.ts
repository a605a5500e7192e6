import { Module } from '@nestjs/common';
import { PostgresqlProvider } from './postgresql.provider';

@Module({
  providers: [PostgresqlProvider],
  exports: [PostgresqlProvider],
})
export class PostgresqlModule {}
