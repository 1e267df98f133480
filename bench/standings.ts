import { createDataSource } from '@dz/persistence';
import { randomUUID } from 'node:crypto';
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { cpus } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Pool } from 'pg';
import { Server } from 'socket.io';
import { COALESCE_MS } from '../apps/api/src/modules/standings/standings.broadcaster';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { connected, createJudges, judgeSocket, runningEvent, schemeBody, submitMark, type JudgeSocket, type RunningEvent, type TestJudge } from '../test/factories/judging.factory';
import type { TestApi } from '../test/setup/api-app';
import { bearer, signIn } from '../test/setup/auth';
import { int, ms, rate, ratio, type TableCase } from './report';
import type { BenchStack } from './stack';
import type { JudgesReply, JudgesRun } from './judges-worker';
import type { ViewerFinish, ViewerOpen, ViewerReply } from './viewers-worker';

// The live-standings cases: judges' marks through the socket gateway (group commit into the
// event's hash chain, the standings feed written in the same transaction) against a bare
// BEGIN/INSERT/COMMIT loop; and the delay from a judge's emit to 1,000 public boards against a
// bare Socket.IO broadcast. Everything (API, judges, viewers, baselines) runs in this process.

const STAGE = '实操';
const ASPECTS = 10;

/** The per-socket mark limit the bench stack runs with (the API's default is 20/s, bursts of 40). */
export const BENCH_MARK_RATE = { perSecond: 100_000, burst: 100_000 } as const;

export interface StandingsSettings {
  judges: number;
  viewers: number;
  /** Accepted marks a second the latency case paces its judges at. */
  markRate: number;
  entries: number;
  warmupSeconds: number;
  seconds: number;
}

type Say = (line: string) => void;

interface Fixture {
  api: TestApi;
  dataSource: DataSource;
  organiser: string;
  judges: TestJudge[];
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function summarise(values: number[] | Float64Array): { p50: number; p99: number; max: number; count: number } {
  const sorted = Float64Array.from(values).sort();
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted.length ? sorted[sorted.length - 1] : 0, count: sorted.length };
}

/** CPU time this process used since `before`, as a share of one core over the wall time since `startedAt`. */
function cpuShare(before: NodeJS.CpuUsage, startedAt: number): number {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / Math.max(1, performance.now() - startedAt);
}

const sleep = (msDelay: number) => new Promise((resolve) => setTimeout(resolve, msDelay));

/**
 * Calls `fire(i)` for i = 0 … total-1 at `perSecond`, on schedule from the start (a late timer
 * fires what is due at once, so the rate holds on average). Resolves after the last.
 */
function paced(total: number, perSecond: number, fire: (i: number) => void): Promise<void> {
  const interval = 1000 / perSecond;
  const start = performance.now();
  let next = 0;
  return new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < total && start + next * interval <= now) fire(next++);
      if (next >= total) resolve();
      else setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
    };
    tick();
  });
}

/** The judges (accounts signed in over HTTP) and what the setup needs, on the bench database as its owner. */
export async function prepareStandings(stack: BenchStack, settings: StandingsSettings, say: Say): Promise<Fixture & { close(): Promise<void> }> {
  const dataSource = createDataSource({ url: stack.databaseUrl, poolSize: 4, applicationName: 'dz-bench-setup' });
  await dataSource.initialize();
  // What the test factories touch of a TestApi: the address, the owner's DataSource, the keys.
  const api = { baseUrl: stack.apiUrl, dataSource, secrets: stack.secrets } as unknown as TestApi;
  const organiser = (await signIn(api.baseUrl, 'jingxin')).accessToken;
  say(`standings: creating ${settings.judges} judges`);
  const judges = await createJudges(api, settings.judges, { prefix: 'benchjudge' });
  return { api, dataSource, organiser, judges, close: () => dataSource.destroy() };
}

