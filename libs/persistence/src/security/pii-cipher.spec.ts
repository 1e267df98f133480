import fc from 'fast-check';

import { parseKey, PiiCipher } from './pii-cipher';

const CORRUPT = 'PII ciphertext is corrupt or the key is wrong';

/** Fixed, distinct test keys (never random inside a property). */
const key = (fill: number, length = 32) => Buffer.alloc(length, fill);
const KEYS = { encryptionKey: key(1), hmacKey: key(2) };

const ID = '511702199001011234';

/** Well-formed Unicode text: every code point except the surrogate halves. */
const anyText = fc.string({ unit: 'grapheme', maxLength: 200 });

const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A 16-byte tag is 22 base64url characters, the last 4 bits unused: flipping one keeps the bytes. */
const flipPaddingBit = (token: string) => {
  const last = BASE64URL_ALPHABET.indexOf(token.slice(-1));
  return token.slice(0, -1) + BASE64URL_ALPHABET[last ^ 1];
};

const swapIvAndTag = (token: string) => {
  const [version, iv, ciphertext, tag] = token.split('.');
  return [version, tag, ciphertext, iv].join('.');
};

const decode = (part: string) => Buffer.from(part, 'base64url');
const encode = (bytes: Buffer) => bytes.toString('base64url');

describe(PiiCipher.name, () => {
  const cipher = new PiiCipher(KEYS);

  describe('constructor', () => {
    it.each([
      ['a 31-byte encryption key', { encryptionKey: key(1, 31), hmacKey: key(2) }, '32 bytes'],
      ['a 33-byte encryption key', { encryptionKey: key(1, 33), hmacKey: key(2) }, '32 bytes'],
      ['a 31-byte HMAC key', { encryptionKey: key(1), hmacKey: key(2, 31) }, 'at least 32'],
      ['one key used twice', { encryptionKey: key(1), hmacKey: key(1) }, 'must differ'],
    ])('should refuse %s', (_case, keys, message) => {
      expect(() => new PiiCipher(keys)).toThrow(message);
    });

    it('should accept a 64-byte HMAC key', () => {
      expect(() => new PiiCipher({ encryptionKey: key(1), hmacKey: key(2, 64) })).not.toThrow();
    });

    it('should not be affected by later changes to the caller’s buffers', () => {
      const keys = { encryptionKey: key(7), hmacKey: key(8) };
      const own = new PiiCipher(keys);
      const token = own.encrypt(ID);
      const hash = own.lookupHash(ID);
      keys.encryptionKey.fill(0);
      keys.hmacKey.fill(0);
      expect(own.decrypt(token)).toBe(ID);
      expect(own.lookupHash(ID)).toBe(hash);
    });
  });

  describe('encrypt', () => {
    it('should give v1, a 12-byte IV, the ciphertext and a 16-byte tag, in base64url', () => {
      const parts = cipher.encrypt(ID).split('.');
      expect(parts).toHaveLength(4);
      expect(parts[0]).toBe('v1');
      expect(parts.slice(1).every((part) => /^[A-Za-z0-9_-]*$/.test(part))).toBe(true);
      expect(decode(parts[1])).toHaveLength(12);
      expect(decode(parts[2])).toHaveLength(Buffer.byteLength(ID));
      expect(decode(parts[3])).toHaveLength(16);
    });

    it('should give a different token each time for the same value', () => {
      const tokens = new Set(Array.from({ length: 20 }, () => cipher.encrypt(ID)));
      expect(tokens.size).toBe(20);
    });

    it('should not contain the value', () => {
      expect(cipher.encrypt(ID)).not.toContain(ID);
      expect(cipher.encrypt(ID)).not.toContain(encode(Buffer.from(ID)));
    });

    it('should refuse a lone surrogate rather than change it', () => {
      expect(() => cipher.encrypt('abc\ud800')).toThrow('lone surrogate');
    });
  });

  describe('decrypt', () => {
    it('should round-trip the empty string, Chinese and emoji', () => {
      for (const plain of ['', '张三', `${ID} 😀`]) {
        expect(cipher.decrypt(cipher.encrypt(plain))).toBe(plain);
      }
    });

    it('should round-trip any well-formed text', () => {
      fc.assert(
        fc.property(anyText, (plain) => {
          expect(cipher.decrypt(cipher.encrypt(plain))).toBe(plain);
        }),
      );
    });

    it('should refuse a token encrypted under another key', () => {
      const other = new PiiCipher({ encryptionKey: key(3), hmacKey: key(2) });
      expect(() => cipher.decrypt(other.encrypt(ID))).toThrow(CORRUPT);
    });

    it('should refuse any flipped bit in the IV, ciphertext or tag', () => {
      const token = cipher.encrypt(ID);
      const parts = token.split('.');
      const part = fc.integer({ min: 1, max: 3 });
      const bit = fc.integer({ min: 0, max: 7 });
      fc.assert(
        fc.property(part, fc.nat(), bit, (which, at, flip) => {
          const bytes = decode(parts[which]);
          bytes[at % bytes.length] ^= 1 << flip;
          const tampered = [...parts];
          tampered[which] = encode(bytes);
          expect(() => cipher.decrypt(tampered.join('.'))).toThrow(CORRUPT);
        }),
      );
    });

    it.each([
      ['an empty string', () => ''],
      ['another version', (t: string) => t.replace(/^v1\./, 'v2.')],
      ['a missing part', (t: string) => t.split('.').slice(0, 3).join('.')],
      ['an extra part', (t: string) => `${t}.AAAA`],
      ['a truncated tag', (t: string) => t.slice(0, -2)],
      ['a character outside base64url', (t: string) => t.replace(/.$/, '=')],
      ['a non-canonical tag encoding (same bytes)', flipPaddingBit],
      ['dropped ciphertext', (t: string) => t.replace(/^(v1\.[^.]*\.)[^.]*/, '$1')],
      ['swapped IV and tag', swapIvAndTag],
    ])('should refuse %s', (_case, tamper) => {
      expect(() => cipher.decrypt(tamper(cipher.encrypt(ID)))).toThrow(CORRUPT);
    });
  });

  describe('lookupHash', () => {
    it('should give 64 hex characters', () => {
      expect(cipher.lookupHash(ID)).toMatch(/^[0-9a-f]{64}$/);
    });

    it('should ignore surrounding spaces and letter case', () => {
      expect(cipher.lookupHash(` ${ID} `)).toBe(cipher.lookupHash(ID));
      expect(cipher.lookupHash('51170219900101123x')).toBe(cipher.lookupHash('51170219900101123X'));
    });

    it('should tell different values apart', () => {
      expect(cipher.lookupHash(ID)).not.toBe(cipher.lookupHash('511702199001011235'));
    });

    it('should depend on the HMAC key only', () => {
      const otherHmac = new PiiCipher({ encryptionKey: key(1), hmacKey: key(4) });
      const otherAes = new PiiCipher({ encryptionKey: key(5), hmacKey: key(2) });
      expect(otherHmac.lookupHash(ID)).not.toBe(cipher.lookupHash(ID));
      expect(otherAes.lookupHash(ID)).toBe(cipher.lookupHash(ID));
    });

    it('should agree for any text with and without surrounding whitespace', () => {
      fc.assert(
        fc.property(anyText, fc.constantFrom('', ' ', '\t', '\n ', '\u3000'), (plain, pad) => {
          expect(cipher.lookupHash(`${pad}${plain}${pad}`)).toBe(cipher.lookupHash(plain.trim()));
        }),
      );
    });

    it('should agree for an ID or phone number in either case', () => {
      const idLike = fc.string({ unit: fc.constantFrom(...'0123456789Xx+-'.split('')) });
      fc.assert(
        fc.property(idLike, (plain) => {
          expect(cipher.lookupHash(plain.toLowerCase())).toBe(
            cipher.lookupHash(plain.toUpperCase()),
          );
        }),
      );
    });
  });
});

