import type { HubDatabaseIdentity } from '@hub/server/integrations/core';
import {
  HUB_DATABASE_MESSAGE,
  isHubDatabase,
  MARKER_COMMENTS_SQL,
  RefusedDatabaseError,
  refuseHubDatabase,
  UNVERIFIED_DATABASE_MESSAGE,
} from './hub-database-check';

const MARKER = { table: 'hub_instance', comment: 'integrations-hub database 6f1c2a9e-0d5b-4c57-9a43-1f0e2b7d8c11' };
const identity: HubDatabaseIdentity = { marker: async () => MARKER };
const answering =
  (...comments: (string | null)[]) =>
  async () =>
    comments.map((comment) => ({ comment }));

describe('isHubDatabase', () => {
  it('should recognise the hub’s marker among the tables of that name in every schema', () => {
    expect(isHubDatabase([null, 'something else', MARKER.comment], MARKER)).toBe(true);
  });

  it('should not take another hub’s marker, a table without comment or none at all for this hub’s', () => {
    expect(isHubDatabase(['integrations-hub database 00000000-0000-4000-8000-000000000000'], MARKER)).toBe(false);
    expect(isHubDatabase([null], MARKER)).toBe(false);
    expect(isHubDatabase([], MARKER)).toBe(false);
  });

  it('should compare whole comments, not parts of them', () => {
    expect(isHubDatabase([`${MARKER.comment} (copy)`, ` ${MARKER.comment}`, MARKER.comment.slice(0, -1)], MARKER)).toBe(
      false,
    );
    expect(isHubDatabase([''], { ...MARKER, comment: '' })).toBe(false);
  });
});

describe('refuseHubDatabase', () => {
  it('should ask the catalog for the marker table by name, with every name qualified', async () => {
    const query = jest.fn(answering(null));
    await refuseHubDatabase(query, identity, () => undefined);
    expect(query).toHaveBeenCalledWith(MARKER_COMMENTS_SQL, ['hub_instance']);
    // A role's own search_path cannot slip a function or an operator of its own in.
    expect(MARKER_COMMENTS_SQL).toMatch(/pg_catalog\.obj_description/);
    expect(MARKER_COMMENTS_SQL).toMatch(/FROM pg_catalog\.pg_class/);
    expect(MARKER_COMMENTS_SQL).toMatch(/OPERATOR\(pg_catalog\.=\)/);
  });

  it('should refuse the hub’s own database with its message', async () => {
    const log = jest.fn();
    const error = await refuseHubDatabase(answering(MARKER.comment), identity, log).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedDatabaseError);
    expect(error).toMatchObject({ refusal: 'hub_database', message: HUB_DATABASE_MESSAGE });
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/hub's own database/));
  });

  it('should let another database through', async () => {
    await expect(refuseHubDatabase(answering('a customer table'), identity, () => undefined)).resolves.toBeUndefined();
  });

  it('should refuse when the catalog cannot be read (fail closed)', async () => {
    const denied = async () => {
      throw Object.assign(new Error('permission denied for table pg_class'), { code: '42501' });
    };
    await expect(refuseHubDatabase(denied, identity, () => undefined)).rejects.toMatchObject({
      refusal: 'database_unverified',
      message: UNVERIFIED_DATABASE_MESSAGE,
    });
  });

  it('should refuse when the hub’s own marker cannot be read, without asking the other database', async () => {
    const query = jest.fn(answering());
    const unknown: HubDatabaseIdentity = { marker: () => Promise.reject(new Error('no hub_instance')) };
    await expect(refuseHubDatabase(query, unknown, () => undefined)).rejects.toMatchObject({
      refusal: 'database_unverified',
    });
    expect(query).not.toHaveBeenCalled();
  });
});
