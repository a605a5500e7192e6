import { Module } from '@nestjs/common';
import { DubProvider } from './dub.provider';

@Module({
  providers: [DubProvider],
  exports: [DubProvider],
})
export class DubModule {}
