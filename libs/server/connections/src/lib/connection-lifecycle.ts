import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ConnectionEntity } from '@hub/server/database';
import {
  type ConnectionRef,
  connectionEvent,
  ConnectionStates,
  type ConnectionTransition,
  SyncRunsService,
  SyncSchedules,
} from '@hub/server/sync';

/**
 * What follows a change to a connection, after its transaction committed: its sync schedule is made
 * to match, the workspace's open pages hear about it, and a new connection gets its first sync.
 * Never throws: the change itself is saved; with Redis down the reconciler repairs the schedule.
 */
@Injectable()
export class ConnectionLifecycle {
  private readonly logger = new Logger(ConnectionLifecycle.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly schedules: SyncSchedules,
    private readonly syncRuns: SyncRunsService,
    private readonly states: ConnectionStates,
  ) {}

  /** Connected or reconnected: schedule, announce its transition, and sync once now. */
  async connected(
    ref: ConnectionRef,
    requestedBy: string | null,
    transition: ConnectionTransition | null,
  ): Promise<void> {
    const connection = await this.changed(ref, transition);
    if (!connection || this.syncRuns.whyNotSyncable(connection)) return;
    await this.syncRuns
      .request(ref, 'INITIAL', requestedBy)
      .catch((error: Error) => this.logger.warn(`First sync of ${ref.connectionId} not queued: ${error.message}`));
  }

  /**
   * Settings changed, disconnected or purged: the schedule is made to match and the pages hear the
   * status transition (ConnectionStates made it), or, without one, how the connection now is.
   * Answers the connection as it now is (null once purged).
   */
  async changed(ref: ConnectionRef, transition?: ConnectionTransition | null): Promise<ConnectionEntity | null> {
    await this.schedules.apply(ref);
    const connection = await this.find(ref);
    if (transition) await this.states.announce(transition);
    else if (connection)
      await this.states.announce({ workspaceId: ref.workspaceId, event: connectionEvent(connection) });
    return connection;
  }

  private find(ref: ConnectionRef) {
    return this.dataSource
      .getRepository(ConnectionEntity)
      .findOneBy({ id: ref.connectionId, workspaceId: ref.workspaceId });
  }
}
