import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Time-based one-time passwords (RFC 6238) on top of HOTP (RFC 4226), for second-factor login
 * with any authenticator app. Secrets travel as RFC 4648 base32 without padding, which is what
 * the apps scan from an `otpauth://` QR code.
 */

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

export interface TotpOptions {
  /** Code length, 6–8 digits; default 6 (what every authenticator app shows). */
  digits?: number;
  /** Length of one time step in seconds, a positive integer; default 30. */
  stepSeconds?: number;
  /** HMAC hash; default 'sha1', the only one all authenticator apps support. */
  algorithm?: TotpAlgorithm;
}

export interface VerifyTotpOptions extends TotpOptions {
  /** How many steps before and after the current one also count, 0–10; default 1 (±30 s). */
  window?: number;
}

/** `step` is the matched time-step counter: store it and refuse a later code with step ≤ it. */
export type VerifyTotpResult = { ok: true; step: number } | { ok: false };

export interface OtpauthUriInput {
  /** Base32 secret, as from `generateTotpSecret`. */
  secret: string;
  /** The person's account name, shown under the issuer in the app. */
  account: string;
  /** Default '达州技能大赛'. */
  issuer?: string;
}

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4226 recommends 160 bits, the SHA-1 block output, for a shared secret. */
const SECRET_BYTES = 20;

const DEFAULT_DIGITS = 6;
const DEFAULT_STEP_SECONDS = 30;
const DEFAULT_ALGORITHM: TotpAlgorithm = 'sha1';
const DEFAULT_ISSUER = '达州技能大赛';
const MAX_WINDOW = 10;

/** Encodes bytes as RFC 4648 base32 (A–Z, 2–7) without `=` padding. */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32_ALPHABET[(buffer >>> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) {
    out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  }
  return out;
}

/**
 * Decodes RFC 4648 base32, forgiving what people type or apps show: any case, spaces, dashes and
 * trailing `=` padding. Throws on any other character.
 */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    const value = BASE32_ALPHABET.indexOf(char);
    if (value === -1) {
      throw new Error(`Invalid base32 character ${JSON.stringify(char)}`);
    }
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >>> bits) & 0xff);
    }
    buffer &= (1 << bits) - 1;
  }
  return Buffer.from(out);
}

/** A new random TOTP secret: 20 bytes (160 bits) from the CSPRNG, as 32 base32 characters. */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(SECRET_BYTES));
}

function checkDigits(digits: number): void {
  // RFC 4226 asks for at least 6; past 8 the 31-bit truncated value makes the code biased.
  if (!Number.isInteger(digits) || digits < 6 || digits > 8) {
    throw new RangeError(`OTP digits must be an integer from 6 to 8, got ${digits}`);
  }
}

function checkStepSeconds(stepSeconds: number): void {
  if (!Number.isInteger(stepSeconds) || stepSeconds <= 0) {
    throw new RangeError(`TOTP stepSeconds must be a positive integer, got ${stepSeconds}`);
  }
}

/** RFC 4226 HOTP value of a counter (integer, 0 – 2^53−1), zero-padded to `digits` (6–8). */
export function hotpCode(
  key: Uint8Array,
  counter: number,
  digits = DEFAULT_DIGITS,
  algorithm: TotpAlgorithm = DEFAULT_ALGORITHM,
): string {
  if (!Number.isSafeInteger(counter) || counter < 0) {
    throw new RangeError(`HOTP counter must be a non-negative safe integer, got ${counter}`);
  }
  checkDigits(digits);
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(message).digest();
  // Dynamic truncation (RFC 4226 §5.3): 31 bits read from the offset the last nibble names.
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return (binary % 10 ** digits).toString().padStart(digits, '0');
}

/** The TOTP time-step counter of a Unix time in milliseconds (≥ 0). */
export function totpStep(unixMs: number, stepSeconds = DEFAULT_STEP_SECONDS): number {
  checkStepSeconds(stepSeconds);
  if (!Number.isFinite(unixMs) || unixMs < 0) {
    throw new RangeError(`TOTP time must be a non-negative number of milliseconds, got ${unixMs}`);
  }
  return Math.floor(unixMs / 1000 / stepSeconds);
}

/** The TOTP code for a base32 secret at a Unix time in milliseconds (≥ 0). */
export function totpCode(secretBase32: string, unixMs: number, options: TotpOptions = {}): string {
  const {
    digits = DEFAULT_DIGITS,
    stepSeconds = DEFAULT_STEP_SECONDS,
    algorithm = DEFAULT_ALGORITHM,
  } = options;
  return hotpCode(base32Decode(secretBase32), totpStep(unixMs, stepSeconds), digits, algorithm);
}

/**
 * Checks a code (spaces ignored) against the steps within `window` of `unixMs`. Every candidate
 * step is computed and compared in constant time, so timing reveals neither the code nor which
 * step matched. When two steps match (1 in 10^digits), the one nearest to now wins.
 */
export function verifyTotp(
  secretBase32: string,
  code: string,
  unixMs: number,
  options: VerifyTotpOptions = {},
): VerifyTotpResult {
  const {
    window = 1,
    digits = DEFAULT_DIGITS,
    stepSeconds = DEFAULT_STEP_SECONDS,
    algorithm = DEFAULT_ALGORITHM,
  } = options;
  checkDigits(digits);
  if (!Number.isInteger(window) || window < 0 || window > MAX_WINDOW) {
    throw new RangeError(`TOTP window must be an integer from 0 to ${MAX_WINDOW}, got ${window}`);
  }
  const given = code.replace(/\s/g, '');
  if (!new RegExp(`^\\d{${digits}}$`).test(given)) {
    return { ok: false };
  }
  const key = base32Decode(secretBase32);
  const givenBytes = Buffer.from(given);
  const now = totpStep(unixMs, stepSeconds);
  // Nearest first: 0, −1, +1, −2, +2, …
  const offsets = [0];
  for (let distance = 1; distance <= window; distance += 1) {
    offsets.push(-distance, distance);
  }
  let matched: number | undefined;
  for (const offset of offsets) {
    const step = now + offset;
    if (step < 0) {
      continue;
    }
    const expected = Buffer.from(hotpCode(key, step, digits, algorithm));
    if (timingSafeEqual(expected, givenBytes) && matched === undefined) {
      matched = step;
    }
  }
  return matched === undefined ? { ok: false } : { ok: true, step: matched };
}

/**
 * The Key URI an authenticator app scans (Google Authenticator's `otpauth://totp/` format):
 * label `issuer:account`, each part percent-encoded, with the issuer repeated as a parameter and
 * the defaults SHA1, 6 digits, 30 s spelled out. The secret is re-encoded canonically (upper
 * case, no spaces or padding); a secret that is not base32 throws.
 */
export function otpauthUri({ secret, account, issuer = DEFAULT_ISSUER }: OtpauthUriInput): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const params = [
    `secret=${base32Encode(base32Decode(secret))}`,
    `issuer=${encodeURIComponent(issuer)}`,
    'algorithm=SHA1',
    `digits=${DEFAULT_DIGITS}`,
    `period=${DEFAULT_STEP_SECONDS}`,
  ];
  return `otpauth://totp/${label}?${params.join('&')}`;
}
