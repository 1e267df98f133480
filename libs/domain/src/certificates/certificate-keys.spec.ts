import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import fc from 'fast-check';

import { exampleCertificateContent } from './content.fixture';
import {
  certificateKeyFromSeed,
  certificateKeyId,
  certificatePublicKeyFromPem,
  generateCertificateKeyPair,
  publicKeyPem,
  signCertificate,
  verifyCertificate,
  verifyCertificateFile,
} from './certificate-keys';

// RFC 8032 section 7.1, TEST 1: the seed and public key of a published Ed25519 test vector.
const RFC8032_SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const RFC8032_PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';

const key = certificateKeyFromSeed(Buffer.from(RFC8032_SEED, 'hex').toString('base64'));
const other = generateCertificateKeyPair();

describe('certificateKeyFromSeed', () => {
  it('should derive the RFC 8032 public key from its seed, and name it by sha256', () => {
    const raw = key.publicKey.export({ format: 'jwk' }).x;
    expect(Buffer.from(raw ?? '', 'base64url').toString('hex')).toBe(RFC8032_PUBLIC);
    expect(key.keyId).toBe(createHash('sha256').update(Buffer.from(RFC8032_PUBLIC, 'hex')).digest('hex').slice(0, 16));
    expect(certificateKeyId(key.publicKey)).toBe(key.keyId);
  });

  it('should accept base64url and unpadded seeds for the same key', () => {
    const seed = Buffer.from(RFC8032_SEED, 'hex');
    expect(certificateKeyFromSeed(seed.toString('base64url')).keyId).toBe(key.keyId);
    expect(certificateKeyFromSeed(` ${seed.toString('base64')}\n`).keyId).toBe(key.keyId);
  });

  it('should refuse a seed that is not 32 bytes of base64, in Chinese', () => {
    expect(() => certificateKeyFromSeed('')).toThrow('32 字节');
    expect(() => certificateKeyFromSeed(randomBytes(31).toString('base64'))).toThrow('32 字节');
    expect(() => certificateKeyFromSeed(randomBytes(33).toString('base64'))).toThrow('32 字节');
    expect(() => certificateKeyFromSeed('这不是种子')).toThrow('32 字节');
  });
});

describe('generateCertificateKeyPair', () => {
  it('should return a seed that gives the same key back', () => {
    const pair = generateCertificateKeyPair();
    expect(Buffer.from(pair.seedBase64, 'base64')).toHaveLength(32);
    expect(certificateKeyFromSeed(pair.seedBase64).keyId).toBe(pair.keyId);
    expect(pair.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(pair.keyId).not.toBe(other.keyId);
  });
});

describe('publicKeyPem / certificatePublicKeyFromPem', () => {
  it('should round-trip the public key through PEM', () => {
    const pem = publicKeyPem(key.publicKey);
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
    expect(certificatePublicKeyFromPem(pem).keyId).toBe(key.keyId);
  });

  it('should refuse text that is not a PEM key, and a key that is not Ed25519', () => {
    expect(() => certificatePublicKeyFromPem('not a key')).toThrow('公钥无法读取');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => certificatePublicKeyFromPem(rsa)).toThrow('不是 Ed25519');
  });
});

describe('signCertificate / verifyCertificate', () => {
  const content = exampleCertificateContent({ keyId: key.keyId });
  const signature = signCertificate(content, key.privateKey);

  it('should verify a signature it made, deterministically', () => {
    expect(Buffer.from(signature, 'base64')).toHaveLength(64);
    expect(verifyCertificate(content, signature, key.publicKey)).toBe(true);
    // Ed25519 is deterministic: the same content and key give the same signature.
    expect(signCertificate({ ...content }, key.privateKey)).toBe(signature);
  });

  it('should fail when one character of any string field changes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('number', 'series', 'eventTitle', 'occupationName', 'occupationCode', 'issuer', 'organiser', 'personName', 'idNumberMasked', 'issuedOn', 'keyId' as const),
        fc.nat(),
        fc.constantFrom('张', 'X', '0', ' ', '*'),
        (field, at, c) => {
          const text = content[field];
          const i = at % text.length;
          fc.pre(text[i] !== c);
          const changed = { ...content, [field]: text.slice(0, i) + c + text.slice(i + 1) };
          expect(verifyCertificate(changed, signature, key.publicKey)).toBe(false);
        },
      ),
      { numRuns: 100 },
    );
    expect(verifyCertificate({ ...content, award: '二等奖' }, signature, key.publicKey)).toBe(false);
    expect(verifyCertificate({ ...content, titles: [] }, signature, key.publicKey)).toBe(false);
    expect(verifyCertificate({ ...content, rank: 2 }, signature, key.publicKey)).toBe(false);
  });

  it('should fail under another key', () => {
    expect(verifyCertificate(content, signature, other.publicKey)).toBe(false);
  });

  it('should return false, never throw, for garbage signatures and keys', () => {
    for (const bad of ['', '!!!', 'AAAA', 'not base64 at all', signature.slice(0, -4), `${signature}AAAA`, Buffer.alloc(64).toString('base64')]) {
      expect(verifyCertificate(content, bad, key.publicKey)).toBe(false);
    }
    expect(verifyCertificate(content, undefined as unknown as string, key.publicKey)).toBe(false);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    expect(verifyCertificate(content, signature, rsa)).toBe(false);
    expect(verifyCertificate({ ...content, rank: Number.NaN }, signature, key.publicKey)).toBe(false);
  });

  it('should refuse to sign with a public or non-Ed25519 key', () => {
    expect(() => signCertificate(content, key.publicKey)).toThrow('Ed25519 私钥');
    expect(() => signCertificate(content, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey)).toThrow('Ed25519 私钥');
  });
});

describe('verifyCertificateFile (JSON)', () => {
  const content = exampleCertificateContent({ keyId: key.keyId });
  const record = { content, signature: signCertificate(content, key.privateKey), keyId: key.keyId };
  const pem = publicKeyPem(key.publicKey);
  const bytes = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');

  it('should find a valid JSON record valid', () => {
    expect(verifyCertificateFile(bytes(record), pem)).toEqual({ status: 'valid', source: 'json', content, keyId: key.keyId });
    // A byte-order mark and pretty printing change nothing.
    expect(verifyCertificateFile(Buffer.from(`\uFEFF${JSON.stringify(record, null, 2)}`, 'utf8'), pem).status).toBe('valid');
  });

  it('should find a record with one character changed invalid', () => {
    const tampered = { ...record, content: { ...content, personName: '欧阳晓海' } };
    const check = verifyCertificateFile(bytes(tampered), pem);
    expect(check).toMatchObject({ status: 'invalid', message: '签名无效（内容可能被篡改）' });
  });

  it('should find a record checked against another key invalid, naming both keys', () => {
    const check = verifyCertificateFile(bytes(record), publicKeyPem(other.publicKey));
    expect(check.status).toBe('invalid');
    if (check.status === 'invalid') expect(check.message).toContain(other.keyId);
  });

  it('should call a file that is no certificate unreadable', () => {
    for (const file of [Buffer.from('hello'), Buffer.from('{"a":1}'), Buffer.from([0xff, 0xfe, 0x00]), bytes({ ...record, extra: true }), Buffer.from('%PDF-1.3\n%%EOF')]) {
      expect(verifyCertificateFile(file, pem).status).toBe('unreadable');
    }
    expect(verifyCertificateFile(bytes(record), 'no key')).toEqual({ status: 'unreadable', message: expect.stringContaining('公钥无法读取') });
  });
});
