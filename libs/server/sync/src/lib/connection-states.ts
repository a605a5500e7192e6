import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { ConnectionStatus, ConnectionStatusReason } from '@hub/shared/contracts';
import { ConnectionEntity } from '@hub/server/database';
import { LiveEvents } from '@hub/server/redis';
import { connectionEvent } from './sync-run-view';

/** A connection of a workspace. */
export interface ConnectionTarget {
  readonly workspaceId: string;
  readonly connectionId: string;
}

/**
 * Failure and recovery transitions of a connection's status, each guarded in its one UPDATE
 * (issue 15 finding 5): a DISCONNECTED connection is never marked ERROR or revived by a sync or a
 * refresh that was under way when it was disconnected — only a reconnect (which saves new
 * credentials) brings it back. A failure seen with tokens that have since been replaced
 * (`seenTokenVersion`) does not mark the new ones.
 */
@Injectable()
export class ConnectionStates {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: LiveEvents,
  ) {}

  /**
   * ACTIVE (or, with `from`, also ERROR) → ERROR with a reason. Answers the connection as it now is
   * when it changed, null when the guard held it; pass the result to `announce` after commit.
   */
  async markError(
    target: ConnectionTarget,
    change: {
      reason: ConnectionStatusReason;
      message: string;
      from: readonly Extract<ConnectionStatus, 'ACTIVE' | 'ERROR'>[];
      seenTokenVersion?: number;
    },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ConnectionEntity | null> {
    const repo = manager.getRepository(ConnectionEntity);
    const { affected } = await repo.update(
      {
        id: target.connectionId,
        workspaceId: target.workspaceId,
        status: In([...change.from]),
        ...(change.seenTokenVersion === undefined ? {} : { tokenVersion: change.seenTokenVersion }),
      },
      { status: 'ERROR', statusReason: change.reason, statusMessage: change.message },
    );
    return affected ? repo.findOneBy({ id: target.connectionId, workspaceId: target.workspaceId }) : null;
  }

  /**
   * After a successful sync: when it synced, and out of a temporary error (PROVIDER_UNAVAILABLE)
   * back to ACTIVE. Never touches a DISCONNECTED connection. Announces the result.
   */
  async synced(target: ConnectionTarget): Promise<void> {
    await this.dataSource.query(
      `UPDATE connections SET last_synced_at = now(), updated_at = now(),
         status = CASE WHEN status = 'ERROR' AND status_reason = 'PROVIDER_UNAVAILABLE' THEN 'ACTIVE' ELSE status END,
         status_reason = CASE WHEN status = 'ERROR' AND status_reason = 'PROVIDER_UNAVAILABLE' THEN NULL ELSE status_reason END,
         status_message = CASE WHEN status = 'ERROR' AND status_reason = 'PROVIDER_UNAVAILABLE' THEN NULL ELSE status_message END
       WHERE id = $1 AND workspace_id = $2 AND status <> 'DISCONNECTED'`,
      [target.connectionId, target.workspaceId],
    );
    await this.announce(
      await this.dataSource
        .getRepository(ConnectionEntity)
        .findOneBy({ id: target.connectionId, workspaceId: target.workspaceId }),
    );
  }

  /** Tells the workspace's open pages how the connection now is. */
  async announce(connection: ConnectionEntity | null): Promise<void> {
    if (connection) await this.events.publish(connection.workspaceId, connectionEvent(connection));
  }
}
