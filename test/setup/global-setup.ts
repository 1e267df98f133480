import { runMigrations } from '@dz/persistence';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { enableAppLogin } from '../../scripts/lib/db-roles';
import { startEmbeddedPostgres } from '../../scripts/lib/postgres';
import { startRedis } from '../../scripts/lib/redis';
import { ensureDebianCommand, ensureDebianFile } from '../../scripts/lib/system-packages';
import { databaseUrl, STACK_ENV } from './stack-env';

const say = (line: string) => process.stderr.write(`[test-setup] ${line}\n`);

export interface TestStack {
  stop(): Promise<void>;
}
declare global {
  var __DZ_TEST_STACK__: TestStack | undefined;
}

/**
 * Starts what the tests need once per run: PostgreSQL (embedded unless DATABASE_URL names a
 * server), a template database migrated once and cloned per test file, Redis (unless
 * REDIS_URL), and makes sure Chromium and a CJK font exist for the browser tests.
 */
export default async function globalSetup(): Promise<void> {
  const stops: (() => Promise<void>)[] = [];
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'dz-test-'));
    chmodSync(dir, 0o755);
    const pg = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), fast: true, say });
    stops.push(pg.stop);
    adminUrl = pg.adminUrl;
  }

  const template = `dz_template_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  await runMigrations(databaseUrl(adminUrl, template));
  // The application's role (cluster-wide) logs in with a password of this run.
  const appPassword = randomBytes(18).toString('base64url');
  await enableAppLogin(databaseUrl(adminUrl, template), appPassword);
  stops.push(async () => {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await client.end();
  });

  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    const redis = await startRedis({ say });
    stops.push(redis.stop);
    redisUrl = redis.url;
  }

  ensureDebianCommand('chromium', 'chromium', say);
  // docker/compose.yaml is checked with Debian's docker-compose and the Compose Specification
  // schema that package ships (no Docker engine needed).
  ensureDebianCommand('docker-compose', 'docker-compose', say);
  // PDFs (tickets, certificates) are rendered to PNG and their QR codes decoded in tests.
  ensureDebianCommand('pdftoppm', 'poppler-utils', say);
  ensureDebianCommand('zbarimg', 'zbar-tools', say);
  // Screenshots are looked at: Chinese must render as Chinese, not as boxes.
  try {
    ensureDebianFile('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'fonts-noto-cjk', say);
  } catch (error) {
    say(`no CJK font: Chinese in screenshots will render as boxes. ${(error as Error).message}`);
  }

  process.env[STACK_ENV.adminUrl] = adminUrl;
  process.env[STACK_ENV.templateDb] = template;
  process.env[STACK_ENV.redisUrl] = redisUrl;
  process.env[STACK_ENV.appPassword] = appPassword;
  globalThis.__DZ_TEST_STACK__ = {
    stop: async () => {
      for (const stop of stops.reverse()) await stop().catch((error: unknown) => say(`cleanup failed: ${String(error)}`));
    },
  };
}