/** A running event with `entries` approved entries (judging codes drawn), a 实操 scheme of 10 measurement aspects, every judge assigned. */
async function standingsEvent(fixture: Fixture, entries: number, firstIndex: number, title: string, say: Say): Promise<RunningEvent> {
  const started = performance.now();
  const running = await runningEvent(fixture.api, { count: entries, firstIndex, title });
  const eventId = running.event.id;
  await request(fixture.api.baseUrl)
    .put(`/api/events/${eventId}/schemes/${encodeURIComponent(STAGE)}`)
    .set(bearer(fixture.organiser))
    .send(schemeBody({ measurement: ASPECTS, judgement: 0 }))
    .expect(200);
  for (const j of fixture.judges) {
    await request(fixture.api.baseUrl).post(`/api/events/${eventId}/judges`).set(bearer(fixture.organiser)).send({ judgeUserId: j.userId }).expect(200);
  }
  // The database as a live one is between bursts (autovacuum catches up within a minute of a
  // bulk change): the entries, judges and marks were all created a moment ago, and a case before
  // this one may have left thousands of rows for autovacuum to visit during this one.
  await fixture.dataSource.query('VACUUM (ANALYZE) entry, entry_member, judge_assignment, app_user, mark, audit_log, standing, standing_delta');
  say(`standings: event "${title}" running with ${entries} entries, ${fixture.judges.length} judges (${((performance.now() - started) / 1000).toFixed(1)} s to set up)`);
  return running;
}

async function connectJudges(fixture: Fixture): Promise<JudgeSocket[]> {
  const sockets = fixture.judges.map((j) => judgeSocket(fixture.api, j.token, { reconnection: false }));
  await Promise.all(sockets.map((s) => connected(s, 30_000)));
  return sockets;
}

// ── 1. Accepted marks per second ────────────────────────────────────────────

