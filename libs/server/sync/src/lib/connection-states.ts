import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { ConnectionStatus, ConnectionStatusReason, LiveEvent } from '@hub/shared/contracts';
import { ConnectionEntity } from '@hub/server/database';
import { LiveEvents } from '@hub/server/redis';
import { connectionEvent } from './sync-run-view';
import type { ConnectionRef } from './sync-runs.service';

/** A status change that happened: what the workspace's open pages are told once it has committed. */
export interface ConnectionTransition {
  readonly workspaceId: string;
  readonly event: LiveEvent;
}

/**
 * The one writer of a connection's status (docs/architecture.md "Status model"). Every transition
 * is one guarded statement and answers the transition it made (null when its guard held the
 * connection), which the caller hands to `announce` after its transaction commits:
 *
 * - `activate`: connect or reconnect (new credentials saved) → ACTIVE, from any status.
 * - `markError`: ACTIVE (or, with `from`, also ERROR) → ERROR with a reason; with `seenTokenVersion`
 *   only while the connection still holds the tokens that failed.
 * - `synced`: after a successful sync, ERROR PROVIDER_UNAVAILABLE → ACTIVE (recovered); never revives
 *   a DISCONNECTED connection.
 * - `disconnect`: → DISCONNECTED, credentials deleted, token version bumped (so a refresh or sync
 *   under way cannot write its outcome over it).
 * - `purge`: the row is deleted (cascading to what was synced with it).
 *
 * A DISCONNECTED connection is never marked ERROR or revived by a sync or refresh that was under
 * way when it was disconnected: only `activate` brings it back.
 */
@Injectable()
export class ConnectionStates {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: LiveEvents,
  ) {}

  /**
   * Connect or reconnect: the account's row with its new credentials (`saved`), ACTIVE with no
   * reason, in one statement of `manager`'s transaction. A new account inserts (`created`: the
   * columns only a new row sets); a reconnect updates and bumps the token version.
   */
  async activate(
    target: ConnectionRef,
    manager: EntityManager,
    saved: {
      fields: QueryDeepPartialEntity<ConnectionEntity>;
      created: QueryDeepPartialEntity<ConnectionEntity> | null;
    },
  ): Promise<ConnectionTransition | null> {
    const repo = manager.getRepository(ConnectionEntity);
    const active = { status: 'ACTIVE', statusReason: null, statusMessage: null, disconnectedAt: null } as const;
    const key = { id: target.connectionId, workspaceId: target.workspaceId };
    if (saved.created) await repo.insert({ ...saved.created, ...saved.fields, ...active, ...key });
    else await repo.update(key, { ...saved.fields, ...active, tokenVersion: () => 'token_version + 1' });
    return this.transition(target, manager);
  }

  /** → ERROR with a reason, from the statuses in `from` only. */
  async markError(
    target: ConnectionRef,
    change: {
      reason: ConnectionStatusReason;
      message: string;
      from: readonly Extract<ConnectionStatus, 'ACTIVE' | 'ERROR'>[];
      seenTokenVersion?: number;
    },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ConnectionTransition | null> {
    const { affected } = await manager.getRepository(ConnectionEntity).update(
      {
        id: target.connectionId,
        workspaceId: target.workspaceId,
        status: In([...change.from]),
        ...(change.seenTokenVersion === undefined ? {} : { tokenVersion: change.seenTokenVersion }),
      },
      { status: 'ERROR', statusReason: change.reason, statusMessage: change.message },
    );
    return affected ? this.transition(target, manager) : null;
  }

  /** A sync succeeded: when it synced, and out of a temporary error (PROVIDER_UNAVAILABLE) back to ACTIVE. */
  async synced(target: ConnectionRef): Promise<ConnectionTransition | null> {
    const [, affected] = (await this.dataSource.query(
      `UPDATE connections SET last_synced_at = now(), updated_at = now(),
         status = CASE WHEN status = 'ERROR' AND status_reason = 'PROVIDER_UNAVAILABLE' THEN 'ACTIVE' ELSE status END,
         status_reason = CASE WHEN status = 'ERROR' AND status_reason = 'PROVIDER_UNAVAILABLE' THEN NULL ELSE status_reason END,
         status_message = CASE WHEN status = 'ERROR' AND status_reason = 'PROVIDER_UNAVAILABLE' THEN NULL ELSE status_message END
       WHERE id = $1 AND workspace_id = $2 AND status <> 'DISCONNECTED'`,
      [target.connectionId, target.workspaceId],
    )) as [unknown, number];
    return affected ? this.transition(target, this.dataSource.manager) : null;
  }

  /** → DISCONNECTED by the user: the credentials are deleted; what was synced stays. */
  async disconnect(target: ConnectionRef, manager: EntityManager): Promise<ConnectionTransition | null> {
    const { affected } = await manager.getRepository(ConnectionEntity).update(
      { id: target.connectionId, workspaceId: target.workspaceId },
      {
        status: 'DISCONNECTED',
        statusReason: 'DISCONNECTED_BY_USER',
        statusMessage: null,
        credentials: null,
        tokenExpiresAt: null,
        hasRefreshToken: false,
        disconnectedAt: new Date(),
        tokenVersion: () => 'token_version + 1',
      },
    );
    return affected ? this.transition(target, manager) : null;
  }

  /** The connection and everything synced with it are deleted; the pages see it DISCONNECTED. */
  async purge(target: ConnectionRef, manager: EntityManager): Promise<ConnectionTransition | null> {
    const repo = manager.getRepository(ConnectionEntity);
    const connection = await repo.findOneBy({ id: target.connectionId, workspaceId: target.workspaceId });
    if (!connection) return null;
    await repo.delete({ id: target.connectionId, workspaceId: target.workspaceId });
    return {
      workspaceId: target.workspaceId,
      event: connectionEvent({
        ...connection,
        status: 'DISCONNECTED',
        statusReason: 'DISCONNECTED_BY_USER',
        statusMessage: null,
      }),
    };
  }

  /** Tells the workspace's open pages how the connection now is (after the transition committed). */
  async announce(transition: ConnectionTransition | null): Promise<void> {
    if (transition) await this.events.publish(transition.workspaceId, transition.event);
  }

  private async transition(target: ConnectionRef, manager: EntityManager): Promise<ConnectionTransition | null> {
    const connection = await manager
      .getRepository(ConnectionEntity)
      .findOneBy({ id: target.connectionId, workspaceId: target.workspaceId });
    return connection ? { workspaceId: connection.workspaceId, event: connectionEvent(connection) } : null;
  }
}
