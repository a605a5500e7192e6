import { ValidationError } from 'class-validator';
import { toFieldProblems } from './validation';

const error = (
  property: string,
  constraints?: Record<string, string>,
  children: ValidationError[] = [],
): ValidationError => Object.assign(new ValidationError(), { property, constraints, children });

describe('toFieldProblems', () => {
  it('should name nested fields by their dotted path', () => {
    const problems = toFieldProblems([
      error('name', { isNotEmpty: 'name should not be empty' }),
      error('settings', undefined, [error('frequency', { isIn: 'frequency must be one of: hourly, daily' })]),
    ]);
    expect(problems).toEqual([
      { field: 'name', message: 'name should not be empty' },
      { field: 'settings.frequency', message: 'frequency must be one of: hourly, daily' },
    ]);
  });

  it('should keep every message of a field', () => {
    expect(
      toFieldProblems([error('port', { isInt: 'port must be an integer', min: 'port must not be less than 1' })]),
    ).toHaveLength(2);
  });
});
