import { Module } from '@nestjs/common';
import { GoogleCalendarProvider } from './google-calendar.provider';

@Module({
  providers: [GoogleCalendarProvider],
  exports: [GoogleCalendarProvider],
})
export class GoogleCalendarModule {}
