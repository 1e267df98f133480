/**
 * Marks as integers in hundredths of a mark (1.25 marks = 125), like money in cents: every sum is
 * exact, and the only rounding is an explicit half-up division. A float such as 0.1 + 0.2 never
 * enters a score; numbers typed by people are converted once, through their decimal text.
 */

/** Hundredths per mark. */
export const HUNDREDTHS_PER_MARK = 100;

/**
 * Largest mark toHundredths accepts, in either direction. Below 2^46 two decimals 0.01 apart are
 * always different doubles, so the decimal text of the number is the number the person typed.
 */
export const MAX_ABS_MARKS = 1e12;

/** The decimal text of a finite number without exponent: sign, integer digits, fraction digits. */
const PLAIN_DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * `x` marks as an integer number of hundredths (1.25 → 125, -0.5 → -50), read from the shortest
 * decimal text of `x`, so 1.005 is refused instead of drifting to 100 or 101. Throws a RangeError
 * (in Chinese) for NaN, ±Infinity, more than two decimals or |x| > MAX_ABS_MARKS.
 */
export function toHundredths(x: number): number {
  if (typeof x !== 'number' || Number.isNaN(x)) {
    throw new RangeError('分值不是有效数字');
  }
  if (!Number.isFinite(x) || Math.abs(x) > MAX_ABS_MARKS) {
    throw new RangeError(`分值超出范围（绝对值不能超过 ${MAX_ABS_MARKS} 分）`);
  }
  // Finite and at most 1e12: String() gives plain notation, or an exponent only below 1e-6,
  // which has more than two decimals anyway.
  const text = String(x);
  const match = PLAIN_DECIMAL.exec(text);
  if (match === null || (match[3] ?? '').length > 2) {
    throw new RangeError(`分值最多两位小数（收到 ${text}）`);
  }
  const [, sign, whole, fraction = ''] = match;
  const magnitude = Number(whole) * HUNDREDTHS_PER_MARK + Number(fraction.padEnd(2, '0'));
  // No -0: a mark of -0 is a mark of 0.
  return sign === '-' && magnitude !== 0 ? -magnitude : magnitude;
}

/** Hundredths as a mark with exactly two decimals: 1250 → '12.50', -5 → '-0.05'. */
export function formatHundredths(h: number): string {
  if (!Number.isSafeInteger(h)) {
    throw new RangeError(`分值应为以 0.01 分计的整数（收到 ${h}）`);
  }
  const magnitude = Math.abs(h);
  const whole = Math.floor(magnitude / HUNDREDTHS_PER_MARK);
  const fraction = String(magnitude % HUNDREDTHS_PER_MARK).padStart(2, '0');
  return `${h < 0 ? '-' : ''}${whole}.${fraction}`;
}

/**
 * numerator / denominator rounded to the nearest integer, halves up, for a non-negative safe
 * integer numerator and a positive safe integer denominator. Used on hundredths, it rounds at the
 * hundredth of a mark: 125 / 2 = 62.5 → 63 (0.625 → 0.63). Exact: `%` and the division of a
 * multiple of the denominator are exact in floating point, so no quotient is ever approximated.
 */
export function divRoundHalfUp(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || numerator < 0) {
    throw new RangeError(`被除数应为非负整数（收到 ${numerator}）`);
  }
  if (!Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError(`除数应为正整数（收到 ${denominator}）`);
  }
  const remainder = numerator % denominator;
  const quotient = (numerator - remainder) / denominator;
  // remainder < denominator ≤ 2^53, so 2 × remainder is exact too.
  return 2 * remainder >= denominator ? quotient + 1 : quotient;
}

/** divRoundHalfUp on bigints, for intermediate products beyond 2^53 (weighted totals). */
export function divRoundHalfUpBig(numerator: bigint, denominator: bigint): bigint {
  if (numerator < 0n || denominator <= 0n) {
    throw new RangeError('被除数应为非负整数，除数应为正整数');
  }
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  return 2n * remainder >= denominator ? quotient + 1n : quotient;
}
