import { ValidationError } from 'class-validator';
import { MultilineText, textProblems, toFieldProblems } from './validation';

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

describe('textProblems', () => {
  class Form {
    name!: string;
    @MultilineText()
    certificate!: string;
  }
  const form = (fields: Partial<Form>) => Object.assign(new Form(), fields);

  it('should accept ordinary text, emoji (surrogate pairs) included', () => {
    expect(textProblems(form({ name: 'Ada 🚀 Lovelace', certificate: 'a\nb' }), '')).toEqual([]);
  });

  it('should name a field with a lone surrogate, high or low', () => {
    for (const name of ['a\uD800', '\uDC00b', 'x\uDBFF']) {
      expect(textProblems(form({ name }), '')).toEqual([
        { field: 'name', message: 'name must be well-formed Unicode text (it has a lone surrogate)' },
      ]);
    }
  });

  it('should refuse NUL, DEL, C1 controls and line breaks in one-line text', () => {
    for (const name of ['a\u0000', 'a\u007F', 'a\u0085', 'a\nb', 'a\tb']) {
      expect(textProblems(form({ name }), '').map((p) => p.field)).toEqual(['name']);
    }
  });

  it('should let a multi-line property and what it holds have tabs and line breaks, but not NUL', () => {
    expect(textProblems(form({ certificate: '-----BEGIN-----\r\n\tAA==\n' }), '')).toEqual([]);
    expect(textProblems(form({ certificate: 'a\u0000' }), '').map((p) => p.field)).toEqual(['certificate']);
  });

  it('should walk arrays, plain objects and keys, naming the dotted path', () => {
    expect(textProblems({ list: ['ok', 'a\u0000'], map: { ['k\u0000']: 'v' } }, '')).toEqual([
      expect.objectContaining({ field: 'list.1' }),
      expect.objectContaining({ field: 'map' }),
    ]);
    expect(textProblems('a\u0000', 'provider')).toEqual([expect.objectContaining({ field: 'provider' })]);
  });
});
