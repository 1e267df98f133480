/**
 * Masking of personal information (PIPL) for lists, exports and anything a person other than the
 * owner or the bureau may see. Masks keep the length, so a masked value still looks like what it
 * hides, and count characters as Unicode code points so a surrogate pair is never split.
 */

const MASK = '*';

/** Shortest resident ID that keeps its first 4 and last 4 characters: at least one is hidden. */
const RESIDENT_ID_MIN_REVEAL_LENGTH = 9;

const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

function keepEnds(chars: string[], head: number, tail: number): string {
  return (
    chars.slice(0, head).join('') +
    MASK.repeat(chars.length - head - tail) +
    chars.slice(chars.length - tail).join('')
  );
}

/** Keeps the first 4 and last 4 characters of a resident ID (length ≥ 9), else stars throughout. */
export function maskResidentId(id: string): string {
  const chars = Array.from(id);
  if (chars.length < RESIDENT_ID_MIN_REVEAL_LENGTH) {
    return MASK.repeat(chars.length);
  }
  return keepEnds(chars, 4, 4);
}

/** True for an 11-digit mainland China mobile number: 1, then 3–9, then 9 digits. */
export function isMainlandMobile(value: string): boolean {
  return MAINLAND_MOBILE.test(value);
}

/**
 * Masks a phone number keeping the length: 11 characters or more keep the first 3 and last 4
 * (`138****5678`), 8–10 keep only the last 4, anything shorter becomes all stars.
 */
export function maskPhone(phone: string): string {
  const chars = Array.from(phone);
  if (chars.length >= 11) {
    return keepEnds(chars, 3, 4);
  }
  if (chars.length >= 8) {
    return keepEnds(chars, 0, 4);
  }
  return MASK.repeat(chars.length);
}

/**
 * Masks a person's name for public pages: the family name stays, the rest becomes stars, and a
 * name of three or more characters keeps its last one too (`张*`, `李*明`, `欧**娜`).
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return MASK.repeat(chars.length);
  if (chars.length === 2) return `${chars[0]}${MASK}`;
  return keepEnds(chars, 1, 1);
}
