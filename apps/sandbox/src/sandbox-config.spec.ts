import { productionRefusal } from './production-guard';
import { sandboxOptionsFromEnv } from './sandbox-config';

describe('sandboxOptionsFromEnv', () => {
  it('should leave everything to the defaults when nothing is set', () => {
    expect(sandboxOptionsFromEnv({})).toEqual({
      port: undefined,
      host: undefined,
      clientSecret: undefined,
      redirectBases: undefined,
      accessTokenTtlSeconds: undefined,
      rateLimitPerMinute: undefined,
      // Each emulation reads its own SANDBOX_<ID>_* variables; Dub stands for them here.
      providers: expect.objectContaining({ dub: { links: undefined, seed: undefined } }),
    });
  });

  it('should read every SANDBOX_ variable', () => {
    expect(
      sandboxOptionsFromEnv({
        SANDBOX_PORT: '0',
        SANDBOX_HOST: 'localhost',
        SANDBOX_CLIENT_SECRET: 's3cret',
        SANDBOX_REDIRECT_BASES: 'http://localhost:3000, https://hub.example.test/ ,',
        SANDBOX_ACCESS_TOKEN_TTL_SECONDS: '60',
        SANDBOX_RATE_LIMIT_PER_MINUTE: '10',
        SANDBOX_DUB_LINKS: '1000000',
        SANDBOX_DUB_SEED: '7',
      }),
    ).toEqual({
      port: 0,
      host: 'localhost',
      clientSecret: 's3cret',
      redirectBases: ['http://localhost:3000', 'https://hub.example.test/'],
      accessTokenTtlSeconds: 60,
      rateLimitPerMinute: 10,
      providers: expect.objectContaining({ dub: { links: 1_000_000, seed: 7 } }),
    });
  });

  it.each([
    ['SANDBOX_PORT', 'abc'],
    ['SANDBOX_PORT', '70000'],
    ['SANDBOX_ACCESS_TOKEN_TTL_SECONDS', '0'],
    ['SANDBOX_RATE_LIMIT_PER_MINUTE', '1.5'],
    ['SANDBOX_REDIRECT_BASES', 'localhost:3000'],
    ['SANDBOX_DUB_LINKS', '1000001'],
    ['SANDBOX_DUB_LINKS', '-1'],
  ])('should refuse %s=%s, naming the variable', (name, value) => {
    expect(() => sandboxOptionsFromEnv({ [name]: value })).toThrow(name);
  });
});

describe('each emulation’s SANDBOX_<ID>_* variables', () => {
  it('should read every provider’s size and seed', () => {
    expect(
      sandboxOptionsFromEnv({
        SANDBOX_DUB_LINKS: '10',
        SANDBOX_DUB_SEED: '2',
        SANDBOX_GMAIL_MESSAGES: '11',
        SANDBOX_GMAIL_SEED: '3',
        SANDBOX_GOOGLE_DRIVE_FILES: '12',
        SANDBOX_GOOGLE_DRIVE_SEED: '4',
        SANDBOX_GOOGLE_CALENDAR_EVENTS: '13',
        SANDBOX_GOOGLE_CALENDAR_SEED: '5',
        SANDBOX_GOOGLE_ANALYTICS_SEED: '6',
        SANDBOX_SLACK_SEED: '7',
        SANDBOX_GITHUB_SEED: '-8',
        SANDBOX_ONEDRIVE_ITEMS: '40',
        SANDBOX_ONEDRIVE_SEED: '9',
        SANDBOX_OUTLOOK_MESSAGES: '41',
        SANDBOX_OUTLOOK_SEED: '10',
        SANDBOX_MICROSOFT_TEAMS_POSTS: '42',
        SANDBOX_MICROSOFT_TEAMS_SEED: '11',
      }).providers,
    ).toEqual({
      dub: { links: 10, seed: 2 },
      gmail: { messages: 11, seed: 3 },
      'google-drive': { files: 12, seed: 4 },
      'google-calendar': { events: 13, seed: 5 },
      'google-analytics': { seed: 6 },
      slack: { seed: 7 },
      github: { seed: -8 },
      onedrive: { items: 40, seed: 9 },
      outlook: { messages: 41, seed: 10 },
      'microsoft-teams': { posts: 42, seed: 11 },
    });
  });

  it('should leave a blank variable to the emulation’s default', () => {
    expect(sandboxOptionsFromEnv({ SANDBOX_GMAIL_MESSAGES: ' ', SANDBOX_SLACK_SEED: '' }).providers).toMatchObject({
      gmail: { messages: undefined },
      slack: { seed: undefined },
    });
  });

  it.each([
    ['SANDBOX_DUB_SEED', '1.5', 'SANDBOX_DUB_SEED must be a whole number (got "1.5")'],
    ['SANDBOX_GMAIL_MESSAGES', '-1', 'SANDBOX_GMAIL_MESSAGES must be a whole number from 0 to'],
    ['SANDBOX_GMAIL_SEED', 'x', 'SANDBOX_GMAIL_SEED must be a whole number (got "x")'],
    ['SANDBOX_GOOGLE_DRIVE_FILES', 'many', 'SANDBOX_GOOGLE_DRIVE_FILES must be a whole number from 0 to'],
    ['SANDBOX_GOOGLE_DRIVE_SEED', 'x', 'SANDBOX_GOOGLE_DRIVE_SEED must be a whole number (got "x")'],
    ['SANDBOX_GOOGLE_CALENDAR_EVENTS', '1e9', 'SANDBOX_GOOGLE_CALENDAR_EVENTS must be a whole number from 0 to'],
    ['SANDBOX_GOOGLE_CALENDAR_SEED', 'x', 'SANDBOX_GOOGLE_CALENDAR_SEED must be a whole number (got "x")'],
    ['SANDBOX_GOOGLE_ANALYTICS_SEED', 'x', 'SANDBOX_GOOGLE_ANALYTICS_SEED must be a whole number (got "x")'],
    ['SANDBOX_SLACK_SEED', 'x', 'SANDBOX_SLACK_SEED must be a whole number (got "x")'],
    ['SANDBOX_GITHUB_SEED', '1e300', 'SANDBOX_GITHUB_SEED must be a whole number (got "1e300")'],
  ])('should refuse %s=%s with a RangeError naming it', (name, value, message) => {
    const refuse = () => sandboxOptionsFromEnv({ [name]: value });
    expect(refuse).toThrow(RangeError);
    expect(refuse).toThrow(message);
  });
});

describe('productionRefusal', () => {
  it('should refuse NODE_ENV=production only', () => {
    expect(productionRefusal({ NODE_ENV: 'production' })).toMatch(/development and tests only/);
    expect(productionRefusal({ NODE_ENV: 'development' })).toBeUndefined();
    expect(productionRefusal({ NODE_ENV: 'test' })).toBeUndefined();
    expect(productionRefusal({})).toBeUndefined();
  });
});
