import {
  csrfTokenFor,
  hashPassword,
  randomToken,
  safeEqual,
  sha256Hex,
  verifyAgainstNothing,
  verifyPassword,
} from './secrets';

describe('password hashes', () => {
  it('should verify the right password and refuse a wrong one, with the scrypt parameters in the hash', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^scrypt\$15\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(hash).not.toContain('correct horse');
    await expect(verifyPassword('correct horse battery staple', hash)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stapl', hash)).resolves.toBe(false);
  });

  it('should salt every hash, so equal passwords do not have equal hashes', async () => {
    expect(await hashPassword('same password here')).not.toBe(await hashPassword('same password here'));
  });

  it('should treat unicode forms of one password as the same password (NFKC)', async () => {
    const hash = await hashPassword('caf\u00e9 au lait!!');
    await expect(verifyPassword('cafe\u0301 au lait!!', hash)).resolves.toBe(true);
  });

  it('should refuse a malformed stored hash rather than throw', async () => {
    await expect(verifyPassword('x', 'plain-text')).resolves.toBe(false);
    await expect(verifyPassword('x', 'bcrypt$10$abc')).resolves.toBe(false);
  });

  it('should spend the same work on an unknown email and answer false', async () => {
    await expect(verifyAgainstNothing('anything')).resolves.toBe(false);
  });
});

describe('tokens', () => {
  it('should make 256-bit base64url tokens that do not repeat', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => randomToken()));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('should store tokens as SHA-256 hex', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('should derive a CSRF token per session that does not reveal the session token', () => {
    const session = randomToken();
    const csrf = csrfTokenFor(session);
    expect(csrf).toBe(csrfTokenFor(session));
    expect(csrf).not.toBe(csrfTokenFor(randomToken()));
    expect(csrf).not.toContain(session);
  });

  it('should compare in constant time and refuse different lengths', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});
