import { FieldSelectionError, parseFields, selectFields } from './partial-response';

const body = {
  kind: 'drive#fileList',
  nextPageToken: 'next',
  files: [
    { id: '1', name: 'a', owners: [{ emailAddress: 'x@example.com', displayName: 'X', me: true }], size: '3' },
    { id: '2', name: 'b', owners: [] },
  ],
  user: { displayName: 'U', permissionId: '7', photoLink: 'p' },
};
const select = (fields: string) => selectFields(body, parseFields(fields));

describe('partial responses (fields)', () => {
  it('should select top-level fields, nested ones in parentheses (in arrays too) and paths with /', () => {
    expect(select('kind,nextPageToken')).toEqual({ kind: 'drive#fileList', nextPageToken: 'next' });
    expect(select('files(id,owners(emailAddress))')).toEqual({
      files: [
        { id: '1', owners: [{ emailAddress: 'x@example.com' }] },
        { id: '2', owners: [] },
      ],
    });
    expect(select('user/displayName,user/permissionId')).toEqual({ user: { displayName: 'U', permissionId: '7' } });
    expect(select(' files( id , size ) ')).toEqual({ files: [{ id: '1', size: '3' }, { id: '2' }] });
  });

  it('should select everything with *, and leave out fields the value does not have', () => {
    expect(select('*')).toEqual(body);
    expect(select('files(*)')).toEqual({ files: body.files });
    expect(select('nothing,kind')).toEqual({ kind: 'drive#fileList' });
    expect(select('user,user/displayName')).toEqual({ user: body.user });
  });

  it('should refuse selections it cannot parse', () => {
    for (const bad of ['', 'files(id', 'files)', 'a,,b', 'a/', '(id)', 'a b']) {
      expect(() => parseFields(bad)).toThrow(FieldSelectionError);
    }
  });
});
