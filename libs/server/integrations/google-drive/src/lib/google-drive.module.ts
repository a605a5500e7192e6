import { Module } from '@nestjs/common';
import { GoogleDriveProvider } from './google-drive.provider';

@Module({
  providers: [GoogleDriveProvider],
  exports: [GoogleDriveProvider],
})
export class GoogleDriveModule {}
