import { Body, Controller, Get, HttpStatus, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AccountsService, type Caller, CurrentCaller, type WorkspaceCaller } from '@hub/server/auth';
import { Endpoint } from '../http/endpoint';
import { WorkspaceDto, WorkspaceNameDto } from './workspace.dto';

@ApiTags('workspaces')
@Controller()
export class WorkspacesController {
  constructor(private readonly accounts: AccountsService) {}

  @Get('workspaces')
  @Endpoint({
    operationId: 'listMyWorkspaces',
    access: 'signed-in',
    apiKeys: false,
    summary: 'The workspaces the person belongs to, with their role in each.',
    type: [WorkspaceDto],
  })
  mine(@CurrentCaller() caller: Caller): Promise<WorkspaceDto[]> {
    return this.accounts.workspacesOf(caller.user!.id);
  }

  @Post('workspaces')
  @Endpoint({
    operationId: 'createWorkspace',
    access: 'instance-admin',
    summary: 'Create a workspace; the creator becomes its owner.',
    status: HttpStatus.CREATED,
    type: WorkspaceDto,
    problems: [400],
  })
  async create(@CurrentCaller() caller: Caller, @Body() body: WorkspaceNameDto): Promise<WorkspaceDto> {
    const workspace = await this.accounts.createWorkspace(body.name, caller.user!.id, caller);
    return { id: workspace.id, name: workspace.name, role: 'owner' };
  }

  @Get('workspace')
  @Endpoint({
    operationId: 'getCurrentWorkspace',
    access: 'member',
    summary: 'The current workspace.',
    type: WorkspaceDto,
  })
  async current(@CurrentCaller() caller: WorkspaceCaller): Promise<WorkspaceDto> {
    const workspace = await this.accounts.getWorkspace(caller.workspaceId);
    return { id: workspace.id, name: workspace.name, role: caller.role };
  }

  @Patch('workspace')
  @Endpoint({
    operationId: 'renameWorkspace',
    access: 'admin',
    summary: 'Rename the current workspace.',
    type: WorkspaceDto,
    problems: [400],
  })
  async rename(@CurrentCaller() caller: WorkspaceCaller, @Body() body: WorkspaceNameDto): Promise<WorkspaceDto> {
    const workspace = await this.accounts.renameWorkspace(caller, body.name);
    return { id: workspace.id, name: workspace.name, role: caller.role };
  }
}
