import { Module } from '@nestjs/common';
import { GoogleAnalyticsProvider } from './google-analytics.provider';

@Module({
  providers: [GoogleAnalyticsProvider],
  exports: [GoogleAnalyticsProvider],
})
export class GoogleAnalyticsModule {}
