import 'reflect-metadata';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_TOTP_USERNAMES, DEMO_USERS } from '@dz/persistence';
import { ROLE_LABELS } from '@dz/contracts';
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { enableAppLogin } from './lib/db-roles';
import { migrateAndSeed } from './lib/demo';
import { DEFAULT_DATA_DIR, REPO_ROOT } from './lib/paths';
import { freePort, isPortFree } from './lib/ports';
import { ensureDatabase, startEmbeddedPostgres } from './lib/postgres';
import { startRedis, stopChild } from './lib/redis';
import { loadOrCreateSecrets } from './lib/secrets';
import { waitForHttp } from './lib/wait-for-http';
import { buildWeb, webBuildIsStale } from './lib/web-build';

// `npm start`: the whole system with demo data on one machine. PostgreSQL and Redis are
// started here unless DATABASE_URL / REDIS_URL point elsewhere; Ctrl-C stops all it started.

const say = (line: string) => process.stdout.write(`[start] ${line}\n`);
const cleanups: { name: string; stop: () => Promise<void> }[] = [];
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    say('stopping…');
    for (const { name, stop } of cleanups.reverse()) {
      // A child may already have gone with the terminal's Ctrl-C: never wait forever for it.
      await Promise.race([stop().catch(() => undefined), new Promise((r) => setTimeout(r, 8000))]);
      say(`${name} stopped`);
    }
  }
  process.exit(code);
}

function startNode(name: string, entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', join(REPO_ROOT, entry)], { cwd: REPO_ROOT, env, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    say(`${name} exited unexpectedly (${signal ?? `code ${code}`}); stopping everything`);
    void shutdown(1);
  });
  cleanups.push({ name, stop: () => stopChild(child) });
  return child;
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  const started = Date.now();
  const dataDir = resolve(process.env.DZ_DATA_DIR ?? DEFAULT_DATA_DIR);

  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const pg = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pg'), say });
    cleanups.push({ name: 'PostgreSQL', stop: pg.stop });
    await ensureDatabase(pg.adminUrl, 'dazhou');
    databaseUrl = pg.urlFor('dazhou');
    say(`embedded PostgreSQL is up (data in ${join(dataDir, 'pg')})`);
  }

  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    const redis = await startRedis({ dataDir: join(dataDir, 'redis'), say });
    cleanups.push({ name: 'Redis', stop: redis.stop });
    redisUrl = redis.url;
    say(`redis-server is up at ${redisUrl}`);
  }

  if (webBuildIsStale()) {
    say('building the web app…');
    buildWeb();
  }

  const secrets = loadOrCreateSecrets(join(dataDir, 'secrets.json'));
  const { applied, seeded } = await migrateAndSeed(databaseUrl, secrets, { statistics: true });
  say(`migrations applied: ${applied.length ? applied.join(', ') : 'none pending'}`);
  const inserted = Object.values(seeded).reduce((a, b) => a + b, 0);
  say(inserted ? `demo data seeded: ${JSON.stringify(seeded)}` : 'demo data already present');

  const wanted = Number(process.env.PORT ?? 3000);
  const port = process.env.PORT || (await isPortFree(wanted)) ? wanted : await freePort();
  if (port !== wanted) say(`port ${wanted} is busy; using ${port}`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    // The api and worker connect as dz_app (no UPDATE/DELETE/TRUNCATE on audit_log).
    DATABASE_URL: await enableAppLogin(databaseUrl, process.env.APP_DATABASE_PASSWORD ?? secrets.APP_DATABASE_PASSWORD),
    REDIS_URL: redisUrl,
    AUTH_TOKEN_SECRET: process.env.AUTH_TOKEN_SECRET ?? secrets.AUTH_TOKEN_SECRET,
    PII_ENCRYPTION_KEY: process.env.PII_ENCRYPTION_KEY ?? secrets.PII_ENCRYPTION_KEY,
    PII_HMAC_KEY: process.env.PII_HMAC_KEY ?? secrets.PII_HMAC_KEY,
    CERT_SIGNING_KEY: process.env.CERT_SIGNING_KEY ?? secrets.CERT_SIGNING_KEY,
    // Certificates' QR codes open the verification page on this server.
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? `http://localhost:${port}`,
    DEMO_OUTBOX_PAGE: process.env.DEMO_OUTBOX_PAGE ?? 'true',
    PORT: String(port),
    WEB_DIST_DIR: join(REPO_ROOT, 'dist', 'web'),
  };
  startNode('worker', 'dist/apps/worker/src/main.js', env);
  startNode('api', 'dist/apps/api/src/main.js', env);
  await waitForHttp(`http://127.0.0.1:${port}/api/health`, 60_000);

  const width = Math.max(...DEMO_USERS.map((u) => (u.username ?? u.phone ?? '').length));
  const accounts = DEMO_USERS.map(
    (u) => `    ${(u.username ?? u.phone ?? '').padEnd(width)}  ${u.grants.map((g) => `${ROLE_LABELS[g.role]} (${g.role})`).join(', ')}  ${u.displayName}`,
  );
  process.stdout.write(
    [
      '',
      `  达州技能大赛 is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
      `    web      http://localhost:${port}/`,
      `    API      http://localhost:${port}/api   (OpenAPI: http://localhost:${port}/api/docs)`,
      `    health   http://localhost:${port}/api/health`,
      '',
      `  Demo accounts (password ${DEMO_PASSWORD}):`,
      ...accounts,
      `  ${DEMO_TOTP_USERNAMES.join(', ')} also need a code from an authenticator app with the demo`,
      `  secret ${DEMO_TOTP_SECRET}; sign-up SMS codes appear at http://localhost:${port}/outbox`,
      '',
      '  Press Ctrl-C to stop everything.',
      '',
    ].join('\n'),
  );
}

main().catch(async (error: unknown) => {
  process.stderr.write(`[start] ${error instanceof Error ? error.message : String(error)}\n`);
  await shutdown(1);
});
