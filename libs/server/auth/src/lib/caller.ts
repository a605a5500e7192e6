import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor, RequestMeta } from '@hub/server/audit';
import type { WorkspaceRole } from '@hub/server/database';

/** Who is calling, resolved once per request by the access guard and handed to use cases. */
export interface Caller {
  readonly actor: Actor;
  readonly meta: RequestMeta;
  readonly user: {
    readonly id: string;
    readonly email: string;
    readonly name: string;
    readonly isInstanceAdmin: boolean;
  } | null;
  readonly apiKey: { readonly id: string; readonly name: string } | null;
  /** The workspace the request acts in: the session's active workspace, or the API key's. */
  readonly workspaceId: string | null;
  readonly role: WorkspaceRole | null;
  /** Present for cookie sessions; the CSRF check needs it. */
  readonly session: { readonly idHash: string; readonly csrfToken: string } | null;
}

/** A caller acting in a workspace (what workspace-scoped use cases require). */
export type WorkspaceCaller = Caller & { readonly workspaceId: string; readonly role: WorkspaceRole };

/**
 * Who may call a route. Every route declares one; a route without a policy is refused (and a test
 * fails). `member` < `admin` < `owner` are roles in the caller's current workspace; API keys act as
 * an admin of their one workspace. `signed-in` and `instance-admin` need a person's session.
 */
export type AccessLevel = 'public' | 'signed-in' | 'member' | 'admin' | 'owner' | 'instance-admin';

export interface AccessPolicy {
  readonly level: AccessLevel;
  /** Whether an admin API key may call it (default: yes for member and admin routes). */
  readonly apiKeys: boolean;
}

export const ACCESS_POLICY = 'hub:access-policy';

const ROLE_RANK: Readonly<Record<WorkspaceRole, number>> = { member: 1, admin: 2, owner: 3 };

/** Whether a role (null: no membership) is at least `level` in its workspace. */
export function roleAtLeast(role: WorkspaceRole | null | undefined, level: WorkspaceRole): boolean {
  return role ? ROLE_RANK[role] >= ROLE_RANK[level] : false;
}

export const Access = (level: AccessLevel, options: { apiKeys?: boolean } = {}) =>
  SetMetadata(ACCESS_POLICY, {
    level,
    apiKeys: options.apiKeys ?? (level === 'member' || level === 'admin'),
  } satisfies AccessPolicy);

/** The resolved caller (null on public routes when nobody is signed in). */
export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller | null => {
  return (context.switchToHttp().getRequest<{ user?: Caller }>().user as Caller | undefined) ?? null;
});
