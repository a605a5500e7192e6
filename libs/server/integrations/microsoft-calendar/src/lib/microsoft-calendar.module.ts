import { Module } from '@nestjs/common';
import { MicrosoftCalendarProvider } from './microsoft-calendar.provider';

@Module({
  providers: [MicrosoftCalendarProvider],
  exports: [MicrosoftCalendarProvider],
})
export class MicrosoftCalendarModule {}
