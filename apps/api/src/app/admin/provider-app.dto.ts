import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class ProviderAppDto {
  @ApiProperty({ example: 'slack' }) providerId!: string;
  @ApiProperty({ example: 'Slack' }) providerName!: string;
  @ApiProperty({ enum: ['database', 'environment', 'none'], description: 'Where the credentials in use come from.' })
  source!: string;
  @ApiProperty({ type: String, nullable: true }) clientId!: string | null;
  @ApiProperty({ description: 'The secret itself is never returned.' }) hasClientSecret!: boolean;
  @ApiProperty({ type: [String], example: ['OAUTH_SLACK_CLIENT_ID', 'OAUTH_SLACK_CLIENT_SECRET'] })
  environmentVariables!: [string, string];
  @ApiProperty({
    example: 'https://hub.example.com/api/integrations/slack/callback',
    description: 'Give this redirect URI when registering the app.',
  })
  redirectUri!: string;
  @ApiProperty({ example: 'https://api.slack.com/apps' }) appRegistrationUrl!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt!: Date | null;
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
