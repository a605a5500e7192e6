import type { CredentialField } from '@hub/server/integrations/core';

export interface FieldError {
  field: string;
  message: string;
}

/** A stored secret the form was asked to reuse although the fields that say where it goes changed. */
export interface RefusedSecretReuse {
  /** Keys of the secrets that must be entered again. */
  readonly secrets: string[];
  /** Keys of the fields whose change requires it. */
  readonly changed: string[];
}

/**
 * Checks submitted credentials against the manifest's fields: unknown keys refused, types and limits
 * enforced, and each field named as `credentials.<key>` in the errors.
 *
 * Secrets are write-only, so an edit may leave them out and keep the stored ones (`previous`) — but
 * only while every non-secret field (host, port, database, user, SSL mode, CA: where the secret is
 * sent and how) is unchanged. Otherwise a stored password could be sent to a host of the caller's
 * choosing; the form must ask for it again (`refusedReuse` says which, for the audit log).
 */
export function validateCredentials(
  fields: readonly CredentialField[],
  input: Record<string, unknown>,
  previous: Record<string, unknown> | null = null,
): {
  values: Record<string, string | number | boolean>;
  errors: FieldError[];
  refusedReuse: RefusedSecretReuse | null;
} {
  const errors: FieldError[] = [];
  const values: Record<string, string | number | boolean> = {};
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(input)) {
    if (!known.has(key))
      errors.push({ field: `credentials.${key}`, message: `${key} is not a field of this integration` });
  }
  const given = (key: string) => input[key] !== undefined && input[key] !== null && input[key] !== '';
  for (const field of fields.filter((f) => !f.secret)) {
    const problem = checkField(field, input[field.key], values);
    if (problem) errors.push(problem);
  }
  const changed = previous
    ? fields.filter((f) => !f.secret && !sameValue(values[f.key], previous[f.key])).map((f) => f.key)
    : [];
  const refused: string[] = [];
  for (const field of fields.filter((f) => f.secret)) {
    let value = input[field.key];
    if (!given(field.key) && previous && previous[field.key] !== undefined) {
      if (changed.length === 0) value = previous[field.key];
      else {
        refused.push(field.key);
        const labels = fields.filter((f) => changed.includes(f.key)).map((f) => f.label);
        errors.push({
          field: `credentials.${field.key}`,
          message: `Enter the ${field.label.toLowerCase()} again: the stored one is only reused while ${labels.join(', ')} ${labels.length === 1 ? 'stays' : 'stay'} the same.`,
        });
        continue;
      }
    }
    const problem = checkField(field, value, values);
    if (problem) errors.push(problem);
  }
  // Errors in the manifest's field order after any unknown keys, as people read the form.
  const order = (e: FieldError) => fields.findIndex((f) => `credentials.${f.key}` === e.field);
  errors.sort((a, b) => order(a) - order(b));
  return { values, errors, refusedReuse: refused.length > 0 ? { secrets: refused, changed } : null };
}

/** Puts a field's value (or default) into `values`, or answers what is wrong with it. */
function checkField(
  field: CredentialField,
  value: unknown,
  values: Record<string, string | number | boolean>,
): FieldError | null {
  const at = `credentials.${field.key}`;
  if (value === undefined || value === null || value === '') {
    if (field.default !== undefined) values[field.key] = field.default;
    else if (field.required) return { field: at, message: `${field.label} is required` };
    return null;
  }
  const problem = fieldProblem(field, value);
  if (problem) return { field: at, message: problem };
  values[field.key] = value as string | number | boolean;
  return null;
}

/** Whether a field keeps its stored value; absent and empty are the same. */
function sameValue(next: unknown, stored: unknown): boolean {
  const normal = (v: unknown) => (v === undefined || v === null || v === '' ? null : v);
  return normal(next) === normal(stored);
}

function fieldProblem(field: CredentialField, value: unknown): string | null {
  switch (field.type) {
    case 'number':
      if (typeof value !== 'number' || !Number.isInteger(value)) return `${field.label} must be a whole number`;
      if (field.min !== undefined && value < field.min) return `${field.label} must be at least ${field.min}`;
      if (field.max !== undefined && value > field.max) return `${field.label} must be at most ${field.max}`;
      return null;
    case 'boolean':
      return typeof value === 'boolean' ? null : `${field.label} must be true or false`;
    case 'select':
      return typeof value === 'string' && field.options?.some((o) => o.value === value)
        ? null
        : `${field.label} must be one of: ${field.options?.map((o) => o.value).join(', ')}`;
    default: {
      if (typeof value !== 'string') return `${field.label} must be text`;
      if (field.maxLength !== undefined && value.length > field.maxLength)
        return `${field.label} must be at most ${field.maxLength} characters`;
      if (field.type !== 'textarea' && /\p{Cc}/u.test(value))
        return `${field.label} must not contain control characters`;
      if (field.pattern !== undefined && !new RegExp(field.pattern).test(value))
        return `${field.label} has an invalid format`;
      return null;
    }
  }
}
