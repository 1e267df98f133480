import type { ArenaState } from '@dz/contracts';
import { challengerOrder, playArena } from '@dz/domain';
import { ArenaRepository, DEMO_JUDGING } from '@dz/persistence';
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/app.factory';
import { ARENA_STAGE, arenaEvent, arenaMark, ArenaViewer, markBody, type ArenaFixture } from '../factories/arena.factory';
import { connected, createJudges, judgeSocket, schemeBody, submitMark, type JudgeSocket } from '../factories/judging.factory';
import { eventually, socketConnected } from '../factories/standings.factory';
import { startTestApi, type TestApi } from '../setup/api-app';
import { bearer } from '../setup/auth';

/**
 * The arena (擂台赛) against the real API, database and Redis adapter: setup with a drawn or set
 * order, five bouts marked over judges' sockets and closed by the chief judge (a defence, a tie
 * kept by the holder, a successful challenge …), the refusals, live states in both rooms with a
 * resubscription by seq, a second API process's viewers, and the results' summary.
 */
import { computeResults } from '../factories/results.factory';
import { moveEvent } from '../factories/registration.factory';
import { startTestWorker } from '../setup/worker';
import type { ResultVersionView } from '@dz/contracts';

describe('arena (擂台赛)', () => {
  jest.setTimeout(300_000);
  let api: TestApi;
  let second: INestApplication;
  let secondUrl: string;
  let fx: ArenaFixture;
  let eventId: string;
  let chief: JudgeSocket;
  let judge: JudgeSocket;
  let staffViewer: ArenaViewer;
  let publicViewer: ArenaViewer;
  let farViewer: ArenaViewer;
  const sockets: { close(): void }[] = [];

  const code = (i: number) => fx.running.entries[i].judgingCode;
  const idOf = (i: number) => fx.running.entries[i].entryId;
  const http = () => request(api.baseUrl);
  const staffState = async (): Promise<ArenaState> => (await http().get(`/api/events/${eventId}/arena`).set(bearer(fx.organiser)).expect(200)).body;

  beforeAll(async () => {
    api = await startTestApi({ seed: true });
    fx = await arenaEvent(api, { count: 6, firstIndex: 9100, title: '技能达人擂台赛·焊工（擂台测试）', judges: 2, prefix: 'arena' });
    eventId = fx.running.event.id;
    chief = judgeSocket(api, fx.judges[0].token);
    judge = judgeSocket(api, fx.judges[1].token);
    sockets.push(chief, judge);
    await Promise.all([connected(chief), connected(judge)]);
    // A second API process on the same database and Redis: its viewers get states through the adapter.
    second = await createApiApp(api.config);
    await second.listen(0, '127.0.0.1');
    secondUrl = (await second.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await second?.close();
    await api?.close();
  });

  const viewer = async (baseUrl: string, room: 'public' | 'staff', token?: string) => {
    const v = new ArenaViewer(baseUrl, eventId, room, token);
    sockets.push(v.socket);
    await socketConnected(v.socket);
    await eventually(() => v.state !== null, `${room} viewer's first state`);
    return v;
  };

  describe('PUT /events/:id/arena', () => {
    it('should refuse a first holder chosen another way than the proposal, the holder as a challenger, duplicates and unknown codes', async () => {
      const put = (body: object) => http().put(`/api/events/${eventId}/arena`).set(bearer(fx.organiser)).send(body);
      const base = { stage: ARENA_STAGE, tieRule: 'holder_keeps', firstHolder: { mode: 'last_champion', judgingCode: code(0) } };
      const wrongMode = await put({ ...base, firstHolder: { mode: 'qualifying_top', stage: '理论' }, order: { mode: 'drawn' } }).expect(400);
      expect(wrongMode.body.message).toBe('本赛项申报时确定首任擂主为上届冠军');
      const holderToo = await put({ ...base, order: { mode: 'set', judgingCodes: [code(1), code(0)] } }).expect(400);
      expect(holderToo.body.message).toBe('首任擂主不能同时是攻擂者');
      const twice = await put({ ...base, order: { mode: 'set', judgingCodes: [code(1), code(1)] } }).expect(400);
      expect(twice.body.message).toBe('攻擂顺序中有重复的选手');
      const unknown = await put({ ...base, order: { mode: 'set', judgingCodes: ['X999'] } }).expect(400);
      expect(unknown.body.message).toBe('本赛项没有这些加密编号的选手：X999');
      const noStage = await put({ ...base, stage: '决赛', order: { mode: 'drawn' } }).expect(400);
      expect(noStage.body.message).toBe('本赛项没有「决赛」阶段');
      const noCode = await put({ ...base, firstHolder: { mode: 'last_champion', judgingCode: 'J999' }, order: { mode: 'drawn' } }).expect(404);
      expect(noCode.body.message).toBe('本赛项没有加密编号为 J999 的选手');
      // Malformed bodies fail the contract at the edge, field by field, in Chinese.
      const malformed = await put({ stage: ARENA_STAGE, tieRule: 'coin_toss', firstHolder: { mode: 'last_champion' }, order: { mode: 'random' } }).expect(400);
      expect(malformed.body.code).toBe('VALIDATION_FAILED');
      const issues = malformed.body.issues as { path: string; message: string }[];
      expect(issues.find((i) => i.path === 'tieRule')?.message).toBe('平分规则须为擂主守擂或攻擂者胜');
      expect(issues.find((i) => i.path.startsWith('firstHolder'))?.message).toBe('请填写选手的加密编号');
      expect(issues.find((i) => i.path.startsWith('order'))?.message).toBe('请选择攻擂顺序');
      const badBout = await http().post(`/api/events/${eventId}/arena/bouts/0/close`).set(bearer(fx.organiser)).expect(400);
      expect(badBout.body.issues).toEqual([{ path: 'number', message: '场次从 1 开始' }]);
      expect((await staffState()).configured).toBe(false);
    });

    it('should draw the challengers with a recorded seed anyone can recompute the order from', async () => {
      const res = await http()
        .put(`/api/events/${eventId}/arena`)
        .set(bearer(fx.organiser))
        .send({ stage: ARENA_STAGE, tieRule: 'holder_keeps', firstHolder: { mode: 'last_champion', judgingCode: code(0) }, order: { mode: 'drawn' } })
        .expect(200);
      const state = res.body as ArenaState;
      expect(state.orderSeed).toMatch(/^[0-9a-f]{64}$/);
      const others = fx.running.entries.slice(1).map((e) => e.entryId);
      const expected = challengerOrder(idOf(0), { mode: 'drawn', seedHex: state.orderSeed as string, challengers: others });
      const codeOfId = new Map(fx.running.entries.map((e) => [e.entryId, e.judgingCode]));
      expect(state.order.map((c) => c.judgingCode)).toEqual(expected.map((id) => codeOfId.get(id)));
      expect(state.holder?.judgingCode).toBe(code(0));
      const [audit] = await api.dataSource.query(`SELECT detail FROM audit_log WHERE action = 'arena.configured' AND entity_id = $1`, [eventId]);
      expect(audit.detail.seed).toBe(state.orderSeed);
    });

    it('should take a set order in place of the drawn one before the first bout', async () => {
      const res = await http()
        .put(`/api/events/${eventId}/arena`)
        .set(bearer(fx.organiser))
        .send({ stage: ARENA_STAGE, tieRule: 'holder_keeps', firstHolder: { mode: 'last_champion', judgingCode: code(0) }, order: { mode: 'set', judgingCodes: [1, 2, 3, 4, 5].map(code) } })
        .expect(200);
      expect((res.body as ArenaState).order.map((c) => c.judgingCode)).toEqual([1, 2, 3, 4, 5].map(code));
      expect(res.body.orderSeed).toBeNull();
      expect(res.body.firstHolder).toMatchObject({ judgingCode: code(0), name: `选手${fx.running.entries[0].contestant.index}` });
    });
  });

  describe('first holder from the qualifying round', () => {
    it('should take the top of the qualifying stage, refuse a tie for first, and refuse an event that is not an arena', async () => {
      const q = await arenaEvent(api, { count: 3, firstIndex: 9200, title: '技能达人擂台赛·焊工（资格赛）', judges: 2, prefix: 'arenaq', draft: { arenaFirstHolder: 'qualifying_top' } });
      const qid = q.running.event.id;
      await http().put(`/api/events/${qid}/schemes/${encodeURIComponent('理论')}`).set(bearer(q.organiser)).send(schemeBody({ measurement: 1, judgement: 0 })).expect(200);
      const sockets2 = q.judges.map((j) => judgeSocket(api, j.token));
      sockets.push(...sockets2);
      await Promise.all(sockets2.map((s) => connected(s)));
      const theory = (socket: JudgeSocket, entry: number, value: number) =>
        submitMark(socket, { idempotencyKey: randomUUID(), eventId: qid, judgingCode: q.running.entries[entry].judgingCode, stage: '理论', aspectKey: 'A1', value });
      const put = () =>
        http()
          .put(`/api/events/${qid}/arena`)
          .set(bearer(q.organiser))
          .send({ stage: ARENA_STAGE, tieRule: 'challenger_wins', firstHolder: { mode: 'qualifying_top', stage: '理论' }, order: { mode: 'drawn' } });
      expect((await put().expect(409)).body.message).toBe('资格赛「理论」尚无成绩，无法确定首任擂主');
      for (const [entry, value] of [[0, 9], [1, 9], [2, 5]] as const) expect(await theory(sockets2[0], entry, value)).toMatchObject({ ok: true });
      const codes = [q.running.entries[0].judgingCode, q.running.entries[1].judgingCode].sort();
      const tie = (await put().expect(409)).body.message as string;
      expect(tie).toMatch(/^资格赛「理论」并列第一（.+，9\.00 分），请先决出首任擂主$/);
      for (const c of codes) expect(tie).toContain(c);
      // The second judge's 10 for entry 1 makes its mean 9.50: the top.
      expect(await theory(sockets2[1], 1, 10)).toMatchObject({ ok: true });
      let state: ArenaState | null = null;
      await eventually(async () => {
        const res = await put();
        if (res.status === 200) state = res.body as ArenaState;
        return state !== null;
      }, 'the setup with a single top');
      expect(state).toMatchObject({ firstHolderMode: 'qualifying_top', tieRule: 'challenger_wins', holder: { judgingCode: q.running.entries[1].judgingCode } });
      expect((state as unknown as ArenaState).order.map((c) => c.judgingCode).sort()).toEqual([q.running.entries[0].judgingCode, q.running.entries[2].judgingCode].sort());

      const rounds = await http()
        .put(`/api/events/${DEMO_JUDGING.eventId}/arena`)
        .set(bearer(fx.organiser))
        .send({ stage: ARENA_STAGE, tieRule: 'holder_keeps', firstHolder: { mode: 'qualifying_top', stage: '理论' }, order: { mode: 'drawn' } })
        .expect(409);
      expect(rounds.body.message).toBe('该赛项的赛制不是擂台赛');
    });
  });

  describe('bouts', () => {
    /** Both judges give A1 = `a` and B1 = 3 points to one side. */
    const markSide = async (bout: number, entry: number, a: number) => {
      for (const socket of [chief, judge]) {
        for (const [aspect, value] of [['A1', a], ['B1', 3]] as const) {
          expect(await arenaMark(socket, markBody(eventId, bout, code(entry), aspect, value))).toMatchObject({ ok: true, data: { duplicate: false } });
        }
      }
    };
    const open = () => http().post(`/api/events/${eventId}/arena/bouts`).set(bearer(fx.organiser));
    const close = (n: number, token: string) => http().post(`/api/events/${eventId}/arena/bouts/${n}/close`).set(bearer(token));
    /** Holder and challenger entries and their A1 marks, bout by bout; B1 is 3 points (10 marks) for all. */
    const PLAN: [number, number, number, number][] = [
      [0, 8, 1, 7], // defended
      [0, 8, 2, 8], // tie: the holder keeps it
      [0, 6, 3, 9], // taken by entry 3
      [3, 9, 4, 5], // defended
      [3, 7, 5, 9.5], // taken by entry 5
    ];

    it('should subscribe staff and public viewers on two API processes', async () => {
      staffViewer = await viewer(api.baseUrl, 'staff', fx.organiser);
      publicViewer = await viewer(api.baseUrl, 'public');
      farViewer = await viewer(secondUrl, 'public');
      expect(staffViewer.state?.configured).toBe(true);
      const anonStaff = new ArenaViewer(api.baseUrl, eventId, 'staff');
      sockets.push(anonStaff.socket);
      await socketConnected(anonStaff.socket);
      await eventually(() => anonStaff.problems.length > 0, 'the anonymous staff subscription refused');
      expect(anonStaff.problems[0]).toContain('UNAUTHENTICATED');
    });

    it('should play the first bout with refusals, live scores and a defence', async () => {
      await open().expect(200);
      // A second bout while one is open (a second holder on the stage) is refused.
      expect((await open().expect(409)).body.message).toBe('第 1 场尚未判定，不能开始下一场');
      const setupAgain = await http()
        .put(`/api/events/${eventId}/arena`)
        .set(bearer(fx.organiser))
        .send({ stage: ARENA_STAGE, tieRule: 'challenger_wins', firstHolder: { mode: 'last_champion', judgingCode: code(1) }, order: { mode: 'drawn' } })
        .expect(409);
      expect(setupAgain.body.message).toBe('擂台赛已开赛，设置不能再修改');

      // Refusals, each an error ack in Chinese.
      const [outsider] = await createJudges(api, 1, { prefix: 'arena-out' });
      const outsiderSocket = judgeSocket(api, outsider.token);
      sockets.push(outsiderSocket);
      await connected(outsiderSocket);
      expect(await arenaMark(outsiderSocket, markBody(eventId, 1, code(0), 'A1', 5))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: '您未被分配到该赛项的评分工作' } });
      expect(await arenaMark(judge, markBody(eventId, 1, code(0), 'B1', 2.5))).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      expect(await arenaMark(judge, markBody(eventId, 1, code(0), 'B1', 4))).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', message: '「焊缝外观」主观评分只能为 0、1、2、3 分' } });
      expect(await arenaMark(judge, markBody(eventId, 1, code(0), 'A1', 11))).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', message: '「焊缝尺寸」该评分项满分 10.00 分，不能打 11.00 分' } });
      expect(await arenaMark(judge, markBody(eventId, 1, code(4), 'A1', 5))).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', message: `选手 ${code(4)} 不在第 1 场` } });
      expect(await arenaMark(judge, markBody(eventId, 2, code(0), 'A1', 5))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: '第 2 场不存在' } });
      expect(await arenaMark(judge, { ...markBody(eventId, 1, code(0), 'A1', 5), aspectKey: 'Z9' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', message: '评分表中没有评分项「Z9」' } });
      expect(await arenaMark(judge, { eventId, bout: 1 })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', message: '消息参数有误' } });

      // An idempotent resend, and a second mark on the same slot.
      const first = markBody(eventId, 1, code(0), 'A1', 8);
      const stored = await arenaMark(chief, first);
      expect(stored).toMatchObject({ ok: true, data: { duplicate: false } });
      expect(await arenaMark(chief, first)).toEqual({ ok: true, data: { markId: stored.ok ? stored.data.markId : '', duplicate: true } });
      expect(await arenaMark(chief, { ...first, value: 9 })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '该幂等键已用于另一条评分，每条评分须使用新的幂等键' } });
      expect(await arenaMark(chief, markBody(eventId, 1, code(0), 'A1', 9))).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '您已为第 1 场选手 ' + code(0) + ' 的「焊缝尺寸」评过分' } });
      for (const [aspect, value] of [['B1', 3]] as const) expect(await arenaMark(chief, markBody(eventId, 1, code(0), aspect, value))).toMatchObject({ ok: true });
      expect(await arenaMark(judge, markBody(eventId, 1, code(0), 'A1', 8))).toMatchObject({ ok: true });
      // The HTTP fallback shares the key with the socket: a resend over the socket is a duplicate.
      const overHttp = markBody(eventId, 1, code(0), 'B1', 3);
      const wrongAddress = await http().post(`/api/events/${randomUUID()}/arena/marks`).set(bearer(fx.judges[1].token)).send(overHttp).expect(400);
      expect(wrongAddress.body.message).toBe('评分所属赛项与地址不一致');
      const viaHttp = (await http().post(`/api/events/${eventId}/arena/marks`).set(bearer(fx.judges[1].token)).send(overHttp).expect(200)).body;
      expect(viaHttp).toMatchObject({ duplicate: false });
      expect(await arenaMark(judge, overHttp)).toEqual({ ok: true, data: { markId: viaHttp.markId, duplicate: true } });
      const [{ via }] = await api.dataSource.query(`SELECT detail->>'via' AS via FROM audit_log WHERE action = 'arena.mark_submitted' AND detail->>'markId' = $1`, [viaHttp.markId]);
      expect(via).toBe('http');

      // Live: the holder's side is in (8 + 10 = 18.00), the challenger's not yet.
      await eventually(() => staffViewer.state?.bouts[0]?.marksIn === 4 && publicViewer.state?.bouts[0]?.marksIn === 4, 'the four holder marks live in both rooms');
      expect(staffViewer.state?.bouts[0]).toMatchObject({ status: 'open', holderScore: 1800, challengerScore: 0, marksIn: 4, marksExpected: 8, outcome: null });

      // Closing early: refused with what is missing; a judge who is not the chief may not close.
      expect((await close(1, fx.judges[0].token).expect(409)).body.message).toBe('第 1 场还有 4 项评分未提交（已交 4/8）');
      expect((await close(1, fx.judges[1].token).expect(403)).body.message).toBe('只有本赛项的裁判长可以判定擂台赛每场的结果');
      expect((await close(1, outsider.token).expect(404)).body.message).toBe('您未被分配到该赛项的评分工作');

      await markSide(1, 1, 7);
      const decided = (await close(1, fx.judges[0].token).expect(200)).body as ArenaState;
      expect(decided.bouts[0]).toMatchObject({ status: 'decided', holderScore: 1800, challengerScore: 1700, outcome: 'defended', marksIn: 8 });
      expect(decided.holder?.judgingCode).toBe(code(0));
      expect(decided.holderDefences).toBe(1);
      expect(await arenaMark(judge, markBody(eventId, 1, code(1), 'A1', 1))).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '第 1 场已判定，不能再评分' } });
      expect((await close(1, fx.judges[0].token).expect(409)).body.message).toBe('第 1 场已判定');
    });

    it('should play the remaining bouts to the holder the rules say, live in both rooms and on the other process', async () => {
      for (const [i, [h, ha, c, ca]] of PLAN.entries()) {
        const n = i + 1;
        if (n === 1) continue;
        // The public viewer is away for bout 4 and catches up on reconnect, subscribing with its seq.
        if (n === 4) publicViewer.socket.disconnect();
        const opened = (await open().expect(200)).body as ArenaState;
        expect(opened.bouts[i]).toMatchObject({ number: n, holder: { judgingCode: code(h) }, challenger: { judgingCode: code(c) }, status: 'open' });
        await markSide(n, h, ha);
        await markSide(n, c, ca);
        // The organiser may close too (not only the chief judge).
        const closed = (await close(n, n % 2 === 0 ? fx.organiser : fx.judges[0].token).expect(200)).body as ArenaState;
        if (n === 4) {
          const away = publicViewer.seq;
          expect(away).toBeLessThan(closed.seq);
          publicViewer.socket.connect();
          await eventually(() => publicViewer.seq === closed.seq, 'the public viewer caught up after reconnecting');
          expect(publicViewer.state?.bouts[3]).toMatchObject({ outcome: 'defended', holder: { judgingCode: code(3) } });
        }
      }
      const expected = playArena(
        code(0),
        PLAN.map(([, ha, c, ca]) => ({ challenger: code(c), holderScore: ha * 100 + 1000, challengerScore: ca * 100 + 1000 })),
        'holder_keeps',
      );
      const state = await staffState();
      expect(state.bouts.map((b) => [b.holder.judgingCode, b.challenger.judgingCode, b.holderScore, b.challengerScore, b.outcome])).toEqual(
        expected.bouts.map((b) => [b.holder, b.challenger, b.holderScore, b.challengerScore, b.outcome]),
      );
      expect(state.bouts.map((b) => b.outcome)).toEqual(['defended', 'defended', 'taken', 'defended', 'taken']);
      expect(state.champion?.judgingCode).toBe(code(5));
      expect(state.holder?.judgingCode).toBe(code(5));
      expect(state.finished).toBe(true);
      expect(state.runs.map((r) => [r.holder.judgingCode, r.fromBout, r.toBout, r.defences, r.current])).toEqual([
        [code(0), 0, 3, 2, false],
        [code(3), 3, 5, 1, false],
        [code(5), 5, 5, 0, true],
      ]);
      expect(state.longestDefence).toMatchObject({ holder: { judgingCode: code(0) }, defences: 2, fromBout: 0 });
      expect((await open().expect(409)).body.message).toBe('所有攻擂者均已上场，擂台赛已结束');

      // Every room caught up, the other process's viewer through the Redis adapter.
      for (const v of [staffViewer, publicViewer, farViewer]) {
        await eventually(() => v.state?.seq === state.seq, `viewer at seq ${state.seq}`);
        expect(v.state?.champion?.judgingCode).toBe(code(5));
        expect(v.problems).toEqual([]);
        expect(v.applied).toEqual([...v.applied].sort((a, b) => a - b));
      }
      // The public rooms of a blind event carry codes only: no name anywhere in what they received.
      for (const v of [publicViewer, farViewer]) {
        const text = v.raw.join('\n');
        for (const e of fx.running.entries) expect(text).not.toContain(`选手${e.contestant.index}`);
      }
      const audits = await api.dataSource.query(`SELECT action, count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND action LIKE 'arena.%' GROUP BY action ORDER BY action`, [eventId]);
      expect(audits).toEqual([
        { action: 'arena.bout_decided', n: 5 },
        { action: 'arena.bout_opened', n: 5 },
        { action: 'arena.configured', n: 2 },
        { action: 'arena.mark_submitted', n: 40 },
      ]);
    });

    it('should catch a resubscribing viewer up by seq, with no state applied twice', async () => {
      const held = publicViewer.seq;
      // Up to date: no state in the reply.
      const reply = await publicViewer.subscribe();
      expect(reply).toEqual({ ok: true, data: { seq: held, state: null } });
      // Behind: a client holding an older seq gets the whole state.
      const behind = (await publicViewer.socket.timeout(10_000).emitWithAck('arena.subscribe', { eventId, room: 'public', since: held - 3 })) as { ok: true; data: { seq: number; state: ArenaState | null } };
      expect(behind.data.seq).toBe(held);
      expect(behind.data.state?.seq).toBe(held);
      // A dropped connection resubscribes on reconnect with its seq, and gets nothing to apply again.
      publicViewer.socket.disconnect();
      const before = publicViewer.raw.length;
      publicViewer.socket.connect();
      await socketConnected(publicViewer.socket);
      await eventually(() => publicViewer.raw.length > before, 'the resubscription reply');
      expect(JSON.parse(publicViewer.raw[before])).toEqual({ ok: true, data: { seq: held, state: null } });
      expect(publicViewer.applied.filter((s) => s === held)).toHaveLength(1);
      expect(publicViewer.problems).toEqual([]);
    });

    it('should refuse direct changes to decided bouts and bout marks in the database', async () => {
      await expect(api.dataSource.query(`UPDATE arena_mark SET value = 0 WHERE event_id = $1`, [eventId])).rejects.toThrow();
      await expect(api.dataSource.query(`DELETE FROM arena_bout WHERE event_id = $1`, [eventId])).rejects.toThrow();
      await expect(api.dataSource.query(`UPDATE arena_bout SET outcome = 'taken' WHERE event_id = $1 AND number = 1`, [eventId])).rejects.toThrow(/decided bout is final/);
    });

    it('should summarise the champion and the longest defence for the results', async () => {
      const summary = await new ArenaRepository(api.dataSource).summary(eventId);
      expect(summary).toEqual({ champion: idOf(5), longestDefence: { entryId: idOf(0), defences: 2 }, bouts: 5 });
      expect(await new ArenaRepository(api.dataSource).summary(randomUUID())).toEqual({ champion: null, longestDefence: null, bouts: 0 });
    });

    it('should put the champion (擂主) and the longest defence into the computed results', async () => {
      const worker = await startTestWorker(api);
      try {
        await moveEvent(api, eventId, 'scoring_closed');
        const job = await computeResults(api, eventId, fx.organiser, 'scoring_closed');
        const version = (await http().get(`/api/events/${eventId}/results/versions/${job.version}`).set(bearer(fx.organiser)).expect(200)).body as ResultVersionView;
        expect(version.arena).toEqual({
          bouts: 5,
          champion: { entryId: idOf(5), name: expect.any(String) },
          longestDefence: { entryId: idOf(0), name: expect.any(String), defences: 2 },
        });
        expect(version.rows.find((r) => r.entryId === idOf(5))?.titles).toContain('擂主');
        expect(version.rows.filter((r) => r.titles.includes('擂主')).map((r) => r.entryId)).toEqual([idOf(5)]);
      } finally {
        await worker.close();
      }
    });
  });
});
