import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The pure half of envelope encryption (docs/security.md §2.1, ADR 0004): AES-256-GCM records sealed with
 * a per-workspace data key (DEK), DEKs wrapped by a key-encryption key (KEK), and the KEK's check
 * value. node:crypto only; no I/O.
 */

/** Thrown for any record or wrapped key that does not authenticate. Its message never holds key or plaintext bytes. */
export class DecryptionError extends Error {
  override readonly name = 'DecryptionError';
}

export const RECORD_VERSION = 0x01;
const KEY_BYTES = 32;
const ID_BYTES = 16;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** version | data-key id | nonce | tag, then the ciphertext. */
const HEADER_BYTES = 1 + ID_BYTES;
const PREAMBLE_BYTES = HEADER_BYTES + NONCE_BYTES + TAG_BYTES;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidToBytes(id: string): Buffer {
  if (!UUID.test(id)) throw new TypeError('a data-key id must be a uuid');
  return Buffer.from(id.replace(/-/g, ''), 'hex');
}

function bytesToUuid(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function assertKey(key: Buffer, what: string): void {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) throw new TypeError(`${what} must be ${KEY_BYTES} bytes`);
}

/**
 * Seals one value: `0x01 | data-key id (16) | nonce (12) | tag (16) | ciphertext`. The GCM
 * additional data is the header (version and data-key id) followed by `aad`, so a changed header,
 * a record moved to another row, column or workspace, or any flipped bit fails to open.
 */
export function sealRecord({
  dek,
  dekId,
  plaintext,
  aad,
}: {
  dek: Buffer;
  dekId: string;
  plaintext: Buffer;
  aad: string;
}): Buffer {
  assertKey(dek, 'a data key');
  const header = Buffer.concat([Buffer.of(RECORD_VERSION), uuidToBytes(dekId)]);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', dek, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.concat([header, Buffer.from(aad, 'utf8')]));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([header, nonce, cipher.getAuthTag(), ciphertext]);
}

/** The id of the data key a record was sealed with (not authenticated until the record is opened). */
export function dataKeyIdOf(sealed: Buffer): string {
  if (!Buffer.isBuffer(sealed) || sealed.length < PREAMBLE_BYTES)
    throw new DecryptionError('sealed record is too short');
  if (sealed[0] !== RECORD_VERSION) throw new DecryptionError(`sealed record has unsupported version ${sealed[0]}`);
  return bytesToUuid(sealed.subarray(1, HEADER_BYTES));
}

/** Opens a record sealed by `sealRecord` with the same data key and AAD, or throws `DecryptionError`. */
export function openRecord({ dek, sealed, aad }: { dek: Buffer; sealed: Buffer; aad: string }): Buffer {
  assertKey(dek, 'a data key');
  dataKeyIdOf(sealed); // length and version
  const header = sealed.subarray(0, HEADER_BYTES);
  const nonce = sealed.subarray(HEADER_BYTES, HEADER_BYTES + NONCE_BYTES);
  const tag = sealed.subarray(HEADER_BYTES + NONCE_BYTES, PREAMBLE_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', dek, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.concat([header, Buffer.from(aad, 'utf8')]));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.subarray(PREAMBLE_BYTES)), decipher.final()]);
  } catch {
    // node's own message ("Unsupported state or unable to authenticate data") holds nothing secret, but
    // a fixed sentence keeps it that way whatever node says in future.
    throw new DecryptionError('sealed record does not authenticate (wrong key, wrong row or workspace, or tampered)');
  }
}

/** Where a stored secret lives: the AAD binds its ciphertext to exactly this place. */
export interface SecretLocation {
  readonly table: string;
  readonly column: string;
  readonly rowId: string;
  /** null for the instance's own secrets (e.g. OAuth app client secrets). */
  readonly workspaceId: string | null;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * `v1|<table>|<column>|<rowId>|<workspaceId or "instance">`. Table and column are identifiers and the
 * last field a uuid or "instance", so no two locations share an AAD even if a row id contains `|`.
 */
export function secretAad({ table, column, rowId, workspaceId }: SecretLocation): string {
  if (!IDENTIFIER.test(table) || !IDENTIFIER.test(column))
    throw new TypeError('table and column must be lower-case SQL identifiers');
  if (!rowId) throw new TypeError('a secret needs a row id');
  if (workspaceId !== null && !UUID.test(workspaceId)) throw new TypeError('a workspace id must be a uuid');
  return `v1|${table}|${column}|${rowId}|${workspaceId === null ? 'instance' : workspaceId.toLowerCase()}`;
}

const WRAP_VERSION = 0x01;
const WRAPPED_BYTES = 1 + NONCE_BYTES + TAG_BYTES + KEY_BYTES;

/** Wraps a data key under a KEK: `0x01 | nonce (12) | tag (16) | encrypted key (32)`, AAD `kek-wrap|<dekId>`. */
export function wrapDataKey(kek: Buffer, dekId: string, dek: Buffer): Buffer {
  assertKey(kek, 'a key-encryption key');
  assertKey(dek, 'a data key');
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', kek, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(`kek-wrap|${dekId.toLowerCase()}`, 'utf8'));
  const encrypted = Buffer.concat([cipher.update(dek), cipher.final()]);
  return Buffer.concat([Buffer.of(WRAP_VERSION), nonce, cipher.getAuthTag(), encrypted]);
}

/** Unwraps what `wrapDataKey` made for the same data-key id, or throws `DecryptionError`. */
export function unwrapDataKey(kek: Buffer, dekId: string, wrapped: Buffer): Buffer {
  assertKey(kek, 'a key-encryption key');
  if (!Buffer.isBuffer(wrapped) || wrapped.length !== WRAPPED_BYTES || wrapped[0] !== WRAP_VERSION) {
    throw new DecryptionError(`wrapped data key ${dekId} is malformed`);
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, wrapped.subarray(1, 1 + NONCE_BYTES), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(`kek-wrap|${dekId.toLowerCase()}`, 'utf8'));
    decipher.setAuthTag(wrapped.subarray(1 + NONCE_BYTES, 1 + NONCE_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(wrapped.subarray(1 + NONCE_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new DecryptionError(
      `wrapped data key ${dekId} does not authenticate (wrong key-encryption key, or tampered)`,
    );
  }
}

/** A fresh random data key. */
export function generateDataKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** `HMAC-SHA256(kek, "kcv")`: stored per KEK id so a process with the wrong key notices at boot. */
export function keyCheckValue(kek: Buffer): Buffer {
  assertKey(kek, 'a key-encryption key');
  return createHmac('sha256', kek).update('kcv').digest();
}

/** Whether `stored` is this KEK's check value, compared in constant time. */
export function keyCheckMatches(kek: Buffer, stored: Buffer): boolean {
  const expected = keyCheckValue(kek);
  return Buffer.isBuffer(stored) && stored.length === expected.length && timingSafeEqual(stored, expected);
}
