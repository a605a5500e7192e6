import { Body, Controller, Delete, Get, HttpStatus, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { CurrentCaller, type WorkspaceCaller } from '@hub/server/auth';
import { ConnectionsService } from '@hub/server/connections';
import { Endpoint } from '../http/endpoint';
import { ConnectionDto } from './connection.dto';

export class UpdateConnectionDto {
  @ApiPropertyOptional({ description: 'Scheduled sync on or off.' })
  @IsOptional()
  @IsBoolean()
  syncEnabled?: boolean;

  @ApiPropertyOptional({
    description: 'Minutes between scheduled syncs (5 minutes to 7 days).',
    example: 60,
    minimum: 5,
    maximum: 10080,
  })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(10080)
  syncFrequencyMinutes?: number;

  @ApiPropertyOptional({
    type: [String],
    example: ['public.orders', 'sales.invoices'],
    description:
      'What to sync, for integrations with a `syncSelection` (PostgreSQL: tables): ids of current records of its `optionsResource`, at most its `max`. Takes effect at the next sync.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MaxLength(300, { each: true })
  syncSelection?: string[];
}

export class DisconnectQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Also delete the data synced from this connection.' })
  @IsOptional()
  @IsIn(['true', 'false'])
  @Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value))
  purge?: 'true' | 'false';
}

@ApiTags('connections')
@Controller('connections')
export class ConnectionsController {
  constructor(private readonly connections: ConnectionsService) {}

  @Get()
  @Endpoint({ access: 'member', summary: 'The connections of the current workspace.', type: [ConnectionDto] })
  list(@CurrentCaller() caller: WorkspaceCaller): Promise<ConnectionDto[]> {
    return this.connections.list(caller);
  }

  @Get(':id')
  @Endpoint({
    access: 'member',
    summary: 'One connection: status, account, scopes, sync settings (never credentials).',
    type: ConnectionDto,
    problems: [400, 404],
  })
  get(@CurrentCaller() caller: WorkspaceCaller, @Param('id', ParseUUIDPipe) id: string): Promise<ConnectionDto> {
    return this.connections.get(caller, id);
  }

  @Patch(':id')
  @Endpoint({
    access: 'admin',
    summary: 'Change sync settings: scheduled sync on/off, its frequency, and what to sync.',
    type: ConnectionDto,
    problems: [400, 404],
  })
  update(
    @CurrentCaller() caller: WorkspaceCaller,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateConnectionDto,
  ): Promise<ConnectionDto> {
    return this.connections.updateSettings(caller, id, body);
  }

  @Delete(':id')
  @Endpoint({
    access: 'admin',
    summary:
      'Disconnect: credentials are deleted and the status becomes DISCONNECTED; synced data is kept unless purge=true.',
    status: HttpStatus.NO_CONTENT,
    problems: [400, 404],
  })
  disconnect(
    @CurrentCaller() caller: WorkspaceCaller,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: DisconnectQueryDto,
  ): Promise<void> {
    return this.connections.disconnect(caller, id, { purge: query.purge === 'true' });
  }
}
