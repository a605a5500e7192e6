import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019, { type ValidateFunction } from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import type { Exchange } from '../testing/exchange-recorder';

/**
 * The parts of an OpenAPI 3.0 document (GitHub's) or a Swagger 2.0 one (Slack's) the judge reads,
 * as kept under descriptions/ by scripts/update-openapi-descriptions.mjs.
 */
interface Description {
  readonly openapi?: string;
  readonly swagger?: string;
  readonly info: { title: string; version: string };
  readonly paths: Record<string, PathItem>;
}

type PathItem = Record<string, Operation | Parameter[] | undefined> & { parameters?: Parameter[] };

interface Operation {
  readonly operationId: string;
  readonly parameters?: Parameter[];
  /** `$ref`s to `#/components/responses/…` are resolved when the judge reads the description. */
  readonly responses: Record<string, Response>;
}

/** 3.0 puts a parameter's type under `schema`; 2.0 on the parameter itself. */
interface Parameter {
  readonly $ref?: string;
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly schema?: object;
  readonly type?: string;
}

/** 3.0 puts a body's schema under `content`; 2.0 under `schema`. */
interface Response {
  readonly $ref?: string;
  readonly content?: Record<string, { schema?: object }>;
  readonly schema?: object;
}

interface Route {
  readonly method: string;
  readonly template: string;
  readonly pattern: RegExp;
  readonly operation: Operation;
  readonly parameters: Parameter[];
}

export interface JudgeOptions {
  /**
   * Documented maxima the description states only in prose, by query parameter (GitHub's
   * `per_page`, "max 100").
   */
  readonly maxima?: Readonly<Record<string, number>>;
  /**
   * Where the provider documents that an operation accepts any HTTP method its description does not
   * list (Slack: "Methods accept GET or POST"), every method is judged as the documented one.
   */
  readonly anyHttpMethod?: boolean;
  /**
   * Answers the provider documents for every operation outside the per-operation lists (GitHub's
   * rate limits: 403 and 429 for any request), by status: a reference into the description.
   */
  readonly commonResponses?: Readonly<Record<string, string>>;
  /**
   * Where the provider answers errors with a success status (Slack's HTTP 200 with `"ok": false`),
   * which answers are errors: they are judged by the operation's `default` response.
   */
  readonly isError?: (body: unknown) => boolean;
  /**
   * Where the description is known to be stale, what the provider documents since, each with its
   * source: applied to the description before judging, and counted in the report.
   */
  readonly amendments?: readonly Amendment[];
}

/** A description as amendments edit it: any node of the JSON document, as the provider wrote it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document's shape is the provider's
type OpenDescription = Record<'paths' | 'definitions' | 'components', Record<string, any>>;

export interface Amendment {
  /** Where the provider documents the behaviour the description lacks. */
  readonly source: string;
  readonly amend: (description: OpenDescription) => void;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const JSON_TYPES = /^application\/(?:[\w.+-]+\+)?json$/;

/**
 * A strict reader of a provider's own OpenAPI description, judging the exchanges a provider module
 * had with an emulation: the operation must exist, every query parameter must be one it defines (of
 * its type, enum and bounds) and every required one present, the status must be documented, and the
 * answer must match the operation's schema with no property the schema lacks.
 */
