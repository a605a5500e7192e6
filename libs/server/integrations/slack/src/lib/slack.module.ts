import { Module } from '@nestjs/common';
import { SlackProvider } from './slack.provider';

@Module({
  providers: [SlackProvider],
  exports: [SlackProvider],
})
export class SlackModule {}
