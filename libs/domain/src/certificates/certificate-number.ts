import { AppError, ErrorCode } from '@dz/contracts';

import type { CertificateKind } from './certificate-content';

/**
 * Certificate numbers: `DZ` + four-digit year + kind letter (A award, C champion, P
 * participation) + seven-digit sequence + one check character, e.g. `DZ2026A0001234` + `5`.
 *
 * The check character is ISO 7064 MOD 11-2 (as on resident ID numbers: 0–9, X for 10) over the
 * year, the kind letter and the sequence, the letter counted as its base-36 value (A 10, C 12,
 * P 25). Those values differ modulo 11 and every weight 2^k mod 11 is non-zero, so any single
 * substituted character either breaks the format or changes the check.
 */

export const CERTIFICATE_NUMBER_PREFIX = 'DZ';
export const CERTIFICATE_SEQUENCE_DIGITS = 7;
export const CERTIFICATE_SEQUENCE_MAX = 10 ** CERTIFICATE_SEQUENCE_DIGITS - 1;
export const CERTIFICATE_NUMBER_LENGTH = 2 + 4 + 1 + CERTIFICATE_SEQUENCE_DIGITS + 1;

export const CERTIFICATE_KIND_LETTERS: Record<CertificateKind, string> = { award: 'A', champion: 'C', participation: 'P' };
const KIND_BY_LETTER: Record<string, CertificateKind> = { A: 'award', C: 'champion', P: 'participation' };

const NUMBER = /^DZ(\d{4})([ACP])(\d{7})([\dX])$/;

/** MOD 11-2 check character for values 0–35 in reading order: (12 − Σ vᵢ·2^(n−i+1) mod 11) mod 11, 10 → X. */
export function iso7064Mod11_2(values: readonly number[]): string {
  let p = 0;
  for (const v of values) p = ((p + v) * 2) % 11;
  const check = (12 - p) % 11;
  return check === 10 ? 'X' : String(check);
}

function checkCharOf(body: string): string {
  // Digits count as 0–9, letters as their base-36 value (A = 10 … Z = 35).
  return iso7064Mod11_2(Array.from(body, (c) => parseInt(c, 36)));
}

export interface CertificateNumberParts {
  /** Four digits, 1000–9999. */
  year: number;
  kind: CertificateKind;
  /** 1 to 9,999,999 within a year and kind. */
  sequence: number;
}

/** e.g. {2026, award, 1234} → `DZ2026A0001234` + check character; throws on out-of-range parts. */
export function formatCertificateNumber(parts: CertificateNumberParts): string {
  const { year, kind, sequence } = parts;
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new AppError(ErrorCode.ValidationFailed, '证书编号的年份应为四位数字');
  }
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > CERTIFICATE_SEQUENCE_MAX) {
    throw new AppError(ErrorCode.ValidationFailed, `证书序号应在 1 至 ${CERTIFICATE_SEQUENCE_MAX} 之间`);
  }
  const letter = CERTIFICATE_KIND_LETTERS[kind];
  if (!letter) throw new AppError(ErrorCode.ValidationFailed, '证书类别不正确');
  const body = `${year}${letter}${String(sequence).padStart(CERTIFICATE_SEQUENCE_DIGITS, '0')}`;
  return `${CERTIFICATE_NUMBER_PREFIX}${body}${checkCharOf(body)}`;
}

export type ParseCertificateNumberResult =
  | ({ ok: true; number: string } & CertificateNumberParts)
  | { ok: false; message: string };

/**
 * Reads a certificate number as a person types it: surrounding spaces ignored, lower case
 * accepted (`dz…x`). `number` is the normalised form.
 */
export function parseCertificateNumber(text: string): ParseCertificateNumberResult {
  const number = text.trim().toUpperCase();
  if (number === '') return { ok: false, message: '请输入证书编号' };
  const match = NUMBER.exec(number);
  if (!match) {
    return { ok: false, message: `证书编号格式不正确：应为 DZ、四位年份、类别字母（A/C/P）、七位序号和一位校验位，共 ${CERTIFICATE_NUMBER_LENGTH} 位` };
  }
  const [, year, letter, sequence, check] = match;
  if (checkCharOf(`${year}${letter}${sequence}`) !== check) {
    return { ok: false, message: '证书编号校验位不正确，请核对后重新输入' };
  }
  if (Number(year) < 1000 || Number(sequence) < 1) {
    return { ok: false, message: '证书编号格式不正确：年份或序号无效' };
  }
  return { ok: true, number, year: Number(year), kind: KIND_BY_LETTER[letter], sequence: Number(sequence) };
}
