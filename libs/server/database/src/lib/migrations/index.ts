import type { ClassList } from '../class-list';
import { CoreDomain1763700000000 } from './1763700000000-core-domain';
import { PendingRevocations1763800000000 } from './1763800000000-pending-revocations';

/** Every migration, in order. If entities and migrations disagree, the database test prints the SQL TypeORM would run. */
export const MIGRATIONS: ClassList = [CoreDomain1763700000000, PendingRevocations1763800000000];
