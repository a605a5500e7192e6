import { Module } from '@nestjs/common';
import { MicrosoftTeamsProvider } from './microsoft-teams.provider';

@Module({
  providers: [MicrosoftTeamsProvider],
  exports: [MicrosoftTeamsProvider],
})
export class MicrosoftTeamsModule {}
