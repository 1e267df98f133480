import {
  createDataSource,
  DEMO_CONTESTANT_ID_NUMBER,
  DEMO_PASSWORD,
  DEMO_TOTP_SECRET,
  parseKey,
  PiiCipher,
  runMigrations,
  seedDemoData,
  type SeedOptions,
  type SeedResult,
} from '@dz/persistence';
import * as argon2 from 'argon2';

export interface PiiKeys {
  PII_ENCRYPTION_KEY: string;
  PII_HMAC_KEY: string;
}

/** Seeds the demo data (idempotent) with its secrets encrypted under the deployment's keys. */
export async function seedDemo(url: string, keys: PiiKeys, options: SeedOptions = {}): Promise<SeedResult> {
  const cipher = new PiiCipher({
    encryptionKey: parseKey(keys.PII_ENCRYPTION_KEY, 'PII_ENCRYPTION_KEY'),
    hmacKey: parseKey(keys.PII_HMAC_KEY, 'PII_HMAC_KEY', Buffer.from(keys.PII_HMAC_KEY, 'base64').length),
  });
  const dataSource = createDataSource({ url, poolSize: 2, applicationName: 'dz-seed' });
  await dataSource.initialize();
  try {
    return await seedDemoData(dataSource, {
      passwordHash: await argon2.hash(DEMO_PASSWORD, { type: argon2.argon2id }),
      totpSecretEnc: cipher.encrypt(DEMO_TOTP_SECRET),
      contestantIdEnc: cipher.encrypt(DEMO_CONTESTANT_ID_NUMBER),
      contestantIdHmac: cipher.lookupHash(DEMO_CONTESTANT_ID_NUMBER),
      pii: cipher,
    }, options);
  } finally {
    await dataSource.destroy();
  }
}

/** Migrates a database (as its owner) and seeds the demo data. */
export async function migrateAndSeed(url: string, keys: PiiKeys, options: SeedOptions = {}): Promise<{ applied: string[]; seeded: SeedResult }> {
  const applied = await runMigrations(url);
  return { applied, seeded: await seedDemo(url, keys, options) };
}
