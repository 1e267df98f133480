import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Field-level encryption of personal information (PIPL: resident IDs, phone numbers) at rest.
 *
 * - `encrypt` uses AES-256-GCM with a fresh random 96-bit IV per value, so equal values give
 *   different tokens and the column reveals nothing, not even equality. The AAD binds tokens to
 *   this scheme and version. At 2^32 encryptions per key the IV-collision risk reaches NIST's
 *   2^-32 limit; rotate keys (a new version prefix) long before that.
 * - `lookupHash` is a keyed HMAC of the normalised value, deterministic on purpose: it backs
 *   unique indexes and exact-match search without decrypting. A plain hash would not do, as an
 *   18-digit resident ID has few enough possibilities to enumerate.
 *
 * The two keys must differ: one leaking must not weaken the other.
 */

export interface PiiCipherKeys {
  /** AES-256 key: exactly 32 bytes. */
  encryptionKey: Buffer;
  /** HMAC-SHA256 key for lookup hashes: at least 32 bytes. */
  hmacKey: Buffer;
}

const VERSION = 'v1';
const AAD = Buffer.from('dz-pii-v1', 'utf8');
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const MIN_HMAC_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

const CORRUPT = 'PII ciphertext is corrupt or the key is wrong';

/** In `u` mode a proper surrogate pair is one code point, so only a lone half matches. */
const LONE_SURROGATE = /\p{Cs}/u;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict base64url: only the canonical encoding of some bytes, else undefined. */
function fromBase64Url(text: string): Buffer | undefined {
  if (!BASE64URL.test(text)) {
    return undefined;
  }
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

/**
 * Decodes a key from standard base64 (surrounding whitespace ignored) and checks it has exactly
 * `bytes` bytes (default 32). The error names `name` (e.g. the environment variable) and never
 * echoes the value, which is a secret.
 */
export function parseKey(base64: string, name: string, bytes = KEY_BYTES): Buffer {
  const text = base64.trim();
  const hint = `generate one with: openssl rand -base64 ${bytes}`;
  if (text === '' || !BASE64.test(text)) {
    throw new Error(`${name} must be a base64-encoded ${bytes}-byte key; ${hint}`);
  }
  const key = Buffer.from(text, 'base64');
  if (key.length !== bytes) {
    throw new Error(
      `${name} must be a base64-encoded ${bytes}-byte key, but it decodes to ${key.length} bytes; ${hint}`,
    );
  }
  return key;
}

/** Encrypts and decrypts personal information, and hashes it for lookups; see the file comment. */
export class PiiCipher {
  private readonly encryptionKey: Buffer;
  private readonly hmacKey: Buffer;

  constructor(keys: PiiCipherKeys) {
    const { encryptionKey, hmacKey } = keys;
    if (!Buffer.isBuffer(encryptionKey) || encryptionKey.length !== KEY_BYTES) {
      throw new Error(`PII encryption key must be exactly ${KEY_BYTES} bytes`);
    }
    if (!Buffer.isBuffer(hmacKey) || hmacKey.length < MIN_HMAC_KEY_BYTES) {
      throw new Error(`PII HMAC key must be at least ${MIN_HMAC_KEY_BYTES} bytes`);
    }
    if (encryptionKey.equals(hmacKey)) {
      throw new Error('PII encryption key and HMAC key must differ');
    }
    // Copies, so a caller reusing or zeroing its buffers cannot change ours.
    this.encryptionKey = Buffer.from(encryptionKey);
    this.hmacKey = Buffer.from(hmacKey);
  }

  /** Encrypts text to `v1.<iv>.<ciphertext>.<tag>` (base64url): ⌈4/3 × UTF-8 bytes⌉ + 43 chars. */
  encrypt(plain: string): string {
    // UTF-8 cannot hold a lone surrogate: it would come back as U+FFFD, silently changed.
    if (LONE_SURROGATE.test(plain)) {
      throw new Error('PII plaintext is not well-formed Unicode (it has a lone surrogate)');
    }
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.encryptionKey, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(AAD);
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv, ciphertext, tag]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** Decrypts a token from `encrypt`; any tampering, truncation or wrong key throws one error. */
  decrypt(token: string): string {
    const parts = token.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION) {
      throw new Error(CORRUPT);
    }
    const [iv, ciphertext, tag] = parts.slice(1).map(fromBase64Url);
    if (
      iv === undefined ||
      ciphertext === undefined ||
      tag === undefined ||
      iv.length !== IV_BYTES ||
      tag.length !== TAG_BYTES
    ) {
      throw new Error(CORRUPT);
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, this.encryptionKey, iv, {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(AAD);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      // OpenSSL's message ("Unsupported state or unable to authenticate data") helps no one.
      throw new Error(CORRUPT);
    }
  }

  /** Hex HMAC-SHA256 (64 characters) of the value trimmed and upper-cased, for unique indexes. */
  lookupHash(plain: string): string {
    const normalised = plain.trim().toUpperCase();
    return createHmac('sha256', this.hmacKey).update(normalised, 'utf8').digest('hex');
  }
}
