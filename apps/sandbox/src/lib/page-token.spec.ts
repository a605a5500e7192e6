import { opaqueTokens } from './page-token';

describe('opaqueTokens', () => {
  const tokens = opaqueTokens({ prefix: '~!!~', text: /^p\|\d+$/ });

  it('should give back the text of a token it issued, and nothing for another kind of text', () => {
    const token = tokens.encode('p|42');
    expect(token).toMatch(/^~!!~[A-Za-z0-9_-]+$/);
    expect(tokens.decode(token)).toBe('p|42');
    expect(tokens.decode(tokens.encode('q|42'))).toBeUndefined();
  });

  it('should refuse tampered, truncated, re-encoded and foreign tokens', () => {
    const token = tokens.encode('p|42');
    for (const bad of [
      undefined,
      42,
      '',
      '~!!~',
      token.slice(4),
      token.slice(0, -1),
      `${token}A`,
      `${token}=`,
      token.replace('~!!~', '~!~'),
      `~!!~${Buffer.from('p|42').toString('base64')}=`,
    ]) {
      expect({ bad, decoded: tokens.decode(bad) }).toEqual({ bad, decoded: undefined });
    }
  });

  it('should speak plain base64 when asked, as Slack’s cursors do', () => {
    const cursors = opaqueTokens({ encoding: 'base64', text: /^team:/ });
    expect(cursors.encode('team:C061FA5PB')).toBe('dGVhbTpDMDYxRkE1UEI=');
    expect(cursors.decode('dGVhbTpDMDYxRkE1UEI=')).toBe('team:C061FA5PB');
    expect(cursors.decode('dGVhbTpDMDYxRkE1UEI')).toBeUndefined();
  });
});
