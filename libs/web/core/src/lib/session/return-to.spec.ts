import { safeReturnTo } from './return-to';

describe('safeReturnTo', () => {
  it.each([
    ['/settings/integrations', '/settings/integrations'],
    ['/settings/integrations?success=dub_connected#top', '/settings/integrations?success=dub_connected#top'],
    ['/', '/'],
  ])('should keep the app path %s', (returnTo, expected) => {
    expect(safeReturnTo(returnTo)).toBe(expected);
  });

  it.each([
    null,
    undefined,
    '',
    'https://evil.example/settings',
    '//evil.example/settings',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    'settings/integrations',
    '/\t/evil.example',
    '/sign-in?returnTo=/x',
  ])('should refuse %p and fall back', (returnTo) => {
    expect(safeReturnTo(returnTo, '/home')).toBe('/home');
  });
});
