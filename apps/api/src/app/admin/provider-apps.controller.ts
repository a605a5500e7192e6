import { Body, Controller, Delete, Get, HttpStatus, Param, Put } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { type Caller, CurrentCaller } from '@hub/server/auth';
import { ProviderAppsService } from '@hub/server/connections';
import { Endpoint } from '../http/endpoint';
import { ParseProviderIdPipe } from '../http/parse-provider-id.pipe';

export class ProviderAppDto {
  @ApiProperty({ example: 'slack' }) providerId!: string;
  @ApiProperty({ example: 'Slack' }) providerName!: string;
  @ApiProperty({ enum: ['database', 'environment', 'none'], description: 'Where the credentials in use come from.' })
  source!: string;
  @ApiPropertyOptional({ nullable: true }) clientId!: string | null;
  @ApiProperty({ description: 'The secret itself is never returned.' }) hasClientSecret!: boolean;
  @ApiProperty({ type: [String], example: ['OAUTH_SLACK_CLIENT_ID', 'OAUTH_SLACK_CLIENT_SECRET'] })
  environmentVariables!: [string, string];
  @ApiProperty({
    example: 'https://hub.example.com/api/integrations/slack/callback',
    description: 'Give this redirect URI when registering the app.',
  })
  redirectUri!: string;
  @ApiProperty({ example: 'https://api.slack.com/apps' }) appRegistrationUrl!: string;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) updatedAt!: Date | null;
}

export class SetProviderAppDto {
  @ApiProperty({ example: '1234567890.1234567890' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @Matches(/^\S+$/, { message: 'clientId must not contain spaces' })
  clientId!: string;

  @ApiProperty({ writeOnly: true, format: 'password', description: 'Stored encrypted; never returned.' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  clientSecret!: string;
}

@ApiTags('admin')
@Controller('admin/provider-apps')
export class ProviderAppsController {
  constructor(private readonly apps: ProviderAppsService) {}

  @Get()
  @Endpoint({
    access: 'instance-admin',
    summary: 'OAuth app credentials of every OAuth provider: where they come from, and the redirect URI to register.',
    type: [ProviderAppDto],
  })
  list(): Promise<ProviderAppDto[]> {
    return this.apps.list();
  }

  @Put(':provider')
  @Endpoint({
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
    access: 'instance-admin',
    summary: 'Remove the app’s own credentials (the environment’s, if any, apply again).',
    status: HttpStatus.NO_CONTENT,
    problems: [404, 409],
  })
  remove(@CurrentCaller() caller: Caller, @Param('provider', ParseProviderIdPipe) provider: string): Promise<void> {
    return this.apps.remove(caller, provider);
  }
}
