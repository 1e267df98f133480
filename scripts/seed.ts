import 'reflect-metadata';
import { migrateAndSeed } from './lib/demo';

// `node dist/scripts/seed.js`: migrate DATABASE_URL and insert the demo data (idempotent).
async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('DATABASE_URL is not set (e.g. postgres://user:pass@host:5432/db)\n');
    return 2;
  }
  const { PII_ENCRYPTION_KEY, PII_HMAC_KEY } = process.env;
  if (!PII_ENCRYPTION_KEY || !PII_HMAC_KEY) {
    process.stderr.write('PII_ENCRYPTION_KEY and PII_HMAC_KEY must be set (the same keys the api uses)\n');
    return 2;
  }
  const { applied, seeded } = await migrateAndSeed(url, { PII_ENCRYPTION_KEY, PII_HMAC_KEY }, { statistics: true });
  process.stdout.write(`migrations applied: ${applied.length ? applied.join(', ') : 'none pending'}\n`);
  process.stdout.write(`demo data inserted: ${JSON.stringify(seeded)}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`seeding failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
