import 'reflect-metadata';
import { runMigrations } from '@dz/persistence';

// `npm run migration:run` and the docker `migrate` service: apply pending migrations to
// DATABASE_URL.
async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('DATABASE_URL is not set (e.g. postgres://user:pass@host:5432/db)\n');
    return 2;
  }
  const applied = await runMigrations(url);
  process.stdout.write(`migrations applied: ${applied.length ? applied.join(', ') : 'none pending'}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
