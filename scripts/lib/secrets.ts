import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface LocalSecrets {
  AUTH_TOKEN_SECRET: string;
  PII_ENCRYPTION_KEY: string;
  PII_HMAC_KEY: string;
  APP_DATABASE_PASSWORD: string;
  /** Ed25519 seed signing certificates (the worker's); base64 of 32 bytes. */
  CERT_SIGNING_KEY: string;
}

/** Fresh random secrets (tests, first start). */
export function generateSecrets(): LocalSecrets {
  return {
    AUTH_TOKEN_SECRET: randomBytes(32).toString('base64url'),
    PII_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    PII_HMAC_KEY: randomBytes(32).toString('base64'),
    APP_DATABASE_PASSWORD: randomBytes(18).toString('base64url'),
    CERT_SIGNING_KEY: randomBytes(32).toString('base64'),
  };
}

/**
 * The secrets of a local installation, created once in the data directory (mode 0600) and
 * reused, so encrypted ID numbers stay readable across restarts.
 */
export function loadOrCreateSecrets(path: string): LocalSecrets {
  const stored = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Partial<LocalSecrets>) : null;
  const secrets = { ...generateSecrets(), ...stored };
  // A key added since the file was written is generated once and kept, like the others.
  if (stored && Object.keys(secrets).every((k) => k in stored)) return secrets;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return secrets;
}
