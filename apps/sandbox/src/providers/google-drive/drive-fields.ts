import { type FieldSelection, FieldSelectionError } from '../google-common/partial-response';

/**
 * Each field of a Drive schema: the schema it holds (a name), the fields of an inline object, or
 * null (a value selected whole: scalars and maps). Arrays select as their items do.
 */
export type DriveFieldShape = string | { readonly [field: string]: DriveFieldShape } | null;

interface DiscoverySchema {
  readonly $ref?: string;
  readonly type?: string;
  readonly properties?: Readonly<Record<string, DiscoverySchema>>;
  readonly items?: DiscoverySchema;
}

/**
 * The fields of every Drive schema, read from Drive's own discovery document (descriptions/google,
 * refreshed by scripts/update-google-discovery.mjs), so the emulation accepts exactly the selections
 * Drive documents.
 */
export const DRIVE_SCHEMAS: Readonly<Record<string, Readonly<Record<string, DriveFieldShape>>>> = Object.fromEntries(
  // A require, so the bundler carries the document into the sandbox's build.
  Object.entries(
    (require('../../descriptions/google/drive.v3.json') as { schemas: Record<string, DiscoverySchema> }).schemas,
  ).map(([name, schema]) => [name, fieldsOf(schema)]),
);

function fieldsOf(schema: DiscoverySchema): Record<string, DriveFieldShape> {
  return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([field, value]) => [field, shapeOf(value)]));
}

function shapeOf(schema: DiscoverySchema): DriveFieldShape {
  if (schema.$ref) return schema.$ref;
  if (schema.type === 'array' && schema.items) return shapeOf(schema.items);
  return schema.properties ? fieldsOf(schema) : null;
}

/**
 * Refuses a selection naming a field `schema` does not have, as Drive does (400 "Invalid field
 * selection <name>", reason invalidParameter, location fields): inside `files(...)`, `a/b` and
 * inline objects too. `*` selects everything at its level; a value selected whole takes no sub-selection.
 */
export function checkDriveFields(selection: FieldSelection, schema: string): void {
  checkShape(selection, DRIVE_SCHEMAS[schema]);
}

function checkShape(selection: FieldSelection, fields: Readonly<Record<string, DriveFieldShape>>): void {
  for (const [name, sub] of selection) {
    if (name === '*') continue;
    if (!(name in fields)) throw new FieldSelectionError(`Invalid field selection ${name}`);
    const shape = fields[name];
    if (sub === null) continue;
    if (shape === null) throw new FieldSelectionError(`Invalid field selection ${[...sub.keys()][0]}`);
    checkShape(sub, typeof shape === 'string' ? DRIVE_SCHEMAS[shape] : shape);
  }
}
