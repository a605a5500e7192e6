import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditQueries } from '@hub/server/audit';
import { CurrentCaller, type WorkspaceCaller } from '@hub/server/auth';
import { Endpoint } from '../http/endpoint';
import { AuditPageDto, AuditQueryDto } from './audit-event.dto';

@ApiTags('audit')
@Controller('audit-events')
export class AuditEventsController {
  constructor(private readonly audit: AuditQueries) {}

  @Get()
  @Endpoint({
    operationId: 'listAuditEvents',
    access: 'admin',
    summary: 'The current workspace’s audit log, newest first, with filters.',
    type: AuditPageDto,
    problems: [400],
  })
  list(@CurrentCaller() caller: WorkspaceCaller, @Query() query: AuditQueryDto): Promise<AuditPageDto> {
    return this.audit.list({ ...query, workspaceId: caller.workspaceId, limit: query.limit ?? 50 });
  }
}
