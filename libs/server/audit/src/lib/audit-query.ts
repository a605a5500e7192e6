import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditEventEntity, type AuditOutcome } from '@hub/server/database';

export interface AuditQuery {
  readonly workspaceId: string;
  readonly action?: string;
  readonly outcome?: AuditOutcome;
  readonly actorId?: string;
  readonly targetType?: string;
  readonly targetId?: string;
  readonly since?: Date;
  readonly until?: Date;
  /** Keyset pagination: events older than this id. */
  readonly before?: string;
  readonly limit: number;
}

/** Reads one workspace's audit events, newest first. */
@Injectable()
export class AuditQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: AuditQuery): Promise<{ events: AuditEventEntity[]; nextBefore: string | null }> {
    const qb = this.dataSource
      .getRepository(AuditEventEntity)
      .createQueryBuilder('e')
      .where('e.workspace_id = :workspaceId', { workspaceId: query.workspaceId })
      .orderBy('e.id', 'DESC')
      .limit(query.limit + 1);
    // `action` matches a whole verb or a prefix ending in a dot: `connection.` lists every connection event.
    if (query.action) {
      if (query.action.endsWith('.')) qb.andWhere('starts_with(e.action, :action)', { action: query.action });
      else qb.andWhere('e.action = :action', { action: query.action });
    }
    if (query.outcome) qb.andWhere('e.outcome = :outcome', { outcome: query.outcome });
    if (query.actorId) qb.andWhere('e.actor_id = :actorId', { actorId: query.actorId });
    if (query.targetType) qb.andWhere('e.target_type = :targetType', { targetType: query.targetType });
    if (query.targetId) qb.andWhere('e.target_id = :targetId', { targetId: query.targetId });
    if (query.since) qb.andWhere('e.occurred_at >= :since', { since: query.since });
    if (query.until) qb.andWhere('e.occurred_at < :until', { until: query.until });
    if (query.before) qb.andWhere('e.id < :before', { before: query.before });
    const rows = await qb.getMany();
    const page = rows.slice(0, query.limit);
    return { events: page, nextBefore: rows.length > query.limit ? page[page.length - 1].id : null };
  }
}
