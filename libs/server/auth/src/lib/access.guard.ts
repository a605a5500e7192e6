import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  InternalServerErrorException,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { AppConfig } from '@hub/server/config';
import { AuditService } from '@hub/server/audit';
import { ACCESS_POLICY, type AccessPolicy, type Caller, roleAtLeast } from './caller';
import { CSRF_HEADER } from './session-cookies';
import { safeEqual } from './secrets';

/** Runs the session and API-key strategies without failing: whether a caller is required is the policy's call. */
class IdentifyCaller extends AuthGuard(['session', 'api-key']) {
  override handleRequest<T>(error: unknown, user: T): T | null {
    if (error) throw error;
    return user || null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one gate in front of every route (registered as APP_GUARD): deny unless the route's policy
 * allows the caller. Cookie-authenticated changes need the CSRF token and a same-origin Origin.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly identify = new IdentifyCaller();
  private readonly publicOrigin: string;

  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
    config: AppConfig,
  ) {
    this.publicOrigin = new URL(config.http.publicUrl).origin;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    // Deny by default: a route someone forgot to annotate is closed, and the route inventory test fails.
    if (!policy) throw new InternalServerErrorException({ detail: 'This route has no access policy.' });

    const request = context.switchToHttp().getRequest<Request & { user?: Caller | null }>();
    if (request.method !== 'OPTIONS') await this.identify.canActivate(context);
    const caller = request.user ?? null;
    this.checkOrigin(request, caller);

    if (policy.level === 'public') return true;
    if (!caller)
      throw new UnauthorizedException({ detail: 'Sign in, or send an API key as `Authorization: Bearer <key>`.' });
    if (caller.apiKey && !policy.apiKeys)
      throw new ForbiddenException({ detail: 'API keys cannot use this route; it is for people signed in.' });
    if (caller.session && !SAFE_METHODS.has(request.method)) {
      const sent = request.get(CSRF_HEADER);
      if (!sent || !safeEqual(sent, caller.session.csrfToken)) {
        await this.denied(caller, request, 'csrf_token_invalid');
        throw new ForbiddenException({ detail: 'Missing or invalid CSRF token: reload the page and try again.' });
      }
    }

    switch (policy.level) {
      case 'signed-in':
        return true;
      case 'instance-admin':
        if (caller.user?.isInstanceAdmin) return true;
        await this.denied(caller, request, 'not_instance_admin');
        throw new ForbiddenException({ detail: 'Only instance administrators can do this.' });
      default: {
        if (!caller.workspaceId || !caller.role) {
          throw new ForbiddenException({
            detail: 'You are not a member of a workspace yet: ask an admin for an invitation.',
          });
        }
        if (roleAtLeast(caller.role, policy.level)) return true;
        await this.denied(caller, request, `requires_${policy.level}`);
        throw new ForbiddenException({
          detail: `This needs the ${policy.level} role in the workspace; you are a ${caller.role}.`,
        });
      }
    }
  }

  /** Browsers send Origin on cross-site writes; a cookie-borne write from elsewhere is refused. */
  private checkOrigin(request: Request, caller: Caller | null): void {
    if (SAFE_METHODS.has(request.method) || caller?.apiKey) return;
    const origin = request.get('origin');
    if (!origin || origin === this.publicOrigin || origin === `${request.protocol}://${request.get('host')}`) return;
    throw new ForbiddenException({ detail: 'Cross-origin requests are not accepted.' });
  }

  private async denied(caller: Caller, request: Request, reason: string): Promise<void> {
    await this.audit.record({
      actor: caller.actor,
      meta: caller.meta,
      workspaceId: caller.workspaceId,
      action: 'access.denied',
      outcome: 'denied',
      reason,
      details: { method: request.method, route: request.route?.path ?? request.path },
    });
  }
}
