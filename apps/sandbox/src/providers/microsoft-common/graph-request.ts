import type { Request, Response } from 'express';
import type { ApiContext } from '../../lib/provider-definition';
import { queryOf } from '../google-common/google-request';
import { GraphError } from './graph-errors';

/**
 * Reading a Graph request: OData system query options, `$select` checked against the resource's
 * properties, `$top`, and the permission check. Reference: https://learn.microsoft.com/en-us/graph/query-parameters
 */

/** The properties Graph knows on one resource type, for `$select` (and the error naming the type). */
export interface GraphType {
  /** `microsoft.graph.driveItem` */
  readonly name: string;
  readonly properties: readonly string[];
}

/**
 * A system query option as sent: `$select` or, since v1.0 takes it without the `$` as well
 * ("the `$` prefix is optional", query-parameters), `select`. Null when absent.
 */
export function queryOption(req: Request, name: string): string | null {
  const query = queryOf(req);
  return query.get(`$${name}`) ?? query.get(name);
}

/**
 * The properties `$select` names, spelled as the type spells them (Graph matches them case-insensitively);
 * null for no `$select` (or `*`). A name the type lacks fails the whole request with 400 BadRequest
 * "Parsing OData Select and Expand failed: Could not find a property named '…' on type '…'.", as Graph
 * answers it (the property is not ignored).
 */
export function parseSelect(raw: string | null, type: GraphType): readonly string[] | null {
  if (raw === null) return null;
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0 || names.includes('*')) return null;
  const byLowerCase = new Map(type.properties.map((p) => [p.toLowerCase(), p]));
  return [
    ...new Set(
      names.map((name) => {
        const known = byLowerCase.get(name.toLowerCase());
        if (known) return known;
        throw new GraphError({
          status: 400,
          code: 'BadRequest',
          message: `Parsing OData Select and Expand failed: Could not find a property named '${name}' on type '${type.name}'.`,
        });
      }),
    ),
  ];
}

/**
 * `$top` as a page size: a non-negative integer, else 400 with OData's message; above `max` it is
 * capped, since Graph pages "can vary" in size (https://learn.microsoft.com/en-us/graph/paging).
 * Undefined when absent.
 */
export function parseTop(raw: string | null, max: number): number | undefined {
  if (raw === null) return undefined;
  if (!/^\d{1,10}$/.test(raw.trim())) {
    throw new GraphError({
      status: 400,
      code: 'BadRequest',
      message: `Invalid value '${raw}' for $top query option found. The $top query option requires a non-negative integer value.`,
    });
  }
  return Math.min(Number(raw.trim()), max);
}

/**
 * `resource` reduced to `selection` (null: all of it), in the resource's own order. `always` stays
 * (a driveItem's `id`); `nullForMissing` answers a selected property the resource has no value for as
 * null, as the directory does for a user's unset properties.
 */
export function selectProperties(
  resource: Record<string, unknown>,
  selection: readonly string[] | null,
  options: { always?: readonly string[]; nullForMissing?: boolean } = {},
): Record<string, unknown> {
  if (selection === null) return resource;
  const keep = new Set([...(options.always ?? []), ...selection]);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource)) {
    if (keep.has(key) || key.startsWith('@odata.')) out[key] = value;
  }
  if (options.nullForMissing) for (const name of selection) if (!(name in out)) out[name] = null;
  return out;
}

/** `@odata.context`: `<base>/$metadata#<fragment>`, under the emulation's API base as Graph's is under its own. */
export function odataContext(apiBaseUrl: string, fragment: string): string {
  return `${apiBaseUrl}/$metadata#${fragment}`;
}

/**
 * Throws 403 `answer` unless the token was granted one of `permissions` (each API's permissions table
 * lists the least privileged one first). Graph checks the token's `scp` before the workload answers.
 */
export function requirePermission(
  context: ApiContext,
  res: Response,
  permissions: readonly string[],
  answer: { code: string; message: string },
): void {
  const granted = context.token(res).scopes;
  if (permissions.some((permission) => granted.has(permission))) return;
  throw new GraphError({ status: 403, ...answer });
}
