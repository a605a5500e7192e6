import { Controller, Get, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type WorkspaceCaller } from '@hub/server/auth';
import { SyncRecordsService, SyncRunsService } from '@hub/server/sync';
import { Endpoint } from '../http/endpoint';
import { UuidParam } from '../http/validators';
import { RecordChangesDto, RecordsQueryDto, SyncRunDto, SyncRunsQueryDto } from './sync.dto';

@ApiTags('sync')
@Controller('connections/:id')
export class SyncController {
  constructor(
    private readonly runs: SyncRunsService,
    private readonly records: SyncRecordsService,
  ) {}

  @Post('sync')
  @Endpoint({
    operationId: 'startSync',
    access: 'member',
    summary: 'Sync now: queues a run, or answers the one already waiting (repeated clicks name the same run).',
    description:
      'Answers 202 with the run that will carry out the request. While a run is under way one follow-up is ' +
      'queued, and later requests join it. 503 when the job queue (Redis) is unavailable.',
    status: HttpStatus.ACCEPTED,
    type: SyncRunDto,
    problems: [400, 404, 409, 503],
  })
  async sync(@CurrentCaller() caller: WorkspaceCaller, @UuidParam('id') id: string): Promise<SyncRunDto> {
    const { run } = await this.runs.request(
      { workspaceId: caller.workspaceId, connectionId: id },
      'MANUAL',
      caller.user?.id ?? null,
    );
    return run;
  }

  @Get('sync-runs')
  @Endpoint({
    operationId: 'listSyncRuns',
    access: 'member',
    summary: 'Sync history, newest first.',
    type: [SyncRunDto],
    problems: [400, 404],
  })
  list(
    @CurrentCaller() caller: WorkspaceCaller,
    @UuidParam('id') id: string,
    @Query() query: SyncRunsQueryDto,
  ): Promise<SyncRunDto[]> {
    return this.runs.list(
      { workspaceId: caller.workspaceId, connectionId: id },
      { limit: query.limit ?? 20, before: query.before },
    );
  }

  @Get('sync-runs/:runId')
  @Endpoint({
    operationId: 'getSyncRun',
    access: 'member',
    summary: 'One sync run, with its counts and progress.',
    type: SyncRunDto,
    problems: [400, 404],
  })
  get(
    @CurrentCaller() caller: WorkspaceCaller,
    @UuidParam('id') id: string,
    @UuidParam('runId') runId: string,
  ): Promise<SyncRunDto> {
    return this.runs.get({ workspaceId: caller.workspaceId, connectionId: id }, runId);
  }

  @Post('sync-runs/:runId/cancel')
  @Endpoint({
    operationId: 'cancelSyncRun',
    access: 'member',
    summary: 'Cancel a run: a queued one at once, a running one after the page it is writing.',
    type: SyncRunDto,
    problems: [400, 404, 409],
  })
  cancel(
    @CurrentCaller() caller: WorkspaceCaller,
    @UuidParam('id') id: string,
    @UuidParam('runId') runId: string,
  ): Promise<SyncRunDto> {
    return this.runs.cancel({ workspaceId: caller.workspaceId, connectionId: id }, runId);
  }

  @Get('records')
  @Endpoint({
    operationId: 'listRecords',
    access: 'member',
    summary: 'The synced data as a change stream: records added, updated or deleted since the cursor.',
    description:
      'Each record appears once, with its latest state and the last change (`action`). Start without a ' +
      'cursor, follow `nextCursor` while `hasMore`, then keep the last `nextCursor` to poll for new changes.',
    type: RecordChangesDto,
    problems: [400, 404],
  })
  changes(
    @CurrentCaller() caller: WorkspaceCaller,
    @UuidParam('id') id: string,
    @Query() query: RecordsQueryDto,
  ): Promise<RecordChangesDto> {
    return this.records.changes(
      { workspaceId: caller.workspaceId, connectionId: id },
      { resource: query.resource, cursor: query.cursor, changedSince: query.changedSince, limit: query.limit ?? 100 },
    );
  }
}
