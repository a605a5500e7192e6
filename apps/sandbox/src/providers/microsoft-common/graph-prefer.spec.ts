import { GraphPreferences } from './graph-prefer';

describe('GraphPreferences', () => {
  it('should read odata.maxpagesize and IdType from one or several preferences', () => {
    const prefer = GraphPreferences.parse('odata.maxpagesize=50, IdType="ImmutableId"; foo=bar');
    expect(prefer.maxPageSize(1000)).toBe(50);
    expect(prefer.immutableIds()).toBe(true);
    expect(prefer.get('idtype')).toBe('ImmutableId');
    expect(GraphPreferences.parse('idtype="restId"').immutableIds()).toBe(false);
  });

  it('should treat names case-insensitively, take the first of a repeated one and read flags', () => {
    const prefer = GraphPreferences.parse('Odata.MaxPageSize=10,odata.maxpagesize=20, hierarchicalsharing');
    expect(prefer.maxPageSize(1000)).toBe(10);
    expect(prefer.has('HierarchicalSharing')).toBe(true);
    expect(prefer.get('hierarchicalsharing')).toBeNull();
    expect(prefer.get('missing')).toBeUndefined();
  });

  it('should ignore a page size that is no positive integer, and cap a large one', () => {
    for (const bad of ['0', '-1', 'ten', '1.5', '']) {
      expect(GraphPreferences.parse(`odata.maxpagesize=${bad}`).maxPageSize(1000)).toBeUndefined();
    }
    expect(GraphPreferences.parse('odata.maxpagesize=5000').maxPageSize(1000)).toBe(1000);
    expect(GraphPreferences.parse('').maxPageSize(1000)).toBeUndefined();
  });

  it('should keep commas and semicolons inside quoted values', () => {
    const prefer = GraphPreferences.parse('outlook.timezone="Pacific, Standard; Time", odata.maxpagesize=3');
    expect(prefer.get('outlook.timezone')).toBe('Pacific, Standard; Time');
    expect(prefer.maxPageSize(10)).toBe(3);
  });
});
