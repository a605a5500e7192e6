import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Exchange } from '../testing/exchange-recorder';

/** The parts of a Google discovery document the judge reads (see scripts/update-google-discovery.mjs). */
interface DiscoveryDocument {
  name: string;
  revision: string;
  rootUrl: string;
  servicePath: string;
  parameters: Record<string, DiscoveryParameter>;
  resources: Record<string, DiscoveryResource>;
  schemas: Record<string, object>;
}

interface DiscoveryResource {
  methods?: Record<string, DiscoveryMethod>;
  resources?: Record<string, DiscoveryResource>;
}

interface DiscoveryMethod {
  id: string;
  httpMethod: string;
  path: string;
  flatPath?: string;
  parameters?: Record<string, DiscoveryParameter>;
  response?: { $ref: string };
}

interface DiscoveryParameter {
  type: string;
  location?: string;
  enum?: string[];
  minimum?: string;
  maximum?: string;
  repeated?: boolean;
}

interface Route {
  readonly api: string;
  readonly method: DiscoveryMethod;
  readonly document: DiscoveryDocument;
  readonly pattern: RegExp;
}

/** Formats Google's discovery documents use that JSON Schema does not know: strings or numbers as given. */
const GOOGLE_FORMATS = [
  'int32',
  'uint32',
  'int64',
  'uint64',
  'double',
  'float',
  'byte',
  'google-datetime',
  'google-duration',
  'google-fieldmask',
];

/**
 * A strict reader of Google's own API descriptions (the discovery documents kept under
 * descriptions/google), judging the exchanges a provider module had with an emulation: the method must
 * exist, every query parameter must be one it (or Google's standard parameters) defines, within its
 * enum and bounds, and the answer must match the method's response schema with no property the
 * schema lacks. `fields` selections make any property optional, which discovery schemas are anyway.
 */
export class GoogleDiscoveryJudge {
  private readonly routes: Route[] = [];
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(apis: readonly string[]) {
    addFormats(this.ajv);
    for (const format of GOOGLE_FORMATS) this.ajv.addFormat(format, true);
    for (const api of apis) {
      const document = JSON.parse(
        readFileSync(join(__dirname, '../descriptions/google', `${api}.json`), 'utf8'),
      ) as DiscoveryDocument;
      const definitions = toJsonSchema(document.schemas, api);
      for (const name of Object.keys(definitions)) definitions[name] = closed(definitions[name]);
      this.ajv.addSchema({ $id: api, definitions });
      for (const method of allMethods(document.resources)) {
        for (const template of new Set([method.flatPath ?? method.path, method.path])) {
          const url = `${document.rootUrl}${document.servicePath}${template}`;
          const pattern = new RegExp(
            `^${escape(url)
              .replace(/\\\{\\\+\w+\\\}/g, '.+')
              .replace(/\\\{\w+\\\}/g, '[^/]+')}$`,
          );
          this.routes.push({ api, method, document, pattern });
        }
      }
    }
  }

  /** Violations of one exchange, given the real URL it stands for (the emulation serves the real paths). */
  judge(exchange: Exchange, realUrl: string): { operation: string | null; violations: string[] } {
    const where = `${exchange.method} ${realUrl.replace(/^https:\/\/[^/]+/, '')}`;
    const route = this.routes.find((r) => r.method.httpMethod === exchange.method && r.pattern.test(realUrl));
    if (!route) return { operation: null, violations: [`${where}: no method of Google's description`] };
    const { api, method, document } = route;
    const violations: string[] = [];
    for (const name of new Set(exchange.query.keys())) {
      const parameter = method.parameters?.[name] ?? document.parameters[name];
      if (!parameter || parameter.location === 'path') {
        violations.push(`${where}: ${name} is not a parameter of ${method.id}`);
        continue;
      }
      const values = exchange.query.getAll(name);
      if (values.length > 1 && !parameter.repeated) violations.push(`${where}: ${name} is not repeated`);
      for (const value of values) violations.push(...parameterViolations(where, name, parameter, value));
    }
    if (exchange.status < 300 && method.response) {
      violations.push(...this.schemaViolations(where, `${api}#/definitions/${method.response.$ref}`, exchange.body));
    }
    return { operation: method.id, violations };
  }

  private schemaViolations(where: string, ref: string, body: unknown): string[] {
    let validate = this.validators.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref });
      this.validators.set(ref, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).slice(0, 5).map((e) => {
      const extra = 'additionalProperty' in e.params ? ` (${String(e.params['additionalProperty'])})` : '';
      return `${where}: body${e.instancePath} ${e.message}${extra}`;
    });
  }
}

function parameterViolations(where: string, name: string, parameter: DiscoveryParameter, value: string): string[] {
  if (parameter.enum && !parameter.enum.includes(value)) return [`${where}: ${name}=${value} is not one of its values`];
  if (parameter.type === 'integer') {
    const n = Number(value);
    if (!Number.isInteger(n)) return [`${where}: ${name}=${value} is not an integer`];
    if (parameter.minimum !== undefined && n < Number(parameter.minimum))
      return [`${where}: ${name}=${value} < ${parameter.minimum}`];
    if (parameter.maximum !== undefined && n > Number(parameter.maximum))
      return [`${where}: ${name}=${value} > ${parameter.maximum}`];
  }
  if (parameter.type === 'boolean' && value !== 'true' && value !== 'false')
    return [`${where}: ${name}=${value} is not a boolean`];
  return [];
}

function* allMethods(resources: Record<string, DiscoveryResource>): Generator<DiscoveryMethod> {
  for (const resource of Object.values(resources)) {
    yield* Object.values(resource.methods ?? {});
    yield* allMethods(resource.resources ?? {});
  }
}

/** Discovery's `$ref: "File"` becomes a JSON Schema reference into the document's definitions. */
function toJsonSchema(schemas: Record<string, object>, api: string): Record<string, unknown> {
  const definitions = JSON.parse(
    JSON.stringify(schemas, (key, value: unknown) =>
      key === '$ref' && typeof value === 'string'
        ? `${api}#/definitions/${value}`
        : key === 'type' && value === 'any' // discovery's "any JSON value"
          ? undefined
          : value,
    ),
  ) as Record<string, Record<string, unknown>>;
  // A schema's `id` is its name in discovery; in JSON Schema it would be a base URI.
  for (const schema of Object.values(definitions)) delete schema['id'];
  return definitions;
}

/**
 * Every object schema that lists its properties admits no others (the emulation may not invent
 * fields). Walks schema positions only: a property may itself be named `properties` (Drive's File).
 */
function closed(schema: unknown): unknown {
  if (!schema || typeof schema !== 'object') return schema;
  const copy = { ...(schema as Record<string, unknown>) };
  if (copy['properties'] && typeof copy['properties'] === 'object') {
    copy['properties'] = Object.fromEntries(
      Object.entries(copy['properties'] as Record<string, unknown>).map(([name, property]) => [name, closed(property)]),
    );
    copy['additionalProperties'] ??= false;
  }
  if (copy['items']) copy['items'] = closed(copy['items']);
  if (copy['additionalProperties'] && typeof copy['additionalProperties'] === 'object')
    copy['additionalProperties'] = closed(copy['additionalProperties']);
  return copy;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
