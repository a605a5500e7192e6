import { Body, Controller, Delete, Get, HttpStatus, Param, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Caller, CurrentCaller } from '@hub/server/auth';
import { ProviderAppsService } from '@hub/server/connections';
import { Endpoint } from '../http/endpoint';
import { ParseProviderIdPipe } from '../http/parse-provider-id.pipe';
import { ProviderAppDto, SetProviderAppDto } from './provider-app.dto';

@ApiTags('admin')
@Controller('admin/provider-apps')
export class ProviderAppsController {
  constructor(private readonly apps: ProviderAppsService) {}

  @Get()
  @Endpoint({
    operationId: 'listProviderApps',
    access: 'instance-admin',
    summary: 'OAuth app credentials of every OAuth provider: where they come from, and the redirect URI to register.',
    type: [ProviderAppDto],
  })
  list(): Promise<ProviderAppDto[]> {
    return this.apps.list();
  }

  @Put(':provider')
  @Endpoint({
    operationId: 'setProviderApp',
    access: 'instance-admin',
    summary: 'Set a provider’s OAuth app credentials (the secret is stored encrypted and never returned).',
    type: ProviderAppDto,
    problems: [400, 404, 409],
  })
  set(
    @CurrentCaller() caller: Caller,
    @Param('provider', ParseProviderIdPipe) provider: string,
    @Body() body: SetProviderAppDto,
  ): Promise<ProviderAppDto> {
    return this.apps.set(caller, provider, body);
  }

  @Delete(':provider')
  @Endpoint({
    operationId: 'removeProviderApp',
    access: 'instance-admin',
    summary: 'Remove the app’s own credentials (the environment’s, if any, apply again).',
    status: HttpStatus.NO_CONTENT,
    problems: [404, 409],
  })
  remove(@CurrentCaller() caller: Caller, @Param('provider', ParseProviderIdPipe) provider: string): Promise<void> {
    return this.apps.remove(caller, provider);
  }
}
