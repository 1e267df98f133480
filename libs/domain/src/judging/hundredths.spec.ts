import fc from 'fast-check';

import {
  divRoundHalfUp,
  divRoundHalfUpBig,
  formatHundredths,
  MAX_ABS_MARKS,
  toHundredths,
} from './hundredths';

/** Hundredths whose mark is well inside the exactly-representable range of toHundredths. */
const hundredthsArb = fc.integer({ min: -1e13, max: 1e13 });

describe('toHundredths', () => {
  it.each([
    [0, 0],
    [-0, 0],
    [1, 100],
    [1.25, 125],
    [1.2, 120],
    [0.01, 1],
    [0.1, 10],
    [0.29, 29],
    [0.57, 57],
    [1.15, 115],
    [4.35, 435],
    [8.2, 820],
    [100, 10000],
    [-0.5, -50],
    [-12.34, -1234],
    [123456789.99, 12345678999],
    [MAX_ABS_MARKS, MAX_ABS_MARKS * 100],
  ])('should read %p marks as %p hundredths', (x, h) => {
    expect(toHundredths(x)).toBe(h);
    expect(Object.is(toHundredths(x), h)).toBe(true);
  });

  it('should not drift where x * 100 does', () => {
    // The naive conversion gets these wrong: 1.15 * 100 = 114.99999999999999 and so on.
    expect(Math.floor(1.15 * 100)).toBe(114);
    expect(Math.floor(4.35 * 100)).toBe(434);
    expect(toHundredths(1.15)).toBe(115);
    expect(toHundredths(4.35)).toBe(435);
  });

  it.each([
    [Number.NaN, '分值不是有效数字'],
    [Number.POSITIVE_INFINITY, '分值超出范围'],
    [Number.NEGATIVE_INFINITY, '分值超出范围'],
    [MAX_ABS_MARKS + 1, '分值超出范围'],
    [1e21, '分值超出范围'],
    [1.005, '分值最多两位小数（收到 1.005）'],
    [0.001, '分值最多两位小数（收到 0.001）'],
    [1e-7, '分值最多两位小数（收到 1e-7）'],
    [-2.125, '分值最多两位小数（收到 -2.125）'],
    [0.1 + 0.2, '分值最多两位小数（收到 0.30000000000000004）'],
  ])('should refuse %p', (x, message) => {
    expect(() => toHundredths(x)).toThrow(RangeError);
    expect(() => toHundredths(x)).toThrow(message);
  });

  it('should give back h for h / 100, for any h', () => {
    fc.assert(
      fc.property(hundredthsArb, (h) => {
        expect(toHundredths(h / 100)).toBe(h === 0 ? 0 : h);
      }),
    );
  });

  it('should agree with reading the decimal text by hand', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 99 }), (whole, cents) => {
        const text = `${whole}.${String(cents).padStart(2, '0')}`;
        expect(toHundredths(Number(text))).toBe(whole * 100 + cents);
        expect(toHundredths(-Number(text))).toBe(whole * 100 + cents === 0 ? 0 : -(whole * 100 + cents));
      }),
    );
  });

  it('should refuse any number with a third decimal', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: 9 }), (h, digit) => {
        const x = Number(`${formatHundredths(h)}${digit}`);
        expect(() => toHundredths(x)).toThrow('分值最多两位小数');
      }),
    );
  });
});

describe('formatHundredths', () => {
  it.each([
    [0, '0.00'],
    [1, '0.01'],
    [10, '0.10'],
    [125, '1.25'],
    [1250, '12.50'],
    [10000, '100.00'],
    [-5, '-0.05'],
    [-1234, '-12.34'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91'],
  ])('should write %p as %p', (h, text) => {
    expect(formatHundredths(h)).toBe(text);
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('should refuse %p', (h) => {
    expect(() => formatHundredths(h)).toThrow(RangeError);
  });

  it('should round-trip through toHundredths', () => {
    fc.assert(
      fc.property(hundredthsArb, (h) => {
        const text = formatHundredths(h);
        expect(text).toMatch(/^-?\d+\.\d\d$/);
        expect(toHundredths(Number(text))).toBe(h);
      }),
    );
  });
});

describe('divRoundHalfUp', () => {
  it.each([
    [0, 3, 0],
    [10, 5, 2],
    [1, 2, 1],
    [125, 2, 63],
    [124, 2, 62],
    [200, 3, 67],
    [100, 3, 33],
    [5, 10, 1],
    [4, 10, 0],
    [14, 10, 1],
    [15, 10, 2],
    [Number.MAX_SAFE_INTEGER, 1, Number.MAX_SAFE_INTEGER],
    [Number.MAX_SAFE_INTEGER, 2, 2 ** 52],
    [Number.MAX_SAFE_INTEGER, 3, 3002399751580330],
    [Number.MAX_SAFE_INTEGER - 1, Number.MAX_SAFE_INTEGER, 1],
  ])('should round %p / %p to %p', (n, d, q) => {
    expect(divRoundHalfUp(n, d)).toBe(q);
  });

  it.each([
    [-1, 2],
    [1.5, 2],
    [1, 0],
    [1, -2],
    [1, 0.5],
    [2 ** 53, 3],
    [Number.NaN, 1],
  ])('should refuse %p / %p', (n, d) => {
    expect(() => divRoundHalfUp(n, d)).toThrow(RangeError);
  });

  it('should agree with bigint arithmetic for any safe integers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        (n, d) => {
          const [bn, bd] = [BigInt(n), BigInt(d)];
          // Half up: floor((2n + d) / 2d).
          const expected = (2n * bn + bd) / (2n * bd);
          expect(BigInt(divRoundHalfUp(n, d))).toBe(expected);
          expect(divRoundHalfUpBig(bn, bd)).toBe(expected);
        },
      ),
    );
  });

  it('should be within half of the exact quotient, with halves going up', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1e9 }), fc.integer({ min: 1, max: 1e6 }), (n, d) => {
        const q = divRoundHalfUp(n, d);
        // |q·d − n| ≤ d/2, and exactly d/2 only when q·d > n.
        expect(Math.abs(2 * (q * d - n))).toBeLessThanOrEqual(d);
        if (Math.abs(2 * (q * d - n)) === d) {
          expect(q * d).toBeGreaterThan(n);
        }
      }),
    );
  });
});
