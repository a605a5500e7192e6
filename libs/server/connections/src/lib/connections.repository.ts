import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ConnectionEntity } from '@hub/server/database';

/**
 * Connections, always within one workspace: every method takes the workspace id, so another
 * workspace's connection is simply not found (and answers 404).
 */
@Injectable()
export class ConnectionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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

  list(workspaceId: string): Promise<ConnectionEntity[]> {
    return this.repo().find({ where: { workspaceId }, order: { connectedAt: 'ASC' } });
  }
}
