import { productionRefusal } from './production-guard';
import { sandboxOptionsFromEnv } from './sandbox-config';

describe('sandboxOptionsFromEnv', () => {
  it('leaves everything to the defaults when nothing is set', () => {
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

  it('reads every SANDBOX_ variable', () => {
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
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => sandboxOptionsFromEnv({ [name]: value })).toThrow(name);
  });
});

describe('productionRefusal', () => {
  it('refuses NODE_ENV=production only', () => {
    expect(productionRefusal({ NODE_ENV: 'production' })).toMatch(/development and tests only/);
    expect(productionRefusal({ NODE_ENV: 'development' })).toBeUndefined();
    expect(productionRefusal({ NODE_ENV: 'test' })).toBeUndefined();
    expect(productionRefusal({})).toBeUndefined();
  });
});
