import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { SyncRunStatus, SyncRunTrigger } from '@hub/shared/contracts';
import { ConnectionEntity } from './connection.entity';

/**
 * One sync of one connection (docs/architecture.md status model): queued by a person, the schedule or a
 * new connection, then run page by page by a worker. The partial unique indexes are the guarantees:
 * at most one run RUNNING per connection (cursors stay consistent) and at most one QUEUED (repeated
 * "Sync now" clicks join it).
 */
@Entity('sync_runs')
@Index('sync_runs_connection_queued_at_idx', ['connectionId', 'queuedAt'])
@Index('sync_runs_one_running_key', ['connectionId'], { unique: true, where: `status = 'RUNNING'` })
@Index('sync_runs_one_queued_key', ['connectionId'], { unique: true, where: `status = 'QUEUED'` })
@Index('sync_runs_status_idx', ['status'], { where: `status IN ('QUEUED', 'RUNNING')` })
@Check('sync_runs_status_check', `status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')`)
@Check('sync_runs_trigger_check', `trigger IN ('MANUAL', 'SCHEDULED', 'INITIAL')`)
export class SyncRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  @Column('uuid', { name: 'connection_id' })
  connectionId!: string;

  @ManyToOne(() => ConnectionEntity, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'workspace_id', referencedColumnName: 'workspaceId' },
    { name: 'connection_id', referencedColumnName: 'id' },
  ])
  connection?: ConnectionEntity;

  @Column('text', { name: 'provider_id' })
  providerId!: string;

  @Column('text')
  trigger!: SyncRunTrigger;

  @Column('text')
  status!: SyncRunStatus;

  /** The person who clicked "Sync now" (null for schedules, API keys and new connections). */
  @Column('uuid', { name: 'requested_by', nullable: true })
  requestedBy!: string | null;

  @Column('timestamptz', { name: 'queued_at', default: () => 'now()' })
  queuedAt!: Date;

  @Column('timestamptz', { name: 'started_at', nullable: true })
  startedAt!: Date | null;

  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt!: Date | null;

  @Column('integer', { default: 0 })
  added!: number;

  @Column('integer', { default: 0 })
  updated!: number;

  @Column('integer', { default: 0 })
  unchanged!: number;

  @Column('integer', { default: 0 })
  deleted!: number;

  /** Pages committed so far; each page and its cursor commit together. */
  @Column('integer', { default: 0 })
  pages!: number;

  /** The resource being synced now (progress). */
  @Column('text', { nullable: true })
  resource!: string | null;

  /** How many times a worker started this run (retries, restarts after a crash or a deploy). */
  @Column('integer', { default: 0 })
  starts!: number;

  /** Starts since the last committed page: a run that keeps crashing its worker without progress is failed. */
  @Column('integer', { name: 'starts_without_progress', default: 0 })
  startsWithoutProgress!: number;

  /** The IntegrationError code (or an internal one) of the last failure. */
  @Column('text', { name: 'error_code', nullable: true })
  errorCode!: string | null;

  /** Safe to show: never a token or a provider's response body. */
  @Column('text', { name: 'error_message', nullable: true })
  errorMessage!: string | null;

  /** Set while the run waits to try again (backoff, or the provider's Retry-After). */
  @Column('timestamptz', { name: 'retry_at', nullable: true })
  retryAt!: Date | null;

  @Column('timestamptz', { name: 'cancel_requested_at', nullable: true })
  cancelRequestedAt!: Date | null;
}
