import { ApiProperty } from '@nestjs/swagger';
import {
  CONNECTION_STATUS_REASONS,
  CONNECTION_STATUSES,
  type LiveEvent,
  SYNC_RUN_STATUSES,
  SYNC_RUN_TRIGGERS,
} from '@hub/shared/contracts';
import { SyncCountsDto } from '../connections/sync.dto';

type EventOf<T extends LiveEvent['type']> = Extract<LiveEvent, { type: T }>;

/** `event: connection.updated`: a connection's status or last sync changed. */
export class ConnectionUpdatedEventDto implements EventOf<'connection.updated'> {
  @ApiProperty({ enum: ['connection.updated'] }) type!: 'connection.updated';
  @ApiProperty({ format: 'uuid' }) connectionId!: string;
  @ApiProperty({ example: 'slack' }) providerId!: string;
  @ApiProperty({ enum: CONNECTION_STATUSES }) status!: EventOf<'connection.updated'>['status'];
  @ApiProperty({ enum: CONNECTION_STATUS_REASONS, nullable: true })
  statusReason!: EventOf<'connection.updated'>['statusReason'];
  @ApiProperty({ type: String, nullable: true }) statusMessage!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSyncedAt!: string | null;
}

/** `event: sync.run`: a run was queued, made progress or ended. */
export class SyncRunEventDto implements EventOf<'sync.run'> {
  @ApiProperty({ enum: ['sync.run'] }) type!: 'sync.run';
  @ApiProperty({ format: 'uuid' }) connectionId!: string;
  @ApiProperty({ example: 'dub' }) providerId!: string;
  @ApiProperty({ format: 'uuid' }) runId!: string;
  @ApiProperty({ enum: SYNC_RUN_STATUSES }) status!: EventOf<'sync.run'>['status'];
  @ApiProperty({ enum: SYNC_RUN_TRIGGERS }) trigger!: EventOf<'sync.run'>['trigger'];
  @ApiProperty({ type: SyncCountsDto }) counts!: SyncCountsDto;
  @ApiProperty({ type: 'integer' }) pages!: number;
  @ApiProperty({ type: String, nullable: true }) resource!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The error code of a failed run.' }) error!: string | null;
}

/**
 * The stream's events by name, for the document's `x-server-sent-events` (OpenAPI has no SSE
 * vocabulary yet): each event's `data` is one JSON object of its schema; `ping` has no data.
 */
export const SERVER_SENT_EVENTS = {
  'connection.updated': ConnectionUpdatedEventDto,
  'sync.run': SyncRunEventDto,
} as const;
