import 'reflect-metadata';
import { runMigrations } from '@dz/persistence';
import { enableAppLogin } from './lib/db-roles';

// `npm run migration:run` and the docker `migrate` service: apply pending migrations to
// DATABASE_URL (as the owner); with APP_DATABASE_PASSWORD, let the role dz_app log in.
async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('DATABASE_URL is not set (e.g. postgres://user:pass@host:5432/db)\n');
    return 2;
  }
  const applied = await runMigrations(url);
  process.stdout.write(`migrations applied: ${applied.length ? applied.join(', ') : 'none pending'}\n`);
  const appPassword = process.env.APP_DATABASE_PASSWORD;
  if (appPassword) {
    await enableAppLogin(url, appPassword);
    process.stdout.write('the application role dz_app may log in\n');
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
