import { Body, Controller, Delete, Get, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsEmail, IsIn, IsOptional, IsString, MaxLength, MinDate, MinLength } from 'class-validator';
import type { Request, Response } from 'express';
import {
  AccountsService,
  ApiKeysService,
  type Caller,
  CurrentCaller,
  InvitationsService,
  requestMetaOf,
  SessionCookies,
  type WorkspaceCaller,
} from '@hub/server/auth';
import { WORKSPACE_ROLE_NAMES, type WorkspaceRoleName } from '@hub/shared/contracts';
import { Endpoint } from '../http/endpoint';
import { WorkspaceDto } from './workspace.dto';

export class WorkspaceNameDto {
  @ApiProperty({ example: 'Acme Inc.', maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;
}

export class MemberDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ example: 'ada@example.com' }) email!: string;
  @ApiProperty({ example: 'Ada Lovelace' }) name!: string;
  @ApiProperty({ enum: WORKSPACE_ROLE_NAMES }) role!: WorkspaceRoleName;
  @ApiProperty({ format: 'date-time' }) joinedAt!: Date;
}

export class ChangeRoleDto {
  @ApiProperty({ enum: WORKSPACE_ROLE_NAMES, description: 'Only an owner can grant or take away `owner`.' })
  @IsIn(WORKSPACE_ROLE_NAMES)
  role!: WorkspaceRoleName;
}

export class CreateInvitationDto {
  @ApiProperty({ example: 'grace@example.com' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ enum: ['admin', 'member'] })
  @IsIn(['admin', 'member'])
  role!: 'admin' | 'member';
}

export class InvitationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ['admin', 'member'] }) role!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ format: 'date-time' }) expiresAt!: Date;
}

export class CreatedInvitationDto extends InvitationDto {
  @ApiProperty({
    description: 'The link to share with the person; shown only now.',
    example: 'https://hub.example.com/join#token=…',
  })
  acceptUrl!: string;
}

export class AcceptInvitationDto {
  @ApiProperty({ description: 'The token from the invitation link.' })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  token!: string;

  @ApiPropertyOptional({ description: 'For a new account.', example: 'Grace Hopper' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({
    description: 'For a new account: at least 12 characters.',
    format: 'password',
    writeOnly: true,
  })
  @IsOptional()
  @IsString()
  @MinLength(12)
  @MaxLength(1024)
  password?: string;
}

export class AcceptedInvitationDto {
  @ApiProperty({ format: 'uuid' }) workspaceId!: string;
}

export class CreateApiKeyDto {
  @ApiProperty({ example: 'CI pipeline', maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When the key stops working; omit for a key that does not expire.',
  })
  @IsOptional()
  @Type(() => Date)
  @MinDate(() => new Date(), { message: 'expiresAt must be in the future' })
  @IsDate()
  expiresAt?: Date;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'hub_a1B2c3', description: 'The first characters, to recognise the key by.' })
  prefix!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: Date;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) expiresAt!: Date | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) lastUsedAt!: Date | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) revokedAt!: Date | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({
    description: 'The key itself: shown only now, stored only as a hash. Send it as `Authorization: Bearer <key>`.',
  })
  secret!: string;
}

