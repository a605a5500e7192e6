import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { AccessGuard } from './access.guard';
import { AccountsService } from './accounts.service';
import { ApiKeysService } from './api-keys.service';
import { InvitationsService } from './invitations.service';
import { SessionCookies } from './session-cookies';
import { SessionsService } from './sessions.service';
import { SignInLimiter } from './sign-in-limiter';
import { SignInService } from './sign-in.service';
import { ApiKeyStrategy, SessionStrategy } from './strategies';

/** People, workspaces and access for processes without HTTP (the CLI, development seeding). */
@Module({ providers: [AccountsService], exports: [AccountsService] })
export class AccountsModule {}

/** Sign-in, sessions, API keys, invitations and the access guard in front of every api route. */
@Module({
  imports: [PassportModule, AccountsModule],
  providers: [
    SessionsService,
    ApiKeysService,
    InvitationsService,
    SignInLimiter,
    SignInService,
    SessionCookies,
    SessionStrategy,
    ApiKeyStrategy,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AccountsModule, SessionsService, ApiKeysService, InvitationsService, SignInService, SessionCookies],
})
export class AuthModule {}
