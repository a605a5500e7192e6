import type { Request } from 'express';
import { ControlInputError, envInteger, mutationRequest } from './control-input';

const request = (body: unknown) => ({ body }) as Request;

describe('mutationRequest', () => {
  it('should read added, updated and deleted', () => {
    expect(mutationRequest(request({ added: 3, updated: 2, deleted: 1 }), 1000)).toEqual({
      added: 3,
      updated: 2,
      deleted: 1,
    });
  });

  it('should count a field left out as 0', () => {
    expect(mutationRequest(request({ updated: 5 }), 1000)).toEqual({ added: 0, updated: 5, deleted: 0 });
  });

  it.each([
    ['no body at all', undefined],
    ['a null body', null],
    ['an empty object', {}],
  ])('should ask for nothing given %s', (_case, body) => {
    expect(mutationRequest(request(body), 1000)).toEqual({ added: 0, updated: 0, deleted: 0 });
  });

  it('should accept 0 and exactly max', () => {
    expect(mutationRequest(request({ added: 0, updated: 10, deleted: 10 }), 10)).toEqual({
      added: 0,
      updated: 10,
      deleted: 10,
    });
  });

  it.each([
    [{ added: 11 }, 'added must be a whole number from 0 to 10 (got 11)'],
    [{ updated: -1 }, 'updated must be a whole number from 0 to 10 (got -1)'],
    [{ deleted: 1.5 }, 'deleted must be a whole number from 0 to 10 (got 1.5)'],
    [{ added: '3' }, 'added must be a whole number from 0 to 10 (got "3")'],
    [{ added: null }, 'added must be a whole number from 0 to 10 (got null)'],
    [{ added: true }, 'added must be a whole number from 0 to 10 (got true)'],
  ])('should refuse %j, naming the field and the value', (body, message) => {
    const refuse = () => mutationRequest(request(body), 10);
    expect(refuse).toThrow(ControlInputError);
    expect(refuse).toThrow(message);
  });

  it('should refuse the first bad field in the order added, updated, deleted', () => {
    expect(() => mutationRequest(request({ deleted: -1, added: -1 }), 10)).toThrow(/^added must/);
  });

  it('should refuse unknown fields, listing the allowed ones', () => {
    expect(() => mutationRequest(request({ added: 1, removed: 1 }), 10)).toThrow(
      new ControlInputError('Unknown field(s): removed (allowed: added, updated, deleted)'),
    );
  });

  it.each([
    ['an array', [1, 2]],
    ['a string', 'added=1'],
    ['a number', 3],
  ])('should refuse a body that is %s rather than a JSON object', (_case, body) => {
    expect(() => mutationRequest(request(body), 10)).toThrow(new ControlInputError('The body must be a JSON object'));
  });
});

describe('envInteger', () => {
  it('should read a whole number within the bounds, the bounds included', () => {
    expect(envInteger({ N: '7' }, 'N', { min: 0, max: 10 })).toBe(7);
    expect(envInteger({ N: '0' }, 'N', { min: 0, max: 10 })).toBe(0);
    expect(envInteger({ N: '10' }, 'N', { min: 0, max: 10 })).toBe(10);
  });

  it('should read any safe integer, negative ones too, when no bounds are given', () => {
    expect(envInteger({ SEED: '-42' }, 'SEED')).toBe(-42);
    expect(envInteger({ SEED: String(Number.MAX_SAFE_INTEGER) }, 'SEED')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('should ignore spaces around the number, as Number() does', () => {
    expect(envInteger({ N: ' 7 ' }, 'N', { min: 0, max: 10 })).toBe(7);
  });

  it.each([
    ['unset', {}],
    ['empty', { N: '' }],
    ['blank', { N: '  ' }],
  ])('should read an %s variable as undefined when there is no fallback', (_case, env) => {
    expect(envInteger(env, 'N', { min: 0, max: 10 })).toBeUndefined();
    expect(envInteger(env, 'N')).toBeUndefined();
  });

  it.each([
    ['unset', {}],
    ['empty', { N: '' }],
    ['blank', { N: '  ' }],
  ])('should read an %s variable as the fallback', (_case, env) => {
    expect(envInteger(env, 'N', { min: 0, max: 10, fallback: 5 })).toBe(5);
  });

  it('should prefer a set value to the fallback', () => {
    expect(envInteger({ N: '0' }, 'N', { min: 0, max: 10, fallback: 5 })).toBe(0);
  });

  it('should only read the variable it is asked for', () => {
    expect(envInteger({ OTHER: 'abc' }, 'N')).toBeUndefined();
  });

  it.each([
    ['abc', 'N must be a whole number from 0 to 10 (got "abc")'],
    ['1.5', 'N must be a whole number from 0 to 10 (got "1.5")'],
    ['7 links', 'N must be a whole number from 0 to 10 (got "7 links")'],
    ['-1', 'N must be a whole number from 0 to 10 (got "-1")'],
    ['11', 'N must be a whole number from 0 to 10 (got "11")'],
    ['Infinity', 'N must be a whole number from 0 to 10 (got "Infinity")'],
  ])('should refuse N=%s with a RangeError naming the variable, the bounds and the value', (value, message) => {
    const refuse = () => envInteger({ N: value }, 'N', { min: 0, max: 10 });
    expect(refuse).toThrow(RangeError);
    expect(refuse).toThrow(message);
  });

  it('should refuse a malformed value even when there is a fallback', () => {
    expect(() => envInteger({ N: 'x' }, 'N', { min: 0, max: 10, fallback: 5 })).toThrow(RangeError);
  });

  it.each([['abc'], ['0.5'], ['1e300'], [String(Number.MAX_SAFE_INTEGER + 2)]])(
    'should refuse SEED=%s, which is not a safe integer, without naming bounds it does not have',
    (value) => {
      expect(() => envInteger({ SEED: value }, 'SEED')).toThrow(
        new RangeError(`SEED must be a whole number (got "${value}")`),
      );
    },
  );

  it('should name a lone bound in the message', () => {
    expect(() => envInteger({ N: '0' }, 'N', { min: 1 })).toThrow('N must be a whole number of at least 1 (got "0")');
    expect(() => envInteger({ N: '11' }, 'N', { max: 10 })).toThrow(
      'N must be a whole number of at most 10 (got "11")',
    );
  });
});
