import type { ClassList } from '../class-list';
/** Every migration, in order. Generate new ones with `npm run db:migration:generate -- <Name>`. */
export const MIGRATIONS: ClassList = [];
