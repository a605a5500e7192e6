import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AdminConsentEntity } from '@hub/server/database';

/** A workspace's standing with a provider that needs an organisation administrator's approval. */
export interface AdminConsentView {
  readonly status: 'required' | 'granted';
  readonly tenantId: string | null;
  readonly updatedAt: Date;
}

/**
 * The one writer of `admin_consents`: `required` when a connect was refused for want of an
 * administrator's approval, `granted` when one approved through the hub or a connect went through
 * (then the approval exists, wherever it was given).
 */
@Injectable()
export class AdminConsents {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async required(workspaceId: string, providerId: string, userId: string | null): Promise<void> {
    // A refusal after a grant (the administrator withdrew it) makes it required again.
    await this.save(this.dataSource.manager, { workspaceId, providerId, status: 'required', tenantId: null, userId });
  }

  async granted(
    workspaceId: string,
    providerId: string,
    tenantId: string | null,
    userId: string | null,
    m: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await this.save(m, { workspaceId, providerId, status: 'granted', tenantId, userId });
  }

  /** Every provider's standing in the workspace, by provider id. */
  async forWorkspace(workspaceId: string): Promise<Map<string, AdminConsentView>> {
    const rows = await this.dataSource.getRepository(AdminConsentEntity).findBy({ workspaceId });
    return new Map(
      rows.map((row) => [row.providerId, { status: row.status, tenantId: row.tenantId, updatedAt: row.updatedAt }]),
    );
  }

  private async save(
    m: EntityManager,
    row: {
      workspaceId: string;
      providerId: string;
      status: 'required' | 'granted';
      tenantId: string | null;
      userId: string | null;
    },
  ): Promise<void> {
    await m
      .createQueryBuilder()
      .insert()
      .into(AdminConsentEntity)
      .values({
        workspaceId: row.workspaceId,
        providerId: row.providerId,
        status: row.status,
        tenantId: row.tenantId,
        updatedBy: row.userId,
      })
      .orUpdate(['status', 'tenant_id', 'updated_by', 'updated_at'], ['workspace_id', 'provider_id'])
      .execute();
  }
}
