import { Body, Controller, Delete, Get, HttpStatus, Patch } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AccountsService, CurrentCaller, type WorkspaceCaller } from '@hub/server/auth';
import { Endpoint } from '../http/endpoint';
import { UuidParam } from '../http/validators';
import { ChangeRoleDto, MemberDto } from './member.dto';

@ApiTags('workspaces')
@Controller('members')
export class MembersController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @Endpoint({
    operationId: 'listMembers',
    access: 'member',
    summary: 'The members of the current workspace.',
    type: [MemberDto],
  })
  members(@CurrentCaller() caller: WorkspaceCaller): Promise<MemberDto[]> {
    return this.accounts.members(caller.workspaceId);
  }

  @Patch(':userId')
  @Endpoint({
    operationId: 'changeMemberRole',
    access: 'admin',
    summary: 'Change a member’s role.',
    type: MemberDto,
    problems: [400, 404, 422],
  })
  changeRole(
    @CurrentCaller() caller: WorkspaceCaller,
    @UuidParam('userId') userId: string,
    @Body() body: ChangeRoleDto,
  ): Promise<MemberDto> {
    return this.accounts.changeRole(caller, userId, body.role);
  }

  @Delete(':userId')
  @Endpoint({
    operationId: 'removeMember',
    access: 'admin',
    summary: 'Remove a member from the workspace.',
    status: HttpStatus.NO_CONTENT,
    problems: [400, 404, 422],
  })
  removeMember(@CurrentCaller() caller: WorkspaceCaller, @UuidParam('userId') userId: string): Promise<void> {
    return this.accounts.removeMember(caller, userId);
  }
}
