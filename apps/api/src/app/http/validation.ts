import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import type { FieldProblem } from './problem-details';

/** Flattens class-validator's tree into `{ field: 'a.b', message }` pairs. */
export function toFieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...toFieldProblems(error.children ?? [], field)];
  });
}

/** The one validation policy: unknown fields are refused, not silently dropped; types are converted. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const problems = toFieldProblems(errors);
      return new BadRequestException({
        detail: `The request has ${problems.length} invalid field${problems.length === 1 ? '' : 's'}.`,
        errors: problems,
      });
    },
  });
}
