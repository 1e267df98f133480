import type { ChainVerification, MarkAck, MarkSubmit } from '@dz/contracts';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { RealtimeGateway } from '../../apps/api/src/modules/realtime/realtime.gateway';
import { connected, createJudges, judgeSocket, runningEvent, schemeBody, submitMark, type JudgeSocket, type RunningEvent, type TestJudge } from '../factories/judging.factory';
import { startTestApi, type TestApi } from '../setup/api-app';
import { bearer, signIn } from '../setup/auth';
import { mulberry32 } from '../setup/random';

const STAGE = '实操';
const JUDGES = 20;
const ENTRIES = 20;
/** 5 measurement + 5 judgement aspects: 20 entries × 10 aspects = 200 marks per judge. */
const ASPECTS = [...['A1', 'A2', 'A3', 'A4', 'A5'], ...['B1', 'B2', 'B3', 'B4', 'B5']];
/** Marks each judge keeps in flight, as a tablet with a small outbox would. */
const IN_FLIGHT = 4;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class Refused extends Error {}

interface Stats {
  cuts: number;
  resends: number;
  limited: number;
}

describe('judging: marks over dropped connections (断网重发)', () => {
  jest.setTimeout(600_000);
  let api: TestApi;
  let running: RunningEvent;
  let judges: TestJudge[];
  let organiser: string;
  const sockets: JudgeSocket[] = [];
  /** Every mark sent, by idempotency key, with the ack it finally got. */
  const sent = new Map<string, { judge: TestJudge; body: MarkSubmit; ack: MarkAck | null }>();

  beforeAll(async () => {
    api = await startTestApi({ seed: true });
    organiser = (await signIn(api.baseUrl, 'jingxin')).accessToken;
    running = await runningEvent(api, { count: ENTRIES, firstIndex: 7000, title: '技能达人擂台赛·焊工（断网评分测试）' });
    await request(api.baseUrl)
      .put(`/api/events/${running.event.id}/schemes/${encodeURIComponent(STAGE)}`)
      .set(bearer(organiser))
      .send(schemeBody({ measurement: 5, judgement: 5 }))
      .expect(200);
    judges = await createJudges(api, JUDGES, { prefix: 'chaos' });
    for (const [i, judge] of judges.entries()) {
      await request(api.baseUrl)
        .post(`/api/events/${running.event.id}/judges`)
        .set(bearer(organiser))
        .send({ judgeUserId: judge.userId, role: i === 0 ? 'chief' : 'judge', employer: '达州职业技术学院' })
        .expect(200);
    }
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await api?.close();
  });

  const verify = async (): Promise<ChainVerification> =>
    (await request(api.baseUrl).get(`/api/events/${running.event.id}/marks/verify`).set(bearer(organiser)).expect(200)).body;

  it('should store every acknowledged mark exactly once while 20 judges lose their connections at random', async () => {
    const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 2 ** 32);
    process.stderr.write(`[judging-chaos] seed ${seed} (CHAOS_SEED=${seed} reproduces the cuts)\n`);
    const gateway = api.app.get(RealtimeGateway);
    const started = Date.now();

    const runJudge = async (judge: TestJudge, index: number): Promise<Stats> => {
      const rng = mulberry32(seed + index);
      const stats: Stats = { cuts: 0, resends: 0, limited: 0 };
      const socket = judgeSocket(api, judge.token);
      sockets.push(socket);
      // A cut by the server is final for the client: the tablet reconnects by hand.
      socket.on('disconnect', (reason) => {
        if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 20 + rng() * 100);
      });
      await connected(socket);

      const marks: MarkSubmit[] = running.entries.flatMap((entry, e) =>
        ASPECTS.map((aspectKey, a) => ({
          idempotencyKey: randomUUID(),
          eventId: running.event.id,
          judgingCode: entry.judgingCode,
          stage: STAGE,
          aspectKey,
          // Measurement: 0–9.99 marks (hundredths / 100 prints as typed); judgement: 0–3 points.
          value: aspectKey.startsWith('A') ? (((index + e + a) % 10) * 100 + ((index * 7 + e) % 100)) / 100 : (index + e + a) % 4,
        })),
      );
      for (const body of marks) sent.set(body.idempotencyKey, { judge, body, ack: null });

      let done = false;
      const chaos = (async () => {
        while (!done) {
          await sleep(50 + rng() * 350);
          if (done || !socket.connected) continue;
          const kind = rng();
          stats.cuts += 1;
          if (kind < 0.4) {
            // The Wi-Fi drops: the transport closes under the client, which reconnects itself.
            socket.io.engine.close();
          } else if (kind < 0.7) {
            socket.disconnect();
            await sleep(rng() * 150);
            socket.connect();
          } else {
            gateway.server.sockets.sockets.get(socket.id ?? '')?.disconnect(true);
          }
        }
      })();

      /** Sends one mark until it is acknowledged, always with the same key. */
      const deliver = async (body: MarkSubmit): Promise<MarkAck> => {
        for (let attempt = 1; attempt <= 400; attempt += 1) {
          if (!socket.connected) {
            await connected(socket, 3000).catch(() => {
              if (!socket.active) socket.connect();
            });
          }
          try {
            const reply = await submitMark(socket, body, 2000);
            if (reply.ok) return reply.data;
            if (reply.error.code === 'TOO_MANY_REQUESTS') {
              stats.limited += 1;
              await sleep(100);
              continue;
            }
            throw new Refused(`${reply.error.code}: ${reply.error.message}`);
          } catch (error) {
            if (error instanceof Refused) throw error;
            // No ack (the connection went, or the ack was lost): resend the same mark.
            stats.resends += 1;
          }
        }
        throw new Error(`mark ${body.idempotencyKey} was never acknowledged`);
      };

      const queue = [...marks];
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          for (let body = queue.shift(); body; body = queue.shift()) {
            const ack = await deliver(body);
            const record = sent.get(body.idempotencyKey);
            if (record) record.ack = ack;
          }
        }),
      );
      done = true;
      await chaos;
      socket.close();
      return stats;
    };

    const stats = await Promise.all(judges.map((judge, i) => runJudge(judge, i)));
    const seconds = (Date.now() - started) / 1000;
    const total = stats.reduce((s, x) => ({ cuts: s.cuts + x.cuts, resends: s.resends + x.resends, limited: s.limited + x.limited }), { cuts: 0, resends: 0, limited: 0 });
    const acks = [...sent.values()].map((s) => s.ack);
    const duplicates = acks.filter((a) => a?.duplicate).length;
    process.stderr.write(
      `[judging-chaos] ${acks.length} marks from ${JUDGES} judges in ${seconds.toFixed(1)} s: ${total.cuts} cuts, ${total.resends} resends, ` +
        `${duplicates} acked as duplicates, ${total.limited} rate-limited\n`,
    );

    // Every mark was acknowledged …
    expect(acks.filter((a) => a === null)).toHaveLength(0);
    expect(total.cuts).toBeGreaterThan(JUDGES);
    expect(total.resends).toBeGreaterThan(0);
    // … and the database holds each exactly once, under the id its ack named, with its value.
    const rows: { id: string; seq: string; idempotency_key: string; judge_user_id: string; value: number; kind: string }[] = await api.dataSource.query(
      `SELECT id, seq, idempotency_key, judge_user_id, value, kind FROM mark WHERE event_id = $1`,
      [running.event.id],
    );
    expect(rows).toHaveLength(JUDGES * ENTRIES * ASPECTS.length);
    expect(new Set(rows.map((r) => r.idempotency_key)).size).toBe(rows.length);
    expect(rows.every((r) => r.kind === 'original')).toBe(true);
    const byKey = new Map(rows.map((r) => [r.idempotency_key, r]));
    const mismatches = [...sent.values()].filter(({ judge, body, ack }) => {
      const row = byKey.get(body.idempotencyKey);
      const hundredths = Math.round(body.value * 100);
      return !row || row.id !== ack?.markId || Number(row.seq) !== ack.seq || row.judge_user_id !== judge.userId || row.value !== hundredths;
    });
    expect(mismatches).toEqual([]);
    // seq is the event's order: 1 … 4000 without gaps.
    expect(rows.map((r) => Number(r.seq)).sort((a, b) => a - b)).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
    expect(await verify()).toEqual({ ok: true, checked: JUDGES * ENTRIES * ASPECTS.length });
  });

  it('should answer a resend of a stored mark with the same mark, marked duplicate, over the socket and over HTTP', async () => {
    const socket = judgeSocket(api, judges[1].token);
    sockets.push(socket);
    await connected(socket);
    const some = [...sent.values()].filter((s) => s.judge === judges[1]).slice(0, 30);
    for (const { body, ack } of some) {
      const reply = await submitMark(socket, body);
      expect(reply).toEqual({ ok: true, data: { markId: ack?.markId, seq: ack?.seq, duplicate: true } });
    }
    const http = await request(api.baseUrl).post(`/api/events/${running.event.id}/marks`).set(bearer(judges[1].token)).send(some[0].body).expect(200);
    expect(http.body).toEqual({ markId: some[0].ack?.markId, seq: some[0].ack?.seq, duplicate: true });
    // The same key for a different mark is refused, not stored.
    const reused = await submitMark(socket, { ...some[0].body, value: 0 });
    expect(reused).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('幂等键') } });
    socket.close();
  });

  it('should store a mark sent at once on many sockets and over HTTP exactly once', async () => {
    // The judge's marks of 实操 are all in: a scheme for 理论 gives a free slot. Every copy
    // carries the same key.
    await request(api.baseUrl)
      .put(`/api/events/${running.event.id}/schemes/${encodeURIComponent('理论')}`)
      .set(bearer(organiser))
      .send(schemeBody({ measurement: 1, judgement: 0 }))
      .expect(200);
    const body: MarkSubmit = { idempotencyKey: randomUUID(), eventId: running.event.id, judgingCode: running.entries[0].judgingCode, stage: '理论', aspectKey: 'A1', value: 7.5 };
    const many = Array.from({ length: 8 }, () => judgeSocket(api, judges[2].token, { reconnection: false }));
    sockets.push(...many);
    await Promise.all(many.map((s) => connected(s)));
    const [socketReplies, httpReplies] = await Promise.all([
      Promise.all(many.map((s) => submitMark(s, body))),
      Promise.all(Array.from({ length: 4 }, () => request(api.baseUrl).post(`/api/events/${running.event.id}/marks`).set(bearer(judges[2].token)).send(body))),
    ]);
    const acks = [...socketReplies.map((r) => (r.ok ? r.data : null)), ...httpReplies.map((r) => (r.status === 200 ? (r.body as MarkAck) : null))];
    expect(acks.every((a) => a !== null)).toBe(true);
    expect(new Set(acks.map((a) => a?.markId)).size).toBe(1);
    expect(acks.filter((a) => a?.duplicate === false)).toHaveLength(1);
    const [{ n }] = await api.dataSource.query(`SELECT count(*)::int AS n FROM mark WHERE idempotency_key = $1`, [body.idempotencyKey]);
    expect(n).toBe(1);
    // A second original of the same aspect under a new key is refused: changes are corrections.
    const again = await submitMark(many[0], { ...body, idempotencyKey: randomUUID(), value: 8 });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '已提交，修改须走更正流程' } });
    for (const s of many) s.close();
  });

  describe('the chain and append-only storage', () => {
    const alterAsOwner = async (sql: string, params: unknown[] = []) => {
      await api.dataSource.query(`ALTER TABLE mark DISABLE TRIGGER mark_no_update_delete`);
      try {
        await api.dataSource.query(sql, params);
      } finally {
        await api.dataSource.query(`ALTER TABLE mark ENABLE TRIGGER mark_no_update_delete`);
      }
    };

    it('should refuse UPDATE, DELETE and TRUNCATE to the application role, and the trigger to everyone', async () => {
      const app = new Client({ connectionString: api.database.appUrl });
      await app.connect();
      try {
        await expect(app.query(`UPDATE mark SET value = 0 WHERE event_id = $1`, [running.event.id])).rejects.toThrow(/permission denied for table mark/);
        await expect(app.query(`DELETE FROM mark WHERE event_id = $1`, [running.event.id])).rejects.toThrow(/permission denied for table mark/);
        await expect(app.query(`TRUNCATE mark`)).rejects.toThrow(/permission denied for table mark/);
        await expect(app.query(`DELETE FROM signoff`)).rejects.toThrow(/permission denied for table signoff/);
        // Reading and appending stay the application's.
        const [{ n }] = (await app.query(`SELECT count(*)::int AS n FROM mark WHERE event_id = $1`, [running.event.id])).rows;
        expect(n).toBeGreaterThanOrEqual(4000);
      } finally {
        await app.end();
      }
      await expect(api.dataSource.query(`UPDATE mark SET value = 0 WHERE event_id = $1`, [running.event.id])).rejects.toThrow(/mark is append-only: UPDATE/);
      await expect(api.dataSource.query(`DELETE FROM mark WHERE event_id = $1`, [running.event.id])).rejects.toThrow(/mark is append-only: DELETE/);
      await expect(api.dataSource.query(`TRUNCATE mark CASCADE`)).rejects.toThrow(/append-only: TRUNCATE/);
    });

    it('should name the first changed, removed or cut-off row when marks are tampered with in SQL', async () => {
      const before = await verify();
      expect(before.ok).toBe(true);
      const [target] = await api.dataSource.query(`SELECT id, value FROM mark WHERE event_id = $1 AND seq = 1234`, [running.event.id]);
      // The owner disables the trigger and changes a mark: the hash no longer matches.
      await alterAsOwner(`UPDATE mark SET value = value + 100 WHERE id = $1`, [target.id]);
      const changed = await verify();
      expect(changed).toEqual({ ok: false, checked: before.checked, brokenAt: { seq: 1234, markId: target.id, reason: expect.stringContaining('改动') } });
      // Put back, and it verifies again: the hash is of the content.
      await alterAsOwner(`UPDATE mark SET value = $2 WHERE id = $1`, [target.id, target.value]);
      expect((await verify()).ok).toBe(true);

      // A row removed from the middle: the next row's link is broken.
      const [removed] = await api.dataSource.query(`SELECT * FROM mark WHERE event_id = $1 AND seq = 2000`, [running.event.id]);
      const [next] = await api.dataSource.query(`SELECT id FROM mark WHERE event_id = $1 AND seq = 2001`, [running.event.id]);
      await alterAsOwner(`DELETE FROM mark WHERE id = $1`, [removed.id]);
      const gap = await verify();
      expect(gap).toMatchObject({ ok: false, brokenAt: { seq: 2001, markId: next.id, reason: expect.stringContaining('删除') } });
      const columns = Object.keys(removed);
      await api.dataSource.query(
        `INSERT INTO mark (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
        columns.map((c) => removed[c]),
      );
      expect((await verify()).ok).toBe(true);

      // The last row removed: the audit log still records it.
      const [last] = await api.dataSource.query(`SELECT id, seq FROM mark WHERE event_id = $1 ORDER BY seq DESC LIMIT 1`, [running.event.id]);
      await alterAsOwner(`DELETE FROM mark WHERE id = $1`, [last.id]);
      const tail = await verify();
      expect(tail).toMatchObject({ ok: false, brokenAt: { seq: Number(last.seq), markId: last.id, reason: expect.stringContaining('链尾') } });
    });
  });
});
