import { Body, Controller, Delete, Get, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Caller, CurrentCaller } from '@hub/server/auth';
import { ConnectorNetworks } from '@hub/server/connections';
import { Endpoint } from '../http/endpoint';
import { AddConnectorNetworkDto, ConnectorNetworksDto } from './connector-network.dto';

/**
 * Private networks that database connections may reach (docs/security.md E4). Everything private,
 * loopback, link-local or reserved outside this list is refused before a connection is opened.
 */
@ApiTags('admin')
@Controller('admin/connector-networks')
export class ConnectorNetworksController {
  constructor(private readonly networks: ConnectorNetworks) {}

  @Get()
  @Endpoint({
    operationId: 'listConnectorNetworks',
    access: 'instance-admin',
    summary: 'Private networks database connections may reach: from the deployment, and added here.',
    type: ConnectorNetworksDto,
  })
  list(): Promise<ConnectorNetworksDto> {
    return this.networks.list() as Promise<ConnectorNetworksDto>;
  }

  @Post()
  @Endpoint({
    operationId: 'addConnectorNetwork',
    access: 'instance-admin',
    summary: 'Allow database connections to reach a private network (audited; applies within 5 s everywhere).',
    status: HttpStatus.CREATED,
    type: ConnectorNetworksDto,
    problems: [400, 409, 422],
  })
  add(@CurrentCaller() caller: Caller, @Body() body: AddConnectorNetworkDto): Promise<ConnectorNetworksDto> {
    return this.networks.add(caller, body) as Promise<ConnectorNetworksDto>;
  }

  @Delete(':cidr')
  @Endpoint({
    operationId: 'removeConnectorNetwork',
    access: 'instance-admin',
    summary: 'Stop allowing a network added here (URL-encode the slash: `10.20.0.0%2F16`; audited).',
    status: HttpStatus.NO_CONTENT,
    problems: [404, 422],
  })
  remove(@CurrentCaller() caller: Caller, @Param('cidr') cidr: string): Promise<void> {
    return this.networks.remove(caller, cidr);
  }
}
