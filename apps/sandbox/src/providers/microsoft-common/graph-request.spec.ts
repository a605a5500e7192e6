import { GraphError } from './graph-errors';
import { parseSelect, parseTop, selectProperties } from './graph-request';

const ITEM = { name: 'microsoft.graph.driveItem', properties: ['id', 'name', 'size', 'cTag', 'deleted'] };

function graphError(call: () => unknown): GraphError['answer'] {
  try {
    call();
  } catch (error) {
    if (error instanceof GraphError) return error.answer;
    throw error;
  }
  throw new Error('no GraphError');
}

describe('parseSelect', () => {
  it('should name the properties as the type spells them, once each, and read none or * as all', () => {
    expect(parseSelect('NAME, size,name,ctag', ITEM)).toEqual(['name', 'size', 'cTag']);
    expect(parseSelect(null, ITEM)).toBeNull();
    expect(parseSelect(' , ', ITEM)).toBeNull();
    expect(parseSelect('id,*', ITEM)).toBeNull();
  });

  it('should refuse a property the type lacks with 400 BadRequest naming it and the type', () => {
    expect(graphError(() => parseSelect('id,nmae', ITEM))).toEqual({
      status: 400,
      code: 'BadRequest',
      message:
        "Parsing OData Select and Expand failed: Could not find a property named 'nmae' on type 'microsoft.graph.driveItem'.",
    });
  });
});

describe('parseTop', () => {
  it('should read a non-negative integer and cap it', () => {
    expect(parseTop('25', 1000)).toBe(25);
    expect(parseTop('0', 1000)).toBe(0);
    expect(parseTop('5000', 1000)).toBe(1000);
    expect(parseTop(null, 1000)).toBeUndefined();
  });

  it.each(['-1', 'abc', '1.5', '', '1e3'])('should refuse %j with OData’s 400', (raw) => {
    expect(graphError(() => parseTop(raw, 1000))).toMatchObject({
      status: 400,
      code: 'BadRequest',
      message: expect.stringContaining('requires a non-negative integer value'),
    });
  });
});

describe('selectProperties', () => {
  const resource = { '@odata.context': 'c', id: '1', name: 'n', size: 3 };

  it('should keep the selected properties, those always kept and the OData annotations', () => {
    expect(selectProperties(resource, ['size'], { always: ['id'] })).toEqual({
      '@odata.context': 'c',
      id: '1',
      size: 3,
    });
    expect(selectProperties(resource, null)).toBe(resource);
  });

  it('should answer a selected property without a value as null only when asked', () => {
    expect(selectProperties(resource, ['cTag'])).toEqual({ '@odata.context': 'c' });
    expect(selectProperties(resource, ['cTag'], { nullForMissing: true })).toEqual({
      '@odata.context': 'c',
      cTag: null,
    });
  });
});
