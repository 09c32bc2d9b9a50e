import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Encryption at rest for the columns that hold personal data (case records, session answers,
 * message bodies and recipients), with AES-256-GCM from node:crypto. A database dump, backup or
 * replica then holds only ciphertext; the key lives in the environment, not beside the data.
 *
 * Stored form: `enc:v1:` + base64(iv ‖ tag ‖ ciphertext). Values without the prefix are plain
 * JSON, so a database written before ENCRYPTION_KEY was set stays readable after it is set.
 * Each value is bound to its row (the additional authenticated data names the table and key),
 * so a ciphertext copied into another row fails to decrypt instead of showing the wrong case.
 */

const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface FieldCipher {
  /** True when values are encrypted before they are stored. */
  readonly encrypting: boolean;
  seal(plaintext: string, context: string): string;
  open(stored: string, context: string): string;
  /** Bytes (an uploaded file) sealed the same way, as iv ‖ tag ‖ ciphertext; the store records whether they were. */
  sealBytes(plain: Uint8Array, context: string): Uint8Array;
  openBytes(stored: Uint8Array, context: string): Uint8Array;
}

/** Stored data that cannot be decrypted: wrong or missing key, or a tampered row. */
export class StoredDataError extends Error {
  override name = 'StoredDataError';
}

/** Creates the cipher for a 32-byte key, or a pass-through when there is no key. */
export function createFieldCipher(key: Buffer | undefined): FieldCipher {
  if (key !== undefined && key.length !== 32) {
    throw new RangeError(`the encryption key must be 32 bytes, got ${key.length}`);
  }
  return {
    encrypting: key !== undefined,
    sealBytes(plain, context) {
      if (key === undefined) return plain;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    openBytes(stored, context) {
      if (key === undefined) throw new StoredDataError('stored file is encrypted but ENCRYPTION_KEY is not set');
      const raw = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
      } catch {
        throw new StoredDataError('stored file could not be decrypted (wrong ENCRYPTION_KEY or altered row)');
      }
    },
    seal(plaintext, context) {
      if (key === undefined) return plaintext;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    open(stored, context) {
      if (!stored.startsWith(PREFIX)) return stored;
      if (key === undefined) {
        throw new StoredDataError('stored data is encrypted but ENCRYPTION_KEY is not set');
      }
      const raw = Buffer.from(stored.slice(PREFIX.length), 'base64');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        // The context can hold a session id, which is a bearer secret, so it stays out of the message.
        throw new StoredDataError('stored data could not be decrypted (wrong ENCRYPTION_KEY or altered row)');
      }
    },
  };
}

/** A random id or token: 32 bytes, URL-safe. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}
