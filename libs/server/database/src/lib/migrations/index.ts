import type { ClassList } from '../class-list';
import { CoreDomain1763700000000 } from './1763700000000-core-domain';
import { PendingRevocations1763800000000 } from './1763800000000-pending-revocations';
import { Sync1763900000000 } from './1763900000000-sync';
import { SyncSelection1764000000000 } from './1764000000000-sync-selection';
import { ConnectorNetworks1764100000000 } from './1764100000000-connector-networks';
import { HubInstance1764200000000 } from './1764200000000-hub-instance';
import { AdminConsents1764300000000 } from './1764300000000-admin-consents';

/** Every migration, in order. If entities and migrations disagree, the database test prints the SQL TypeORM would run. */
export const MIGRATIONS: ClassList = [
  CoreDomain1763700000000,
  PendingRevocations1763800000000,
  Sync1763900000000,
  SyncSelection1764000000000,
  ConnectorNetworks1764100000000,
  HubInstance1764200000000,
  AdminConsents1764300000000,
];
