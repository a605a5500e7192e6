import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { WorkspaceRoleName } from '@hub/shared/contracts';
import { UserEntity } from './user.entity';
import { WorkspaceEntity } from './workspace.entity';

export type WorkspaceRole = WorkspaceRoleName;

/** A person's role in one workspace; a person may belong to several. */
@Entity('memberships')
@Check('memberships_role_check', `role IN ('owner', 'admin', 'member')`)
export class MembershipEntity {
  @PrimaryColumn('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  @PrimaryColumn('uuid', { name: 'user_id' })
  userId!: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id' })
  workspace?: WorkspaceEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column('text')
  role!: WorkspaceRole;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