export class OpenApiJudge {
  readonly name: string;
  private readonly routes: Route[];
  private readonly ajv = new Ajv2019({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly id: string;

  constructor(
    file: string,
    private readonly options: JudgeOptions = {},
  ) {
    const description = JSON.parse(readFileSync(join(__dirname, '../descriptions', file), 'utf8')) as Description;
    for (const { amend } of options.amendments ?? []) amend(description as unknown as OpenDescription);
    const amended = options.amendments?.length;
    this.name = `${description.info.title} ${description.info.version}${amended ? ` (${amended} amendments)` : ''}`;
    this.id = file;
    addFormats(this.ajv);
    // GitHub's description leaves some formats to its readers (`repo.created_at` as "date-time", but also "uri-template").
    this.ajv.addFormat('uri-template', true);
    const { paths, ...rest } = description;
    this.ajv.addSchema({ $id: this.id, ...closedComponents(retarget(withNull(rest), this.id)) });
    this.routes = Object.entries(paths)
      .flatMap(([template, item]) =>
        HTTP_METHODS.filter((method) => item[method]).map((method) => {
          const operation = item[method] as Operation;
          const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) =>
            p.$ref ? (this.resolve(description, p.$ref) as Parameter) : p,
          );
          return {
            method: method.toUpperCase(),
            template,
            pattern: new RegExp(`^${escape(template).replace(/\\\{\w+\\\}/g, '[^/]+')}$`),
            operation: {
              ...operation,
              responses: Object.fromEntries(
                Object.entries(operation.responses).map(([status, r]) => [
                  status,
                  (r.$ref ? this.resolve(description, r.$ref) : r) as Response,
                ]),
              ),
            },
            parameters,
          };
        }),
      )
      // A literal path beats a template.
      .sort((a, b) => a.template.split('{').length - b.template.split('{').length);
  }

  /** Violations of one exchange at `path` (the provider's real path: the emulation serves the real ones). */
  judge(exchange: Exchange, path = exchange.path): { operation: string | null; violations: string[] } {
    const where = `${exchange.method} ${path} → ${exchange.status}`;
    const route = this.routes.find(
      (r) => (this.options.anyHttpMethod || r.method === exchange.method) && r.pattern.test(path),
    );
    if (!route) return { operation: null, violations: [`${where}: no operation of ${this.name}`] };
    const { operation, parameters } = route;
    const violations: string[] = [];
    // Slack reads a POST's form body as it reads the query string.
    const args = new URLSearchParams([...exchange.query, ...(exchange.form ?? [])]);
    for (const name of new Set(args.keys())) {
      const parameter = parameters.find((p) => p.name === name && ['query', 'formData'].includes(p.in));
      if (!parameter) {
        violations.push(`${where}: ${name} is not a parameter of ${operation.operationId}`);
        continue;
      }
      for (const value of args.getAll(name)) violations.push(...this.parameterViolations(where, parameter, value));
    }
    for (const parameter of parameters) {
      if (parameter.required && parameter.in === 'query' && !args.has(parameter.name))
        violations.push(`${where}: required ${parameter.name} missing`);
    }
    const common = this.options.commonResponses?.[String(exchange.status)];
    const response = this.options.isError?.(exchange.body)
      ? operation.responses['default']
      : (operation.responses[String(exchange.status)] ??
        (common ? { schema: { $ref: common } } : operation.responses['default']));
    if (!response) {
      violations.push(`${where}: status not documented for ${operation.operationId}`);
    } else {
      const schema = response.schema ?? responseSchema(response);
      if (schema) violations.push(...this.schemaViolations(where, schema, exchange.body));
      else if (exchange.body !== undefined) violations.push(`${where}: a body where ${operation.operationId} has none`);
    }
    return { operation: operation.operationId, violations };
  }

  private parameterViolations(where: string, parameter: Parameter, value: string): string[] {
    const schema = (parameter.schema ?? parameter) as { type?: string };
    const maximum = this.options.maxima?.[parameter.name];
    let typed: unknown = value;
    if (schema.type === 'integer' || schema.type === 'number') typed = value.trim() === '' ? NaN : Number(value);
    if (schema.type === 'boolean') typed = value === 'true' ? true : value === 'false' ? false : value;
    const problems = this.schemaViolations(`${where}: ${parameter.name}=${value}`, toSchema(schema), typed, 'is');
    if (maximum !== undefined && typeof typed === 'number' && typed > maximum)
      problems.push(`${where}: ${parameter.name}=${value} > ${maximum} (documented maximum)`);
    return problems;
  }

