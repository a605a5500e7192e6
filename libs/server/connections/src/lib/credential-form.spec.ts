import type { CredentialField } from '@hub/server/integrations/core';
import { validateCredentials } from './credential-form';

const fields: CredentialField[] = [
  { key: 'host', label: 'Host', type: 'text', required: true, secret: false, maxLength: 20, pattern: '^[a-z.]+$' },
  { key: 'port', label: 'Port', type: 'number', required: false, secret: false, default: 5432, min: 1, max: 65535 },
  { key: 'password', label: 'Password', type: 'password', required: true, secret: true },
  {
    key: 'sslMode',
    label: 'SSL mode',
    type: 'select',
    required: true,
    secret: false,
    default: 'verify-full',
    options: [
      { value: 'verify-full', label: 'Verify' },
      { value: 'disable', label: 'Off' },
    ],
  },
  { key: 'ca', label: 'CA certificate', type: 'textarea', required: false, secret: false },
];

describe('validateCredentials', () => {
  it('should accept valid values and fill in defaults', () => {
    expect(validateCredentials(fields, { host: 'db.example', password: 'p' })).toEqual({
      values: { host: 'db.example', port: 5432, password: 'p', sslMode: 'verify-full' },
      errors: [],
      refusedReuse: null,
    });
  });

  it('should name each bad field: unknown, missing, wrong type, out of range, too long, bad pattern, not an option', () => {
    const { errors } = validateCredentials(fields, { host: 'DB!', port: 70000, sslMode: 'prefer', extra: 1 });
    expect(errors).toEqual([
      { field: 'credentials.extra', message: 'extra is not a field of this integration' },
      { field: 'credentials.host', message: 'Host has an invalid format' },
      { field: 'credentials.port', message: 'Port must be at most 65535' },
      { field: 'credentials.password', message: 'Password is required' },
      { field: 'credentials.sslMode', message: 'SSL mode must be one of: verify-full, disable' },
    ]);
    expect(validateCredentials(fields, { host: 'a'.repeat(21), password: 'p', port: '5432' }).errors).toEqual([
      { field: 'credentials.host', message: 'Host must be at most 20 characters' },
      { field: 'credentials.port', message: 'Port must be a whole number' },
    ]);
  });

  it('should refuse control characters in one-line fields but allow line breaks in a textarea', () => {
    expect(validateCredentials(fields, { host: 'db\nx', password: 'p' }).errors).toEqual([
      { field: 'credentials.host', message: 'Host must not contain control characters' },
    ]);
    expect(validateCredentials(fields, { host: 'db', password: 'p', ca: '-----BEGIN\nx\n-----END' }).errors).toEqual(
      [],
    );
  });

  it('should keep a stored secret when an edit leaves it empty and changes nothing it is sent to, but never a non-secret field', () => {
    const previous = { host: 'db', port: 5432, sslMode: 'verify-full', password: 'stored' };
    const kept = validateCredentials(fields, { host: 'db', password: '' }, previous);
    expect(kept.values['password']).toBe('stored');
    expect(kept.refusedReuse).toBeNull();
    expect(validateCredentials(fields, { password: 'new' }, previous).errors).toEqual([
      { field: 'credentials.host', message: 'Host is required' },
    ]);
    expect(validateCredentials(fields, { host: 'db', password: 'new' }, previous).values['password']).toBe('new');
  });

  it('should ask for a stored secret again when any field that says where it goes changed', () => {
    const previous = { host: 'db', port: 5432, sslMode: 'verify-full', password: 'stored' };
    for (const change of [{ host: 'evil' }, { port: 6543 }, { sslMode: 'disable' }, { ca: '-----BEGIN x' }]) {
      const result = validateCredentials(fields, { host: 'db', ...change }, previous);
      expect(result.values['password']).toBeUndefined();
      expect(result.errors).toEqual([
        { field: 'credentials.password', message: expect.stringContaining('Enter the password again') },
      ]);
      expect(result.refusedReuse).toEqual({ secrets: ['password'], changed: Object.keys(change) });
    }
    // A new secret with the new destination is fine.
    expect(validateCredentials(fields, { host: 'evil', password: 'typed' }, previous).errors).toEqual([]);
  });
});
