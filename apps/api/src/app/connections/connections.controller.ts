import { Body, Controller, Delete, Get, HttpStatus, Patch, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type WorkspaceCaller } from '@hub/server/auth';
import { ConnectionsService } from '@hub/server/connections';
import { Endpoint } from '../http/endpoint';
import { UuidParam } from '../http/validators';
import { ConnectionDto, DisconnectQueryDto, UpdateConnectionDto } from './connection.dto';

@ApiTags('connections')
@Controller('connections')
export class ConnectionsController {
  constructor(private readonly connections: ConnectionsService) {}

  @Get()
  @Endpoint({
    operationId: 'listConnections',
    access: 'member',
    summary: 'The connections of the current workspace.',
    type: [ConnectionDto],
  })
  list(@CurrentCaller() caller: WorkspaceCaller): Promise<ConnectionDto[]> {
    return this.connections.list(caller);
  }

  @Get(':id')
  @Endpoint({
    operationId: 'getConnection',
    access: 'member',
    summary: 'One connection: status, account, scopes, sync settings (never credentials).',
    type: ConnectionDto,
    problems: [400, 404],
  })
  get(@CurrentCaller() caller: WorkspaceCaller, @UuidParam('id') id: string): Promise<ConnectionDto> {
    return this.connections.get(caller, id);
  }

  @Patch(':id')
  @Endpoint({
    operationId: 'updateConnection',
    access: 'admin',
    summary: 'Change sync settings: scheduled sync on/off, its frequency, and what to sync.',
    type: ConnectionDto,
    problems: [400, 404],
  })
  update(
    @CurrentCaller() caller: WorkspaceCaller,
    @UuidParam('id') id: string,
    @Body() body: UpdateConnectionDto,
  ): Promise<ConnectionDto> {
    return this.connections.updateSettings(caller, id, body);
  }

  @Delete(':id')
  @Endpoint({
    operationId: 'disconnectConnection',
    access: 'admin',
    summary:
      'Disconnect: credentials are deleted and the status becomes DISCONNECTED; synced data is kept unless purge=true.',
    status: HttpStatus.NO_CONTENT,
    problems: [400, 404],
  })
  disconnect(
    @CurrentCaller() caller: WorkspaceCaller,
    @UuidParam('id') id: string,
    @Query() query: DisconnectQueryDto,
  ): Promise<void> {
    return this.connections.disconnect(caller, id, { purge: query.purge === 'true' });
  }
}
