import { Module } from '@nestjs/common';
import { OneDriveProvider } from './onedrive.provider';

@Module({
  providers: [OneDriveProvider],
  exports: [OneDriveProvider],
})
export class OneDriveModule {}
