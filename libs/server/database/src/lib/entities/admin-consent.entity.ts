import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { UserEntity } from './user.entity';
import { WorkspaceEntity } from './workspace.entity';

/**
 * Where a workspace stands with a provider that needs an administrator of the person's organisation
 * to approve it once (Microsoft Teams' ChannelMessage.Read.All): `required` since a connect was
 * refused for want of that approval, `granted` once an administrator approved through the hub.
 */
@Entity('admin_consents')
@Check('admin_consents_status_check', `"status" IN ('required', 'granted')`)
export class AdminConsentEntity {
  @PrimaryColumn('uuid', { name: 'workspace_id', primaryKeyConstraintName: 'admin_consents_pkey' })
  workspaceId!: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id', foreignKeyConstraintName: 'admin_consents_workspace_id_fkey' })
  workspace?: WorkspaceEntity;

  @PrimaryColumn('text', { name: 'provider_id', primaryKeyConstraintName: 'admin_consents_pkey' })
  providerId!: string;

  @Column('text')
  status!: 'required' | 'granted';

  /** The tenant the administrator approved for, as the provider's redirect said (shown, never trusted). */
  @Column('text', { name: 'tenant_id', nullable: true })
  tenantId!: string | null;

  @Column('uuid', { name: 'updated_by', nullable: true })
  updatedBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'updated_by', foreignKeyConstraintName: 'admin_consents_updated_by_fkey' })
  updatedByUser?: UserEntity;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
