import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** One answer the api gave, as a client saw it. */
export interface Answer {
  readonly method: string;
  /** The path without its query string. */
  readonly path: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | number | undefined>>;
  /** The parsed JSON body, or undefined when there was none or it was not JSON. */
  readonly body: unknown;
  readonly rawBody: string;
}

export interface Verdict {
  /** The operation answered, or null for a path the document does not describe. */
  readonly operationId: string | null;
  readonly violations: readonly string[];
}

interface Operation {
  readonly operationId: string;
  readonly method: string;
  readonly template: string;
  readonly pattern: RegExp;
  readonly responses: Record<string, ResponseObject>;
  /** Server-sent events by name: the schema of each one's `data`. */
  readonly events?: Record<string, { data: object }>;
}

interface ResponseObject {
  readonly content?: Record<string, { schema?: object }>;
  readonly headers?: Record<string, { required?: boolean; schema?: object }>;
}

export const DOCUMENT_PATH = join(__dirname, '../../../../../openapi/api.json');
const DOCUMENT_ID = 'hub-openapi';
const JSON_TYPES = /^application\/(?:[\w.+-]+\+)?json$/;

/**
 * The committed OpenAPI document as a strict judge of answers: the status must be documented for
 * the operation, the content type must be one it lists, and the body must match its schema with no
 * undeclared properties (the published schemas leave `additionalProperties` open for clients'
 * forward compatibility; the server's own answers are held to exactly what it declares).
 */
export class ApiContract {
  readonly operations: readonly Operation[];
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(document: OpenApiDocument = JSON.parse(readFileSync(DOCUMENT_PATH, 'utf8'))) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: DOCUMENT_ID, components: closed(retarget(document.components ?? {})) });
    this.operations = Object.entries(document.paths).flatMap(([template, item]) =>
      Object.entries(item)
        .filter(([method]) => ['get', 'put', 'post', 'delete', 'patch'].includes(method))
        .map(([method, operation]) => ({
          operationId: operation.operationId,
          method: method.toUpperCase(),
          template,
          pattern: new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`),
          responses: retarget(operation.responses) as Record<string, ResponseObject>,
          events: operation['x-server-sent-events'] && retarget(operation['x-server-sent-events']),
        })),
    );
  }

  /** The operation a request reached; a literal path beats a template (`/invitations/accept`). */
  operationFor(method: string, path: string): Operation | undefined {
    const matches = this.operations.filter((op) => op.method === method.toUpperCase() && op.pattern.test(path));
    return matches.find((op) => !op.template.includes('{')) ?? matches[0];
  }

  judge(answer: Answer): Verdict {
    const operation = this.operationFor(answer.method, answer.path);
    if (!operation) return { operationId: null, violations: this.unrouted(answer) };
    const where = `${answer.method} ${answer.path} → ${answer.status} (${operation.operationId})`;
    const response = operation.responses[String(answer.status)] ?? operation.responses['default'];
    if (!response) return { operationId: operation.operationId, violations: [`${where}: status not documented`] };
    const violations: string[] = [];
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      if (header.required && answer.headers[name.toLowerCase()] === undefined)
        violations.push(`${where}: required header ${name} missing`);
    }
    const contentType = String(answer.headers['content-type'] ?? '')
      .split(';')[0]
      .trim();
    const documented = response.content ?? {};
    if (!answer.rawBody) {
      if (Object.keys(documented).length && answer.status !== 304)
        violations.push(`${where}: empty body, documented ${Object.keys(documented).join(', ')}`);
      return { operationId: operation.operationId, violations };
    }
    const media = documented[contentType];
    if (!media) {
      violations.push(
        `${where}: content type ${contentType || '(none)'} not documented (${Object.keys(documented).join(', ') || 'no body'})`,
      );
    } else if (media.schema && JSON_TYPES.test(contentType)) {
      violations.push(...this.schemaViolations(where, media.schema, answer.body));
    } else if (contentType === 'text/event-stream') {
      violations.push(...this.eventViolations(where, operation, answer.rawBody));
    }
    return { operationId: operation.operationId, violations };
  }

  /** Paths outside the document may only get the router's problem answers (bad path, no route). */
  private unrouted(answer: Answer): string[] {
    const where = `${answer.method} ${answer.path} → ${answer.status} (no operation)`;
    if (![400, 404, 405].includes(answer.status)) return [`${where}: the document has no such operation`];
    return this.schemaViolations(where, { $ref: `${DOCUMENT_ID}#/components/schemas/ProblemDetails` }, answer.body);
  }

  /** Each complete event of the stream: a documented name, and data of its schema (`ping` has none). */
  private eventViolations(where: string, operation: Operation, stream: string): string[] {
    const events = stream.split('\n\n').slice(0, -1);
    return events.flatMap((block) => {
      const name = /^event: ?(.*)$/m.exec(block)?.[1] ?? 'message';
      const data = [...block.matchAll(/^data: ?(.*)$/gm)].map((m) => m[1]).join('\n');
      if (name === 'ping') return data ? [`${where}: ping with data`] : [];
      const schema = operation.events?.[name]?.data;
      if (!schema) return [`${where}: event ${name} not documented`];
      let body: unknown;
      try {
        body = JSON.parse(data);
      } catch {
        return [`${where}: event ${name} data is not JSON`];
      }
      return this.schemaViolations(`${where} event ${name}`, schema, body);
    });
  }

  private schemaViolations(where: string, schema: object, body: unknown): string[] {
    const key = JSON.stringify(schema);
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(closed(schema));
      this.validators.set(key, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) =>
        `${where}: body${e.instancePath} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params['additionalProperty'])})` : ''}`,
    );
  }
}

export interface OpenApiDocument {
  readonly paths: Record<
    string,
    Record<
      string,
      { operationId: string; responses: object; 'x-server-sent-events'?: Record<string, { data: object }> }
    >
  >;
  readonly components?: object;
}

/** `#/components/…` references, made absolute so schemas compile outside the document. */
function retarget<T>(node: T): T {
  return JSON.parse(JSON.stringify(node).replace(/"#\/components\//g, `"${DOCUMENT_ID}#/components/`)) as T;
}

/** Every object schema that lists its properties admits no others. */
function closed<T>(node: T): T {
  if (Array.isArray(node)) return node.map(closed) as T;
  if (!node || typeof node !== 'object') return node;
  const copy = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, closed(value)]));
  if (copy['properties'] && copy['additionalProperties'] === undefined) copy['additionalProperties'] = false;
  return copy as T;
}
