import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { RecordAction } from '@hub/shared/contracts';
import { ConnectionEntity } from './connection.entity';

/**
 * One object synced from a provider (a Dub link, a Drive file), keyed by (workspace, connection,
 * resource, the provider's id), so a page written twice changes nothing. `change_seq` orders the
 * change stream (`GET /api/connections/{id}/records`); it comes from the `sync_records_change_seq`
 * sequence and only moves when the content hash changes or the record is deleted.
 */
@Entity('sync_records')
@Index('sync_records_change_stream_idx', ['connectionId', 'changeSeq'])
@Check('sync_records_last_action_check', `last_action IN ('ADDED', 'UPDATED', 'DELETED')`)
export class SyncRecordEntity {
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

  @PrimaryColumn('text', { name: 'external_id' })
  externalId!: string;

  @Column('jsonb')
  data!: Record<string, unknown>;

  /** sha256 (base64url) of the record's JSON as the provider sent it, to tell changes from re-reads. */
  @Column('text', { name: 'content_hash' })
  contentHash!: string;

  @Column('text', { name: 'last_action' })
  lastAction!: RecordAction;

  @Column('bigint', { name: 'change_seq' })
  changeSeq!: string;

  @Column('timestamptz', { name: 'first_seen_at' })
  firstSeenAt!: Date;

  @Column('timestamptz', { name: 'changed_at' })
  changedAt!: Date;

  @Column('timestamptz', { name: 'deleted_at', nullable: true })
  deletedAt!: Date | null;

  /** The full pass that last saw the record; records a finished full pass did not see are deleted. */
  @Column('uuid', { name: 'seen_pass', nullable: true })
  seenPass!: string | null;
}
