import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { type AuditDetails, AuditEventEntity, type AuditOutcome } from '@hub/server/database';
import { type Actor, actorId, type RequestMeta } from './actor';

export interface AuditEntry {
  readonly actor: Actor;
  readonly meta?: RequestMeta;
  readonly workspaceId?: string | null;
  /** Dotted verb, e.g. `auth.sign_in`, `connection.disconnected`, `keys.rotated`. */
  readonly action: string;
  readonly outcome?: AuditOutcome;
  readonly target?: { readonly type: string; readonly id: string };
  readonly reason?: string;
  /** Names and counts, never values of secrets: fields named like secrets are dropped. */
  readonly details?: Record<string, unknown>;
}

const SECRET_NAME = /secret|password|token|authorization|cookie|credential|api_?key$/i;

/** Drops anything named like a secret, at any depth: defence in depth for a log that is kept for years. */
export function withoutSecrets(details: Record<string, unknown>): AuditDetails {
  const clean = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(clean);
    if (value && typeof value === 'object' && !(value instanceof Date)) {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .filter(([key]) => !SECRET_NAME.test(key))
          .map(([key, v]) => [key, clean(v)]),
      );
    }
    return value;
  };
  // JSON round trip: dates become strings, undefined disappears; what is stored is what is read back.
  return JSON.parse(JSON.stringify(clean(details))) as AuditDetails;
}

/** Appends to the audit log (docs/security.md §2.5). Rows are never updated or deleted. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Pass the use case's transaction manager so the audit row commits (or rolls back) with the change. */
  async record(entry: AuditEntry, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const row: Omit<AuditEventEntity, 'id' | 'occurredAt'> = {
      workspaceId: entry.workspaceId ?? null,
      actorType: entry.actor.type,
      actorId: actorId(entry.actor),
      actorLabel: entry.actor.label ?? null,
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      outcome: entry.outcome ?? 'success',
      reason: entry.reason ?? null,
      requestId: entry.meta?.requestId ?? null,
      ip: entry.meta?.ip ?? null,
      userAgent: entry.meta?.userAgent?.slice(0, 512) ?? null,
      details: withoutSecrets(entry.details ?? {}),
    };
    // TypeORM's deep-partial type cannot follow an open JSON record; the row is complete as typed above.
    await manager.insert(AuditEventEntity, row as QueryDeepPartialEntity<AuditEventEntity>);
  }
}
