import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@hub/server/config';
import type { RequestMeta } from '@hub/server/audit';
import { MembershipEntity, SessionEntity } from '@hub/server/database';
import type { Caller } from './caller';
import { csrfTokenFor, randomToken, sha256Hex } from './secrets';

export interface NewSession {
  /** The cookie's value: only the browser holds it; the database keeps its hash. */
  readonly token: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
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
    // One round trip on every request: the session, its person and their role in the current workspace.
    const session = await this.dataSource
      .getRepository(SessionEntity)
      .createQueryBuilder('s')
      .innerJoinAndSelect('s.user', 'u')
      .leftJoinAndMapOne(
        's.membership',
        MembershipEntity,
        'm',
        'm.user_id = s.user_id AND m.workspace_id = s.active_workspace_id',
      )
      .where('s.id_hash = :idHash', { idHash })
      .getOne();
    if (!session?.user) return null;
    const now = Date.now();
    if (session.expiresAt.getTime() <= now || session.lastSeenAt.getTime() + this.config.session.idleTimeoutMs <= now) {
      await this.dataSource.getRepository(SessionEntity).delete({ idHash });
      return null;
    }
    const user = session.user;
    const membership = (session as SessionEntity & { membership?: MembershipEntity }).membership ?? null;
    if (now - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      await this.dataSource.getRepository(SessionEntity).update({ idHash }, { lastSeenAt: new Date(now) });
    }
    return {
      actor: { type: 'user', userId: user.id, label: user.email },
      meta,
      user: { id: user.id, email: user.email, name: user.name, isInstanceAdmin: user.isInstanceAdmin },
      apiKey: null,
      workspaceId: membership?.workspaceId ?? null,
      role: membership?.role ?? null,
      session: { idHash, csrfToken: csrfTokenFor(token) },
    };
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
