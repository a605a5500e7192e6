import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { createPkcePair, pkceChallenge } from './pkce';

describe('PKCE (SECURITY.md A1)', () => {
  it('should make 10,000 pairs, all S256, 256-bit verifiers, the challenge being BASE64URL(SHA256(verifier)), none repeated', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const pair = createPkcePair();
      expect(pair.method).toBe('S256');
      expect(pair.verifier).toMatch(/^[A-Za-z0-9._~-]{43}$/);
      expect(Buffer.from(pair.verifier, 'base64url')).toHaveLength(32);
      expect(pair.challenge).toBe(createHash('sha256').update(pair.verifier).digest('base64url'));
      seen.add(pair.verifier);
    }
    expect(seen.size).toBe(10_000);
  });

  it('should compute the RFC 7636 appendix B example', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('should give different challenges for different verifiers', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 43, maxLength: 128 }),
        fc.string({ minLength: 43, maxLength: 128 }),
        (a, b) => a === b || pkceChallenge(a) !== pkceChallenge(b),
      ),
    );
  });
});
