import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ConnectionEntity, SyncRunEntity } from '@hub/server/database';
import type { AccountInfo } from '@hub/server/integrations/core';
import { randomUUID } from 'node:crypto';
import { ConnectionStates, type ConnectionTransition } from '@hub/server/sync';
import { toAccountMetadata } from './connection-view';

/**
 * Connections, always within one workspace: every method takes the workspace id, so another
 * workspace's connection is simply not found (and answers 404).
 */
@Injectable()
export class ConnectionsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly states: ConnectionStates,
  ) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(ConnectionEntity);
  }

  find(workspaceId: string, id: string, manager?: EntityManager): Promise<ConnectionEntity | null> {
    return this.repo(manager).findOneBy({ workspaceId, id });
  }

  /** Locks the row for the rest of the transaction; with `withCredentials` also selects the ciphertext. */
  findForUpdate(
    workspaceId: string,
    id: string,
    manager: EntityManager,
    { withCredentials = false } = {},
  ): Promise<ConnectionEntity | null> {
    const qb = this.repo(manager)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.workspace_id = :workspaceId AND c.id = :id', { workspaceId, id });
    if (withCredentials) qb.addSelect('c.credentials');
    return qb.getOne();
  }

  findByAccount(
    workspaceId: string,
    providerId: string,
    externalAccountId: string,
    manager: EntityManager,
  ): Promise<ConnectionEntity | null> {
    return this.repo(manager)
      .createQueryBuilder('c')
      .addSelect('c.credentials')
      .setLock('pessimistic_write')
      .where(
        'c.workspace_id = :workspaceId AND c.provider_id = :providerId AND c.external_account_id = :externalAccountId',
        {
          workspaceId,
          providerId,
          externalAccountId,
        },
      )
      .getOne();
  }

  /** The newest run of each of these connections, in one query. */
  /** The workspace's connections in the order they were connected, each with its newest sync run, in one query. */
  async listWithLatestRun(
    workspaceId: string,
  ): Promise<{ connection: ConnectionEntity; latestRun: SyncRunEntity | null }[]> {
    const connections = (await this.repo()
      .createQueryBuilder('c')
      .leftJoinAndMapOne(
        'c.latestRun',
        SyncRunEntity,
        'r',
        `r.id = (SELECT l.id FROM sync_runs l WHERE l.workspace_id = c.workspace_id AND l.connection_id = c.id
           ORDER BY l.queued_at DESC LIMIT 1)`,
      )
      .where('c.workspace_id = :workspaceId', { workspaceId })
      .orderBy('c.connected_at', 'ASC')
      .getMany()) as (ConnectionEntity & { latestRun?: SyncRunEntity | null })[];
    return connections.map((connection) => ({ connection, latestRun: connection.latestRun ?? null }));
  }

  /** The connection's newest sync run (queued, running or ended), or null before its first. */
  latestRun(workspaceId: string, connectionId: string): Promise<SyncRunEntity | null> {
    return this.dataSource
      .getRepository(SyncRunEntity)
      .findOne({ where: { workspaceId, connectionId }, order: { queuedAt: 'DESC' } });
  }

  /**
   * Saves a freshly connected account, ACTIVE, with its credentials sealed for its row: the
   * connection of the same (workspace, provider, external account) is updated if there is one — one
   * chain per account — otherwise a new one is created.
   */
  async saveConnected(
    m: EntityManager,
    input: {
      workspaceId: string;
      providerId: string;
      existing: ConnectionEntity | null;
      account: AccountInfo;
      sealCredentials: (id: string) => Promise<Buffer>;
      grantedScopes?: string[];
      tokenExpiresAt?: Date | null;
      hasRefreshToken?: boolean;
      connectedBy: string | null;
      syncFrequencyMinutes: number;
    },
  ): Promise<{ id: string; created: boolean; transition: ConnectionTransition | null }> {
    const id = input.existing?.id ?? randomUUID();
    const { account } = input;
    const fields = {
      externalAccountId: account.externalAccountId,
      account: toAccountMetadata(account),
      credentials: await input.sealCredentials(id),
      tokenExpiresAt: input.tokenExpiresAt ?? null,
      hasRefreshToken: input.hasRefreshToken ?? false,
      tokensObtainedAt: new Date(),
      ...(input.grantedScopes ? { grantedScopes: input.grantedScopes } : {}),
    };
    const created = input.existing
      ? null
      : {
          providerId: input.providerId,
          grantedScopes: [],
          connectedBy: input.connectedBy,
          connectedAt: new Date(),
          syncFrequencyMinutes: input.syncFrequencyMinutes,
        };
    // The status goes with the credentials, through the one writer of connection status.
    const transition = await this.states.activate({ workspaceId: input.workspaceId, connectionId: id }, m, {
      fields,
      created,
    });
    return { id, created: !input.existing, transition };
  }
}
