import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';

/** How a provider's ID tokens are checked (manifest `auth.idToken`, or the sandbox's stand-in). */
export interface IdTokenRule {
  /** The exact `iss`, or a template holding `{tenantid}` (Microsoft's multi-tenant issuer). */
  readonly issuer: string;
  readonly jwksUrl: string;
}

/** Why an ID token was refused: the audit says which check failed, never the token. */
export class IdTokenRefused extends Error {
  constructor(readonly check: 'missing' | 'signature' | 'issuer' | 'tenant') {
    super(`The ID token failed its ${check} check`);
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One key set per JWKS URL for the process: jose caches the keys and refetches on an unknown `kid`. */
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

/**
 * Verifies an ID token from the token endpoint (OpenID Connect Core §3.1.3.7): RS256 signature by a
 * key of `rule.jwksUrl`, `aud` = the hub's client id, `exp`/`nbf` (one minute of clock skew), and
 * `iss` compared exactly — a `{tenantid}` template resolved from the token's own `tid`, which must be
 * a GUID (https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens#validate-the-issuer).
 * Answers the verified claims.
 */
export async function verifyIdToken(
  idToken: string | undefined,
  rule: IdTokenRule,
  clientId: string,
): Promise<JWTPayload> {
  if (!idToken) throw new IdTokenRefused('missing');
  let keys = keySets.get(rule.jwksUrl);
  if (!keys) {
    keys = createRemoteJWKSet(new URL(rule.jwksUrl), { timeoutDuration: 10_000 });
    keySets.set(rule.jwksUrl, keys);
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, keys, {
      audience: clientId,
      algorithms: ['RS256'],
      clockTolerance: 60,
      requiredClaims: ['iss', 'exp', 'iat'],
    }));
  } catch {
    throw new IdTokenRefused('signature');
  }
  let expected = rule.issuer;
  if (rule.issuer.includes('{tenantid}')) {
    const tid = payload['tid'];
    if (typeof tid !== 'string' || !GUID.test(tid)) throw new IdTokenRefused('tenant');
    expected = rule.issuer.replace('{tenantid}', tid);
  }
  if (payload.iss !== expected) throw new IdTokenRefused('issuer');
  return payload;
}
