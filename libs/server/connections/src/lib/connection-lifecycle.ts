import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ConnectionEntity } from '@hub/server/database';
import { LiveEvents } from '@hub/server/redis';
import { connectionEvent, SyncRunsService, SyncSchedules } from '@hub/server/sync';
import type { ConnectionRef } from './tokens/token.service';

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
    private readonly events: LiveEvents,
  ) {}

  /** Connected or reconnected: schedule, announce, and sync once now. */
  async connected(ref: ConnectionRef, requestedBy: string | null): Promise<void> {
    const connection = await this.changed(ref);
    if (!connection || this.syncRuns.whyNotSyncable(connection)) return;
    await this.syncRuns
      .request(ref, 'INITIAL', requestedBy)
      .catch((error: Error) => this.logger.warn(`First sync of ${ref.connectionId} not queued: ${error.message}`));
  }

  /** Settings changed, disconnected or purged; answers the connection as it now is (null once purged). */
  async changed(ref: ConnectionRef): Promise<ConnectionEntity | null> {
    await this.schedules.apply(ref);
    const c = await this.find(ref);
    await this.events.publish(
      ref.workspaceId,
      connectionEvent(
        c ?? {
          id: ref.connectionId,
          providerId: '',
          status: 'DISCONNECTED',
          statusReason: 'DISCONNECTED_BY_USER',
          statusMessage: null,
          lastSyncedAt: null,
        },
      ),
    );
    return c;
  }

  private find(ref: ConnectionRef) {
    return this.dataSource
      .getRepository(ConnectionEntity)
      .findOneBy({ id: ref.connectionId, workspaceId: ref.workspaceId });
  }
}
