/** Entity or migration classes, as TypeORM takes them. */
export type ClassList = (new (...args: never[]) => unknown)[];
