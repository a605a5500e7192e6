import { Body, Controller, Get, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentCaller, type WorkspaceCaller } from '@hub/server/auth';
import { ConnectionsService, IntegrationCatalogService } from '@hub/server/connections';
import { ConnectionDto } from '../connections/connection.dto';
import { Endpoint } from '../http/endpoint';
import { ParseProviderIdPipe } from '../http/parse-provider-id.pipe';
import { ConnectWithCredentialsDto, CredentialsTestResultDto, IntegrationCatalogDto } from './integration.dto';

@ApiTags('integrations')
@Controller('integrations')
export class IntegrationsController {
  constructor(
    private readonly catalog: IntegrationCatalogService,
    private readonly connections: ConnectionsService,
  ) {}

  @Get()
  @Endpoint({
    operationId: 'listIntegrations',
    access: 'member',
    summary:
      'The catalog by category, merged with this workspace’s connections: everything the integrations page needs.',
    type: IntegrationCatalogDto,
  })
  list(@CurrentCaller() caller: WorkspaceCaller): Promise<IntegrationCatalogDto> {
    return this.catalog.forWorkspace(caller.workspaceId) as Promise<IntegrationCatalogDto>;
  }

  @Post(':provider/credentials')
  @Endpoint({
    operationId: 'connectWithCredentials',
    access: 'admin',
    summary:
      'Connect (or update) a credentials-form provider such as PostgreSQL: fields are validated against the manifest and tested first.',
    status: HttpStatus.CREATED,
    successDescription: 'Connected: a new connection.',
    alsoSucceeds: { status: HttpStatus.OK, description: 'The workspace’s connection was updated with these fields.' },
    type: ConnectionDto,
    // 429: connecting tests the credentials first, under the same limit as "Test connection".
    problems: [400, 404, 409, 422, 429],
  })
  async connect(
    @CurrentCaller() caller: WorkspaceCaller,
    @Param('provider', ParseProviderIdPipe) provider: string,
    @Body() body: ConnectWithCredentialsDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ConnectionDto> {
    const { connection, created } = await this.connections.connectWithCredentials(caller, provider, body);
    response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return connection;
  }

  @Post(':provider/credentials/test')
  @Endpoint({
    operationId: 'testCredentials',
    access: 'admin',
    summary:
      'Test a credentials-form provider’s fields without saving them ("Test connection"): validated as connecting validates them, at most 10 a minute.',
    type: CredentialsTestResultDto,
    // 422: a destination the hub refuses whatever the credentials (its own database).
    problems: [400, 404, 409, 422, 429],
  })
  test(
    @CurrentCaller() caller: WorkspaceCaller,
    @Param('provider', ParseProviderIdPipe) provider: string,
    @Body() body: ConnectWithCredentialsDto,
  ): Promise<CredentialsTestResultDto> {
    return this.connections.testCredentials(caller, provider, body);
  }
}
