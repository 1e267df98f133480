import { createHash } from 'node:crypto';

import fc from 'fast-check';

import { bytesToHex, sha256, sha256Hex, utf8Encode } from './sha256';

/** Node's OpenSSL-backed SHA-256, the reference the pure implementation must agree with. */
const nodeSha256 = (input: string | Uint8Array) =>
  createHash('sha256')
    .update(typeof input === 'string' ? Buffer.from(input, 'utf8') : input)
    .digest('hex');

describe('sha256Hex', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
    [
      'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
      'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1',
    ],
  ])('should hash the FIPS 180-2 test vector %j', (input, expected) => {
    expect(sha256Hex(input)).toBe(expected);
    expect(nodeSha256(input)).toBe(expected);
  });

  it('should hash a million times "a" (the long FIPS vector, many blocks)', () => {
    expect(sha256Hex('a'.repeat(1_000_000))).toBe(
      'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0',
    );
  });

  it.each([
    ['a long multi-block ASCII text', 'The quick brown fox jumps over the lazy dog. '.repeat(40)],
    ['a Chinese string', '达州市职业技能竞赛 焊工 抽签'],
    ['Chinese with full-width punctuation', '年龄须在 18–60 岁之间（按比赛日计算，您为 16 岁）'],
    ['characters outside the BMP', '𠀀𪚥😀 emoji 与 扩展汉字'],
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate at the end', 'x\udc00'],
  ])('should agree with node:crypto on %s', (_label, input) => {
    expect(sha256Hex(input)).toBe(nodeSha256(input));
  });

  it.each([55, 56, 63, 64, 65, 119, 120, 127, 128])(
    'should pad correctly at the block boundary of %i bytes',
    (length) => {
      const input = 'x'.repeat(length);
      expect(sha256Hex(input)).toBe(nodeSha256(input));
    },
  );

  it('should hash bytes and the equivalent string alike', () => {
    const text = '达州 2026';
    expect(sha256Hex(Buffer.from(text, 'utf8'))).toBe(sha256Hex(text));
    expect(sha256Hex(new Uint8Array([0, 255, 128]))).toBe(nodeSha256(new Uint8Array([0, 255, 128])));
  });

  it('should agree with node:crypto on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(sha256Hex(text)).toBe(nodeSha256(text));
      }),
    );
  });

  it('should agree with node:crypto on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(sha256Hex(bytes)).toBe(nodeSha256(bytes));
      }),
    );
  });

  it('should always give 64 lowercase hex characters', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (text) => {
        expect(sha256Hex(text)).toMatch(/^[0-9a-f]{64}$/);
      }),
    );
  });
});

describe('sha256', () => {
  it('should return the 32 digest bytes', () => {
    const digest = sha256(utf8Encode('abc'));
    expect(digest).toHaveLength(32);
    expect(Buffer.from(digest).toString('hex')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('should not modify its input', () => {
    const input = new Uint8Array([1, 2, 3]);
    sha256(input);
    expect([...input]).toEqual([1, 2, 3]);
  });
});

describe('utf8Encode', () => {
  it.each([
    ['', []],
    ['A', [0x41]],
    ['é', [0xc3, 0xa9]],
    ['达', [0xe8, 0xbe, 0xbe]],
    ['😀', [0xf0, 0x9f, 0x98, 0x80]],
    ['\ud800', [0xef, 0xbf, 0xbd]],
  ])('should encode %j', (text, bytes) => {
    expect([...utf8Encode(text)]).toEqual(bytes);
  });

  it('should agree with Buffer and TextEncoder on any string, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        const expected = [...Buffer.from(text, 'utf8')];
        expect([...utf8Encode(text)]).toEqual(expected);
        expect([...new TextEncoder().encode(text)]).toEqual(expected);
      }),
    );
  });
});

describe('bytesToHex', () => {
  it('should pad every byte to two lowercase digits', () => {
    expect(bytesToHex(new Uint8Array([0, 1, 15, 16, 171, 255]))).toBe('00010f10abff');
  });
});
