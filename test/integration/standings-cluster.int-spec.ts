import type { MarkSubmit, PublicStandingRow, PublicStandingsDelta, PublicStandingsSnapshot } from '@dz/contracts';
import { applyRows, FeedFollower, LiveBoard, rankRows } from '@dz/domain';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import request from 'supertest';
import { freePort } from '../../scripts/lib/ports';
import { connected, createJudges, judgeSocket, runningEvent, schemeBody, submitMark, type JudgeSocket, type RunningEvent } from '../factories/judging.factory';
import { eventually, socketConnected, storedAndRecomputedStandings, subscribeBoard, viewerSocket, type ViewerSocket } from '../factories/standings.factory';
import { startTestApi, testEnvironment, type TestApi } from '../setup/api-app';
import { bearer, signIn } from '../setup/auth';
import { runNode, waitForHttp, type RunningProcess } from '../setup/processes';
import { mulberry32 } from '../setup/random';

const STAGE = '实操';
const VIEWERS = 200;
const JUDGES = 10;
const ENTRIES = 20;
const ASPECTS = 10;

/**
 * A public board as a phone runs it: a snapshot, then deltas through a FeedFollower into a
 * LiveBoard; on every (re)connect it subscribes again from the last seq it holds, and it asks
 * again when a gap has waited too long. It records every seq it applies, so the test can check
 * that none was applied twice or skipped.
 */
class Viewer {
  board = new LiveBoard<PublicStandingRow>([]);
  readonly socket: ViewerSocket;
  private follower: FeedFollower<PublicStandingsDelta>;
  private expectedNext: number | null = null;
  readonly problems: string[] = [];
  snapshots = 0;
  applied = 0;
  private subscribing = false;

  constructor(
    readonly baseUrl: string,
    private readonly eventId: string,
  ) {
    this.follower = this.newFollower(0);
    this.socket = viewerSocket(baseUrl);
    this.socket.on('connect', () => void this.subscribe());
    this.socket.on('standings.delta', (batch) => {
      if (batch.room !== 'public' || batch.eventId !== this.eventId) return;
      for (const d of batch.deltas) this.follower.receive(d, Date.now());
    });
  }

  private newFollower(seq: number): FeedFollower<PublicStandingsDelta> {
    return new FeedFollower<PublicStandingsDelta>((d) => {
      if (this.expectedNext !== null && d.seq !== this.expectedNext) this.problems.push(`applied seq ${d.seq}, expected ${this.expectedNext}`);
      this.expectedNext = d.seq + 1;
      this.applied += 1;
      applyRows(this.board, d.rows);
    }, seq);
  }

  get lastSeq(): number {
    return this.follower.lastSeq;
  }

  /** Asks for what it misses (all of it when it holds nothing yet). */
  async subscribe(): Promise<void> {
    if (this.subscribing || !this.socket.connected) return;
    this.subscribing = true;
    try {
      const since = this.expectedNext === null ? undefined : this.follower.lastSeq;
      const reply = await subscribeBoard(this.socket, { eventId: this.eventId, room: 'public', since }, 5_000).catch(() => null);
      if (!reply) return;
      if (!reply.ok) {
        if (reply.error.code !== 'TOO_MANY_REQUESTS') this.problems.push(`subscribe refused: ${reply.error.code} ${reply.error.message}`);
        return;
      }
      if (reply.data.room !== 'public') return;
      if (reply.data.snapshot) this.takeSnapshot(reply.data.snapshot);
      for (const d of reply.data.deltas ?? []) this.follower.receive(d, Date.now());
    } finally {
      this.subscribing = false;
    }
  }

  private takeSnapshot(snapshot: PublicStandingsSnapshot): void {
    this.snapshots += 1;
    this.board = new LiveBoard<PublicStandingRow>(snapshot.event.tieBreaks);
    applyRows(this.board, snapshot.rows);
    this.follower.reset(snapshot.seq);
    this.expectedNext = snapshot.seq + 1;
  }

  /** Called now and then: a gap that has waited over a second is asked for again. */
  checkGap(now: number): void {
    const waited = this.follower.gapSince(now);
    if (waited !== null && waited > 1000) void this.subscribe();
  }
}

