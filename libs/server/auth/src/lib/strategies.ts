import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy as BearerStrategy } from 'passport-http-bearer';
import { Strategy as CustomStrategy } from 'passport-custom';
import { ApiKeysService } from './api-keys.service';
import type { Caller } from './caller';
import { requestMetaOf } from './request-meta';
import { SessionCookies } from './session-cookies';
import { SessionsService } from './sessions.service';

/** A person's browser: the httpOnly session cookie. */
@Injectable()
export class SessionStrategy extends PassportStrategy(CustomStrategy, 'session') {
  constructor(
    private readonly sessions: SessionsService,
    private readonly cookies: SessionCookies,
  ) {
    super();
  }

  async validate(request: Request): Promise<Caller | false> {
    const token = this.cookies.tokenOf(request);
    if (!token) return false;
    return (await this.sessions.authenticate(token, requestMetaOf(request))) ?? false;
  }
}

/** Scripts and other systems: `Authorization: Bearer hub_…` with an admin API key. */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(BearerStrategy, 'api-key') {
  constructor(private readonly apiKeys: ApiKeysService) {
    super({ passReqToCallback: true });
  }

  async validate(request: Request, token: string): Promise<Caller | false> {
    return (await this.apiKeys.authenticate(token, requestMetaOf(request))) ?? false;
  }
}
