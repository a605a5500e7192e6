import fc from 'fast-check';
import { DEFAULT_RETURN_TO, safeReturnTo } from './return-to';

describe('safeReturnTo', () => {
  it.each([
    '/settings/integrations',
    '/settings/integrations?category=Databases',
    '/settings/integrations#slack',
    '/workspace/members',
  ])('should keep the same-origin path %s', (path) => {
    expect(safeReturnTo(path)).toBe(path);
  });

  it.each([
    ['protocol-relative', '//evil.example'],
    ['protocol-relative with path', '//evil.example/settings'],
    ['absolute https', 'https://evil.example/'],
    ['absolute http', 'http://evil.example'],
    ['backslash', '/\\evil.example'],
    ['double backslash', '\\\\evil.example'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['encoded protocol-relative', '%2F%2Fevil.example'],
    ['encoded slash after slash', '/%2Fevil.example'],
    ['encoded backslash', '/%5Cevil.example'],
    ['double-encoded', '/%252F%252Fevil.example'],
    ['tab inside', '/\t/evil.example'],
    ['newline inside', '/settings\n//evil'],
    ['relative without slash', 'evil.example'],
    ['empty', ''],
    ['not a string', 42],
    ['an api route', '/api/integrations/slack/callback?code=x'],
    ['bad percent-encoding', '/%E0%A4%A'],
    ['dot segment before a double slash', '/.//evil.example'],
    ['parent segment before a double slash', '/..//evil.example'],
    ['segment and parent before a double slash', '/a/..//evil.example'],
    ['encoded dot before a double slash', '/%2e//evil.example'],
    ['encoded parent before a double slash', '/%2e%2E//evil.example'],
    ['the api in capitals', '/API/integrations'],
    ['the api after a dot segment', '/./api/connections'],
  ])('should refuse %s', (_, value) => {
    expect(safeReturnTo(value)).toBe(DEFAULT_RETURN_TO);
  });

  const HUB = 'https://hub.example';
  /** Pieces attackers combine: dot segments (plain and encoded), slashes, backslashes, hosts, controls. */
  const piece = fc.constantFrom(
    '',
    '.',
    '..',
    '%2e',
    '%2E%2e',
    '/',
    '//',
    '\\',
    '%2f',
    '%2F',
    '%5c',
    '%252f',
    'evil.example',
    '@evil.example',
    ':',
    'javascript:',
    '\t',
    '\n',
    '?',
    '#',
    'api',
    'API',
    'settings',
    'integrations',
  );
  const generatedPath = fc.array(piece, { maxLength: 8 }).map((parts) => `/${parts.join('')}`);
  const candidates = fc.oneof(
    generatedPath,
    fc.array(piece, { maxLength: 8 }).map((p) => p.join('')),
    fc.string(),
  );

  it('should always answer a same-origin app path, whatever it is given (property)', () => {
    fc.assert(
      fc.property(candidates, (value) => {
        const answer = safeReturnTo(value);
        const resolved = new URL(answer, HUB);
        expect(resolved.origin).toBe(HUB);
        expect(answer.startsWith('/')).toBe(true);
        expect(answer.startsWith('//') || answer.startsWith('/\\')).toBe(false);
        expect(resolved.pathname).not.toMatch(/^\/api(\/|$)/i);
        // What is answered is what the browser lands on: normalising it changes nothing.
        expect(`${resolved.pathname}${resolved.search}${resolved.hash}`).toBe(answer);
      }),
      { numRuns: 5_000, seed: 15 },
    );
  });

  it('should be stable: an answer given back is answered unchanged (property)', () => {
    fc.assert(
      fc.property(candidates, (value) => {
        const answer = safeReturnTo(value);
        expect(safeReturnTo(answer)).toBe(answer);
      }),
      { numRuns: 2_000, seed: 15 },
    );
  });
});
