import { Injectable } from '@nestjs/common';
import type { CookieOptions, Request, Response } from 'express';
import { AppConfig } from '@hub/server/config';
import type { NewSession } from './sessions.service';

/** Angular's HttpClient reads this cookie and echoes it in the X-XSRF-TOKEN header by default. */
export const CSRF_COOKIE = 'XSRF-TOKEN';
export const CSRF_HEADER = 'x-xsrf-token';

/**
 * The session cookie: httpOnly, SameSite=Lax, Secure outside development — and then with the
 * `__Host-` prefix, which browsers only accept from a secure origin, for the whole host.
 */
@Injectable()
export class SessionCookies {
  readonly sessionCookie: string;

  constructor(private readonly config: AppConfig) {
    this.sessionCookie = config.session.secureCookie ? '__Host-hub_session' : 'hub_session';
  }

  private options(httpOnly: boolean, expires?: Date): CookieOptions {
    return { httpOnly, sameSite: 'lax', secure: this.config.session.secureCookie, path: '/', expires };
  }

  set(response: Response, session: NewSession): void {
    response.cookie(this.sessionCookie, session.token, this.options(true, session.expiresAt));
    response.cookie(CSRF_COOKIE, session.csrfToken, this.options(false, session.expiresAt));
  }

  clear(response: Response): void {
    response.clearCookie(this.sessionCookie, this.options(true));
    response.clearCookie(CSRF_COOKIE, this.options(false));
  }

  tokenOf(request: Request): string | undefined {
    const value = (request.cookies as Record<string, unknown> | undefined)?.[this.sessionCookie];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  }
}
