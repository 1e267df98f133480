import fc from 'fast-check';

import { residentIdCheckDigit } from '../identity/resident-id';
import { CERTIFICATE_KINDS } from './certificate-content';
import { CERTIFICATE_NUMBER_LENGTH, formatCertificateNumber, iso7064Mod11_2, parseCertificateNumber } from './certificate-number';

const parts = fc.record({
  year: fc.integer({ min: 1000, max: 9999 }),
  kind: fc.constantFrom(...CERTIFICATE_KINDS),
  sequence: fc.integer({ min: 1, max: 9_999_999 }),
});
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

describe('formatCertificateNumber', () => {
  it('should write DZ, the year, the kind letter, seven sequence digits and a check character', () => {
    const number = formatCertificateNumber({ year: 2026, kind: 'award', sequence: 1234 });
    expect(number).toMatch(/^DZ2026A0001234[\dX]$/);
    expect(number).toHaveLength(CERTIFICATE_NUMBER_LENGTH);
    expect(formatCertificateNumber({ year: 2026, kind: 'champion', sequence: 1 })).toMatch(/^DZ2026C0000001[\dX]$/);
    expect(formatCertificateNumber({ year: 2026, kind: 'participation', sequence: 9_999_999 })).toMatch(/^DZ2026P9999999[\dX]$/);
  });

  it('should compute the check by hand for one number', () => {
    // 2,0,2,6,A=10,0,0,0,1,2,3,4 with weights 2^12…2^1 mod 11 = 4,2,1,6,3,7,9,10,5,8,4,2:
    // 8+0+2+36+30+0+0+0+5+16+12+8 = 117 ≡ 7 (mod 11); check = (12 − 7) mod 11 = 5.
    expect(formatCertificateNumber({ year: 2026, kind: 'award', sequence: 1234 })).toBe('DZ2026A00012345');
  });

  it('should reject a year, sequence or kind out of range', () => {
    expect(() => formatCertificateNumber({ year: 999, kind: 'award', sequence: 1 })).toThrow('年份');
    expect(() => formatCertificateNumber({ year: 2026, kind: 'award', sequence: 0 })).toThrow('证书序号');
    expect(() => formatCertificateNumber({ year: 2026, kind: 'award', sequence: 10_000_000 })).toThrow('证书序号');
    expect(() => formatCertificateNumber({ year: 2026, kind: 'award', sequence: 1.5 })).toThrow('证书序号');
    expect(() => formatCertificateNumber({ year: 2026, kind: 'gold' as never, sequence: 1 })).toThrow('类别');
  });
});

describe('iso7064Mod11_2', () => {
  it('should agree with the resident ID check digit on any 17 digits', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 17, maxLength: 17 }), (digits) => {
        expect(iso7064Mod11_2(digits)).toBe(residentIdCheckDigit(digits.join('')));
      }),
    );
  });
});

describe('parseCertificateNumber', () => {
  it('should round-trip every formatted number', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const number = formatCertificateNumber(p);
        expect(parseCertificateNumber(number)).toEqual({ ok: true, number, ...p });
      }),
    );
  });

  it('should accept surrounding spaces and lower case', () => {
    expect(parseCertificateNumber('  dz2026a00012345 ')).toEqual({ ok: true, number: 'DZ2026A00012345', year: 2026, kind: 'award', sequence: 1234 });
  });

  it('should catch every single-character substitution', () => {
    fc.assert(
      fc.property(parts, fc.nat(), fc.constantFrom(...ALPHABET), (p, at, replacement) => {
        const number = formatCertificateNumber(p);
        const i = at % number.length;
        fc.pre(number[i] !== replacement);
        const typo = number.slice(0, i) + replacement + number.slice(i + 1);
        const parsed = parseCertificateNumber(typo);
        expect(parsed.ok).toBe(false);
      }),
    );
  });

  it('should catch every substitution of one certificate number exhaustively', () => {
    const number = formatCertificateNumber({ year: 2026, kind: 'champion', sequence: 42 });
    let tried = 0;
    for (let i = 0; i < number.length; i += 1) {
      for (const c of ALPHABET) {
        if (c === number[i]) continue;
        tried += 1;
        expect(parseCertificateNumber(number.slice(0, i) + c + number.slice(i + 1)).ok).toBe(false);
      }
    }
    expect(tried).toBe(number.length * 35);
  });

  it('should say which part is wrong, in Chinese', () => {
    expect(parseCertificateNumber('')).toEqual({ ok: false, message: '请输入证书编号' });
    const format = parseCertificateNumber('DZ2026B00012345');
    expect(format.ok).toBe(false);
    if (!format.ok) expect(format.message).toContain('格式不正确');
    const check = parseCertificateNumber('DZ2026A00012346');
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.message).toContain('校验位不正确');
    expect(parseCertificateNumber('DZ2026A0001234').ok).toBe(false); // check character missing
    expect(parseCertificateNumber('DZ2026A000123455').ok).toBe(false); // one too many
  });

  it('should reject a zero sequence even with a matching check character', () => {
    const body = '2026P0000000';
    const check = iso7064Mod11_2(Array.from(body, (c) => parseInt(c, 36)));
    const parsed = parseCertificateNumber(`DZ${body}${check}`);
    expect(parsed.ok).toBe(false);
  });
});
