import { Body, Controller, Delete, Get, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  type Caller,
  CurrentCaller,
  InvitationsService,
  requestMetaOf,
  SessionCookies,
  type WorkspaceCaller,
} from '@hub/server/auth';
import { Endpoint } from '../http/endpoint';
import { UuidParam } from '../http/validators';
import {
  AcceptedInvitationDto,
  AcceptInvitationDto,
  CreatedInvitationDto,
  CreateInvitationDto,
  InvitationDto,
} from './invitation.dto';

@ApiTags('workspaces')
@Controller('invitations')
export class InvitationsController {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly cookies: SessionCookies,
  ) {}

  @Get()
  @Endpoint({
    operationId: 'listInvitations',
    access: 'admin',
    summary: 'Open invitations of the current workspace.',
    type: [InvitationDto],
  })
  openInvitations(@CurrentCaller() caller: WorkspaceCaller): Promise<InvitationDto[]> {
    return this.invitations.listOpen(caller.workspaceId);
  }

  @Post()
  @Endpoint({
    operationId: 'createInvitation',
    access: 'admin',
    summary: 'Invite someone by email; answers the link to share (shown once).',
    status: HttpStatus.CREATED,
    type: CreatedInvitationDto,
    problems: [400, 409],
  })
  invite(@CurrentCaller() caller: WorkspaceCaller, @Body() body: CreateInvitationDto): Promise<CreatedInvitationDto> {
    return this.invitations.create(caller, body);
  }

  @Delete(':id')
  @Endpoint({
    operationId: 'revokeInvitation',
    access: 'admin',
    summary: 'Revoke an open invitation.',
    status: HttpStatus.NO_CONTENT,
    problems: [400, 404],
  })
  revokeInvitation(@CurrentCaller() caller: WorkspaceCaller, @UuidParam('id') id: string): Promise<void> {
    return this.invitations.revoke(caller, id);
  }

  @Post('accept')
  @Endpoint({
    operationId: 'acceptInvitation',
    access: 'public',
    sessionOptional: true,
    headers: {
      'Set-Cookie': {
        description: 'When the invitation created the account: its session, as sign-in sets it.',
        schema: { type: 'string' },
      },
    },
    summary:
      'Accept an invitation: signed in as the invited email, or as a newcomer with a name and password (then signed in).',
    type: AcceptedInvitationDto,
    problems: [400, 404, 409, 422],
  })
  async accept(
    @CurrentCaller() caller: Caller | null,
    @Body() body: AcceptInvitationDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AcceptedInvitationDto> {
    const result = await this.invitations.accept(body.token, body, caller, requestMetaOf(request));
    if (result.session) this.cookies.set(response, result.session);
    return { workspaceId: result.workspaceId };
  }
}
