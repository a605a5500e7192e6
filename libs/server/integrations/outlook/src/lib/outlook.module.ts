import { Module } from '@nestjs/common';
import { OutlookProvider } from './outlook.provider';

@Module({
  providers: [OutlookProvider],
  exports: [OutlookProvider],
})
export class OutlookModule {}
