import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class StartConnectDto {
  @ApiPropertyOptional({
    example: '/settings/integrations',
    description: 'A path of this app to come back to (anything else is ignored).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  returnTo?: string;
}

export class AuthorizationRedirectDto {
  @ApiProperty({
    example: 'https://app.dub.co/oauth/authorize?response_type=code&client_id=…&code_challenge=…&state=…',
    description: 'Send the browser here.',
  })
  authorizationUrl!: string;
}
