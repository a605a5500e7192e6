import { Body, Controller, Delete, Get, HttpStatus, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiKeysService, CurrentCaller, type WorkspaceCaller } from '@hub/server/auth';
import { Endpoint } from '../http/endpoint';
import { UuidParam } from '../http/validators';
import { ApiKeyDto, CreatedApiKeyDto, CreateApiKeyDto } from './api-key.dto';

@ApiTags('workspaces')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  @Endpoint({
    operationId: 'listApiKeys',
    access: 'admin',
    apiKeys: false,
    summary: 'The workspace’s API keys (never the keys themselves).',
    type: [ApiKeyDto],
  })
  listApiKeys(@CurrentCaller() caller: WorkspaceCaller): Promise<ApiKeyDto[]> {
    return this.apiKeys.list(caller.workspaceId);
  }

  @Post()
  @Endpoint({
    operationId: 'createApiKey',
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

  @Delete(':id')
  @Endpoint({
    operationId: 'revokeApiKey',
    access: 'admin',
    apiKeys: false,
    summary: 'Revoke an API key; it stops working at once.',
    status: HttpStatus.NO_CONTENT,
    problems: [400, 404],
  })
  revokeApiKey(@CurrentCaller() caller: WorkspaceCaller, @UuidParam('id') id: string): Promise<void> {
    return this.apiKeys.revoke(caller, id);
  }
}
