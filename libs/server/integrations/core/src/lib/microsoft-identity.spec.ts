import { describeMicrosoftTokenError } from './microsoft-identity';

const describe400 = (error: string, ...errorCodes: number[]) =>
  describeMicrosoftTokenError({ status: 400, error, errorCodes }, 'OneDrive');

describe('describeMicrosoftTokenError', () => {
  it('should ask the person to reconnect for expired, revoked or withdrawn sign-ins, saying why', () => {
    expect(describe400('invalid_grant', 700082)).toEqual({
      kind: 'reconnect',
      message: 'Reconnect OneDrive: its sign-in expired after 90 days unused.',
    });
    expect(describe400('invalid_grant', 50173)?.message).toContain('revoked');
    expect(describe400('invalid_grant', 65001)?.message).toContain('withdrawn');
    expect(describe400('interaction_required', 50076)?.message).toContain('multi-factor');
  });

  it('should say an administrator must approve when the grant needs admin consent', () => {
    expect(describe400('invalid_grant', 90094)).toEqual({
      kind: 'admin_consent',
      message: 'OneDrive needs your Microsoft 365 administrator’s approval before it can connect.',
    });
  });

  it('should make an expired or wrong client secret an instance administrator’s configuration problem', () => {
    expect(
      describeMicrosoftTokenError({ status: 401, error: 'invalid_client', errorCodes: [7000222] }, 'Outlook'),
    ).toEqual({
      kind: 'configuration',
      message:
        'Outlook cannot refresh its access: the client secret of the hub’s Microsoft Entra app has expired. An instance administrator must fix the app registration.',
    });
    expect(describe400('invalid_client')?.kind).toBe('configuration');
  });

  it('should read the error alone when no known code comes with it, and leave unknown errors to the token service', () => {
    expect(describe400('invalid_grant', 123456789)?.kind).toBe('reconnect');
    expect(describe400('temporarily_unavailable')?.kind).toBe('temporary');
    expect(describe400('invalid_scope')).toBeUndefined();
  });

  it('should read the code at the head of a callback’s error_description when no codes come with it', () => {
    const meaning = describeMicrosoftTokenError(
      {
        status: 0,
        error: 'access_denied',
        errorCodes: [],
        description: 'AADSTS90094: The grant requires admin permission. Trace ID: 1',
      },
      'Microsoft Teams',
    );
    expect(meaning?.kind).toBe('admin_consent');
    // Only the head counts: a code quoted later in the text is not the error's.
    expect(
      describeMicrosoftTokenError(
        { status: 0, error: 'access_denied', errorCodes: [], description: 'User declined; see AADSTS90094 docs' },
        'Microsoft Teams',
      ),
    ).toBeUndefined();
  });

  it('should take the first code it knows when several are given', () => {
    expect(describe400('invalid_grant', 1, 7000215, 700082)?.kind).toBe('configuration');
  });
});
