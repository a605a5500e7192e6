import { createHash, randomBytes } from 'node:crypto';

export interface PkcePair {
  /** 32 random bytes, base64url: 43 characters of [A-Za-z0-9_-] (RFC 7636 §4.1). Kept server-side only. */
  readonly verifier: string;
  /** BASE64URL(SHA256(verifier)) (RFC 7636 §4.2). */
  readonly challenge: string;
  readonly method: 'S256';
}

/** A fresh PKCE pair for one authorization request; `plain` is never used (SECURITY.md A1). */
export function createPkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier), method: 'S256' };
}

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}
