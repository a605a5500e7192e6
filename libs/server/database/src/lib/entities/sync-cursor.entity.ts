import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ConnectionEntity } from './connection.entity';

/**
 * Where the sync of one resource of one connection resumes. Written in the same transaction as the
 * page it follows (docs/security.md D3), so a worker killed mid-sync resumes without losing or repeating
 * a page. While `pass_id` is set a pass is under way and `cursor` is its next page; once it ends,
 * `cursor` is where the next run starts (an incremental provider's sync token) or null (a full pass).
 */
@Entity('sync_cursors')
export class SyncCursorEntity {
  @PrimaryColumn('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  @PrimaryColumn('uuid', { name: 'connection_id' })
  connectionId!: string;

  @ManyToOne(() => ConnectionEntity, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'workspace_id', referencedColumnName: 'workspaceId' },
    { name: 'connection_id', referencedColumnName: 'id' },
  ])
  connection?: ConnectionEntity;

  @PrimaryColumn('text')
  resource!: string;

  @Column('text', { nullable: true })
  cursor!: string | null;

  /** The pass under way, or null between passes. */
  @Column('uuid', { name: 'pass_id', nullable: true })
  passId!: string | null;

  /** Whether the pass under way started from nothing (and so ends by marking unseen records deleted). */
  @Column('boolean', { name: 'pass_full', default: true })
  passFull!: boolean;

  @Column('timestamptz', { name: 'last_completed_at', nullable: true })
  lastCompletedAt!: Date | null;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}