export async function marksCase(stack: BenchStack, fixture: Fixture, settings: StandingsSettings, say: Say): Promise<TableCase> {
  const running = await standingsEvent(fixture, settings.entries, 1000, '技能达人擂台赛·焊工（基准·评分吞吐）', say);
  const eventId = running.event.id;
  const pairs = running.entries.flatMap((e) => Array.from({ length: ASPECTS }, (_, a) => ({ code: e.judgingCode, aspectKey: `A${a + 1}` })));

  say(`marks: API, ${settings.judges} judges back to back (child process), ${settings.warmupSeconds} s warm-up + ${settings.seconds} s`);
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const judged = await runJudges({
    type: 'run',
    url: fixture.api.baseUrl,
    tokens: fixture.judges.map((j) => j.token),
    eventId,
    stage: STAGE,
    pairs,
    warmupSeconds: settings.warmupSeconds,
    seconds: settings.seconds,
  });
  const apiCpu = cpuShare(cpuBefore, start);
  const api = { ...judged, refused: new Map(judged.refused) };
  await sleep(500);

  say(`marks: baseline, pg Pool max ${settings.judges}, ${settings.judges} loops of BEGIN; INSERT; COMMIT`);
  const pool = new Pool({ connectionString: stack.databaseUrl, max: settings.judges, application_name: 'dz-bench-baseline' });
  const bare = { committed: 0, errors: 0, latencies: [] as number[] };
  let bareCpu = 0;
  try {
    await pool.query(
      'CREATE TABLE IF NOT EXISTS bench_tx (id bigserial PRIMARY KEY, lane int NOT NULL, value int NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
    );
    const bareCpuBefore = process.cpuUsage();
    const bareStart = performance.now();
    const bareFrom = bareStart + settings.warmupSeconds * 1000;
    const bareEnd = bareFrom + settings.seconds * 1000;
    const bareLane = async (j: number) => {
      for (let k = 0; performance.now() < bareEnd; k++) {
        const sent = performance.now();
        let ok = true;
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await client.query('INSERT INTO bench_tx (lane, value) VALUES ($1, $2)', [j, k]);
          await client.query('COMMIT');
        } catch {
          ok = false;
          await client.query('ROLLBACK').catch(() => undefined);
        } finally {
          client.release();
        }
        const now = performance.now();
        if (now < bareFrom || now > bareEnd) continue;
        if (!ok) bare.errors += 1;
        else {
          bare.committed += 1;
          bare.latencies.push(now - sent);
        }
      }
    };
    await Promise.all(Array.from({ length: settings.judges }, (_, j) => bareLane(j)));
    bareCpu = cpuShare(bareCpuBefore, bareStart);
  } finally {
    await pool.end();
  }

  const [{ stored }]: { stored: number }[] = await fixture.dataSource.query(`SELECT count(*)::int AS stored FROM mark WHERE event_id = $1`, [eventId]);
  const [{ seq }]: { seq: number | null }[] = await fixture.dataSource.query(`SELECT max(seq)::int AS seq FROM standing_delta WHERE event_id = $1`, [eventId]);
  const apiRate = api.accepted / settings.seconds;
  const bareRate = bare.committed / settings.seconds;
  const a = summarise(api.latencies);
  const b = summarise(bare.latencies);
  const refused = [...api.refused].map(([code, n]) => `${code}: ${int(n)}`).join(', ');
  const apiProblems = [...api.refused.values()].reduce((x, y) => x + y, 0) + api.timeouts + api.duplicates;
  return {
    title: `mark.submit: accepted marks per second, ${settings.judges} judges`,
    header: ['side', 'accepted/s', 'p50 ms', 'p99 ms', 'max ms', 'accepted', 'refused / timed out / duplicate'],
    numeric: [1, 2, 3, 4, 5],
    rows: [
      [`API (socket gateway, ${settings.judges} judge sockets)`, rate(apiRate), ms(a.p50), ms(a.p99), ms(a.max), int(api.accepted), `${refused || '0'} / ${int(api.timeouts)} / ${int(api.duplicates)}`],
      [`baseline (pg Pool max ${settings.judges}, BEGIN; INSERT; COMMIT)`, rate(bareRate), ms(b.p50), ms(b.p99), ms(b.max), int(bare.committed), `${int(bare.errors)} errors`],
      ['**ratio API / baseline**', `**${ratio(apiRate, bareRate)}**`, ratio(a.p50, b.p50), ratio(a.p99, b.p99), '', '', ''],
    ],
    problems: [{ label: 'API marks refused, timed out or acked as duplicate', count: apiProblems }, { label: 'baseline transactions failed', count: bare.errors }],
    notes: [
      `Target of the issue: API ≥ 35 % of the bare rate (aim 50 %). Measured: **${((apiRate / Math.max(bareRate, 1e-9)) * 100).toFixed(0)} %**.`,
      `API: ${settings.judges} judge accounts, each on its own socket.io-client websocket in a child process (judges-worker.ts, as the viewers and autocannon are, so the API's event loop is its own), each sending \`mark.submit\` and awaiting its ack before the next, for ${settings.warmupSeconds} s warm-up + ${settings.seconds} s; counted: acks arriving in the measured seconds with \`ok: true\` and \`duplicate: false\`; latency is emit → ack. One running event (${settings.entries} entries with judging codes, a ${STAGE} scheme of ${ASPECTS} measurement aspects, every judge assigned); each judge walks the (entry, aspect) pairs from its own offset, a fresh idempotency key per mark, so every mark is a new original.`,
      `Each mark: Socket.IO decode, the per-socket token bucket, the access policy (role judge) and the zod contract, then the event's group commit (MarkAppender): one transaction per batch of what queued meanwhile, under the event's lock — one statement reads what every mark of the batch is checked against (a resend's stored row, the assignment, the entry by judging code, the scheme, sign-off, an earlier original) and the chain tip, one reads the standings rows of the entries marked with the marks of only the aspects marked, then the marks and their audit rows are inserted with their hashes and the changed rows written as one feed delta (the batch's statements are named prepared statements, planned once per connection) — then the ack and a coalesced broadcast. All of one event's marks go through that one lock, so the API's rate is the rate of one serial chain of batched transactions, not of ${settings.judges} parallel ones. ${int(stored)} marks stored in the event, feed seq ${seq ?? 0} (≈ ${seq ? (stored / seq).toFixed(1) : '0'} marks a transaction, warm-up included): ≈ ${rate((seq ?? 0) / (settings.warmupSeconds + settings.seconds))} batch transactions a second one after another, ≈ ${ms(((settings.warmupSeconds + settings.seconds) * 1000) / Math.max(1, seq ?? 0))} ms each. Before each case the bench vacuums and analyses the tables its setup (and the case before) has just filled (VACUUM (ANALYZE)), as autovacuum does within a minute on a live database: the planner then looks entries up by judging code rather than scanning the event's, and no autovacuum of the last case's rows runs during the next.`,
      `The API's mark limit is raised in the bench stack to MARK_RATE_PER_SECOND=${BENCH_MARK_RATE.perSecond} / MARK_RATE_BURST=${BENCH_MARK_RATE.burst} (the defaults, 20/s bursts of 40 per socket, are for people: a judge marks a few a minute); the API's TypeORM pool stays at its default of 10.`,
      `Baseline: a plain \`pg\` Pool (max ${settings.judges}) and ${settings.judges} loops, each checking out a connection for \`BEGIN; INSERT INTO bench_tx …; COMMIT\` (a bigserial table, no index but its key) — ${settings.judges} independent transactions with no shared lock: the ceiling of committed transactions from Node on this PostgreSQL.`,
      'Both write to the embedded PostgreSQL started with fsync, synchronous_commit and full_page_writes off: commits do not wait for the disk on either side, which favours the many small transactions of the baseline less than a real disk would punish them (a durable server would group-commit WAL flushes too).',
      `CPU as a share of one core over each side's run: the bench's Node process (the API; or the baseline's pg loops) API ${(apiCpu * 100).toFixed(0)} %, baseline ${(bareCpu * 100).toFixed(0)} %; the judges' child process ${(api.cpu * 100).toFixed(0)} %. Node runs JavaScript on one core, so near 100 % means the process itself is the limit; PostgreSQL and Redis work in their own processes on the remaining core, shared with whatever else the machine runs (see the load average above).`,
      api.exhausted > 0 ? `${api.exhausted} judges ran out of (entry, aspect) pairs before the end (raise the entry count or lower BENCH_SECONDS).` : 'No judge ran out of (entry, aspect) pairs.',
    ],
  };
}

