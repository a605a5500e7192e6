export type { components, paths } from './lib/api.types';
export type * from './lib/schemas';
