import fc from 'fast-check';

import {
  base32Decode,
  base32Encode,
  generateTotpSecret,
  hotpCode,
  otpauthUri,
  type TotpAlgorithm,
  totpCode,
  totpStep,
  verifyTotp,
} from './totp';

/** The RFC 4226 / RFC 6238 test seeds: ASCII digits, one key length per hash. */
const SEED_SHA1 = Buffer.from('12345678901234567890', 'ascii');
const SEED_SHA256 = Buffer.from('12345678901234567890123456789012', 'ascii');
const SEED_SHA512 = Buffer.from(
  '1234567890123456789012345678901234567890123456789012345678901234',
  'ascii',
);
const SECRET_SHA1 = base32Encode(SEED_SHA1);

const STEP_MS = 30_000;

const anySecret = fc.uint8Array({ minLength: 10, maxLength: 64 }).map(base32Encode);
/** Times up to the year 2100, in ms. */
const anyTime = fc.integer({ min: 0, max: 4_102_444_800_000 });

describe('base32Encode', () => {
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('should encode %j as the RFC 4648 vector %j, without padding', (plain, encoded) => {
    expect(base32Encode(Buffer.from(plain))).toBe(encoded);
  });

  it('should encode the RFC test seed as the well-known secret', () => {
    expect(SECRET_SHA1).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });
});

describe('base32Decode', () => {
  it.each([
    ['MZXW6YTBOI', 'foobar'],
    ['MZXW6YTBOI======', 'foobar'],
    ['mzxw6ytboi', 'foobar'],
    ['MZXW 6YTB-OI', 'foobar'],
    ['MY======', 'f'],
  ])('should decode %j as %j', (encoded, plain) => {
    expect(base32Decode(encoded).toString()).toBe(plain);
  });

  it.each(['MZXW1', 'MZXW0', 'MZ=XW', 'MZXW8'])('should reject %j', (encoded) => {
    expect(() => base32Decode(encoded)).toThrow('Invalid base32 character');
  });

  it('should round-trip any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const encoded = base32Encode(bytes);
        expect(encoded).toMatch(/^[A-Z2-7]*$/);
        expect(encoded).toHaveLength(Math.ceil((bytes.length * 8) / 5));
        expect(base32Decode(encoded)).toEqual(Buffer.from(bytes));
      }),
    );
  });
});

describe('generateTotpSecret', () => {
  it('should give 32 base32 characters holding 20 bytes', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(secret)).toHaveLength(20);
  });

  it('should give a different secret each time', () => {
    const secrets = new Set(Array.from({ length: 50 }, generateTotpSecret));
    expect(secrets.size).toBe(50);
  });
});

describe('hotpCode', () => {
  // RFC 4226 Appendix D.
  it.each([
    [0, '755224'],
    [1, '287082'],
    [2, '359152'],
    [3, '969429'],
    [4, '338314'],
    [5, '254676'],
    [6, '287922'],
    [7, '162583'],
    [8, '399871'],
    [9, '520489'],
  ])('should give the RFC 4226 value for counter %i', (counter, expected) => {
    expect(hotpCode(SEED_SHA1, counter)).toBe(expected);
  });

  it.each([-1, 1.5, Number.MAX_SAFE_INTEGER + 1])('should reject the counter %d', (counter) => {
    expect(() => hotpCode(SEED_SHA1, counter)).toThrow(RangeError);
  });

  it.each([5, 9, 6.5])('should reject %d digits', (digits) => {
    expect(() => hotpCode(SEED_SHA1, 0, digits)).toThrow(RangeError);
  });
});

