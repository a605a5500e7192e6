import { Body, Controller, Get, HttpStatus, Post, Put, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  AccountsService,
  type Caller,
  CurrentCaller,
  requestMetaOf,
  SessionCookies,
  SessionsService,
  SignInService,
} from '@hub/server/auth';
import { Endpoint } from '../http/endpoint';
import { SessionDto, SignInDto, SwitchWorkspaceDto } from './auth.dto';

/** Sign-in sets two cookies: the HttpOnly session and the XSRF-TOKEN changes echo. */
export const SESSION_COOKIES_SET = {
  required: true,
  description: 'The session cookie (HttpOnly) and the `XSRF-TOKEN` cookie to echo in `X-XSRF-TOKEN`.',
  schema: { type: 'string' },
};

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly signIns: SignInService,
    private readonly sessions: SessionsService,
    private readonly accounts: AccountsService,
    private readonly cookies: SessionCookies,
  ) {}

  @Post('sign-in')
  @Endpoint({
    operationId: 'signIn',
    access: 'public',
    summary: 'Sign in with email and password; sets the session cookie and the XSRF-TOKEN cookie.',
    description:
      'The same 401 answers an unknown email and a wrong password. Attempts are rate limited per address and per email.',
    type: SessionDto,
    headers: { 'Set-Cookie': SESSION_COOKIES_SET },
    problems: [400, 401, 429],
  })
  async signIn(
    @Body() body: SignInDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SessionDto> {
    const meta = requestMetaOf(request);
    const session = await this.signIns.signIn(body.email, body.password, meta);
    this.cookies.set(response, session);
    const caller = await this.sessions.authenticate(session.token, meta);
    return this.describe(caller!);
  }

  @Post('sign-out')
  @Endpoint({
    operationId: 'signOut',
    access: 'signed-in',
    apiKeys: false,
    summary: 'Sign out: ends the session and clears its cookies.',
    status: HttpStatus.NO_CONTENT,
    headers: {
      'Set-Cookie': {
        required: true,
        description: 'Clears the session and XSRF-TOKEN cookies.',
        schema: { type: 'string' },
      },
    },
  })
  async signOut(@CurrentCaller() caller: Caller, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.signIns.signOut(caller);
    this.cookies.clear(response);
  }

  @Get('session')
  @Endpoint({
    operationId: 'getSession',
    access: 'signed-in',
    apiKeys: true,
    summary: 'Who is calling: the person or API key, the current workspace and role.',
    type: SessionDto,
  })
  session(@CurrentCaller() caller: Caller): Promise<SessionDto> {
    return this.describe(caller);
  }

  @Put('session/workspace')
  @Endpoint({
    operationId: 'switchWorkspace',
    access: 'signed-in',
    apiKeys: false,
    summary: 'Switch the current workspace to another the person belongs to.',
    type: SessionDto,
    problems: [400, 404],
  })
  async switchWorkspace(
    @CurrentCaller() caller: Caller,
    @Body() body: SwitchWorkspaceDto,
    @Req() request: Request,
  ): Promise<SessionDto> {
    await this.sessions.switchWorkspace(caller.session!.idHash, caller.user!.id, body.workspaceId);
    const token = this.cookies.tokenOf(request)!;
    return this.describe((await this.sessions.authenticate(token, caller.meta))!);
  }

  private async describe(caller: Caller): Promise<SessionDto> {
    const workspaces = caller.user ? await this.accounts.workspacesOf(caller.user.id) : [];
    let workspace = workspaces.find((w) => w.id === caller.workspaceId) ?? null;
    if (!workspace && caller.apiKey && caller.workspaceId) {
      const row = await this.accounts.getWorkspace(caller.workspaceId);
      workspace = { id: row.id, name: row.name, role: 'admin' };
    }
    return { user: caller.user, apiKey: caller.apiKey, workspace, workspaces };
  }
}
