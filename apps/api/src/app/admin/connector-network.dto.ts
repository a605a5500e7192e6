import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class ConnectorNetworkDto {
  @ApiProperty({ example: '10.20.0.0/16' }) cidr!: string;
  @ApiProperty({ example: 'Analytics VPC' }) description!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: Date;
}

export class ConnectorNetworksDto {
  @ApiProperty({
    type: [String],
    example: ['127.0.0.0/8', '::1/128'],
    description: 'From `CONNECTOR_ALLOWED_NETWORKS`: changed in the deployment, not through the API.',
  })
  configured!: string[];
  @ApiProperty({ type: [ConnectorNetworkDto], description: 'Added by instance admins; every change is audited.' })
  added!: ConnectorNetworkDto[];
}

export class AddConnectorNetworkDto {
  @ApiProperty({ example: '10.20.0.0/16', description: 'One IPv4 or IPv6 network in CIDR notation (not /0).' })
  @IsString()
  @MaxLength(64)
  cidr!: string;

  @ApiPropertyOptional({ example: 'Analytics VPC' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;
}
