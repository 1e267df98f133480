import { DEMO_PASSWORD, runMigrations, seedDemoData, createDataSource, type SeedResult } from '@dz/persistence';
import * as argon2 from 'argon2';

/** Migrates a database and seeds the demo data (idempotent); returns what was inserted. */
export async function migrateAndSeed(url: string): Promise<{ applied: string[]; seeded: SeedResult }> {
  const applied = await runMigrations(url);
  const dataSource = createDataSource({ url, poolSize: 2, applicationName: 'dz-seed' });
  await dataSource.initialize();
  try {
    const passwordHash = await argon2.hash(DEMO_PASSWORD, { type: argon2.argon2id });
    const seeded = await seedDemoData(dataSource, passwordHash);
    return { applied, seeded };
  } finally {
    await dataSource.destroy();
  }
}
