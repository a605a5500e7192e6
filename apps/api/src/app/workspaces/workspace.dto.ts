import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { WORKSPACE_ROLE_NAMES, type WorkspaceRoleName } from '@hub/shared/contracts';

export class WorkspaceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Acme Inc.' }) name!: string;
  @ApiProperty({ enum: WORKSPACE_ROLE_NAMES, description: 'The caller’s role in it.' }) role!: WorkspaceRoleName;
}

export class WorkspaceNameDto {
  @ApiProperty({ example: 'Acme Inc.', maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;
}
