import { ConflictException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '@hub/server/audit';
import { MembershipEntity, UserEntity, WorkspaceEntity, type WorkspaceRole } from '@hub/server/database';
import type { Caller, WorkspaceCaller } from './caller';
import { hashPassword } from './secrets';

export interface MemberView {
  userId: string;
  email: string;
  name: string;
  role: WorkspaceRole;
  joinedAt: Date;
}

export interface WorkspaceView {
  id: string;
  name: string;
  role: WorkspaceRole;
}

const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** People, workspaces and memberships. */
@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  findUserByEmail(email: string, manager: EntityManager = this.dataSource.manager): Promise<UserEntity | null> {
    return manager
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('lower(u.email) = :email', { email: normalizeEmail(email) })
      .getOne();
  }

  /** Creates a person; the email must be new (compared case-insensitively). */
  async createUser(
    input: { email: string; name: string; password: string; isInstanceAdmin?: boolean },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<UserEntity> {
    if (await this.findUserByEmail(input.email, manager))
      throw new ConflictException({ detail: 'A person with this email already has an account.' });
    return manager.getRepository(UserEntity).save({
      email: input.email.trim(),
      name: input.name.trim(),
      passwordHash: await hashPassword(input.password),
      isInstanceAdmin: input.isInstanceAdmin ?? false,
    });
  }

  /** A new workspace with its creator as owner. */
  async createWorkspace(
    name: string,
    ownerId: string,
    caller: Pick<Caller, 'actor' | 'meta'>,
    manager?: EntityManager,
  ): Promise<WorkspaceEntity> {
    const run = async (m: EntityManager) => {
      const workspace = await m.getRepository(WorkspaceEntity).save({ name: name.trim() });
      await m.getRepository(MembershipEntity).insert({ workspaceId: workspace.id, userId: ownerId, role: 'owner' });
      await this.audit.record(
        {
          actor: caller.actor,
          meta: caller.meta,
          workspaceId: workspace.id,
          action: 'workspace.created',
          target: { type: 'workspace', id: workspace.id },
        },
        m,
      );
      return workspace;
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  async workspacesOf(userId: string): Promise<WorkspaceView[]> {
    const rows = await this.dataSource
      .getRepository(MembershipEntity)
      .createQueryBuilder('m')
      .innerJoinAndSelect('m.workspace', 'w')
      .where('m.user_id = :userId', { userId })
      .orderBy('w.name', 'ASC')
      .getMany();
    return rows.map((m) => ({ id: m.workspaceId, name: m.workspace?.name ?? '', role: m.role }));
  }

  async renameWorkspace(caller: WorkspaceCaller, name: string): Promise<WorkspaceEntity> {
    return this.dataSource.transaction(async (m) => {
      await m.getRepository(WorkspaceEntity).update({ id: caller.workspaceId }, { name: name.trim() });
      await this.audit.record(
        {
          actor: caller.actor,
          meta: caller.meta,
          workspaceId: caller.workspaceId,
          action: 'workspace.renamed',
          target: { type: 'workspace', id: caller.workspaceId },
        },
        m,
      );
      return m.getRepository(WorkspaceEntity).findOneByOrFail({ id: caller.workspaceId });
    });
  }

  async getWorkspace(workspaceId: string): Promise<WorkspaceEntity> {
    const workspace = await this.dataSource.getRepository(WorkspaceEntity).findOneBy({ id: workspaceId });
    if (!workspace) throw new NotFoundException({ detail: 'No such workspace.' });
    return workspace;
  }

  async members(workspaceId: string): Promise<MemberView[]> {
    const rows = await this.dataSource
      .getRepository(MembershipEntity)
      .createQueryBuilder('m')
      .innerJoinAndSelect('m.user', 'u')
      .where('m.workspace_id = :workspaceId', { workspaceId })
      .orderBy('u.name', 'ASC')
      .getMany();
    return rows.map((m) => ({
      userId: m.userId,
      email: m.user?.email ?? '',
      name: m.user?.name ?? '',
      role: m.role,
      joinedAt: m.createdAt,
    }));
  }

  /**
   * Changes a member's role. Only an owner grants or takes away `owner`; the last owner stays one,
   * so a workspace is never left without someone who can manage it.
   */
  async changeRole(caller: WorkspaceCaller, userId: string, role: WorkspaceRole): Promise<MemberView> {
    return this.dataSource.transaction(async (m) => {
      const membership = await this.lockMembership(m, caller.workspaceId, userId);
      if (membership.role === role) return this.memberView(m, caller.workspaceId, userId);
      if ((role === 'owner' || membership.role === 'owner') && caller.role !== 'owner') {
        throw new UnprocessableEntityException({
          detail: 'Only an owner can make someone an owner or change an owner’s role.',
        });
      }
      if (membership.role === 'owner') await this.assertAnotherOwner(m, caller.workspaceId, userId);
      await m.getRepository(MembershipEntity).update({ workspaceId: caller.workspaceId, userId }, { role });
      await this.audit.record(
        {
          actor: caller.actor,
          meta: caller.meta,
          workspaceId: caller.workspaceId,
          action: 'member.role_changed',
          target: { type: 'user', id: userId },
          details: { from: membership.role, to: role },
        },
        m,
      );
      return this.memberView(m, caller.workspaceId, userId);
    });
  }

  async removeMember(caller: WorkspaceCaller, userId: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const membership = await this.lockMembership(m, caller.workspaceId, userId);
      if (membership.role === 'owner') {
        if (caller.role !== 'owner')
          throw new UnprocessableEntityException({ detail: 'Only an owner can remove an owner.' });
        await this.assertAnotherOwner(m, caller.workspaceId, userId);
      }
      await m.getRepository(MembershipEntity).delete({ workspaceId: caller.workspaceId, userId });
      await this.audit.record(
        {
          actor: caller.actor,
          meta: caller.meta,
          workspaceId: caller.workspaceId,
          action: 'member.removed',
          target: { type: 'user', id: userId },
          details: { role: membership.role },
        },
        m,
      );
    });
  }

  /**
   * The first instance administrator from HUB_ADMIN_EMAIL / HUB_ADMIN_PASSWORD, or the CLI: a person
   * with the instance-admin flag and a workspace of their own. Does nothing when an instance
   * administrator already exists, unless `always` (another admin). A person who already has an
   * account with that email is made an instance administrator unless `promote` is false (the boot
   * path: configuration alone does not raise an existing account's rights).
   */
  async ensureInstanceAdmin(
    input: { email: string; password: string; name?: string; workspaceName?: string },
    { always = false, promote = true } = {},
  ): Promise<{ created: boolean; user: UserEntity }> {
    return this.dataSource.transaction(async (m) => {
      // One writer at a time, so two replicas starting together create one admin.
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['hub:create-admin']);
      const existingAdmin = await m.getRepository(UserEntity).findOneBy({ isInstanceAdmin: true });
      if (existingAdmin && !always) return { created: false, user: existingAdmin };
      const known = await this.findUserByEmail(input.email, m);
      if (known) {
        if (!known.isInstanceAdmin && !promote) return { created: false, user: known };
        if (!known.isInstanceAdmin)
          await m.getRepository(UserEntity).update({ id: known.id }, { isInstanceAdmin: true });
        await this.audit.record(
          { actor: SYSTEM_ACTOR, action: 'user.instance_admin_granted', target: { type: 'user', id: known.id } },
          m,
        );
        return { created: false, user: { ...known, isInstanceAdmin: true } };
      }
      const user = await this.createUser(
        {
          email: input.email,
          name: input.name ?? input.email.split('@')[0],
          password: input.password,
          isInstanceAdmin: true,
        },
        m,
      );
      await this.audit.record(
        {
          actor: SYSTEM_ACTOR,
          action: 'user.created',
          target: { type: 'user', id: user.id },
          details: { instanceAdmin: true },
        },
        m,
      );
      await this.createWorkspace(input.workspaceName ?? 'My workspace', user.id, { actor: SYSTEM_ACTOR, meta: {} }, m);
      return { created: true, user };
    });
  }

  private async lockMembership(m: EntityManager, workspaceId: string, userId: string): Promise<MembershipEntity> {
    const membership = await m
      .getRepository(MembershipEntity)
      .createQueryBuilder('m')
      .setLock('pessimistic_write')
      .where('m.workspace_id = :workspaceId AND m.user_id = :userId', { workspaceId, userId })
      .getOne();
    if (!membership) throw new NotFoundException({ detail: 'No such member in this workspace.' });
    return membership;
  }

  private async assertAnotherOwner(m: EntityManager, workspaceId: string, userId: string): Promise<void> {
    // Locked (not just counted), so two admins demoting the last two owners at once cannot both succeed.
    const owners = await m
      .getRepository(MembershipEntity)
      .createQueryBuilder('m')
      .setLock('pessimistic_write')
      .where("m.workspace_id = :workspaceId AND m.role = 'owner' AND m.user_id <> :userId", { workspaceId, userId })
      .getMany();
    if (owners.length === 0)
      throw new UnprocessableEntityException({
        detail: 'A workspace needs at least one owner: make someone else an owner first.',
      });
  }

  private async memberView(m: EntityManager, workspaceId: string, userId: string): Promise<MemberView> {
    const row = await m
      .getRepository(MembershipEntity)
      .findOneOrFail({ where: { workspaceId, userId }, relations: { user: true } });
    return {
      userId,
      email: row.user?.email ?? '',
      name: row.user?.name ?? '',
      role: row.role,
      joinedAt: row.createdAt,
    };
  }
}
