import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { WorkspaceEntity } from './workspace.entity';

/**
 * A data-encryption key (DEK), wrapped by a key-encryption key (KEK) from the environment. One
 * active DEK per workspace; `workspace_id` is null for the instance's own secrets (OAuth app
 * credentials). docs/security.md §2.1.
 */
@Entity('data_keys')
// At most one active key per workspace (and one for the instance): a partial expression index.
@Index('data_keys_one_active_key', { synchronize: false })
export class DataKeyEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'workspace_id', nullable: true })
  workspaceId!: string | null;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id' })
  workspace?: WorkspaceEntity;

  /** Which KEK wraps it; `hub keys rotate` re-wraps under the active KEK. */
  @Column('text', { name: 'kek_id' })
  kekId!: string;

  @Column('bytea')
  wrapped!: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'retired_at', nullable: true })
  retiredAt!: Date | null;

  /** Encryptions performed, against the GCM random-nonce budget (rotate at 2^30). */
  @Column('bigint', { name: 'use_count', default: 0 })
  useCount!: string;
}
