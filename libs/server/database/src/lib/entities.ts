import type { ClassList } from './class-list';
/** Every TypeORM entity, listed explicitly. Later issues add to it; a test keeps migrations in step. */
export const ENTITIES: ClassList = [];
