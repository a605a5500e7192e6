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
  ])('should refuse %s', (_, value) => {
    expect(safeReturnTo(value)).toBe(DEFAULT_RETURN_TO);
  });
});
