import type { Ack, ClientToServerEvents, MarkAck, PublicStandingsBatch, ServerToClientEvents, StaffStandingsBatch } from '@dz/contracts';
import { createDataSource } from '@dz/persistence';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { cpus } from 'node:os';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { Server } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { connected, createJudges, judgeSocket, runningEvent, schemeBody, submitMark, type JudgeSocket, type RunningEvent, type TestJudge } from '../test/factories/judging.factory';
import { subscribeBoard } from '../test/factories/standings.factory';
import type { TestApi } from '../test/setup/api-app';
import { bearer, signIn } from '../test/setup/auth';
import { int, ms, rate, ratio, type TableCase } from './report';
import type { BenchStack } from './stack';

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

type ViewerSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

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

const sleep = (msDelay: number) => new Promise((resolve) => setTimeout(resolve, msDelay));

/** Runs `work` over `items`, `width` at a time. */
async function inBatches<T>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map((item, k) => work(item, i + k)));
}

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
  const sockets = await connectJudges(fixture);

  say(`marks: API, ${settings.judges} judges back to back, ${settings.warmupSeconds} s warm-up + ${settings.seconds} s`);
  const api = { accepted: 0, duplicates: 0, refused: new Map<string, number>(), timeouts: 0, latencies: [] as number[], exhausted: 0 };
  const start = performance.now();
  const measureFrom = start + settings.warmupSeconds * 1000;
  const end = measureFrom + settings.seconds * 1000;
  const lane = async (socket: JudgeSocket, j: number) => {
    // Each judge walks every (entry, aspect) pair once, from its own offset: one original
    // mark per judge and aspect is all the chain accepts.
    const offset = Math.floor((j * pairs.length) / settings.judges);
    for (let k = 0; ; k++) {
      if (performance.now() >= end) return;
      if (k >= pairs.length) {
        api.exhausted += 1;
        return;
      }
      const pair = pairs[(offset + k) % pairs.length];
      const body = { idempotencyKey: randomUUID(), eventId, judgingCode: pair.code, stage: STAGE, aspectKey: pair.aspectKey, value: (k % 1000) / 100 };
      const sent = performance.now();
      const reply: Ack<MarkAck> | null = await submitMark(socket, body, 30_000).catch(() => null);
      const now = performance.now();
      if (now < measureFrom || now > end) continue;
      if (!reply) api.timeouts += 1;
      else if (!reply.ok) api.refused.set(reply.error.code, (api.refused.get(reply.error.code) ?? 0) + 1);
      else if (reply.data.duplicate) api.duplicates += 1;
      else {
        api.accepted += 1;
        api.latencies.push(now - sent);
      }
    }
  };
  await Promise.all(sockets.map((s, j) => lane(s, j)));
  for (const s of sockets) s.close();
  await sleep(500);

  say(`marks: baseline, pg Pool max ${settings.judges}, ${settings.judges} loops of BEGIN; INSERT; COMMIT`);
  const pool = new Pool({ connectionString: stack.databaseUrl, max: settings.judges, application_name: 'dz-bench-baseline' });
  const bare = { committed: 0, errors: 0, latencies: [] as number[] };
  try {
    await pool.query(
      'CREATE TABLE IF NOT EXISTS bench_tx (id bigserial PRIMARY KEY, lane int NOT NULL, value int NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
    );
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
      `API: ${settings.judges} judge accounts, each on its own socket.io-client websocket, each sending \`mark.submit\` and awaiting its ack before the next, for ${settings.warmupSeconds} s warm-up + ${settings.seconds} s; counted: acks arriving in the measured seconds with \`ok: true\` and \`duplicate: false\`; latency is emit → ack. One running event (${settings.entries} entries with judging codes, a ${STAGE} scheme of ${ASPECTS} measurement aspects, every judge assigned); each judge walks the (entry, aspect) pairs from its own offset, a fresh idempotency key per mark, so every mark is a new original.`,
      `Each mark: Socket.IO decode, the per-socket token bucket, the access policy (role judge), the zod contract, a lookup of the key (resend?), the assignment, entry by code, scheme and value checks, then the event's group commit (MarkAppender): one transaction per batch of what queued meanwhile, under the event's row lock — the chain tip and the batch's slots read, the marks and their audit rows inserted with their hashes, the standings of the marked entries recomputed and written as one feed delta — then the ack and a coalesced broadcast. All of one event's marks go through that one lock, so the API's rate is the rate of one serial chain of batched transactions, not of ${settings.judges} parallel ones. ${int(stored)} marks stored in the event, feed seq ${seq ?? 0} (≈ ${seq ? (stored / seq).toFixed(1) : '0'} marks a transaction, warm-up included).`,
      `The API's mark limit is raised in the bench stack to MARK_RATE_PER_SECOND=${BENCH_MARK_RATE.perSecond} / MARK_RATE_BURST=${BENCH_MARK_RATE.burst} (the defaults, 20/s bursts of 40 per socket, are for people: a judge marks a few a minute); the API's TypeORM pool stays at its default of 10.`,
      `Baseline: a plain \`pg\` Pool (max ${settings.judges}) and ${settings.judges} loops, each checking out a connection for \`BEGIN; INSERT INTO bench_tx …; COMMIT\` (a bigserial table, no index but its key) — ${settings.judges} independent transactions with no shared lock: the ceiling of committed transactions from Node on this PostgreSQL.`,
      'Both write to the embedded PostgreSQL started with fsync, synchronous_commit and full_page_writes off: commits do not wait for the disk on either side, which favours the many small transactions of the baseline less than a real disk would punish them (a durable server would group-commit WAL flushes too).',
      api.exhausted > 0 ? `${api.exhausted} judges ran out of (entry, aspect) pairs before the end (raise the entry count or lower BENCH_SECONDS).` : 'No judge ran out of (entry, aspect) pairs.',
    ],
  };
}

