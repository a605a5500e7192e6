import fc from 'fast-check';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  dataKeyIdOf,
  DecryptionError,
  generateDataKey,
  keyCheckMatches,
  keyCheckValue,
  openRecord,
  sealRecord,
  secretAad,
  type SecretLocation,
  unwrapDataKey,
  wrapDataKey,
} from './envelope';

const dek = generateDataKey();
const dekId = randomUUID();
const workspaceId = randomUUID();
const where: SecretLocation = { table: 'connections', column: 'credentials', rowId: randomUUID(), workspaceId };
const aad = secretAad(where);

const seal = (text: string, at = aad) => sealRecord({ dek, dekId, plaintext: Buffer.from(text, 'utf8'), aad: at });
const open = (sealed: Buffer, at = aad, key = dek) => openRecord({ dek: key, sealed, aad: at }).toString('utf8');

function flipBit(buffer: Buffer, bit: number): Buffer {
  const copy = Buffer.from(buffer);
  copy[bit >> 3] ^= 1 << (bit & 7);
  return copy;
}

describe('sealRecord / openRecord', () => {
  it('should round-trip 10,000 arbitrary short strings, unicode included', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary', maxLength: 64 }), fc.string({ unit: 'grapheme', maxLength: 32 })),
        (text) => {
          expect(open(seal(text))).toBe(text);
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('should round-trip a 1 MB value', () => {
    const value = randomBytes(1024 * 1024);
    const sealed = sealRecord({ dek, dekId, plaintext: value, aad });
    expect(openRecord({ dek, sealed, aad }).equals(value)).toBe(true);
    // The ciphertext is the size of the plaintext plus a fixed 45-byte preamble, and hides it.
    expect(sealed.length).toBe(value.length + 45);
    expect(sealed.includes(value.subarray(0, 64))).toBe(false);
  });

  it('should lay the record out as version | data-key id | nonce | tag | ciphertext', () => {
    const sealed = seal('abc');
    expect(sealed[0]).toBe(0x01);
    expect(dataKeyIdOf(sealed)).toBe(dekId);
    expect(sealed.length).toBe(1 + 16 + 12 + 16 + 3);
  });

  it('should reject a record with any single bit flipped: version, data-key id, nonce, tag or ciphertext', () => {
    const sealed = seal('refresh-token-1234');
    for (let bit = 0; bit < sealed.length * 8; bit++) {
      expect(() => open(flipBit(sealed, bit))).toThrow(DecryptionError);
    }
  });

  it('should reject a single flipped bit in records of arbitrary content and length', () => {
    fc.assert(
      fc.property(
        fc
          .uint8Array({ maxLength: 300 })
          .chain((bytes) => fc.tuple(fc.constant(bytes), fc.nat({ max: (45 + bytes.length) * 8 - 1 }))),
        ([bytes, bit]) => {
          const sealed = sealRecord({ dek, dekId, plaintext: Buffer.from(bytes), aad });
          expect(() => openRecord({ dek, sealed: flipBit(sealed, bit), aad })).toThrow(DecryptionError);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('should reject a truncated or extended record', () => {
    const sealed = seal('value');
    for (let length = 0; length < sealed.length; length++) {
      expect(() => open(sealed.subarray(0, length))).toThrow(DecryptionError);
    }
    expect(() => open(Buffer.concat([sealed, Buffer.of(0)]))).toThrow(DecryptionError);
  });

  it('should not open a record under another AAD: other row, column, table or workspace, or the instance', () => {
    const sealed = seal('secret');
    const elsewhere: SecretLocation[] = [
      { ...where, rowId: randomUUID() },
      { ...where, column: 'other_credentials' },
      { ...where, table: 'provider_apps' },
      { ...where, workspaceId: randomUUID() },
      { ...where, workspaceId: null },
    ];
    for (const location of elsewhere) expect(() => open(sealed, secretAad(location))).toThrow(DecryptionError);
    expect(open(sealed, secretAad({ ...where }))).toBe('secret');
  });

  it('should not open a record with another data key', () => {
    expect(() => open(seal('secret'), aad, generateDataKey())).toThrow(DecryptionError);
  });

  it('should use a fresh nonce for every seal: 100,000 seals, no duplicate', () => {
    const nonces = new Set<string>();
    const plaintext = Buffer.from('x');
    for (let i = 0; i < 100_000; i++) {
      nonces.add(sealRecord({ dek, dekId, plaintext, aad }).subarray(17, 29).toString('base64'));
    }
    expect(nonces.size).toBe(100_000);
  });

  it('should say why a record does not open without any key or plaintext material in the message', () => {
    const plaintext = 'canary-plaintext-9f2c';
    const sealed = seal(plaintext);
    let message = '';
    try {
      open(flipBit(sealed, sealed.length * 8 - 1));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/does not authenticate/);
    for (const material of [
      plaintext,
      dek.toString('hex'),
      dek.toString('base64'),
      sealed.toString('hex'),
      sealed.toString('base64'),
    ]) {
      expect(message).not.toContain(material);
    }
  });
});

describe('secretAad', () => {
  it('should bind version, table, column, row id and workspace (or "instance")', () => {
    expect(secretAad({ table: 'connections', column: 'credentials', rowId: 'r1', workspaceId })).toBe(
      `v1|connections|credentials|r1|${workspaceId}`,
    );
    expect(secretAad({ table: 'provider_apps', column: 'client_secret', rowId: 'google', workspaceId: null })).toBe(
      'v1|provider_apps|client_secret|google|instance',
    );
  });

  it('should refuse locations that could make two AADs collide', () => {
    expect(() => secretAad({ ...where, table: 'a|b' })).toThrow(TypeError);
    expect(() => secretAad({ ...where, column: 'x|y' })).toThrow(TypeError);
    expect(() => secretAad({ ...where, workspaceId: 'instance' })).toThrow(TypeError);
    expect(() => secretAad({ ...where, rowId: '' })).toThrow(TypeError);
  });
});

describe('wrapDataKey / unwrapDataKey', () => {
  const kek = randomBytes(32);

  it('should round-trip a data key under its KEK and id', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uuid(), (key, id) => {
        expect(unwrapDataKey(kek, id, wrapDataKey(kek, id, Buffer.from(key))).equals(Buffer.from(key))).toBe(true);
      }),
      { numRuns: 1_000 },
    );
  });

  it('should reject a wrapped key with any bit flipped, under another id, or under another KEK', () => {
    const wrapped = wrapDataKey(kek, dekId, dek);
    for (let bit = 0; bit < wrapped.length * 8; bit++) {
      expect(() => unwrapDataKey(kek, dekId, flipBit(wrapped, bit))).toThrow(DecryptionError);
    }
    expect(() => unwrapDataKey(kek, randomUUID(), wrapped)).toThrow(DecryptionError);
    expect(() => unwrapDataKey(randomBytes(32), dekId, wrapped)).toThrow(DecryptionError);
    expect(() => unwrapDataKey(kek, dekId, wrapped.subarray(0, wrapped.length - 1))).toThrow(DecryptionError);
  });

  it('should not contain the data key in clear', () => {
    expect(wrapDataKey(kek, dekId, dek).includes(dek)).toBe(false);
  });
});

describe('keyCheckValue', () => {
  it('should be HMAC-SHA256(kek, "kcv"): stable for a key, different for every other key', () => {
    const kek = randomBytes(32);
    expect(keyCheckValue(kek).equals(keyCheckValue(Buffer.from(kek)))).toBe(true);
    const values = new Set(Array.from({ length: 1_000 }, () => keyCheckValue(randomBytes(32)).toString('hex')));
    expect(values.size).toBe(1_000);
    expect(values.has(keyCheckValue(kek).toString('hex'))).toBe(false);
  });

  it('should match only its own key, and no value of another length', () => {
    const kek = randomBytes(32);
    expect(keyCheckMatches(kek, keyCheckValue(kek))).toBe(true);
    expect(keyCheckMatches(randomBytes(32), keyCheckValue(kek))).toBe(false);
    expect(keyCheckMatches(kek, keyCheckValue(kek).subarray(0, 31))).toBe(false);
    expect(keyCheckValue(kek).includes(kek)).toBe(false);
  });
});
