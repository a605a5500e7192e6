import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { WorkspaceEntity } from './workspace.entity';

/**
 * A token the provider did not confirm revoking at disconnect: kept sealed until a background retry
 * succeeds or gives up (docs/security.md A12). The connection itself may be gone (purged), so no foreign key.
 */
@Entity('pending_revocations')
@Index('pending_revocations_workspace_id_idx', ['workspaceId'])
export class PendingRevocationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id' })
  workspace?: WorkspaceEntity;

  @Column('uuid', { name: 'connection_id' })
  connectionId!: string;

  @Column('text', { name: 'provider_id' })
  providerId!: string;

  /** Sealed like connection credentials (AAD: this table, row and workspace). */
  @Column('bytea', { select: false })
  token!: Buffer;

  @Column('text', { name: 'token_type_hint' })
  tokenTypeHint!: 'refresh_token' | 'access_token';

  @Column('integer', { default: 0 })
  attempts!: number;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
