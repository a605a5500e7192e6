import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module, type ModuleMetadata, type Type } from '@nestjs/common';
import { ConnectionStates } from './connection-states';
import { RecordWriter } from './record-writer';
import { SYNC_CREDENTIALS, type SyncCredentials } from './sync-credentials';
import { SyncProcessor } from './sync.processor';
import { SYNC_QUEUE } from './sync-queue';
import { SyncRecordsService } from './sync-records.service';
import { SyncRunRows } from './sync-run-rows';
import { SyncRunner } from './sync-runner';
import { SyncRunsService } from './sync-runs.service';
import { SyncSchedules } from './sync-schedules';

/** Sync runs, records and schedules, for the api and the worker (producers of sync jobs). */
@Module({
  imports: [BullModule.registerQueue({ name: SYNC_QUEUE })],
  providers: [SyncRunsService, SyncRecordsService, SyncSchedules, ConnectionStates],
  exports: [SyncRunsService, SyncRecordsService, SyncSchedules, ConnectionStates, BullModule],
})
export class SyncModule {}

/** The worker's side: the sync queue's processor. The app names where credentials come from. */
@Module({})
export class SyncWorkerModule {
  static register(options: { imports: ModuleMetadata['imports']; credentials: Type<SyncCredentials> }): DynamicModule {
    return {
      module: SyncWorkerModule,
      imports: [SyncModule, ...(options.imports ?? [])],
      providers: [
        RecordWriter,
        SyncRunRows,
        SyncRunner,
        SyncProcessor,
        { provide: SYNC_CREDENTIALS, useExisting: options.credentials },
      ],
    };
  }
}
