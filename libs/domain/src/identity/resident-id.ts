import { AppError, ErrorCode } from '@dz/contracts';

import {
  type CalendarDate,
  compareCalendarDates,
  isValidCalendarDate,
} from '../calendar/calendar-date';

/**
 * China resident identity numbers (公民身份号码, GB 11643-1999): 6 digits of region code, 8 digits
 * of birth date (YYYYMMDD), 3 digits of sequence (odd for men, even for women) and one ISO 7064
 * MOD 11-2 check character (0–9 or X for 10).
 *
 * The region code is not checked against the full GB/T 2260 table on purpose: a number keeps
 * the code of where it was first issued, and county and city codes are retired and renamed over
 * time (Dazhou's 5117 was 5130 for 达县地区), so a current table would reject real, valid
 * numbers. What is checked is that it is plausible: the first two digits name a province-level
 * division (those have not changed), and 83 for residence permits of Taiwan residents.
 */

/** Province-level codes of GB/T 2260 (plus 81 Hong Kong, 82 Macao, 83 Taiwan residence permits). */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

export type Sex = 'male' | 'female';

export interface ResidentId {
  /** The 18 characters, with a final `x` normalised to `X`. */
  id: string;
  /** The six-digit administrative region code of the place of first issue. */
  regionCode: string;
  birthDate: CalendarDate;
  sex: Sex;
}

/** Why a number was rejected, for code to switch on; `reason` is the Chinese text for people. */
export type ResidentIdErrorCode =
  | 'EMPTY'
  | 'LENGTH'
  | 'FORMAT'
  | 'BIRTH_DATE'
  | 'BIRTH_YEAR'
  | 'FUTURE_BIRTH'
  | 'REGION'
  | 'CHECK_DIGIT';

export type ParseResidentIdResult =
  | { ok: true; value: ResidentId }
  | { ok: false; code: ResidentIdErrorCode; reason: string };

export const RESIDENT_ID_LENGTH = 18;

/** Birth years before this are treated as typing errors. */
export const MIN_BIRTH_YEAR = 1900;

/** ISO 7064 MOD 11-2 weights for positions 1–17: 2^(18−i) mod 11. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;

/** Check character for each value of (weighted sum mod 11). */
const CHECK_CHARS = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'] as const;

const FIRST_17 = /^\d{17}$/;
const FULL = /^\d{17}[\dX]$/;

/** The MOD 11-2 check character ('0'–'9' or 'X') for exactly 17 ASCII digits; throws otherwise. */
export function residentIdCheckDigit(first17: string): string {
  if (!FIRST_17.test(first17)) {
    throw new AppError(ErrorCode.ValidationFailed, '计算校验位需要 17 位数字');
  }
  let sum = 0;
  for (let i = 0; i < WEIGHTS.length; i += 1) {
    sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  }
  return CHECK_CHARS[sum % 11];
}

function fail(code: ResidentIdErrorCode, reason: string): ParseResidentIdResult {
  return { ok: false, code, reason };
}

/**
 * Validates an 18-character resident ID (surrounding spaces ignored, final x accepted as X);
 * the birth year must be ≥ 1900 and, when `today` (China civil date) is given, not after it.
 */
export function parseResidentId(raw: string, today?: CalendarDate): ParseResidentIdResult {
  const trimmed = raw.trim();
  if (trimmed.length === 0) {
    return fail('EMPTY', '请输入身份证号');
  }
  if (trimmed.length !== RESIDENT_ID_LENGTH) {
    return fail('LENGTH', `身份证号应为 18 位，当前为 ${trimmed.length} 位`);
  }
  const id = trimmed.toUpperCase();
  // Checked after upper-casing: only the final character may be a letter, and only X (or x).
  if (!FULL.test(id)) {
    return fail('FORMAT', '身份证号前 17 位应为数字，最后一位应为数字或 X');
  }

  if (!PROVINCE_CODES.has(id.slice(0, 2))) {
    return fail('REGION', '身份证号前两位不是有效的省级行政区划代码');
  }

  const birthDate: CalendarDate = {
    year: Number(id.slice(6, 10)),
    month: Number(id.slice(10, 12)),
    day: Number(id.slice(12, 14)),
  };
  if (!isValidCalendarDate(birthDate)) {
    return fail('BIRTH_DATE', '身份证号中的出生日期不是有效日期');
  }
  if (birthDate.year < MIN_BIRTH_YEAR) {
    return fail('BIRTH_YEAR', `身份证号中的出生年份不能早于 ${MIN_BIRTH_YEAR} 年`);
  }
  if (today !== undefined && compareCalendarDates(birthDate, today) > 0) {
    return fail('FUTURE_BIRTH', '身份证号中的出生日期晚于今天');
  }
  if (residentIdCheckDigit(id.slice(0, 17)) !== id[17]) {
    return fail('CHECK_DIGIT', '身份证号校验位不正确，请核对后重新输入');
  }

  return {
    ok: true,
    value: {
      id,
      regionCode: id.slice(0, 6),
      birthDate,
      // The 17th character is the sequence's last digit: odd for men, even for women.
      sex: Number(id[16]) % 2 === 1 ? 'male' : 'female',
    },
  };
}

/**
 * Age in whole years (≥ 0) on `referenceDate`; throws if that is before `birthDate`. A person
 * born on 29 February turns a year older on 1 March in non-leap years (and on 29 February in
 * leap years), the usual reading of 周岁 in Chinese practice.
 */
export function ageOn(birthDate: CalendarDate, referenceDate: CalendarDate): number {
  if (!isValidCalendarDate(birthDate) || !isValidCalendarDate(referenceDate)) {
    throw new AppError(ErrorCode.ValidationFailed, '计算年龄需要有效的日期');
  }
  if (compareCalendarDates(referenceDate, birthDate) < 0) {
    throw new AppError(ErrorCode.ValidationFailed, '计算年龄的参考日期早于出生日期');
  }
  const years = referenceDate.year - birthDate.year;
  // Comparing (month, day) pairs gives the 1 March rule for free: (2, 28) < (2, 29) < (3, 1).
  const birthdayPassed =
    referenceDate.month > birthDate.month ||
    (referenceDate.month === birthDate.month && referenceDate.day >= birthDate.day);
  return birthdayPassed ? years : years - 1;
}