describe('totpStep', () => {
  it('should count 30-second steps since the epoch', () => {
    expect(totpStep(0)).toBe(0);
    expect(totpStep(29_999)).toBe(0);
    expect(totpStep(30_000)).toBe(1);
    expect(totpStep(59_000, 60)).toBe(0);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('should reject the time %d', (unixMs) => {
    expect(() => totpStep(unixMs)).toThrow(RangeError);
  });
});

describe('totpCode', () => {
  // RFC 6238 Appendix B: time in seconds, then the 8-digit SHA1, SHA256 and SHA512 codes.
  const VECTORS: [number, string, string, string][] = [
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ];

  it.each(VECTORS)('should give the RFC 6238 SHA1 code at %i s', (seconds, sha1) => {
    expect(totpCode(SECRET_SHA1, seconds * 1000, { digits: 8 })).toBe(sha1);
  });

  it.each(VECTORS)(
    'should give the RFC 6238 SHA256 and SHA512 codes at %i s',
    (seconds, _sha1, sha256, sha512) => {
      const code = (seed: Buffer, algorithm: TotpAlgorithm) =>
        totpCode(base32Encode(seed), seconds * 1000, { digits: 8, algorithm });
      expect(code(SEED_SHA256, 'sha256')).toBe(sha256);
      expect(code(SEED_SHA512, 'sha512')).toBe(sha512);
    },
  );

  it('should default to the last 6 digits of the 8-digit code', () => {
    expect(totpCode(SECRET_SHA1, 59_000)).toBe('287082');
    expect(totpCode(SECRET_SHA1, 1_111_111_109_000)).toBe('081804');
  });

  it('should keep the same code through one step and change at its end', () => {
    const start = 1_111_111_110_000; // a multiple of 30 s
    expect(totpCode(SECRET_SHA1, start + STEP_MS - 1)).toBe(totpCode(SECRET_SHA1, start));
    expect(totpCode(SECRET_SHA1, start + STEP_MS)).not.toBe(totpCode(SECRET_SHA1, start));
  });

  it('should always give a string of exactly `digits` digits', () => {
    fc.assert(
      fc.property(anySecret, anyTime, fc.integer({ min: 6, max: 8 }), (secret, at, digits) => {
        expect(totpCode(secret, at, { digits })).toMatch(new RegExp(`^\\d{${digits}}$`));
      }),
    );
  });
});

describe('verifyTotp', () => {
  const NOW = 1_234_567_890_000;
  const NOW_STEP = Math.floor(NOW / STEP_MS);

  it('should accept the current code and give its step', () => {
    const code = totpCode(SECRET_SHA1, NOW);
    expect(verifyTotp(SECRET_SHA1, code, NOW)).toEqual({ ok: true, step: NOW_STEP });
  });

  it('should accept the previous and next step by default, giving their own steps', () => {
    const previous = totpCode(SECRET_SHA1, NOW - STEP_MS);
    const next = totpCode(SECRET_SHA1, NOW + STEP_MS);
    expect(verifyTotp(SECRET_SHA1, previous, NOW)).toEqual({ ok: true, step: NOW_STEP - 1 });
    expect(verifyTotp(SECRET_SHA1, next, NOW)).toEqual({ ok: true, step: NOW_STEP + 1 });
  });

  it('should refuse the previous step with a window of 0', () => {
    const previous = totpCode(SECRET_SHA1, NOW - STEP_MS);
    expect(verifyTotp(SECRET_SHA1, previous, NOW, { window: 0 })).toEqual({ ok: false });
  });

  it('should accept two steps back with a window of 2', () => {
    const old = totpCode(SECRET_SHA1, NOW - 2 * STEP_MS);
    expect(verifyTotp(SECRET_SHA1, old, NOW, { window: 2 })).toEqual({
      ok: true,
      step: NOW_STEP - 2,
    });
  });

  it('should ignore spaces in the code', () => {
    const code = totpCode(SECRET_SHA1, NOW);
    const spaced = `${code.slice(0, 3)} ${code.slice(3)}`;
    expect(verifyTotp(SECRET_SHA1, spaced, NOW)).toEqual({ ok: true, step: NOW_STEP });
  });

  it.each(['', '12345', '1234567', 'abcdef', '12345６', '-12345'])(
    'should refuse the malformed code %j',
    (code) => {
      expect(verifyTotp(SECRET_SHA1, code, NOW)).toEqual({ ok: false });
    },
  );

  it('should verify 8-digit SHA1 codes from the RFC vectors', () => {
    expect(verifyTotp(SECRET_SHA1, '89005924', 1_234_567_890_000, { digits: 8 })).toEqual({
      ok: true,
      step: Math.floor(1_234_567_890 / 30),
    });
  });

  it('should not look at steps before the epoch', () => {
    expect(verifyTotp(SECRET_SHA1, totpCode(SECRET_SHA1, 0), 0)).toEqual({ ok: true, step: 0 });
  });

  it.each([-1, 11, 0.5])('should reject the window %d', (window) => {
    expect(() => verifyTotp(SECRET_SHA1, '123456', NOW, { window })).toThrow(RangeError);
  });

  it('should accept a code at its own time', () => {
    fc.assert(
      fc.property(anySecret, anyTime, (secret, at) => {
        expect(verifyTotp(secret, totpCode(secret, at), at)).toEqual({
          ok: true,
          step: Math.floor(at / STEP_MS),
        });
      }),
    );
  });

  it('should refuse a code three steps away, unless a window code happens to be equal', () => {
    fc.assert(
      fc.property(anySecret, anyTime, fc.constantFrom(-3, 3), (secret, at, away) => {
        const code = totpCode(secret, at);
        const later = at + away * STEP_MS;
        fc.pre(later >= 0);
        // Codes of other steps collide with probability 10^-6 each; say exactly when that is.
        const collides = [-1, 0, 1].some((d) => totpCode(secret, later + d * STEP_MS) === code);
        expect(verifyTotp(secret, code, later).ok).toBe(collides);
      }),
    );
  });
});

describe('otpauthUri', () => {
  it('should build the key URI with the default issuer', () => {
    expect(otpauthUri({ secret: SECRET_SHA1, account: 'zhangsan' })).toBe(
      'otpauth://totp/%E8%BE%BE%E5%B7%9E%E6%8A%80%E8%83%BD%E5%A4%A7%E8%B5%9B:zhangsan' +
        '?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' +
        '&issuer=%E8%BE%BE%E5%B7%9E%E6%8A%80%E8%83%BD%E5%A4%A7%E8%B5%9B' +
        '&algorithm=SHA1&digits=6&period=30',
    );
  });

  it('should encode each label part and keep the colon between them', () => {
    const input = { secret: 'mzxw 6ytb oi', account: 'a b:c@d', issuer: 'X&Y' };
    const uri = new URL(otpauthUri(input));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(uri.pathname).toBe('/X%26Y:a%20b%3Ac%40d');
    expect(uri.searchParams.get('issuer')).toBe('X&Y');
    expect(uri.searchParams.get('secret')).toBe('MZXW6YTBOI');
  });

  it('should reject a secret that is not base32', () => {
    expect(() => otpauthUri({ secret: 'not base32!', account: 'x' })).toThrow(
      'Invalid base32 character',
    );
  });
});
