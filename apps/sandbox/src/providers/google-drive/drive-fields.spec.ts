import { parseFields } from '../google-common/partial-response';
import { checkDriveFields } from './drive-fields';

const check = (fields: string, schema: string) => () => checkDriveFields(parseFields(fields), schema);

describe('checkDriveFields', () => {
  it('should take the File, FileList, ChangeList and About fields Drive documents, nested and with *', () => {
    expect(
      check('nextPageToken,files(id,name,owners(emailAddress,displayName),capabilities/canEdit)', 'FileList'),
    ).not.toThrow();
    expect(
      check('newStartPageToken,changes(changeType,removed,fileId,file(id,parents,webViewLink))', 'ChangeList'),
    ).not.toThrow();
    expect(check('user(displayName,emailAddress,permissionId),storageQuota(limit,usage)', 'About')).not.toThrow();
    expect(check('*', 'File')).not.toThrow();
    expect(check('files(*)', 'FileList')).not.toThrow();
  });

  it('should refuse a field the schema does not have, at any depth, naming it as Drive does', () => {
    expect(check('nextPageToken,files(id,nmae)', 'FileList')).toThrow('Invalid field selection nmae');
    expect(check('files/owners(email)', 'FileList')).toThrow('Invalid field selection email');
    expect(check('changes(file(id,sizee))', 'ChangeList')).toThrow('Invalid field selection sizee');
    expect(check('nextPageToken', 'File')).toThrow('Invalid field selection nextPageToken');
    expect(check('storageQuota(quota)', 'About')).toThrow('Invalid field selection quota');
  });

  it('should refuse a sub-selection of a value selected whole', () => {
    expect(check('files(name(first))', 'FileList')).toThrow('Invalid field selection first');
  });
});