@ApiTags('workspaces')
@Controller()
export class WorkspacesController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly invitations: InvitationsService,
    private readonly apiKeys: ApiKeysService,
    private readonly cookies: SessionCookies,
  ) {}

  @Get('workspaces')
  @Endpoint({
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
  @Endpoint({ access: 'member', summary: 'The current workspace.', type: WorkspaceDto })
  async current(@CurrentCaller() caller: WorkspaceCaller): Promise<WorkspaceDto> {
    const workspace = await this.accounts.getWorkspace(caller.workspaceId);
    return { id: workspace.id, name: workspace.name, role: caller.role };
  }

  @Patch('workspace')
  @Endpoint({ access: 'admin', summary: 'Rename the current workspace.', type: WorkspaceDto, problems: [400] })
  async rename(@CurrentCaller() caller: WorkspaceCaller, @Body() body: WorkspaceNameDto): Promise<WorkspaceDto> {
    const workspace = await this.accounts.renameWorkspace(caller, body.name);
    return { id: workspace.id, name: workspace.name, role: caller.role };
  }

  @Get('members')
  @Endpoint({ access: 'member', summary: 'The members of the current workspace.', type: [MemberDto] })
  members(@CurrentCaller() caller: WorkspaceCaller): Promise<MemberDto[]> {
    return this.accounts.members(caller.workspaceId);
  }

  @Patch('members/:userId')
  @Endpoint({ access: 'admin', summary: 'Change a member’s role.', type: MemberDto, problems: [400, 404, 422] })
  changeRole(
    @CurrentCaller() caller: WorkspaceCaller,
    @Param('userId', ParseUUIDPipe) userId: string,
    @Body() body: ChangeRoleDto,
  ): Promise<MemberDto> {
    return this.accounts.changeRole(caller, userId, body.role);
  }

  @Delete('members/:userId')
  @Endpoint({
    access: 'admin',
    summary: 'Remove a member from the workspace.',
    status: HttpStatus.NO_CONTENT,
    problems: [400, 404, 422],
  })
  removeMember(
    @CurrentCaller() caller: WorkspaceCaller,
    @Param('userId', ParseUUIDPipe) userId: string,
  ): Promise<void> {
    return this.accounts.removeMember(caller, userId);
  }

  @Get('invitations')
  @Endpoint({ access: 'admin', summary: 'Open invitations of the current workspace.', type: [InvitationDto] })
  openInvitations(@CurrentCaller() caller: WorkspaceCaller): Promise<InvitationDto[]> {
    return this.invitations.listOpen(caller.workspaceId);
  }

  @Post('invitations')
  @Endpoint({
    access: 'admin',
    summary: 'Invite someone by email; answers the link to share (shown once).',
    status: HttpStatus.CREATED,
    type: CreatedInvitationDto,
    problems: [400, 409],
  })
  invite(@CurrentCaller() caller: WorkspaceCaller, @Body() body: CreateInvitationDto): Promise<CreatedInvitationDto> {
    return this.invitations.create(caller, body);
  }

  @Delete('invitations/:id')
  @Endpoint({
    access: 'admin',
    summary: 'Revoke an open invitation.',
    status: HttpStatus.NO_CONTENT,
    problems: [400, 404],
  })
  revokeInvitation(@CurrentCaller() caller: WorkspaceCaller, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.invitations.revoke(caller, id);
  }

  @Post('invitations/accept')
  @Endpoint({
    access: 'public',
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

  @Get('api-keys')
  @Endpoint({
    access: 'admin',
    apiKeys: false,
    summary: 'The workspace’s API keys (never the keys themselves).',
    type: [ApiKeyDto],
  })
  listApiKeys(@CurrentCaller() caller: WorkspaceCaller): Promise<ApiKeyDto[]> {
    return this.apiKeys.list(caller.workspaceId);
  }

  @Post('api-keys')
  @Endpoint({
    access: 'admin',
    apiKeys: false,
    summary: 'Create an admin API key for this workspace; the answer holds the key, shown only once.',
    status: HttpStatus.CREATED,
    type: CreatedApiKeyDto,
    problems: [400],
  })
  createApiKey(@CurrentCaller() caller: WorkspaceCaller, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.apiKeys.create(caller, { name: body.name, expiresAt: body.expiresAt ?? null });
  }

  @Delete('api-keys/:id')
  @Endpoint({
    access: 'admin',
    apiKeys: false,
    summary: 'Revoke an API key; it stops working at once.',
    status: HttpStatus.NO_CONTENT,
    problems: [400, 404],
  })
  revokeApiKey(@CurrentCaller() caller: WorkspaceCaller, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.apiKeys.revoke(caller, id);
  }
}
