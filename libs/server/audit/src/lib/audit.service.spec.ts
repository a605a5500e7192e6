import { withoutSecrets } from './audit.service';

describe('withoutSecrets', () => {
  it('should drop fields named like secrets at any depth, keeping names and counts', () => {
    const details = {
      providerId: 'slack',
      fields: ['host', 'password'],
      password: 'p',
      nested: { clientSecret: 's', accessToken: 't', refresh_token: 'r', apiKey: 'k', count: 3 },
      list: [{ authorization: 'Bearer x', kept: true }],
      cookie: 'c',
      credentials: { a: 1 },
    };
    expect(withoutSecrets(details)).toEqual({
      providerId: 'slack',
      fields: ['host', 'password'],
      nested: { count: 3 },
      list: [{ kept: true }],
    });
  });

  it('should store what JSON reads back: dates as ISO strings, undefined gone', () => {
    const at = new Date('2026-11-21T10:00:00Z');
    expect(withoutSecrets({ at, missing: undefined, n: null })).toEqual({ at: '2026-11-21T10:00:00.000Z', n: null });
  });
});
