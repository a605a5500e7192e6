import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { WORKSPACE_ROLE_NAMES, type WorkspaceRoleName } from '@hub/shared/contracts';

export class MemberDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ example: 'ada@example.com' }) email!: string;
  @ApiProperty({ example: 'Ada Lovelace' }) name!: string;
  @ApiProperty({ enum: WORKSPACE_ROLE_NAMES }) role!: WorkspaceRoleName;
  @ApiProperty({ format: 'date-time' }) joinedAt!: Date;
}

export class ChangeRoleDto {
  @ApiProperty({ enum: WORKSPACE_ROLE_NAMES, description: 'Only an owner can grant or take away `owner`.' })
  @IsIn(WORKSPACE_ROLE_NAMES)
  role!: WorkspaceRoleName;
}
