import { MemoryStore } from './memory-store';

describe('MemoryStore', () => {
  let now = 1_700_000_000_000;
  const store = new MemoryStore(() => now);
  const adapter = (model: string) => store.adapterFactory(model);

  beforeEach(() => store.clear());

  it('should find what was stored until it expires', async () => {
    await adapter('AccessToken').upsert('at1', { grantId: 'g1', exp: now / 1000 + 60 }, 60);
    expect(await adapter('AccessToken').find('at1')).toMatchObject({ grantId: 'g1' });
    expect(await adapter('RefreshToken').find('at1')).toBeUndefined();
    now += 60_000;
    expect(await adapter('AccessToken').find('at1')).toBeUndefined();
  });

  it('should revoke every token of a grant, and nothing else', async () => {
    await adapter('AccessToken').upsert('at1', { grantId: 'g1' }, 60);
    await adapter('RefreshToken').upsert('rt1', { grantId: 'g1' }, 60);
    await adapter('AccessToken').upsert('at2', { grantId: 'g2' }, 60);
    await adapter('AccessToken').revokeByGrantId('g1');
    expect(await adapter('AccessToken').find('at1')).toBeUndefined();
    expect(await adapter('RefreshToken').find('rt1')).toBeUndefined();
    expect(await adapter('AccessToken').find('at2')).toBeDefined();
  });

  it('should mark consumption, count live grants, find sessions by uid', async () => {
    await adapter('RefreshToken').upsert('rt1', { grantId: 'g1' }, 60);
    await adapter('RefreshToken').consume('rt1');
    expect((await adapter('RefreshToken').find('rt1'))?.consumed).toEqual(expect.any(Number));
    await adapter('Grant').upsert('g1', {}, 60);
    await adapter('Grant').upsert('g2', {}, 1);
    now += 1_000;
    expect(store.countActive('Grant')).toBe(1);
    await adapter('Session').upsert('s1', { uid: 'u1' }, 60);
    expect(await adapter('Session').findByUid('u1')).toMatchObject({ uid: 'u1' });
  });

  it('should expire access tokens now (their exp), and retires a grant’s older ones', async () => {
    const exp = Math.floor(now / 1000) + 3600;
    await adapter('AccessToken').upsert('at1', { grantId: 'g1', exp }, 3600);
    await adapter('AccessToken').upsert('at2', { grantId: 'g1', exp }, 3600);
    expect(store.expireAll('AccessToken')).toBe(2);
    expect((await adapter('AccessToken').find('at1'))?.exp).toBeLessThan(now / 1000);
    expect(store.expireAll('AccessToken')).toBe(0);
    store.revokeAccessTokensExcept('g1', 'at2');
    expect(await adapter('AccessToken').find('at1')).toBeUndefined();
    expect(await adapter('AccessToken').find('at2')).toBeDefined();
  });
});
