import { Body, Controller, Get, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppConfig } from '@hub/server/config';
import { type Caller, CurrentCaller, type WorkspaceCaller } from '@hub/server/auth';
import { oauthBindingCookieName, OAUTH_STATE_TTL_SECONDS, OAuthConnectService } from '@hub/server/connections';
import { Endpoint } from '../http/endpoint';
import { ParseProviderIdPipe } from '../http/parse-provider-id.pipe';
import { AuthorizationRedirectDto, StartConnectDto } from './oauth.dto';

const BINDING_COOKIE_SET = {
  required: true,
  description: 'The browser-binding cookie of this flow (HttpOnly, read only by the callback).',
  schema: { type: 'string' },
};

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
    operationId: 'startConnect',
    access: 'admin',
    apiKeys: false,
    summary:
      'Start connecting an OAuth provider: answers the authorization URL (PKCE S256, single-use state) and sets a browser-binding cookie.',
    type: AuthorizationRedirectDto,
    headers: { 'Set-Cookie': BINDING_COOKIE_SET },
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
    this.setBindingCookie(response, provider, bindingCookie);
    return { authorizationUrl };
  }

  /** The flow's browser binding, readable only by its callback. */
  private setBindingCookie(response: Response, provider: string, cookie: { name: string; value: string }): void {
    response.cookie(cookie.name, cookie.value, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.session.secureCookie,
      path: `/api/integrations/${provider}/callback`,
      maxAge: OAUTH_STATE_TTL_SECONDS * 1000,
    });
    response.setHeader('Cache-Control', 'no-store');
  }

  @Post(':provider/admin-consent')
  @Endpoint({
    operationId: 'startAdminConsent',
    access: 'admin',
    apiKeys: false,
    summary:
      'Start an organisation administrator’s approval of a provider’s admin-only permissions (Microsoft Teams): answers the provider’s admin-consent URL (single-use state) and sets a browser-binding cookie; the provider redirects to the callback.',
    type: AuthorizationRedirectDto,
    headers: { 'Set-Cookie': BINDING_COOKIE_SET },
    problems: [400, 404, 409],
  })
  async startAdminConsent(
    @CurrentCaller() caller: WorkspaceCaller,
    @Param('provider', ParseProviderIdPipe) provider: string,
    @Body() body: StartConnectDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AuthorizationRedirectDto> {
    const { authorizationUrl, bindingCookie } = await this.oauth.beginAdminConsent(caller, provider, body.returnTo);
    this.setBindingCookie(response, provider, bindingCookie);
    return { authorizationUrl };
  }

  @Get(':provider/callback')
  @Endpoint({
    operationId: 'completeConnect',
    access: 'public',
    summary:
      'Where the provider sends the browser back. Checks state, browser, person and `iss` before exchanging the code once; then 303 to the page with `?success=<provider>_connected` (`_admin_consented` after an administrator’s approval) or `?error=<code>`.',
    status: HttpStatus.SEE_OTHER,
    successDescription: 'Back to the integrations page, with the outcome in its query.',
    headers: {
      Location: {
        required: true,
        description: 'The page to return to, with `?success=<provider>_connected` or `?error=<code>`.',
        schema: { type: 'string', format: 'uri-reference' },
      },
      'Set-Cookie': { description: 'Clears this flow’s browser-binding cookie.', schema: { type: 'string' } },
    },
    sessionOptional: true,
    problems: [400, 404, 409],
  })
  @ApiQuery({ name: 'state', required: false, description: 'The state the hub sent with the authorization request.' })
  @ApiQuery({ name: 'code', required: false, description: 'The authorization code, on success.' })
  @ApiQuery({ name: 'iss', required: false, description: 'The issuer (RFC 9207), where the provider sends it.' })
  @ApiQuery({
    name: 'error',
    required: false,
    description: 'The provider’s error code, when the person declined or it failed.',
  })
  @ApiQuery({ name: 'error_description', required: false, description: 'The provider’s words for the error.' })
  @ApiQuery({
    name: 'admin_consent',
    required: false,
    description: '`True` when an administrator approved the permissions (the admin-consent redirect).',
  })
  @ApiQuery({ name: 'tenant', required: false, description: 'The approving administrator’s tenant (admin consent).' })
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
    // No body: express's redirect would add a text/plain one no client reads.
    response.status(HttpStatus.SEE_OTHER).location(location).end();
  }
}
