import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { IdTokenRefused, verifyIdToken } from './id-token';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = 'hub-client-id';

let server: Server;
let jwksUrl: string;
let signingKey: CryptoKey;
let strangerKey: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  signingKey = pair.privateKey as CryptoKey;
  strangerKey = (await generateKeyPair('RS256')).privateKey as CryptoKey;
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
  server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/common/discovery/v2.0/keys`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const microsoft = () => ({ issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0', jwksUrl });

function token(
  claims: Record<string, unknown>,
  options: { key?: CryptoKey; expiresIn?: string; audience?: string; issuer?: string } = {},
) {
  return new SignJWT({ tid: TENANT, oid: '4f1a9b2c-0d3e-4a5b-8c6d-7e8f9a0b1c2d', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '1h')
    .setAudience(options.audience ?? CLIENT)
    .setIssuer(options.issuer ?? `https://login.microsoftonline.com/${TENANT}/v2.0`)
    .sign(options.key ?? signingKey);
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: unknown) => (error instanceof IdTokenRefused ? error.check : String(error)),
  );

describe('verifyIdToken', () => {
  it('should accept a token of the tenant it names, resolving the {tenantid} issuer from its tid', async () => {
    const claims = await verifyIdToken(await token({}), microsoft(), CLIENT);
    expect(claims).toMatchObject({ tid: TENANT, aud: CLIENT });
  });

  it('should refuse a token whose issuer is another tenant than its tid', async () => {
    const other = await token(
      {},
      { issuer: 'https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0' },
    );
    expect(await refusal(verifyIdToken(other, microsoft(), CLIENT))).toBe('issuer');
  });

  it('should refuse a tid that is not a GUID, so the template cannot be filled with a path', async () => {
    const forged = await token({ tid: '../evil' }, { issuer: 'https://login.microsoftonline.com/../evil/v2.0' });
    expect(await refusal(verifyIdToken(forged, microsoft(), CLIENT))).toBe('tenant');
  });

  it('should refuse a token for another client, an expired one, one signed by another key, and none at all', async () => {
    expect(await refusal(verifyIdToken(await token({}, { audience: 'someone-else' }), microsoft(), CLIENT))).toBe(
      'signature',
    );
    expect(await refusal(verifyIdToken(await token({}, { expiresIn: '-5m' }), microsoft(), CLIENT))).toBe('signature');
    expect(await refusal(verifyIdToken(await token({}, { key: strangerKey }), microsoft(), CLIENT))).toBe('signature');
    expect(await refusal(verifyIdToken(undefined, microsoft(), CLIENT))).toBe('missing');
    expect(await refusal(verifyIdToken('not.a.jwt', microsoft(), CLIENT))).toBe('signature');
  });

  it('should compare a fixed issuer exactly', async () => {
    const fixed = { issuer: 'https://accounts.example.com', jwksUrl };
    expect(
      await refusal(verifyIdToken(await token({}, { issuer: 'https://accounts.example.com' }), fixed, CLIENT)),
    ).toBe('accepted');
    expect(
      await refusal(verifyIdToken(await token({}, { issuer: 'https://accounts.example.com/' }), fixed, CLIENT)),
    ).toBe('issuer');
  });
});
