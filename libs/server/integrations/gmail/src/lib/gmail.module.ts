import { Module } from '@nestjs/common';
import { GmailProvider } from './gmail.provider';

@Module({
  providers: [GmailProvider],
  exports: [GmailProvider],
})
export class GmailModule {}
