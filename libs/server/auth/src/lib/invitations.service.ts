import { ConflictException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { AppConfig } from '@hub/server/config';
import { AuditService, type RequestMeta } from '@hub/server/audit';
import { InvitationEntity, MembershipEntity, type WorkspaceRole } from '@hub/server/database';
import { AccountsService } from './accounts.service';
import type { Caller, WorkspaceCaller } from './caller';
import { randomToken, sha256Hex } from './secrets';
import { type NewSession, SessionsService } from './sessions.service';

const INVITATION_LIFETIME_MS = 7 * 24 * 3_600_000;

export interface InvitationView {
  id: string;
  email: string;
  role: WorkspaceRole;
  createdAt: Date;
  expiresAt: Date;
}

const view = (i: InvitationEntity): InvitationView => ({
  id: i.id,
  email: i.email,
  role: i.role,
  createdAt: i.createdAt,
  expiresAt: i.expiresAt,
});

/** Others join a workspace by invitation: a single-use link, shown once to the admin who shares it. */
@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly accounts: AccountsService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async create(
    caller: WorkspaceCaller,
    input: { email: string; role: 'admin' | 'member' },
  ): Promise<InvitationView & { acceptUrl: string }> {
    const token = randomToken();
    return this.dataSource.transaction(async (m) => {
      const email = input.email.trim().toLowerCase();
      const existingUser = await this.accounts.findUserByEmail(email, m);
      if (
        existingUser &&
        (await m.getRepository(MembershipEntity).existsBy({ workspaceId: caller.workspaceId, userId: existingUser.id }))
      ) {
        throw new ConflictException({ detail: 'This person is already a member of the workspace.' });
      }
      // A new invitation for the same email replaces the open one.
      await m
        .getRepository(InvitationEntity)
        .createQueryBuilder()
        .update()
        .set({ revokedAt: () => 'now()' })
        .where('workspace_id = :workspaceId AND lower(email) = :email AND accepted_at IS NULL AND revoked_at IS NULL', {
          workspaceId: caller.workspaceId,
          email,
        })
        .execute();
      const invitation = await m.getRepository(InvitationEntity).save({
        workspaceId: caller.workspaceId,
        email,
        role: input.role,
        tokenHash: sha256Hex(token),
        invitedBy: caller.user?.id ?? null,
        expiresAt: new Date(Date.now() + INVITATION_LIFETIME_MS),
      });
      await this.audit.record(
        {
          actor: caller.actor,
          meta: caller.meta,
          workspaceId: caller.workspaceId,
          action: 'member.invited',
          target: { type: 'invitation', id: invitation.id },
          details: { email, role: input.role },
        },
        m,
      );
      // In the fragment, so the token never reaches a server log or a Referer header.
      return { ...view(invitation), acceptUrl: `${this.config.http.publicUrl}/join#token=${token}` };
    });
  }

  async listOpen(workspaceId: string): Promise<InvitationView[]> {
    const rows = await this.dataSource
      .getRepository(InvitationEntity)
      .createQueryBuilder('i')
      .where(
        'i.workspace_id = :workspaceId AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()',
        { workspaceId },
      )
      .orderBy('i.created_at', 'DESC')
      .getMany();
    return rows.map(view);
  }

  async revoke(caller: WorkspaceCaller, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const invitation = await m
        .getRepository(InvitationEntity)
        .findOneBy({ id, workspaceId: caller.workspaceId, acceptedAt: IsNull(), revokedAt: IsNull() });
      if (!invitation) throw new NotFoundException({ detail: 'No such open invitation.' });
      await m.getRepository(InvitationEntity).update({ id }, { revokedAt: new Date() });
      await this.audit.record(
        {
          actor: caller.actor,
          meta: caller.meta,
          workspaceId: caller.workspaceId,
          action: 'member.invitation_revoked',
          target: { type: 'invitation', id },
          details: { email: invitation.email },
        },
        m,
      );
    });
  }

  /**
   * Accepts an invitation. A person who already has an account must be signed in as the invited
   * email; a newcomer gives a name and password and is signed in.
   */
  async accept(
    token: string,
    input: { name?: string; password?: string },
    caller: Caller | null,
    meta: RequestMeta,
  ): Promise<{ workspaceId: string; session: NewSession | null }> {
    const result = await this.dataSource.transaction(async (m) => {
      const invitation = await m
        .getRepository(InvitationEntity)
        .createQueryBuilder('i')
        .setLock('pessimistic_write')
        .where('i.token_hash = :hash AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()', {
          hash: sha256Hex(token),
        })
        .getOne();
      if (!invitation)
        throw new NotFoundException({
          detail: 'This invitation link is not valid: it may have been used, revoked or expired. Ask for a new one.',
        });
      let user = await this.accounts.findUserByEmail(invitation.email, m);
      let created = false;
      if (user) {
        if (caller?.user?.id !== user.id) {
          throw new ConflictException({
            detail: `Sign in as ${invitation.email} first, then open the invitation link again.`,
          });
        }
      } else {
        if (!input.name?.trim() || !input.password) {
          throw new UnprocessableEntityException({ detail: 'Choose a name and a password to create your account.' });
        }
        user = await this.accounts.createUser(
          { email: invitation.email, name: input.name, password: input.password },
          m,
        );
        created = true;
      }
      await m
        .getRepository(MembershipEntity)
        .upsert({ workspaceId: invitation.workspaceId, userId: user.id, role: invitation.role }, [
          'workspaceId',
          'userId',
        ]);
      await m.getRepository(InvitationEntity).update({ id: invitation.id }, { acceptedAt: new Date() });
      await this.audit.record(
        {
          actor: { type: 'user', userId: user.id, label: user.email },
          meta,
          workspaceId: invitation.workspaceId,
          action: 'member.joined',
          target: { type: 'user', id: user.id },
          details: { role: invitation.role, invitationId: invitation.id, newAccount: created },
        },
        m,
      );
      return { workspaceId: invitation.workspaceId, userId: user.id, created };
    });
    if (result.created) {
      const session = await this.sessions.create(result.userId, meta);
      return { workspaceId: result.workspaceId, session };
    }
    if (caller?.session) await this.sessions.switchWorkspace(caller.session.idHash, result.userId, result.workspaceId);
    return { workspaceId: result.workspaceId, session: null };
  }
}
