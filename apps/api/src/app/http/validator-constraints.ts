import { getMetadataStorage } from 'class-validator';

interface Rule {
  readonly name?: string;
  readonly propertyName: string;
  readonly constraints?: unknown[];
  readonly each?: boolean;
}

/** What a class-validator rule enforces, in JSON Schema words (only rules with one). */
const KEYWORDS: Record<string, (constraints: unknown[]) => Record<string, unknown>> = {
  isEmail: () => ({ format: 'email' }),
  isUuid: () => ({ format: 'uuid' }),
  isUrl: () => ({ format: 'uri' }),
  minLength: ([n]) => ({ minLength: n }),
  maxLength: ([n]) => ({ maxLength: n }),
  matches: ([pattern]) => ({ pattern: pattern instanceof RegExp ? pattern.source : String(pattern) }),
  min: ([n]) => ({ minimum: n }),
  max: ([n]) => ({ maximum: n }),
  arrayMaxSize: ([n]) => ({ maxItems: n }),
  isBigIntId: () => ({ pattern: '^[1-9][0-9]{0,18}$' }),
};

/**
 * The constraints the server enforces, written into the document's component schemas from the same
 * class-validator rules that enforce them, so the two cannot drift. A keyword the DTO's
 * `@ApiProperty` already states is kept.
 */
export function addValidatorConstraints(schemas: Record<string, unknown>): void {
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<abstract new (...args: never[]) => unknown, Rule[]>;
  };
  for (const [target, rules] of storage.validationMetadatas) {
    const schema = schemas[target.name] as { properties?: Record<string, Record<string, unknown>> } | undefined;
    if (!schema?.properties) continue;
    for (const rule of rules) {
      const keywords = rule.name ? KEYWORDS[rule.name]?.(rule.constraints ?? []) : undefined;
      const property = schema.properties[rule.propertyName];
      if (!keywords || !property) continue;
      const into = rule.each && property['items'] ? (property['items'] as Record<string, unknown>) : property;
      for (const [keyword, value] of Object.entries(keywords)) into[keyword] ??= value;
    }
  }
}
