import { ApiProperty } from '@nestjs/swagger';
import { WORKSPACE_ROLE_NAMES, type WorkspaceRoleName } from '@hub/shared/contracts';

export class WorkspaceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Acme Inc.' }) name!: string;
  @ApiProperty({ enum: WORKSPACE_ROLE_NAMES, description: 'The caller’s role in it.' }) role!: WorkspaceRoleName;
}