describe('parseKey', () => {
  const valid = key(9).toString('base64');

  it('should decode a base64 key of 32 bytes, ignoring surrounding whitespace', () => {
    expect(parseKey(valid, 'PII_ENCRYPTION_KEY')).toEqual(key(9));
    expect(parseKey(` ${valid}\n`, 'PII_ENCRYPTION_KEY')).toEqual(key(9));
  });

  it('should accept another length when asked', () => {
    expect(parseKey(key(9, 64).toString('base64'), 'PII_HMAC_KEY', 64)).toEqual(key(9, 64));
  });

  it.each([
    ['empty', ''],
    ['not base64', 'not a key!'],
    ['base64url, not base64', key(0xfb).toString('base64url')],
    ['unpadded', valid.replace(/=+$/, '')],
  ])('should refuse a value that is %s, naming the variable', (_case, value) => {
    expect(() => parseKey(value, 'PII_ENCRYPTION_KEY')).toThrow(
      'PII_ENCRYPTION_KEY must be a base64-encoded 32-byte key',
    );
  });

  it.each([16, 31, 33, 64])('should refuse a key of %i bytes and say how long it is', (bytes) => {
    expect(() => parseKey(key(9, bytes).toString('base64'), 'PII_HMAC_KEY')).toThrow(
      `PII_HMAC_KEY must be a base64-encoded 32-byte key, but it decodes to ${bytes} bytes`,
    );
  });

  it('should never echo the secret in its error', () => {
    const secret = key(9, 16).toString('base64');
    let message = '';
    try {
      parseKey(secret, 'X');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('X must be');
    expect(message).not.toContain(secret);
  });
});
