import { Body, Controller, Get, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppConfig } from '@hub/server/config';
import { type Caller, CurrentCaller, type WorkspaceCaller } from '@hub/server/auth';
import { oauthBindingCookieName, OAUTH_STATE_TTL_SECONDS, OAuthConnectService } from '@hub/server/connections';
import { Endpoint } from '../http/endpoint';
import { ParseProviderIdPipe } from '../http/parse-provider-id.pipe';
import { AuthorizationRedirectDto, StartConnectDto } from './oauth.dto';

/**
 * Connect through the provider's sign-in page: start (POST, answers the URL to send the browser to)
 * and the provider's redirect back (GET callback).
 */
@ApiTags('integrations')
@Controller('integrations')
export class OAuthController {
  constructor(
    private readonly oauth: OAuthConnectService,
    private readonly config: AppConfig,
  ) {}

  @Post(':provider/connect')
  @Endpoint({
    access: 'admin',
    apiKeys: false,
    summary:
      'Start connecting an OAuth provider: answers the authorization URL (PKCE S256, single-use state) and sets a browser-binding cookie.',
    type: AuthorizationRedirectDto,
    problems: [400, 404, 409],
  })
  async start(
    @CurrentCaller() caller: WorkspaceCaller,
    @Param('provider', ParseProviderIdPipe) provider: string,
    @Body() body: StartConnectDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AuthorizationRedirectDto> {
    const { authorizationUrl, bindingCookie } = await this.oauth.begin(caller, provider, body.returnTo, request);
    response.cookie(bindingCookie.name, bindingCookie.value, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.session.secureCookie,
      path: `/api/integrations/${provider}/callback`,
      maxAge: OAUTH_STATE_TTL_SECONDS * 1000,
    });
    response.setHeader('Cache-Control', 'no-store');
    return { authorizationUrl };
  }

  @Get(':provider/callback')
  @Endpoint({
    access: 'public',
    summary:
      'Where the provider sends the browser back. Checks state, browser, person and `iss` before exchanging the code once; then 303 to the page with `?success=<provider>_connected` or `?error=<code>`.',
    status: HttpStatus.SEE_OTHER,
    problems: [400, 404, 409],
  })
  async callback(
    @CurrentCaller() caller: Caller | null,
    @Param('provider', ParseProviderIdPipe) provider: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    // No caching and no Referer: the URL carried a code and state (RFC 9700 §4.2, A6).
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Referrer-Policy', 'no-referrer');
    // This flow's own binding cookie is spent whatever happens; other flows' cookies stay.
    const state = request.query['state'];
    if (typeof state === 'string')
      response.clearCookie(oauthBindingCookieName(state), { path: `/api/integrations/${provider}/callback` });
    const location = await this.oauth.complete(provider, request, caller);
    response.redirect(HttpStatus.SEE_OTHER, location);
  }
}
