import type { ClassList } from './class-list';
import {
  AdminConsentEntity,
  ApiKeyEntity,
  AuditEventEntity,
  ConnectionEntity,
  ConnectorNetworkEntity,
  DataKeyEntity,
  InvitationEntity,
  KeyCheckEntity,
  MembershipEntity,
  PendingRevocationEntity,
  ProviderAppEntity,
  SessionEntity,
  SyncCursorEntity,
  SyncRecordEntity,
  SyncRunEntity,
  UserEntity,
  WorkspaceEntity,
} from './entities/index';

export * from './entities/index';

/** Every TypeORM entity, listed explicitly (bundles cannot glob). A test keeps migrations in step. */
export const ENTITIES: ClassList = [
  AdminConsentEntity,
  UserEntity,
  WorkspaceEntity,
  MembershipEntity,
  SessionEntity,
  InvitationEntity,
  ApiKeyEntity,
  DataKeyEntity,
  KeyCheckEntity,
  ConnectionEntity,
  ProviderAppEntity,
  AuditEventEntity,
  PendingRevocationEntity,
  SyncRunEntity,
  SyncRecordEntity,
  SyncCursorEntity,
  ConnectorNetworkEntity,
];
