import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AuditActorType = 'user' | 'api_key' | 'system' | 'anonymous';
export type AuditOutcome = 'success' | 'failure' | 'denied';
/** JSON: names, ids and counts; never a secret value. */
export type AuditDetails = Record<string, unknown>;

/**
 * An append-only audit record (docs/security.md §2.5). The application's database role may only INSERT
 * and SELECT; a trigger refuses UPDATE and DELETE even to the table's owner. Never a secret value.
 */
@Entity('audit_events')
@Index('audit_events_workspace_time_idx', ['workspaceId', 'occurredAt'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('timestamptz', { name: 'occurred_at', default: () => 'now()' })
  occurredAt!: Date;

  @Column('uuid', { name: 'workspace_id', nullable: true })
  workspaceId!: string | null;

  @Column('text', { name: 'actor_type' })
  actorType!: AuditActorType;

  @Column('text', { name: 'actor_id', nullable: true })
  actorId!: string | null;

  /** What a person recognises the actor by (an email, a key name); for a failed sign-in, the email tried. */
  @Column('text', { name: 'actor_label', nullable: true })
  actorLabel!: string | null;

  @Column('text')
  action!: string;

  @Column('text', { name: 'target_type', nullable: true })
  targetType!: string | null;

  @Column('text', { name: 'target_id', nullable: true })
  targetId!: string | null;

  @Column('text')
  outcome!: AuditOutcome;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('text', { name: 'request_id', nullable: true })
  requestId!: string | null;

  @Column('text', { nullable: true })
  ip!: string | null;

  @Column('text', { name: 'user_agent', nullable: true })
  userAgent!: string | null;

  @Column('jsonb', { default: () => "'{}'" })
  details!: AuditDetails;
}
