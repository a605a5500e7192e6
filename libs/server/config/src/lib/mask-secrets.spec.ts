import { maskSecrets } from './mask-secrets';

describe('maskSecrets', () => {
  it('should mask the password of every URL in a text', () => {
    expect(maskSecrets('a postgres://u:p%40ss@h:5432/db and redis://:pw@r:6379/0')).toBe(
      'a postgres://u:***@h:5432/db and redis://:***@r:6379/0',
    );
  });

  it('should leave URLs without a password unchanged', () => {
    expect(maskSecrets('redis://127.0.0.1:6379/0 postgres://u@h/db')).toBe(
      'redis://127.0.0.1:6379/0 postgres://u@h/db',
    );
  });
});
