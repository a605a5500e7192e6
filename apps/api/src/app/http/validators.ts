import { Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { buildMessage, ValidateBy, type ValidationOptions } from 'class-validator';

/** PostgreSQL's bigint: ids of bigserial tables (audit events) are at most this. */
const MAX_BIGINT = 9223372036854775807n;

/** A bigint id as a decimal string (1 … 2^63-1): larger would make PostgreSQL fail the query instead of matching nothing. */
export function IsBigIntId(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isBigIntId',
      validator: {
        validate: (value) =>
          typeof value === 'string' && /^[1-9][0-9]{0,18}$/.test(value) && BigInt(value) <= MAX_BIGINT,
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a whole number from 1 to ${MAX_BIGINT} (an id this API returned)`,
          options,
        ),
      },
    },
    options,
  );
}

/**
 * A uuid path parameter: validated (400 otherwise) and documented as `format: uuid`, in one place.
 */
export function UuidParam(name: string): ParameterDecorator {
  return (target, key, index) => {
    Param(name, ParseUUIDPipe)(target, key, index);
    const descriptor = key === undefined ? undefined : Object.getOwnPropertyDescriptor(target, key);
    if (key !== undefined && descriptor) ApiParam({ name, type: String, format: 'uuid' })(target, key, descriptor);
  };
}
