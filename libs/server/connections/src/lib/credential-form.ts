import type { CredentialField } from '@hub/server/integrations/core';

export interface FieldError {
  field: string;
  message: string;
}

/**
 * Checks submitted credentials against the manifest's fields: unknown keys refused, types and limits
 * enforced, secrets taken from `previous` when an edit leaves them out (they are write-only). Returns
 * the clean values or the field errors, each naming the field as `credentials.<key>`.
 */
export function validateCredentials(
  fields: readonly CredentialField[],
  input: Record<string, unknown>,
  previous: Record<string, unknown> | null = null,
): { values: Record<string, string | number | boolean>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const values: Record<string, string | number | boolean> = {};
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(input)) {
    if (!known.has(key))
      errors.push({ field: `credentials.${key}`, message: `${key} is not a field of this integration` });
  }
  for (const field of fields) {
    const at = `credentials.${field.key}`;
    let value = input[field.key];
    if ((value === undefined || value === '') && field.secret && previous && previous[field.key] !== undefined) {
      value = previous[field.key];
    }
    if (value === undefined || value === null || value === '') {
      if (field.default !== undefined) values[field.key] = field.default;
      else if (field.required) errors.push({ field: at, message: `${field.label} is required` });
      continue;
    }
    const problem = fieldProblem(field, value);
    if (problem) errors.push({ field: at, message: problem });
    else values[field.key] = value as string | number | boolean;
  }
  return { values, errors };
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