  private schemaViolations(where: string, schema: object, body: unknown, subject = 'body'): string[] {
    const key = JSON.stringify(schema);
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(retarget(closed(withNull(schema)) as object, this.id));
      this.validators.set(key, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).slice(0, 5).map((e) => {
      const extra =
        'unevaluatedProperty' in e.params
          ? ` (${String(e.params['unevaluatedProperty'])})`
          : 'additionalProperty' in e.params
            ? ` (${String(e.params['additionalProperty'])})`
            : '';
      return subject === 'body' ? `${where}: body${e.instancePath} ${e.message}${extra}` : `${where} ${e.message}`;
    });
  }

  private resolve(description: object, ref: string): unknown {
    return ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], description);
  }
}

/** The JSON body's schema of a 3.0 response, whatever JSON media type it is listed under. */
function responseSchema(response: Response): object | undefined {
  const media = Object.entries(response.content ?? {}).find(([type]) => JSON_TYPES.test(type));
  return media?.[1].schema;
}

/** A 2.0 parameter is its own schema (`type`, `enum`, bounds), minus what describes the parameter. */
function toSchema(schema: object): object {
  const { name, in: _in, required, description, ...rest } = schema as Parameter & { description?: string };
  void name;
  void _in;
  void required;
  void description;
  return rest;
}

/**
 * OpenAPI 3.0's `nullable: true` as JSON Schema: `null` joins the type (and the enum), or, beside a
 * `$ref` or a composition, becomes an alternative.
 */
function withNull<T>(node: T): T {
  if (Array.isArray(node)) return node.map(withNull) as T;
  if (!node || typeof node !== 'object') return node;
  const { nullable, ...rest } = Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, withNull(value)]),
  ) as Record<string, unknown>;
  if (nullable !== true) return (nullable === undefined ? rest : { ...rest, nullable }) as T;
  if (typeof rest['type'] === 'string') {
    return {
      ...rest,
      type: [rest['type'], 'null'],
      ...(Array.isArray(rest['enum']) ? { enum: [...(rest['enum'] as unknown[]), null] } : {}),
    } as T;
  }
  return { anyOf: [{ type: 'null' }, rest] } as T;
}

/** `#/components/…` and `#/definitions/…` references, made absolute so schemas compile outside the document. */
function retarget<T>(node: T, id: string): T {
  return JSON.parse(JSON.stringify(node).replace(/"\$ref":"#\//g, `"$ref":"${id}#/`)) as T;
}

function closedComponents(rest: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...rest };
  if (copy['definitions']) copy['definitions'] = mapValues(copy['definitions'], closed);
  const components = copy['components'] as Record<string, unknown> | undefined;
  if (components?.['schemas'])
    copy['components'] = { ...components, schemas: mapValues(components['schemas'], closed) };
  return copy;
}

function mapValues(record: unknown, f: (value: unknown) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record as Record<string, unknown>).map(([k, v]) => [k, f(v)]));
}

/**
 * Every object schema that lists its properties admits no others (the emulation may not invent
 * fields). `unevaluatedProperties` rather than `additionalProperties`, so an `allOf` of parts is
 * closed as a whole and not part by part. Walks schema positions only: a property may itself be
 * named `properties`.
 */
function closed(schema: unknown, partOfAllOf = false): unknown {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const copy = { ...(schema as Record<string, unknown>) };
  if (copy['properties']) copy['properties'] = mapValues(copy['properties'], (p) => closed(p));
  for (const key of ['anyOf', 'oneOf'])
    if (Array.isArray(copy[key])) copy[key] = (copy[key] as unknown[]).map((s) => closed(s));
  if (Array.isArray(copy['allOf'])) copy['allOf'] = (copy['allOf'] as unknown[]).map((s) => closed(s, true));
  if (Array.isArray(copy['items'])) copy['items'] = (copy['items'] as unknown[]).map((s) => closed(s));
  else if (copy['items']) copy['items'] = closed(copy['items']);
  if (copy['additionalProperties'] && typeof copy['additionalProperties'] === 'object')
    copy['additionalProperties'] = closed(copy['additionalProperties']);
  if (
    !partOfAllOf &&
    (copy['properties'] || copy['allOf']) &&
    copy['additionalProperties'] === undefined &&
    copy['unevaluatedProperties'] === undefined
  )
    copy['unevaluatedProperties'] = false;
  return copy;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
