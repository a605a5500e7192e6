import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@hub/server/config';
import type { RequestMeta } from '@hub/server/audit';
import { MembershipEntity, SessionEntity, type WorkspaceRole } from '@hub/server/database';
import type { Caller } from './caller';
import { csrfTokenFor, randomToken, sha256Hex } from './secrets';

export interface NewSession {
  /** The cookie's value: only the browser holds it; the database keeps its hash. */
  readonly token: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

/** The caller behind a session, read on every request (exported for the P3 benchmark's floor). */
export const SESSION_CALLER = `
SELECT s.expires_at, s.last_seen_at, u.id AS user_id, u.email, u.name, u.is_instance_admin, m.workspace_id, m.role
FROM sessions s
JOIN users u ON u.id = s.user_id
LEFT JOIN memberships m ON m.user_id = s.user_id AND m.workspace_id = s.active_workspace_id
WHERE s.id_hash = $1`;

interface SessionCallerRow {
  expires_at: Date;
  last_seen_at: Date;
  user_id: string;
  email: string;
  name: string;
  is_instance_admin: boolean;
  workspace_id: string | null;
  role: WorkspaceRole | null;
}

// lastSeenAt is written at most this often, so reads stay reads.
const TOUCH_INTERVAL_MS = 60_000;

/** Server-side sessions with idle and absolute timeouts. */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async create(userId: string, meta: RequestMeta): Promise<NewSession> {
    const token = randomToken();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.session.absoluteTimeoutMs);
    const first = await this.dataSource
      .getRepository(MembershipEntity)
      .findOne({ where: { userId }, order: { createdAt: 'ASC' } });
    await this.dataSource.getRepository(SessionEntity).insert({
      idHash: sha256Hex(token),
      userId,
      activeWorkspaceId: first?.workspaceId ?? null,
      lastSeenAt: now,
      expiresAt,
      ip: meta.ip ?? null,
      userAgent: meta.userAgent?.slice(0, 512) ?? null,
    });
    return { token, csrfToken: csrfTokenFor(token), expiresAt };
  }

  /**
   * The caller behind a session cookie, or null when it is unknown, idle too long or past its
   * absolute end. The role is read from the membership on every request, so a removed member loses
   * access at once.
   */
  async authenticate(token: string, meta: RequestMeta): Promise<Caller | null> {
    const idHash = sha256Hex(token);
    // One round trip on every request: the session, its person and their role in the current workspace
    // (plain SQL: on this path a query builder costs more than the query).
    const [row] = (await this.dataSource.query(SESSION_CALLER, [idHash])) as SessionCallerRow[];
    if (!row) return null;
    const now = Date.now();
    if (row.expires_at.getTime() <= now || row.last_seen_at.getTime() + this.config.session.idleTimeoutMs <= now) {
      await this.dataSource.getRepository(SessionEntity).delete({ idHash });
      return null;
    }
    if (now - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
      await this.dataSource.getRepository(SessionEntity).update({ idHash }, { lastSeenAt: new Date(now) });
    }
    const user = { id: row.user_id, email: row.email, name: row.name, isInstanceAdmin: row.is_instance_admin };
    return {
      actor: { type: 'user', userId: user.id, label: user.email },
      meta,
      user,
      apiKey: null,
      workspaceId: row.workspace_id,
      role: row.role,
      session: { idHash, csrfToken: csrfTokenFor(token) },
    };
  }

  /**
   * Whether the session is unexpired and its person still a member of the workspace: an open event
   * stream re-checks it (signed out, expired or removed ends the stream).
   */
  async isActiveIn(idHash: string, workspaceId: string): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `SELECT 1 FROM sessions s JOIN memberships m ON m.user_id = s.user_id AND m.workspace_id = $2
       WHERE s.id_hash = $1 AND s.expires_at > now()`,
      [idHash, workspaceId],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Makes another of the person's workspaces the current one; 404 when they are not a member. */
  async switchWorkspace(idHash: string, userId: string, workspaceId: string): Promise<void> {
    const membership = await this.dataSource.getRepository(MembershipEntity).findOneBy({ workspaceId, userId });
    if (!membership) throw new NotFoundException({ detail: 'No such workspace.' });
    await this.dataSource.getRepository(SessionEntity).update({ idHash }, { activeWorkspaceId: workspaceId });
  }

  async destroy(idHash: string): Promise<void> {
    await this.dataSource.getRepository(SessionEntity).delete({ idHash });
  }
}