// ── 2. Submit-to-viewer latency ─────────────────────────────────────────────

/** Wall-clock ms with sub-millisecond precision: the clock the viewers' child process stamps receipts with. */
const wall = () => performance.timeOrigin + performance.now();

/** The marks case's judges in a child process (judges-worker.ts); resolves with what they saw. */
function runJudges(request: JudgesRun): Promise<Extract<JudgesReply, { type: 'result' }>> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'judges-worker.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
    let settled = false;
    child.on('message', (reply: JudgesReply) => {
      settled = true;
      if (reply.type === 'result') resolve(reply);
      else reject(new Error(`judges worker: ${reply.error}`));
    });
    child.on('exit', (code) => {
      if (!settled) reject(new Error(`judges worker exited with ${code} before answering`));
    });
    child.send(request);
  });
}

/** The viewers (or the baseline's clients), in a child process: see viewers-worker.ts. */
class ViewerProcess {
  private readonly child: ChildProcess;
  private readonly waiting: ((reply: ViewerReply) => void)[] = [];

  private constructor() {
    this.child = fork(join(__dirname, 'viewers-worker.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
    this.child.on('message', (reply: ViewerReply) => this.waiting.shift()?.(reply));
    this.child.once('exit', (code) => {
      for (const w of this.waiting.splice(0)) w({ type: 'error', error: `viewers process exited (${code})` });
    });
  }

  private next(): Promise<ViewerReply> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  static async open(request: Omit<ViewerOpen, 'type'>): Promise<ViewerProcess> {
    const viewers = new ViewerProcess();
    const reply = viewers.next();
    viewers.child.send({ type: 'open', ...request } satisfies ViewerOpen);
    const answer = await reply;
    if (answer.type !== 'ready') {
      viewers.kill();
      throw new Error(`viewers: ${answer.type === 'error' ? answer.error : 'unexpected reply'}`);
    }
    return viewers;
  }

  async finish(request: Omit<ViewerFinish, 'type'>): Promise<Extract<ViewerReply, { type: 'result' }>> {
    const reply = this.next();
    this.child.send({ type: 'finish', ...request } satisfies ViewerFinish);
    const answer = await reply;
    if (answer.type !== 'result') throw new Error(`viewers: ${answer.type === 'error' ? answer.error : 'unexpected reply'}`);
    return answer;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}

export interface LatencyResult {
  sent: number;
  accepted: number;
  refused: number;
  p50: number;
  p99: number;
  max: number;
  deliveries: number;
  expectedDeliveries: number;
  messagesPerSecond: number;
  deliveriesPerSecond: number;
}

/** The API side of the latency case on a fresh event: marks paced at the rate, latency to every viewer. */
export async function measureApiLatency(
  fixture: Fixture,
  settings: StandingsSettings,
  say: Say,
  event: { firstIndex: number; title: string } = { firstIndex: 2000, title: '技能达人擂台赛·焊工（基准·实时排名）' },
): Promise<{ apiResult: LatencyResult; ack: { p50: number; p99: number; max: number; count: number }; total: number; entries: number }> {
  const total = Math.round(settings.markRate * (settings.warmupSeconds + settings.seconds));
  const warmupMarks = Math.round(settings.markRate * settings.warmupSeconds);
  const entries = Math.max(settings.entries, Math.ceil(total / ASPECTS));
  const running = await standingsEvent(fixture, entries, event.firstIndex, event.title, say);
  const eventId = running.event.id;
  const waitMs = 15_000;
  // Mark i: entry i mod E, aspect ⌊i / E⌋, judge i mod J: each (entry, aspect) pair gets one
  // mark only, so its aspect score first appears in the public row with that mark.
  const markOf: [string, number][] = [];
  const bodies = Array.from({ length: total }, (_, i) => {
    const entry = running.entries[i % entries];
    const aspectKey = `A${Math.floor(i / entries) + 1}`;
    markOf.push([`${entry.judgingCode}|${STAGE}/${aspectKey}`, i]);
    return { idempotencyKey: randomUUID(), eventId, judgingCode: entry.judgingCode, stage: STAGE, aspectKey, value: ((i * 37) % 1000) / 100 };
  });

  const judges = await connectJudges(fixture);
  let apiResult: LatencyResult;
  let ack = { p50: 0, p99: 0, max: 0, count: 0 };
  const apiViewers = await ViewerProcess.open({ url: fixture.api.baseUrl, count: settings.viewers, mode: 'api', eventId, markOf, total });
  try {
    say(`latency: API, ${settings.viewers} viewers subscribed (child process); ${settings.markRate} marks/s for ${settings.warmupSeconds} s warm-up + ${settings.seconds} s`);
    const sentAt: number[] = new Array<number>(total).fill(Number.NaN);
    let accepted = 0;
    let refused = 0;
    const acks: Promise<void>[] = [];
    const ackMs: number[] = [];
    const started = wall();
    await paced(total, settings.markRate, (i) => {
      sentAt[i] = wall();
      acks.push(
        submitMark(judges[i % judges.length], bodies[i], 30_000).then(
          (reply) => {
            if (reply.ok && !reply.data.duplicate) accepted += 1;
            else refused += 1;
            if (i >= warmupMarks) ackMs.push(wall() - sentAt[i]);
          },
          () => {
            refused += 1;
          },
        ),
      );
    });
    await Promise.all(acks);
    const windowFrom = started + settings.warmupSeconds * 1000;
    const r = await apiViewers.finish({ sentAt, warmupMarks, windowFrom, windowTo: windowFrom + settings.seconds * 1000, waitMs });
    ack = summarise(ackMs);
    apiResult = {
      sent: total - warmupMarks,
      accepted,
      refused,
      ...r,
      messagesPerSecond: r.messages / settings.seconds,
      deliveriesPerSecond: r.deliveries / settings.seconds,
    };
  } finally {
    apiViewers.kill();
    for (const s of judges) s.close();
  }
  return { apiResult, ack, total, entries };
}

export async function latencyCase(fixture: Fixture, settings: StandingsSettings, say: Say): Promise<TableCase> {
  const { apiResult, ack, total, entries } = await measureApiLatency(fixture, settings, say);
  const waitMs = 15_000;
  const eventId = 'bare';
  await sleep(1000);

  // The bare side: Socket.IO alone, the same number of clients (in the same kind of child
  // process), at the same rate; then at the reference rate (50/s) and at the ~1000/COALESCE_MS per second the
  // API's coalescing sends, for scale.
  const httpServer = createServer();
  const bareServer = new Server(httpServer, { transports: ['websocket'] });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', () => resolve()));
  const bareUrl = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  const bareRates = [...new Set([settings.markRate, 50, Math.round(1000 / COALESCE_MS)])];
  const bareResults: { perSecond: number; result: LatencyResult }[] = [];
  try {
    for (const perSecond of bareRates) {
      const count = Math.round(perSecond * (settings.warmupSeconds + settings.seconds));
      const warm = Math.round(perSecond * settings.warmupSeconds);
      const clients = await ViewerProcess.open({ url: bareUrl, count: settings.viewers, mode: 'bare', eventId, markOf: [], total: count });
      try {
        say(`latency: baseline, bare Socket.IO broadcast at ${perSecond}/s to ${settings.viewers} clients (child process)`);
        const sentAt: number[] = new Array<number>(count).fill(Number.NaN);
        const started = wall();
        await paced(count, perSecond, (i) => {
          sentAt[i] = wall();
          bareServer.emit('tick', { i, at: new Date().toISOString() });
        });
        const windowFrom = started + settings.warmupSeconds * 1000;
        const r = await clients.finish({ sentAt, warmupMarks: warm, windowFrom, windowTo: windowFrom + settings.seconds * 1000, waitMs });
        bareResults.push({
          perSecond,
          result: {
            sent: count - warm,
            accepted: count - warm,
            refused: 0,
            ...r,
            messagesPerSecond: r.messages / settings.seconds,
            deliveriesPerSecond: r.deliveries / settings.seconds,
          },
        });
      } finally {
        clients.kill();
      }
      await sleep(500);
    }
  } finally {
    await new Promise<void>((resolve) => bareServer.close(() => resolve()));
  }
  const bareResult = bareResults[0].result;

  const row = (label: string, r: LatencyResult, what: string) => [
    label,
    rate(r.sent / settings.seconds),
    ms(r.p50),
    ms(r.p99),
    ms(r.max),
    `${int(r.deliveries)} of ${int(r.expectedDeliveries)}`,
    rate(r.deliveriesPerSecond),
    `${rate(r.messagesPerSecond)} ${what}`,
  ];
  return {
    title: `Submit to viewer: ${settings.markRate} marks/s to ${int(settings.viewers)} public boards`,
    header: ['side', 'marks/s', 'p50 ms', 'p99 ms', 'max ms', '(mark, viewer) deliveries', 'deliveries/s', 'messages/s received'],
    numeric: [1, 2, 3, 4, 6],
    rows: [
      row(`API (${settings.judges} judges → gateway → ${int(settings.viewers)} viewers)`, apiResult, '`standings.delta`'),
      row(`baseline (bare Socket.IO broadcast → ${int(settings.viewers)} clients)`, bareResult, '`tick`'),
      ['**ratio API / baseline**', '', `**${ratio(apiResult.p50, bareResult.p50)}**`, `**${ratio(apiResult.p99, bareResult.p99)}**`, ratio(apiResult.max, bareResult.max), '', '', ''],
      ...bareResults.slice(1).map(({ perSecond, result }) => row(`baseline at ${perSecond} messages/s (for scale, no ratio)`, result, '`tick`')),
    ],
    problems: [
      { label: 'API marks refused or timed out', count: apiResult.refused },
      { label: 'API (mark, viewer) deliveries missing', count: apiResult.expectedDeliveries - apiResult.deliveries },
      ...bareResults.map(({ perSecond, result }) => ({ label: `baseline (${perSecond}/s) deliveries missing`, count: result.expectedDeliveries - result.deliveries })),
    ],
    notes: [
      `Target of the issue: API p99 < 150 ms at ${settings.markRate} marks/s. Measured: p99 **${ms(apiResult.p99)} ms** (${apiResult.p99 < 150 ? 'met' : 'missed'}); ${int(apiResult.accepted)} of ${int(total)} marks accepted (warm-up included). Of that, emit → ack (the mark committed with its feed delta, before any broadcast) took p50 ${ms(ack.p50)} ms / p99 ${ms(ack.p99)} ms over the measured marks; the rest is the coalescing wait, the broadcast and the clients.`,
      `API: ${int(settings.viewers)} socket.io-client viewers (no token, websocket; in a child process, as autocannon is for the HTTP cases) subscribed with \`standings.subscribe\` to the public room of a running event (${entries} entries, a ${STAGE} scheme of ${ASPECTS} measurement aspects, a live blind board, so rows are keyed by judging code). ${settings.judges} judge sockets send \`mark.submit\` paced at ${settings.markRate} a second in total (open loop: not waiting for acks), mark i on entry i mod ${entries} and aspect ⌊i / ${entries}⌋ by judge i mod ${settings.judges}, so every mark is the only one on its (entry, aspect) pair and is seen in the public rows as the first appearance of \`aspectScores['${STAGE}/A…']\` in that entry's row. Latency: from the judge's emit (in this process) to each viewer's receipt (in the child; both stamped with \`performance.timeOrigin + performance.now()\`, the same wall clock) of the \`standings.delta\` batch carrying it, over every (mark, viewer) pair of the ${settings.seconds} measured seconds (warm-up marks excluded).`,
      `What it includes: the whole mark path of the case above (checks, group commit, the feed delta in the transaction), then the broadcaster's coalescing (deltas of an event wait up to ${COALESCE_MS} ms to go out together: at most ~${Math.round(1000 / COALESCE_MS)} messages a second a room, so a mark waits 0–${COALESCE_MS} ms for its batch by design), the public view read from the database, and the Socket.IO Redis adapter (it writes to this process's sockets directly and publishes the packet to Redis for other replicas), the websocket writes to ${int(settings.viewers)} sockets and ${int(settings.viewers)} JSON parses on the client side.`,
      `Baseline: a plain Socket.IO server (no Nest, no adapter but the in-memory one) on its own port in this process, \`io.emit\` of a small message \`{ i, at }\` at the same ${settings.markRate} a second to ${int(settings.viewers)} clients held by the same kind of child process; latency from the emit call to each client's handler. It sends every message (${settings.markRate}/s per client); the API coalesces into ~${Math.round(1000 / COALESCE_MS)} bigger ones, so it sends fewer messages but each waits for its batch. The last rows are the same bare broadcast at ${bareRates.slice(1).join(' and ')} messages a second: the issue's reference point (50/s), and about the message rate the API's coalescing sends a viewer; when the ${settings.markRate}/s baseline receives fewer messages a second than it sends (${int(settings.markRate * settings.viewers)} a second), its clients' process cannot decode them as fast as they come, the backlog grows through the run and its latencies measure that backlog rather than Socket.IO.`,
      `Server and clients share ${cpus().length} cores with PostgreSQL, Redis and the judges: the clients' process decoding ${int(settings.viewers)} copies of each message competes for CPU with the server, so a delay anywhere shows in both sides' tails. Messages/s received counts socket messages delivered to all viewers in the measured window; deliveries/s counts (mark, viewer) pairs.`,
    ],
  };
}
