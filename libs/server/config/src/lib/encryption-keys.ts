import { registerDecorator, ValidationOptions } from 'class-validator';

/** A key-encryption key (KEK): 32 random bytes and the id stored beside everything it wraps. */
export interface KeyEncryptionKey {
  readonly id: string;
  readonly key: Buffer;
}

const ENTRY = /^([A-Za-z0-9._-]{1,32}):([A-Za-z0-9+/]{43}=)$/;

/**
 * Parses `ENCRYPTION_KEYS`: comma-separated `<id>:<base64 of 32 bytes>` entries. The first is the
 * active key (it wraps new data keys); the others stay readable until `hub keys rotate` re-wraps
 * everything under the active one. Returns null when the value is malformed.
 */
export function parseEncryptionKeys(value: string): KeyEncryptionKey[] | null {
  const keys: KeyEncryptionKey[] = [];
  for (const entry of value.split(',').map((part) => part.trim())) {
    const match = ENTRY.exec(entry);
    if (!match) return null;
    const key = Buffer.from(match[2], 'base64');
    if (key.length !== 32 || keys.some((k) => k.id === match[1])) return null;
    keys.push({ id: match[1], key });
  }
  return keys.length > 0 ? keys : null;
}

export function IsEncryptionKeys(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isEncryptionKeys',
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseEncryptionKeys(value) !== null,
        defaultMessage: () =>
          'must be one or more comma-separated "<key id>:<base64 of 32 random bytes>" entries with distinct ids ' +
          '(generate one with `npm run hub -- keys generate`)',
      },
    });
}
