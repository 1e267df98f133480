import { createHash } from 'node:crypto';

import fc from 'fast-check';

import { generateRecoveryCodes, hashRecoveryCode, normaliseRecoveryCode } from './recovery-codes';

const FORMAT = /^[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}$/;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Codes in the generated format, from a fixed alphabet (no randomness in properties). */
const group = fc.string({
  unit: fc.constantFrom(...'abcdefghjkmnpqrstuvwxyz23456789'),
  minLength: 4,
  maxLength: 4,
});
const anyCode = fc.tuple(group, group).map(([a, b]) => `${a}-${b}`);

describe('generateRecoveryCodes', () => {
  it('should give 10 distinct codes in the xxxx-xxxx format by default', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(FORMAT);
    }
  });

  it('should give the number asked for', () => {
    expect(generateRecoveryCodes(1)).toHaveLength(1);
    expect(generateRecoveryCodes(100)).toHaveLength(100);
  });

  it('should never use the look-alikes 0, o, 1, l or i', () => {
    const all = generateRecoveryCodes(100).join('');
    expect(all).not.toMatch(/[01oli]/);
  });

  it('should use the whole alphabet', () => {
    // 100 codes hold 800 characters; missing one of 31 symbols has odds of about 31·(30/31)^800.
    const used = new Set(generateRecoveryCodes(100).join('').replace(/-/g, ''));
    expect(used.size).toBe(31);
  });

  it('should differ between calls', () => {
    expect(generateRecoveryCodes()).not.toEqual(generateRecoveryCodes());
  });

  it.each([0, -1, 101, 2.5, Number.NaN])('should refuse a count of %d', (count) => {
    expect(() => generateRecoveryCodes(count)).toThrow(RangeError);
  });
});

describe('normaliseRecoveryCode', () => {
  it.each([
    ['k7mp-3xqa', 'k7mp3xqa'],
    ['K7MP-3XQA', 'k7mp3xqa'],
    ['  k7mp 3xqa ', 'k7mp3xqa'],
    ['k7mp–3xqa', 'k7mp3xqa'],
    ['ｋ７ｍｐ－３ｘｑａ', 'k7mp3xqa'],
    ['k7mp\u30003xqa', 'k7mp3xqa'],
  ])('should read %j as %j', (input, expected) => {
    expect(normaliseRecoveryCode(input)).toBe(expected);
  });

  it('should be idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (input) => {
        const once = normaliseRecoveryCode(input);
        expect(normaliseRecoveryCode(once)).toBe(once);
      }),
    );
  });
});

describe('hashRecoveryCode', () => {
  it('should give the hex SHA-256 of the normalised code', () => {
    expect(hashRecoveryCode('k7mp-3xqa')).toBe(sha256('k7mp3xqa'));
    expect(hashRecoveryCode('k7mp-3xqa')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('should give the same hash however the code is typed', () => {
    fc.assert(
      fc.property(anyCode, fc.constantFrom('', ' ', '-'), (code, extra) => {
        const typed = `${extra}${code.toUpperCase().replace('-', ` ${extra}`)}${extra}`;
        expect(hashRecoveryCode(typed)).toBe(hashRecoveryCode(code));
      }),
    );
  });

  it('should give different hashes for different codes', () => {
    fc.assert(
      fc.property(anyCode, anyCode, (a, b) => {
        fc.pre(a !== b);
        expect(hashRecoveryCode(a)).not.toBe(hashRecoveryCode(b));
      }),
    );
  });
});