// ── 2. Submit-to-viewer latency ─────────────────────────────────────────────

interface Viewers {
  sockets: ViewerSocket[];
  close(): void;
}

async function openSockets(url: string, count: number, say: Say, label: string): Promise<ViewerSocket[]> {
  const sockets: ViewerSocket[] = [];
  await inBatches(Array.from({ length: count }), 100, async () => {
    const socket: ViewerSocket = io(url, { transports: ['websocket'], extraHeaders: { origin: url }, reconnection: false, forceNew: true });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${label}: a socket did not connect`)), 30_000);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('connect_error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  });
  say(`${label}: ${count} sockets connected`);
  return sockets;
}

async function subscribeAll(sockets: ViewerSocket[], eventId: string): Promise<void> {
  await inBatches(sockets, 100, async (socket) => {
    for (let attempt = 0; ; attempt++) {
      const reply = await subscribeBoard(socket, { eventId, room: 'public' }, 30_000);
      if (reply.ok) {
        if (reply.data.room !== 'public' || !reply.data.snapshot?.event.blind || reply.data.state !== 'live') {
          throw new Error('latency: the public board must be live and blind (rows keyed by judging code)');
        }
        return;
      }
      if (reply.error.code !== 'TOO_MANY_REQUESTS' || attempt > 50) throw new Error(`latency: subscribe refused: ${reply.error.code} ${reply.error.message}`);
      await sleep(200);
    }
  });
}

interface LatencyResult {
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

export async function latencyCase(fixture: Fixture, settings: StandingsSettings, say: Say): Promise<TableCase> {
  const total = Math.round(settings.markRate * (settings.warmupSeconds + settings.seconds));
  const warmupMarks = Math.round(settings.markRate * settings.warmupSeconds);
  const entries = Math.max(settings.entries, Math.ceil(total / ASPECTS));
  const running = await standingsEvent(fixture, entries, 2000, '技能达人擂台赛·焊工（基准·实时排名）', say);
  const eventId = running.event.id;
  const judges = await connectJudges(fixture);

  const viewerSockets = await openSockets(fixture.api.baseUrl, settings.viewers, say, 'latency: API viewers');
  const viewers: Viewers = { sockets: viewerSockets, close: () => viewerSockets.forEach((s) => s.close()) };
  let apiResult: LatencyResult;
  try {
    await subscribeAll(viewerSockets, eventId);
    say(`latency: API, ${settings.viewers} viewers subscribed; ${settings.markRate} marks/s for ${settings.warmupSeconds} s warm-up + ${settings.seconds} s`);

    // Mark i: entry i mod E, aspect ⌊i / E⌋, judge i mod J: each (entry, aspect) pair gets one
    // mark only, so its aspect score first appears in the public row with that mark.
    const sentAt = new Float64Array(total).fill(Number.NaN);
    const markOf = new Map<string, number>();
    const bodies = Array.from({ length: total }, (_, i) => {
      const entry = running.entries[i % entries];
      const aspectKey = `A${Math.floor(i / entries) + 1}`;
      markOf.set(`${entry.judgingCode}|${STAGE}/${aspectKey}`, i);
      return { idempotencyKey: randomUUID(), eventId, judgingCode: entry.judgingCode, stage: STAGE, aspectKey, value: ((i * 37) % 1000) / 100 };
    });
    // Which marks first appear in each delta (by its seq), worked out by the first viewer to
    // receive it: every viewer receives the same deltas in the same order.
    const firstIn = new Map<number, number[]>();
    const claimed = new Set<number>();
    const marksOf = (delta: PublicStandingsBatch['deltas'][number]): number[] => {
      let found = firstIn.get(delta.seq);
      if (found) return found;
      found = [];
      for (const row of delta.rows) {
        for (const key of Object.keys(row.aspectScores)) {
          const i = markOf.get(`${row.key}|${key}`);
          if (i !== undefined && !claimed.has(i)) {
            claimed.add(i);
            found.push(i);
          }
        }
      }
      firstIn.set(delta.seq, found);
      return found;
    };
    const latencies: number[] = [];
    let deliveries = 0;
    let messages = 0;
    let windowFrom = Number.POSITIVE_INFINITY;
    let windowTo = Number.POSITIVE_INFINITY;
    for (const socket of viewerSockets) {
      let lastSeq = 0;
      socket.on('standings.delta', (batch: StaffStandingsBatch | PublicStandingsBatch) => {
        if (batch.room !== 'public' || batch.eventId !== eventId) return;
        const now = performance.now();
        if (now >= windowFrom && now <= windowTo) messages += 1;
        for (const delta of batch.deltas) {
          if (delta.seq <= lastSeq) continue;
          lastSeq = delta.seq;
          for (const i of marksOf(delta)) {
            if (i < warmupMarks) continue;
            deliveries += 1;
            latencies.push(now - sentAt[i]);
          }
        }
      });
    }

    let accepted = 0;
    let refused = 0;
    const acks: Promise<void>[] = [];
    const started = performance.now();
    windowFrom = started + settings.warmupSeconds * 1000;
    windowTo = windowFrom + settings.seconds * 1000;
    await paced(total, settings.markRate, (i) => {
      sentAt[i] = performance.now();
      acks.push(
        submitMark(judges[i % judges.length], bodies[i], 30_000).then(
          (reply) => {
            if (reply.ok && !reply.data.duplicate) accepted += 1;
            else refused += 1;
          },
          () => {
            refused += 1;
          },
        ),
      );
    });
    await Promise.all(acks);
    const expectedDeliveries = (total - warmupMarks) * settings.viewers;
    const waitUntil = performance.now() + 10_000;
    while (deliveries < expectedDeliveries && performance.now() < waitUntil) await sleep(50);
    const s = summarise(latencies);
    apiResult = {
      sent: total - warmupMarks,
      accepted,
      refused,
      ...s,
      deliveries,
      expectedDeliveries,
      messagesPerSecond: messages / settings.seconds,
      deliveriesPerSecond: deliveries / settings.seconds,
    };
  } finally {
    viewers.close();
    for (const s of judges) s.close();
  }
  await sleep(1000);

  // The bare side: Socket.IO alone, the same number of clients, the same rate.
  const httpServer = createServer();
  const bareServer = new Server(httpServer, { transports: ['websocket'] });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', () => resolve()));
  const bareUrl = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  let bareResult: LatencyResult;
  try {
    const clients = await openSockets(bareUrl, settings.viewers, say, 'latency: baseline clients');
    try {
      say(`latency: baseline, bare Socket.IO broadcast at ${settings.markRate}/s to ${settings.viewers} clients`);
      const sentAt = new Float64Array(total).fill(Number.NaN);
      const latencies: number[] = [];
      let deliveries = 0;
      let messages = 0;
      let windowFrom = Number.POSITIVE_INFINITY;
      let windowTo = Number.POSITIVE_INFINITY;
      for (const client of clients) {
        (client as unknown as Socket).on('tick', (message: { i: number; at: string }) => {
          const now = performance.now();
          if (now >= windowFrom && now <= windowTo) messages += 1;
          if (message.i < warmupMarks) return;
          deliveries += 1;
          latencies.push(now - sentAt[message.i]);
        });
      }
      const started = performance.now();
      windowFrom = started + settings.warmupSeconds * 1000;
      windowTo = windowFrom + settings.seconds * 1000;
      await paced(total, settings.markRate, (i) => {
        sentAt[i] = performance.now();
        bareServer.emit('tick', { i, at: new Date().toISOString() });
      });
      const expectedDeliveries = (total - warmupMarks) * settings.viewers;
      const waitUntil = performance.now() + 10_000;
      while (deliveries < expectedDeliveries && performance.now() < waitUntil) await sleep(50);
      const s = summarise(latencies);
      bareResult = {
        sent: total - warmupMarks,
        accepted: total - warmupMarks,
        refused: 0,
        ...s,
        deliveries,
        expectedDeliveries,
        messagesPerSecond: messages / settings.seconds,
        deliveriesPerSecond: deliveries / settings.seconds,
      };
    } finally {
      clients.forEach((c) => c.close());
    }
  } finally {
    await new Promise<void>((resolve) => bareServer.close(() => resolve()));
  }

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
    ],
    problems: [
      { label: 'API marks refused or timed out', count: apiResult.refused },
      { label: 'API (mark, viewer) deliveries missing', count: apiResult.expectedDeliveries - apiResult.deliveries },
      { label: 'baseline deliveries missing', count: bareResult.expectedDeliveries - bareResult.deliveries },
    ],
    notes: [
      `Target of the issue: API p99 < 150 ms at ${settings.markRate} marks/s. Measured: p99 **${ms(apiResult.p99)} ms** (${apiResult.p99 < 150 ? 'met' : 'missed'}); ${int(apiResult.accepted)} of ${int(total)} marks accepted (warm-up included).`,
      `API: ${int(settings.viewers)} socket.io-client viewers (no token, websocket) subscribed with \`standings.subscribe\` to the public room of a running event (${entries} entries, a ${STAGE} scheme of ${ASPECTS} measurement aspects, a live blind board, so rows are keyed by judging code). ${settings.judges} judge sockets send \`mark.submit\` paced at ${settings.markRate} a second in total (open loop: not waiting for acks), mark i on entry i mod ${entries} and aspect ⌊i / ${entries}⌋ by judge i mod ${settings.judges}, so every mark is the only one on its (entry, aspect) pair and is seen in the public rows as the first appearance of \`aspectScores['${STAGE}/A…']\` in that entry's row. Latency: from the judge's emit to each viewer's receipt of the \`standings.delta\` batch carrying it, over every (mark, viewer) pair of the ${settings.seconds} measured seconds (warm-up marks excluded).`,
      `What it includes: the whole mark path of the case above (checks, group commit, the feed delta in the transaction), then the broadcaster's coalescing (deltas of an event wait up to 100 ms to go out together: at most ~10 messages a second a room, so a mark waits 0–100 ms for its batch by design), the public view read from the database, and the Socket.IO Redis adapter (it writes to this process's sockets directly and publishes the packet to Redis for other replicas), the websocket writes to ${int(settings.viewers)} sockets and ${int(settings.viewers)} JSON parses on the client side.`,
      `Baseline: a plain Socket.IO server (no Nest, no adapter but the in-memory one) on its own port in the same process, \`io.emit\` of a small message \`{ i, at }\` at the same ${settings.markRate} a second to ${int(settings.viewers)} clients; latency from the emit call to each client's handler. It sends every message (${settings.markRate}/s per client); the API coalesces into ~10 bigger ones, so it sends fewer messages but each waits for its batch.`,
      `Both sides run server and clients in this one Node process on ${cpus().length} cores with PostgreSQL and Redis beside them: the time to parse a message on ${int(settings.viewers)} clients is on the same event loop as the server, and a delay anywhere shows in both sides' tails. Messages/s received counts delivered socket messages over all viewers in the measured window.`,
    ],
  };
}
