import { Injectable, UnauthorizedException } from '@nestjs/common';
import { AuditService, type RequestMeta } from '@hub/server/audit';
import { AccountsService } from './accounts.service';
import type { Caller } from './caller';
import { verifyAgainstNothing, verifyPassword } from './secrets';
import { type NewSession, SessionsService } from './sessions.service';
import { SignInLimiter } from './sign-in-limiter';

/** The same answer whether the email is unknown or the password wrong, so accounts cannot be discovered. */
export const SIGN_IN_FAILED = 'Email or password is incorrect.';

@Injectable()
export class SignInService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly sessions: SessionsService,
    private readonly limiter: SignInLimiter,
    private readonly audit: AuditService,
  ) {}

  async signIn(email: string, password: string, meta: RequestMeta): Promise<NewSession & { userId: string }> {
    await this.limiter.consume(meta.ip, email);
    const user = await this.accounts.findUserByEmail(email);
    const ok = user ? await verifyPassword(password, user.passwordHash) : await verifyAgainstNothing(password);
    if (!user || !ok) {
      await this.audit.record({
        actor: { type: 'anonymous', label: email.trim().toLowerCase().slice(0, 254) },
        meta,
        action: 'auth.sign_in',
        outcome: 'failure',
        reason: user ? 'wrong_password' : 'unknown_email',
        target: user ? { type: 'user', id: user.id } : undefined,
      });
      throw new UnauthorizedException({ detail: SIGN_IN_FAILED });
    }
    await this.limiter.reset(email);
    const session = await this.sessions.create(user.id, meta);
    await this.audit.record({
      actor: { type: 'user', userId: user.id, label: user.email },
      meta,
      action: 'auth.sign_in',
      target: { type: 'user', id: user.id },
    });
    return { ...session, userId: user.id };
  }

  async signOut(caller: Caller): Promise<void> {
    if (!caller.session) return;
    await this.sessions.destroy(caller.session.idHash);
    await this.audit.record({
      actor: caller.actor,
      meta: caller.meta,
      action: 'auth.sign_out',
      target: caller.user ? { type: 'user', id: caller.user.id } : undefined,
    });
  }
}
