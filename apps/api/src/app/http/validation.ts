import {
  type ArgumentMetadata,
  BadRequestException,
  ValidationError,
  ValidationPipe,
  type ValidationPipeOptions,
} from '@nestjs/common';
import type { FieldProblem } from './problem-details';

/** Flattens class-validator's tree into `{ field: 'a.b', message }` pairs. */
export function toFieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...toFieldProblems(error.children ?? [], field)];
  });
}

const invalidFields = (problems: FieldProblem[]) =>
  new BadRequestException({
    detail: `The request has ${problems.length} invalid field${problems.length === 1 ? '' : 's'}.`,
    errors: problems,
  });

const MULTILINE_TEXT = Symbol('hub:multiline-text');

/**
 * Lets a property (and everything in it) hold tabs and line breaks, e.g. a PEM certificate. Every
 * other string the api takes is one line.
 */
export function MultilineText(): PropertyDecorator {
  return (target, property) => Reflect.defineMetadata(MULTILINE_TEXT, true, target, property);
}

// With the `u` flag a surrogate pair is one code point, so \p{Cs} matches lone surrogates only.
const LONE_SURROGATE = /\p{Cs}/u;
const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_LINES = /(?![\t\n\r])\p{Cc}/u;

/**
 * The text rule for every string of a request (bodies, queries, path parameters, object keys too):
 * well-formed UTF-16 (a lone surrogate has no UTF-8 form) and no control characters (PostgreSQL
 * refuses NUL in text; line breaks in a name end up in logs, headers and e-mails). `shape` is the class
 * whose @MultilineText() properties may hold line breaks (a class instance's own class otherwise).
 */
export function textProblems(value: unknown, field: string, multiline = false, shape?: object): FieldProblem[] {
  const label = field || 'the body';
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value))
      return [{ field, message: `${label} must be well-formed Unicode text (it has a lone surrogate)` }];
    if (multiline ? CONTROL_BUT_LINES.test(value) : CONTROL.test(value))
      return [
        {
          field,
          message: multiline
            ? `${label} must not contain control characters other than tabs and line breaks`
            : `${label} must not contain control characters (line breaks and tabs included)`,
        },
      ];
    return [];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => textProblems(item, join(field, String(i)), multiline));
  if (typeof value !== 'object' || value === null || value instanceof Date) return [];
  const prototype = shape ?? (Object.getPrototypeOf(value) as object | null);
  return Object.entries(value).flatMap(([key, item]) => {
    if (LONE_SURROGATE.test(key) || CONTROL.test(key))
      return [{ field: label, message: `${label} has a key with control characters or a lone surrogate` }];
    const lines = multiline || (prototype !== null && Reflect.getMetadata(MULTILINE_TEXT, prototype, key) === true);
    return textProblems(item, join(field, key), lines);
  });
}

const join = (parent: string, key: string) => (parent ? `${parent}.${key}` : key);

/**
 * The text rule first, then class-validator's checks: some of those throw on malformed text (IsEmail
 * on a lone surrogate: "URI malformed"), which would answer 500.
 */
class HubValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const field = metadata.type === 'body' ? '' : (metadata.data ?? '');
      const problems = textProblems(value, field, false, metadata.metatype?.prototype as object | undefined);
      if (problems.length > 0) throw invalidFields(problems);
    }
    return super.transform(value, metadata);
  }
}

/** The one validation policy: unknown fields are refused, not silently dropped; types are converted; text is checked. */
export function createValidationPipe(): ValidationPipe {
  const options: ValidationPipeOptions = {
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => invalidFields(toFieldProblems(errors)),
  };
  return new HubValidationPipe(options);
}
