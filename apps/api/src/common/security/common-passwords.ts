import type * as LanguageCommon from '@zxcvbn-ts/language-common';

/**
 * The well-known-password list behind `checkPassword`'s `isCommon` (libs/domain keeps the rule,
 * this file keeps the data). It is zxcvbn-ts's `passwords-common` (49,233 lower-case passwords
 * from public leaks, by frequency) plus passwords common in Chinese leaks and in this project's
 * own context, which the English-centred list misses.
 */

/** Lower-case additions: Chinese leak favourites (CSDN 2011 and later), and local names. */
const CHINESE_CONTEXT_PASSWORDS = [
  // 我爱你 (woaini), 520 ("I love you") and 1314 ("for a lifetime") in their usual spellings.
  'woaini',
  'woaini123',
  'woaini520',
  'woaini1314',
  'woaini1314520',
  'iloveyou1314',
  '5201314',
  '1314520',
  '520520',
  // Lucky numbers and keyboard or number-pad walks.
  '88888888',
  '66666666',
  '147258369',
  '789456123',
  '123654789',
  '31415926',
  '110110110',
  'dearbook',
  'xiazhili',
  'qwer1234',
  '1qaz2wsx',
  '1qaz@wsx',
  'a123456789',
  'aa123456',
  'a123456.',
  'aa123456.',
  'qq123456',
  'abc@123',
  'abc123456',
  'admin@123',
  'admin123456',
  'password@123',
  'p@ssword',
  'qwe123!@#',
  // This project: the city, the province and the competition.
  'dazhou',
  'dazhou123',
  'dazhou@123',
  'dazhou666',
  'dazhou888',
  'dz123456',
  'dz@123456',
  'sichuan123',
  'sc123456',
  'jineng123',
  'dasai123',
];

let commonPasswords: ReadonlySet<string> | undefined;

function loadCommonPasswords(): ReadonlySet<string> {
  // Required lazily: decompressing the dictionary takes tens of milliseconds that only the
  // password routes should pay, not every process boot.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load, see above
  const { dictionary } = require('@zxcvbn-ts/language-common') as typeof LanguageCommon;
  return new Set([...dictionary['passwords-common'], ...CHINESE_CONTEXT_PASSWORDS]);
}

/** True when `candidate` (expected lower-cased) is on the list; the list is built on first use. */
export function isCommonPassword(candidate: string): boolean {
  commonPasswords ??= loadCommonPasswords();
  return commonPasswords.has(candidate);
}
