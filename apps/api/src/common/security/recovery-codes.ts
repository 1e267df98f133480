import { createHash, randomInt } from 'node:crypto';

/**
 * One-time recovery codes for when a person has lost their authenticator: `xxxx-xxxx`, drawn
 * from 31 lower-case letters and digits without the look-alikes 0/o, 1/l/i. Each code holds
 * 8 × log2(31) ≈ 39.6 bits.
 *
 * Codes are stored as SHA-256 hashes. A fast hash is fine here, unlike for passwords: the codes
 * are random rather than chosen, so there is no dictionary to try first; online guessing must be
 * rate-limited, and each code works once. The limit of that argument: someone holding a dump of
 * the table can try all 2^39.6 codes with SHA-256 on one GPU in about a minute. A recovery code
 * therefore only stands in for the second factor; the argon2-hashed password is still required.
 */

/** No 0, o, 1, l or i: codes are read off paper and typed back. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const GROUP_LENGTH = 4;
const MAX_COUNT = 100;

/** Dashes people or word processors may type: hyphen-minus, Unicode hyphens, dashes and minus. */
const SEPARATORS = /[\s\-\u2010-\u2015\u2212]/g;

function randomGroup(): string {
  let group = '';
  for (let i = 0; i < GROUP_LENGTH; i += 1) {
    // randomInt draws uniformly (it rejects biased samples), unlike `byte % 31`.
    group += ALPHABET[randomInt(ALPHABET.length)];
  }
  return group;
}

/** `count` (1–100, default 10) distinct fresh codes like `k7mp-3xqa`, from the CSPRNG. */
export function generateRecoveryCodes(count = 10): string[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
    throw new RangeError(
      `Recovery code count must be an integer from 1 to ${MAX_COUNT}, got ${count}`,
    );
  }
  const codes = new Set<string>();
  while (codes.size < count) {
    codes.add(`${randomGroup()}-${randomGroup()}`);
  }
  return [...codes];
}

/**
 * The canonical form of a typed code: full-width characters from a Chinese input method folded
 * to ASCII (NFKC), spaces and dashes removed, lower-cased.
 */
export function normaliseRecoveryCode(input: string): string {
  return input.normalize('NFKC').replace(SEPARATORS, '').toLowerCase();
}

/** Hex SHA-256 (64 characters) of the normalised code, for storage and lookup. */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normaliseRecoveryCode(code), 'utf8').digest('hex');
}
