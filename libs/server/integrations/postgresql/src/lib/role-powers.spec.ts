import { CAN_WRITE_WARNING, readRolePowers, roleWarnings, SUPERUSER_WARNING } from './role-powers';

const none = { superuser: false, canWrite: false, attributes: [] };

describe('roleWarnings', () => {
  it('should warn about nothing for a role that can only read', () => {
    expect(roleWarnings(none)).toEqual([]);
  });

  it('should say a superuser is one, and only that', () => {
    expect(roleWarnings({ superuser: true, canWrite: true, attributes: ['CREATEROLE', 'REPLICATION'] })).toEqual([
      SUPERUSER_WARNING,
    ]);
  });

  it('should say a role that can write can, and name the attributes beyond reading', () => {
    expect(roleWarnings({ ...none, canWrite: true })).toEqual([CAN_WRITE_WARNING]);
    expect(roleWarnings({ ...none, attributes: ['REPLICATION'] })).toEqual([
      'This role has REPLICATION: use a read-only role without it.',
    ]);
    expect(roleWarnings({ superuser: false, canWrite: true, attributes: ['CREATEDB', 'BYPASSRLS'] })).toEqual([
      CAN_WRITE_WARNING,
      'This role has CREATEDB, BYPASSRLS: use a read-only role without them.',
    ]);
  });
});

describe('readRolePowers', () => {
  it('should read the role’s attributes from the one catalog query', async () => {
    const row = {
      superuser: false,
      canWrite: true,
      createrole: true,
      createdb: false,
      replication: true,
      bypassrls: false,
    };
    const query = jest.fn(async () => [row]);
    expect(await readRolePowers({ query } as never)).toEqual({
      superuser: false,
      canWrite: true,
      attributes: ['CREATEROLE', 'REPLICATION'],
    });
    expect(query).toHaveBeenCalledTimes(1);
  });
});
