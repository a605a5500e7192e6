import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { AuditService, type RequestMeta } from '@hub/server/audit';
import { ApiKeyEntity } from '@hub/server/database';
import type { Caller, WorkspaceCaller } from './caller';
import { randomToken, sha256Hex } from './secrets';

/** Recognisable in logs, config files and secret scanners; the rest is 256 random bits. */
export const API_KEY_PREFIX = 'hub_';
const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const view = (key: ApiKeyEntity): ApiKeyView => ({
  id: key.id,
  name: key.name,
  prefix: key.prefix,
  createdAt: key.createdAt,
  expiresAt: key.expiresAt,
  lastUsedAt: key.lastUsedAt,
  revokedAt: key.revokedAt,
});

/** Admin API keys: shown once, stored as SHA-256, scoped to one workspace, expiring, revocable. */
@Injectable()
export class ApiKeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(
    caller: WorkspaceCaller,
    input: { name: string; expiresAt: Date | null },
  ): Promise<ApiKeyView & { secret: string }> {
    const secret = `${API_KEY_PREFIX}${randomToken()}`;
    return this.dataSource.transaction(async (m) => {
      const key = await m.getRepository(ApiKeyEntity).save({
        workspaceId: caller.workspaceId,
        name: input.name.trim(),
        prefix: secret.slice(0, API_KEY_PREFIX.length + 6),
        keyHash: sha256Hex(secret),
        createdBy: caller.user?.id ?? null,
        expiresAt: input.expiresAt,
      });
      await this.audit.record(
        {
          actor: caller.actor,
          meta: caller.meta,
          workspaceId: caller.workspaceId,
          action: 'api_key.created',
          target: { type: 'api_key', id: key.id },
          details: { name: key.name, expiresAt: key.expiresAt?.toISOString() ?? null },
        },
        m,
      );
      return { ...view(key), secret };
    });
  }

  async list(workspaceId: string): Promise<ApiKeyView[]> {
    const keys = await this.dataSource
      .getRepository(ApiKeyEntity)
      .find({ where: { workspaceId }, order: { createdAt: 'DESC' } });
    return keys.map(view);
  }

  async revoke(caller: WorkspaceCaller, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const key = await m.getRepository(ApiKeyEntity).findOneBy({ id, workspaceId: caller.workspaceId });
      if (!key) throw new NotFoundException({ detail: 'No such API key.' });
      if (key.revokedAt) return;
      await m.getRepository(ApiKeyEntity).update({ id }, { revokedAt: new Date() });
      await this.audit.record(
        {
          actor: caller.actor,
          meta: caller.meta,
          workspaceId: caller.workspaceId,
          action: 'api_key.revoked',
          target: { type: 'api_key', id },
          details: { name: key.name },
        },
        m,
      );
    });
  }

  /** Whether the key still works (not revoked, not expired): an open event stream re-checks it. */
  async isActive(id: string): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `SELECT 1 FROM api_keys WHERE id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
      [id],
    )) as unknown[];
    return rows.length > 0;
  }

  /** The caller behind a bearer key, or null for an unknown, revoked or expired one. Keys act as workspace admins. */
  async authenticate(secret: string, meta: RequestMeta): Promise<Caller | null> {
    if (!secret.startsWith(API_KEY_PREFIX)) return null;
    const key = await this.dataSource
      .getRepository(ApiKeyEntity)
      .findOneBy({ keyHash: sha256Hex(secret), revokedAt: IsNull() });
    if (!key) return null;
    const now = new Date();
    if (key.expiresAt && key.expiresAt <= now) return null;
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.dataSource.getRepository(ApiKeyEntity).update({ id: key.id }, { lastUsedAt: now });
      // docs/security.md §2.5: a key's first use each day is an audit event.
      if (!key.lastUsedAt || key.lastUsedAt.toISOString().slice(0, 10) !== now.toISOString().slice(0, 10)) {
        await this.audit.record({
          actor: { type: 'api_key', apiKeyId: key.id, label: key.name },
          meta,
          workspaceId: key.workspaceId,
          action: 'api_key.first_use_today',
          target: { type: 'api_key', id: key.id },
        });
      }
    }
    return {
      actor: { type: 'api_key', apiKeyId: key.id, label: key.name },
      meta,
      user: null,
      apiKey: { id: key.id, name: key.name },
      workspaceId: key.workspaceId,
      role: 'admin',
      session: null,
    };
  }
}
