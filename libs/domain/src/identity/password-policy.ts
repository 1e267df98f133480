/**
 * Password rules for 等保 2.0 (GB/T 22239-2019, 身份鉴别: 口令应有复杂度要求): a length range, at
 * least three of four character classes, no well-known password and no personal terms. Lengths
 * count Unicode code points, so an emoji or a rare CJK character is one character, not two.
 *
 * The common-password list lives outside this pure library (it is a 49k-entry data file), so
 * callers pass `isCommon` in.
 */

/** Fewest characters (code points) a password may have. */
export const PASSWORD_MIN_LENGTH = 8;

/** Most characters (code points) a password may have; bounds the cost of hashing it. */
export const PASSWORD_MAX_LENGTH = 128;

/** How many of the four character classes a password must draw from. */
export const PASSWORD_MIN_CLASSES = 3;

/** Personal terms shorter than this (in code points) are too generic to forbid. */
const PERSONAL_TERM_MIN_LENGTH = 3;

/** A personal term with a non-ASCII (e.g. CJK) character is specific enough at this length. */
const PERSONAL_TERM_MIN_LENGTH_NON_ASCII = 2;

export interface PasswordContext {
  /** True when `candidate` (already lower-cased) is a well-known password. */
  isCommon: (candidate: string) => boolean;
  /** The login name; forbidden inside the password when it has at least 3 characters. */
  account?: string;
  /** The person's name; forbidden inside the password (3+ characters, or 2+ if non-ASCII). */
  displayName?: string;
}

export type PasswordCheck = { ok: true } | { ok: false; problems: string[] };

const LOWER = /[a-z]/;
const UPPER = /[A-Z]/;
const DIGIT = /[0-9]/;
/** Anything that is not an ASCII letter or digit: symbols, spaces and non-ASCII letters. */
const OTHER = /[^a-zA-Z0-9]/;

/** How many of the classes lower-case ASCII, upper-case ASCII, digit and other occur: 0–4. */
export function passwordClasses(password: string): number {
  return [LOWER, UPPER, DIGIT, OTHER].filter((pattern) => pattern.test(password)).length;
}

/** True when `lowerPassword` contains `term` (trimmed, case-insensitive) and `term` is long enough. */
function containsTerm(
  lowerPassword: string,
  term: string | undefined,
  minLength: (term: string) => number,
): boolean {
  if (term === undefined) {
    return false;
  }
  const needle = term.trim().toLowerCase();
  return Array.from(needle).length >= minLength(needle) && lowerPassword.includes(needle);
}

/** A 2-character Chinese name is specific; a 2-letter Latin one ("Li") would forbid too much. */
function displayNameMinLength(displayName: string): number {
  // eslint-disable-next-line no-control-regex -- the ASCII range is the point of the test
  return /[^\x00-\x7f]/.test(displayName)
    ? PERSONAL_TERM_MIN_LENGTH_NON_ASCII
    : PERSONAL_TERM_MIN_LENGTH;
}

/** Checks a password against the policy; `problems` holds Chinese sentences, in a stable order. */
export function checkPassword(password: string, context: PasswordContext): PasswordCheck {
  const problems: string[] = [];
  const length = Array.from(password).length;
  if (length < PASSWORD_MIN_LENGTH) {
    problems.push(`密码至少需要 ${PASSWORD_MIN_LENGTH} 个字符`);
  }
  if (length > PASSWORD_MAX_LENGTH) {
    problems.push(`密码不能超过 ${PASSWORD_MAX_LENGTH} 个字符`);
  }
  if (passwordClasses(password) < PASSWORD_MIN_CLASSES) {
    problems.push('密码需包含大写字母、小写字母、数字和符号中的至少三类');
  }
  const lower = password.toLowerCase();
  if (context.isCommon(lower)) {
    problems.push('该密码过于常见，请换一个');
  }
  const { account, displayName } = context;
  if (containsTerm(lower, account, () => PERSONAL_TERM_MIN_LENGTH)) {
    problems.push('密码不能包含账号');
  }
  if (containsTerm(lower, displayName, displayNameMinLength)) {
    problems.push('密码不能包含姓名');
  }
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}
