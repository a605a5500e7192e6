import { refreshMarginMs, storedTokens } from './stored-tokens';

const previous = {
  accessToken: 'old-access',
  refreshToken: 'old-refresh',
  tokenType: 'Bearer',
  obtainedAt: '2026-11-21T00:00:00.000Z',
};
const at = Date.parse('2026-11-21T10:00:00Z');

describe('storedTokens', () => {
  it('should make the first tokens of a code exchange with the same expiry rule, keeping the ID token', () => {
    const first = storedTokens({ ok: true, accessToken: 'a', refreshToken: 'r', idToken: 'id', expiresIn: 3600 }, at);
    expect(first.tokens).toEqual({
      accessToken: 'a',
      refreshToken: 'r',
      idToken: 'id',
      tokenType: undefined,
      obtainedAt: '2026-11-21T10:00:00.000Z',
    });
    expect(first.expiresAt?.toISOString()).toBe('2026-11-21T10:59:00.000Z');
  });

  it('should keep the old refresh token when the answer has none', () => {
    const { tokens } = storedTokens({ ok: true, accessToken: 'new-access', expiresIn: 3600 }, at, previous);
    expect(tokens).toMatchObject({ accessToken: 'new-access', refreshToken: 'old-refresh' });
  });

  it('should replace the refresh token when a new one comes (rotation)', () => {
    const { tokens } = storedTokens(
      { ok: true, accessToken: 'a', refreshToken: 'new-refresh', expiresIn: 3600 },
      at,
      previous,
    );
    expect(tokens.refreshToken).toBe('new-refresh');
  });

  it('should set expiry to received + expires_in - 60 s, or none when the answer gives none', () => {
    expect(storedTokens({ ok: true, accessToken: 'a', expiresIn: 3600 }, at, previous).expiresAt?.toISOString()).toBe(
      '2026-11-21T10:59:00.000Z',
    );
    expect(storedTokens({ ok: true, accessToken: 'a' }, at, previous).expiresAt).toBeNull();
  });
});

describe('refreshMarginMs', () => {
  const from = new Date(0);
  it('should refresh one-hour tokens 12 minutes early (20 %), 8-hour ones 96 minutes early', () => {
    expect(refreshMarginMs(from, new Date(3_600_000))).toBe(720_000);
    expect(refreshMarginMs(from, new Date(8 * 3_600_000))).toBe(5_760_000);
  });
  it('should use at least 5 minutes, but never more than half a short lifetime', () => {
    expect(refreshMarginMs(from, new Date(20 * 60_000))).toBe(300_000);
    expect(refreshMarginMs(from, new Date(60_000))).toBe(30_000);
  });
});