/**
 * Two API processes on loopback sharing PostgreSQL and Redis (the Socket.IO Redis adapter):
 * this test's own and a spawned one, restarted halfway. 200 public viewers split between them,
 * 20 judges' marks (2,000) submitted to both while viewers drop and reconnect at random. At the
 * end every viewer's board equals the server's, and no viewer applied a seq twice or skipped one.
 */
describe('live standings across two API processes', () => {
  jest.setTimeout(600_000);
  let api: TestApi;
  let second: RunningProcess;
  let secondUrl: string;
  let env: NodeJS.ProcessEnv;
  let running: RunningEvent;
  const judgeSockets: JudgeSocket[] = [];
  const viewers: Viewer[] = [];
  /** Reconnections still scheduled by the chaos loop; cleared at the end so nothing reconnects after. */
  const timers = new Set<NodeJS.Timeout>();

  beforeAll(async () => {
    api = await startTestApi({ seed: true });
    const port = await freePort();
    secondUrl = `http://127.0.0.1:${port}`;
    env = {
      ...process.env,
      ...testEnvironment(api.database, api.secrets, api.config.QUEUE_PREFIX),
      PORT: String(port),
      HOST: '127.0.0.1',
      WEB_DIST_DIR: join(__dirname, '..', '..', 'dist', 'web'),
    };
    // testEnvironment gives it this API's keys: a token signed by one is good on the other.
    second = runNode('dist/apps/api/src/main.js', env);
    await waitForHttp(`${secondUrl}/api/health`);
  });

  afterAll(async () => {
    for (const timer of timers) clearTimeout(timer);
    for (const v of viewers) v.socket.close();
    for (const s of judgeSockets) s.close();
    await second?.stop();
    await api?.close();
  });

  it('should bring every viewer on either process to the server standings, each seq applied once', async () => {
    const seed = Number(process.env.CLUSTER_SEED ?? Date.now() % 100_000);
    process.stderr.write(`[standings-cluster] seed ${seed}\n`);
    const rng = mulberry32(seed);
    const organiser = (await signIn(api.baseUrl, 'jingxin')).accessToken;
    running = await runningEvent(api, { count: ENTRIES, firstIndex: 900, title: '技能达人擂台赛·焊工（集群测试）' });
    const eventId = running.event.id;
    await request(api.baseUrl).put(`/api/events/${eventId}/schemes/${encodeURIComponent(STAGE)}`).set(bearer(organiser)).send(schemeBody({ measurement: ASPECTS, judgement: 0 })).expect(200);
    const judges = await createJudges(api, JUDGES, { prefix: 'cluster' });
    for (const j of judges) await request(api.baseUrl).post(`/api/events/${eventId}/judges`).set(bearer(organiser)).send({ judgeUserId: j.userId }).expect(200);

    // Viewers: half on each process.
    for (let i = 0; i < VIEWERS; i++) viewers.push(new Viewer(i % 2 === 0 ? api.baseUrl : secondUrl, eventId));
    await Promise.all(viewers.map((v) => socketConnected(v.socket, 20_000)));
    await eventually(() => viewers.every((v) => v.snapshots > 0), 'every viewer has its first snapshot', 30_000);
    const gapTimer = setInterval(() => viewers.forEach((v) => v.checkGap(Date.now())), 250);

    // Chaos: viewers drop and come back; the second process restarts once, halfway.
    let chaos = true;
    let cuts = 0;
    const chaosLoop = (async () => {
      while (chaos) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const v = viewers[Math.floor(rng() * viewers.length)];
        if (!v.socket.connected) continue;
        cuts += 1;
        v.socket.disconnect();
        const timer = setTimeout(() => {
          timers.delete(timer);
          v.socket.connect();
        }, 20 + rng() * 400);
        timers.add(timer);
      }
    })();

    // Judges: half on each process; each mark resent with its key until acknowledged.
    const marks: MarkSubmit[][] = judges.map(() =>
      running.entries.flatMap((entry) =>
        Array.from({ length: ASPECTS }, (_, a) => ({
          idempotencyKey: randomUUID(),
          eventId,
          judgingCode: entry.judgingCode,
          stage: STAGE,
          aspectKey: `A${a + 1}`,
          value: Math.floor(rng() * 1001) / 100,
        })),
      ),
    );
    let restarted = false;
    let stored = 0;
    const runJudge = async (j: number) => {
      const socket = judgeSocket({ ...api, baseUrl: j % 2 === 0 ? api.baseUrl : secondUrl }, judges[j].token);
      judgeSockets.push(socket);
      await connected(socket, 20_000);
      for (const body of marks[j]) {
        for (;;) {
          if (!socket.connected) await connected(socket, 60_000).catch(() => undefined);
          const reply = await submitMark(socket, body, 5_000).catch(() => null);
          if (reply?.ok) break;
          if (reply && !reply.ok && reply.error.code !== 'TOO_MANY_REQUESTS') throw new Error(`mark refused: ${reply.error.code} ${reply.error.message}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        stored += 1;
        if (!restarted && stored >= (JUDGES * ENTRIES * ASPECTS) / 2) {
          restarted = true;
          // The second process goes down and comes back on the same address.
          await second.stop();
          second = runNode('dist/apps/api/src/main.js', env);
          await waitForHttp(`${secondUrl}/api/health`);
        }
      }
    };
    await Promise.all(judges.map((_, j) => runJudge(j)));
    chaos = false;
    await chaosLoop;

    // Every mark stored exactly once, and the feed's last seq.
    const [{ n }] = await api.dataSource.query(`SELECT count(*)::int AS n FROM mark WHERE event_id = $1`, [eventId]);
    expect(n).toBe(JUDGES * ENTRIES * ASPECTS);
    const [{ last }] = await api.dataSource.query(`SELECT max(seq)::int AS last FROM standing_delta WHERE event_id = $1`, [eventId]);
    const reconnect = () => viewers.filter((v) => !v.socket.connected).forEach((v) => v.socket.connect());
    await eventually(
      () => {
        reconnect();
        return viewers.every((v) => v.lastSeq === last);
      },
      `every viewer at seq ${last}`,
      60_000,
    );
    clearInterval(gapTimer);

    const server = (await request(api.baseUrl).get(`/api/events/${eventId}/standings`).expect(200)).body as PublicStandingsSnapshot;
    expect(server.seq).toBe(last);
    const expected = rankRows(server.rows, server.event.tieBreaks).map(({ row, rank }) => ({ key: row.key, rank, total: row.total, aspectScores: row.aspectScores }));
    expect(expected).toHaveLength(ENTRIES);
    // The server's own board is the marks' truth: each entry's total from its stored marks.
    const totals: { code: string; sum: number }[] = await api.dataSource.query(
      `SELECT e.judging_code AS code, sum(m.value)::int AS sum FROM mark m JOIN entry e ON e.id = m.entry_id WHERE m.event_id = $1 GROUP BY 1`,
      [eventId],
    );
    for (const { code, sum } of totals) {
      // Mean of the judges per aspect (hundredths, half up per aspect), scaled by weight 70 of 100 over 100 marks.
      const row = server.rows.find((r) => r.key === code);
      const aspectSum = Object.values(row?.aspectScores ?? {}).reduce((a, b) => a + b, 0);
      expect(Math.abs(aspectSum - sum / JUDGES)).toBeLessThanOrEqual(ASPECTS);
    }
    // The rows the marks updated aspect by aspect, in batches on two processes, are the rows a
    // recomputation from all the stored marks gives.
    const { stored: storedRows, recomputed } = await storedAndRecomputedStandings(api.dataSource, eventId);
    expect(storedRows).toEqual(recomputed);
    for (const v of viewers) {
      expect(v.problems).toEqual([]);
      const board = v.board.rows().map(({ row, rank }) => ({ key: row.key, rank, total: row.total, aspectScores: row.aspectScores }));
      expect(board).toEqual(expected);
    }
    const applied = viewers.reduce((sum, v) => sum + v.applied, 0);
    process.stderr.write(`[standings-cluster] ${n} marks, feed seq ${last}, ${VIEWERS} viewers, ${cuts} viewer cuts, one API restart, ${applied} deltas applied\n`);
    expect(cuts).toBeGreaterThan(10);
    expect(restarted).toBe(true);
  });
});
