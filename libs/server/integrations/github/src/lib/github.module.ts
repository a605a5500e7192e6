import { Module } from '@nestjs/common';
import { GitHubProvider } from './github.provider';

@Module({
  providers: [GitHubProvider],
  exports: [GitHubProvider],
})
export class GitHubModule {}
