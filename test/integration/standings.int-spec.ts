import type { MarkBoard, PublicStandingsSnapshot, PublicSubscribeReply, StaffStandingsSnapshot, StaffSubscribeReply } from '@dz/contracts';
import { keyedStaffRow, rankRows } from '@dz/domain';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { connected, createJudges, judgeSocket, runningEvent, schemeBody, submitMark, type JudgeSocket, type RunningEvent, type TestJudge } from '../factories/judging.factory';
import { moveEvent, phoneFor, residentIdFor } from '../factories/registration.factory';
import { eventually, socketConnected, storedAndRecomputedStandings, subscribeBoard, viewerSocket, type ViewerSocket } from '../factories/standings.factory';
import { mulberry32 } from '../setup/random';
import { startTestApi, type TestApi } from '../setup/api-app';
import { startTestWorker } from '../setup/worker';
import { publishResults } from '../factories/results.factory';
import type { INestApplicationContext } from '@nestjs/common';
import { bearer, signIn } from '../setup/auth';

const STAGE = '实操';

/**
 * Live standings against the real API, database, Redis adapter and sockets: the feed written
 * with the marks, the two rooms, the public board's freeze and hidden modes (checked on the raw
 * socket payloads), replay after an absence, and the room's authorization and rate limit.
 */
describe('live standings (实时排名)', () => {
  jest.setTimeout(300_000);
  let api: TestApi;
  let organiser: string;
  /** The worker computes the results that publication (成绩公示) needs. */
  let worker: INestApplicationContext;
  const sockets: (JudgeSocket | ViewerSocket)[] = [];

  beforeAll(async () => {
    api = await startTestApi({ seed: true });
    worker = await startTestWorker(api);
    organiser = (await signIn(api.baseUrl, 'jingxin')).accessToken;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await worker?.close();
    await api?.close();
  });

  const viewer = async (token?: string) => {
    const socket = viewerSocket(api.baseUrl, token);
    sockets.push(socket);
    await socketConnected(socket);
    return socket;
  };
  const judge = async (token: string) => {
    const socket = judgeSocket(api, token);
    sockets.push(socket);
    await connected(socket);
    return socket;
  };

  /** A running event with a 实操 scheme (A1, A2 measurement; B1 judgement) and two judges. */
  const setUp = async (title: string, firstIndex: number): Promise<{ running: RunningEvent; judges: TestJudge[] }> => {
    const running = await runningEvent(api, { count: 3, firstIndex, title });
    await request(api.baseUrl)
      .put(`/api/events/${running.event.id}/schemes/${encodeURIComponent(STAGE)}`)
      .set(bearer(organiser))
      .send(schemeBody({ measurement: 2, judgement: 1 }))
      .expect(200);
    const judges = await createJudges(api, 2, { prefix: `sj${firstIndex}-` });
    for (const j of judges) await request(api.baseUrl).post(`/api/events/${running.event.id}/judges`).set(bearer(organiser)).send({ judgeUserId: j.userId }).expect(200);
    return { running, judges };
  };
  const mark = (running: RunningEvent, entry: number, aspectKey: string, value: number) => ({
    idempotencyKey: randomUUID(),
    eventId: running.event.id,
    judgingCode: running.entries[entry].judgingCode,
    stage: STAGE,
    aspectKey,
    value,
  });
  const publicBoard = async (eventId: string): Promise<PublicStandingsSnapshot> => (await request(api.baseUrl).get(`/api/events/${eventId}/standings`).expect(200)).body;
  const staffBoard = async (eventId: string): Promise<StaffStandingsSnapshot> =>
    (await request(api.baseUrl).get(`/api/events/${eventId}/standings/staff`).set(bearer(organiser)).expect(200)).body;
  const setBoard = (eventId: string, body: object) => request(api.baseUrl).put(`/api/events/${eventId}/board`).set(bearer(organiser)).send(body);

  it('should list every contestant before the first mark, and move with each accepted mark in both rooms', async () => {
    const { running, judges } = await setUp('技能达人擂台赛·焊工（排名测试）', 700);
    const eventId = running.event.id;
    // The baseline: every approved entry at 0, with names for staff, codes for the (blind) public.
    const staff0 = await staffBoard(eventId);
    expect(staff0.seq).toBe(1);
    expect(staff0.rows.map((r) => r.judgingCode).sort()).toEqual(running.entries.map((e) => e.judgingCode).sort());
    expect(staff0.rows.every((r) => r.total === 0 && r.marksIn === 0 && r.marksExpected === 2 * 3)).toBe(true);
    expect(staff0.rows.map((r) => r.name).sort()).toEqual(running.entries.map((e) => `选手${e.contestant.index}`).sort());
    const public0 = await publicBoard(eventId);
    expect(public0).toMatchObject({ state: 'live', seq: 1 });
    expect(public0.rows.map((r) => r.label).sort()).toEqual(running.entries.map((e) => e.judgingCode).sort());
    expect(public0.rows.every((r) => r.employer === null)).toBe(true);

    const staffSocket = await viewer(organiser);
    const publicSocket = await viewer();
    const staffReply = await subscribeBoard(staffSocket, { eventId, room: 'staff', since: 1 });
    expect(staffReply).toEqual({ ok: true, data: { room: 'staff', deltas: [], snapshot: null } satisfies StaffSubscribeReply });
    const publicReply = await subscribeBoard(publicSocket, { eventId, room: 'public' });
    expect(publicReply.ok && publicReply.data.snapshot?.seq).toBe(1);

    const j = await judge(judges[0].token);
    expect(await submitMark(j, mark(running, 0, 'A1', 8))).toMatchObject({ ok: true });
    await eventually(() => staffSocket.received.deltas.length > 0 && publicSocket.received.deltas.length > 0, 'a delta in each room');
    const [staffBatch] = staffSocket.received.deltas;
    expect(staffBatch.room).toBe('staff');
    expect(staffBatch.deltas.map((d) => d.seq)).toEqual([2]);
    const row = staffBatch.room === 'staff' ? staffBatch.deltas[0].rows[0] : null;
    // 8 of 30 marks in 实操 (weight 70 of the event's 100): 8/30 × 70 = 18.666… → 18.67.
    expect(row).toMatchObject({ entryId: running.entries[0].entryId, stageTotals: { [STAGE]: 800 }, total: 1867, marksIn: 1, marksExpected: 6 });
    const [publicBatch] = publicSocket.received.deltas;
    expect(publicBatch.room === 'public' && publicBatch.deltas[0].rows[0]).toMatchObject({ key: running.entries[0].judgingCode, label: running.entries[0].judgingCode, total: 1867 });
    // Blind: no name, ID number, phone or entry id in anything the public socket got.
    for (const text of publicSocket.received.raw) {
      for (const e of running.entries) {
        expect(text).not.toContain(`选手${e.contestant.index}`);
        expect(text).not.toContain(residentIdFor(e.contestant.index));
        expect(text).not.toContain(phoneFor(e.contestant.index));
        expect(text).not.toContain(e.entryId);
        expect(text).not.toContain(e.employer);
      }
    }
    // A mark refused (out of range) writes no delta.
    expect(await submitMark(j, mark(running, 0, 'A2', 11))).toMatchObject({ ok: false });
    // A resend of a stored mark writes none either.
    const again = mark(running, 1, 'A1', 5);
    expect(await submitMark(j, again)).toMatchObject({ ok: true, data: { duplicate: false } });
    expect(await submitMark(j, again)).toMatchObject({ ok: true, data: { duplicate: true } });
    await eventually(async () => (await staffBoard(eventId)).seq === 3, 'seq 3');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await staffBoard(eventId)).seq).toBe(3);
    const seqs = staffSocket.received.deltas.flatMap((b) => b.deltas.map((d) => d.seq));
    expect(seqs).toEqual([2, 3]);

    // A board that was away asks from its last seq and gets exactly what it missed.
    const late = await viewer();
    const replay = await subscribeBoard(late, { eventId, room: 'public', since: 1 });
    expect(replay.ok && (replay.data as PublicSubscribeReply).deltas?.map((d) => d.seq)).toEqual([2, 3]);
    // The same over HTTP, as CLICS's since_token.
    const feed = (await request(api.baseUrl).get(`/api/events/${eventId}/standings/feed?since=2`).expect(200)).body as PublicSubscribeReply;
    expect(feed.deltas?.map((d) => d.seq)).toEqual([3]);
    // The stored feed folds to the current board: the fold of the deltas is the snapshot.
    const staff = await staffBoard(eventId);
    const all = (await request(api.baseUrl).get(`/api/events/${eventId}/standings/staff/feed?since=0`).set(bearer(organiser)).expect(200)).body as StaffSubscribeReply;
    const folded = new Map<string, unknown>();
    for (const d of all.deltas ?? []) for (const r of d.rows) folded.set(r.entryId, r);
    // The feed is append-only in the database itself.
    await expect(api.dataSource.query(`UPDATE standing_delta SET cause = 'x' WHERE event_id = $1`, [eventId])).rejects.toThrow(/append-only/);
    await expect(api.dataSource.query(`DELETE FROM standing_delta WHERE event_id = $1`, [eventId])).rejects.toThrow(/append-only/);
    expect([...folded.values()].sort((a, b) => ((a as { entryId: string }).entryId < (b as { entryId: string }).entryId ? -1 : 1))).toEqual(staff.rows);
  });

  it('should freeze the public board at the set time: nothing after it reaches a public socket, while staff keeps going', async () => {
    const { running, judges } = await setUp('技能达人擂台赛·焊工（封榜测试）', 720);
    const eventId = running.event.id;
    const j = await judge(judges[0].token);
    expect(await submitMark(j, mark(running, 0, 'A1', 6))).toMatchObject({ ok: true });
    const freezeAt = new Date(Date.now() + 1500);
    await setBoard(eventId, { publicMode: 'freeze', freezeAt: freezeAt.toISOString(), blind: false }).expect(200);
    const publicSocket = await viewer();
    const staffSocket = await viewer(organiser);
    expect((await subscribeBoard(publicSocket, { eventId, room: 'public' })).ok).toBe(true);
    expect((await subscribeBoard(staffSocket, { eventId, room: 'staff' })).ok).toBe(true);
    const before = await publicBoard(eventId);
    expect(before).toMatchObject({ state: 'live', freezeAt: freezeAt.toISOString() });
    // Not blind now: masked names, never the full name.
    const masked = before.rows.find((r) => r.key === String(before.rows[0].key));
    expect(masked?.label).toMatch(/^选\*+/);

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, freezeAt.getTime() - Date.now()) + 200));
    const frozen = await publicBoard(eventId);
    expect(frozen.state).toBe('frozen');
    const publicBefore = publicSocket.received.raw.length;
    // Marks after the freeze: 9.5 and 7.25 are values no public payload may carry.
    expect(await submitMark(j, mark(running, 0, 'A2', 9.5))).toMatchObject({ ok: true });
    expect(await submitMark(j, mark(running, 1, 'A1', 7.25))).toMatchObject({ ok: true });
    const staffRows = () => staffSocket.received.deltas.flatMap((b) => (b.room === 'staff' ? b.deltas.flatMap((d) => d.rows) : []));
    await eventually(() => staffRows().some((r) => r.aspectScores[`${STAGE}/A2`] === 950), 'the staff room sees the late mark');
    await new Promise((resolve) => setTimeout(resolve, 400));
    const after = publicSocket.received.raw.slice(publicBefore);
    expect(after).toEqual([]);
    for (const batch of publicSocket.received.deltas) for (const d of batch.deltas) expect(new Date(d.at).getTime()).toBeLessThanOrEqual(freezeAt.getTime());
    // As values (a number after a colon), not as digits inside an id or a time.
    const lateValue = /:(950|725)[,}]/;
    for (const text of publicSocket.received.raw) expect(text).not.toMatch(lateValue);
    // The frozen board, however asked for, is the board at the freeze.
    const later = await publicBoard(eventId);
    expect(later.rows).toEqual(frozen.rows);
    expect(JSON.stringify(later)).not.toMatch(lateValue);
    const resub = await subscribeBoard(await viewer(), { eventId, room: 'public', since: before.seq });
    expect(resub.ok && resub.data.room === 'public' && resub.data.state).toBe('frozen');
    expect(JSON.stringify(resub)).not.toMatch(lateValue);
    const feed = (await request(api.baseUrl).get(`/api/events/${eventId}/standings/feed?since=0`).expect(200)).body as PublicSubscribeReply;
    expect(JSON.stringify(feed)).not.toMatch(lateValue);
    expect(feed.deltas?.every((d) => new Date(d.at) <= freezeAt)).toBe(true);
    // Staff sees everything.
    const staff = await staffBoard(eventId);
    expect(staff.rows.find((r) => r.entryId === running.entries[0].entryId)?.aspectScores).toMatchObject({ [`${STAGE}/A2`]: 950 });
  });

  it('should hide the public board until results are published, then show it with masked names', async () => {
    const { running, judges } = await setUp('技能达人擂台赛·焊工（隐藏测试）', 740);
    const eventId = running.event.id;
    await setBoard(eventId, { publicMode: 'hidden', blind: true }).expect(200);
    const publicSocket = await viewer();
    const reply = await subscribeBoard(publicSocket, { eventId, room: 'public' });
    expect(reply.ok && reply.data.room === 'public' && reply.data.snapshot).toMatchObject({ state: 'hidden', rows: [] });
    const j = await judge(judges[0].token);
    for (const [i, value] of [8.75, 6.5, 4.25].entries()) expect(await submitMark(j, mark(running, i, 'A1', value))).toMatchObject({ ok: true });
    await eventually(async () => (await staffBoard(eventId)).rows.filter((r) => r.marksIn > 0).length === 3, 'three marks on the staff board');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(publicSocket.received.raw).toEqual([]);
    const hidden = await publicBoard(eventId);
    expect(hidden).toMatchObject({ state: 'hidden', rows: [] });
    expect(JSON.stringify(hidden)).not.toMatch(/"(total|stageTotals|aspectScores)"|:(875|650|425)[,}]/);
    expect(((await request(api.baseUrl).get(`/api/events/${eventId}/standings/feed?since=0`).expect(200)).body as PublicSubscribeReply).snapshot?.rows).toEqual([]);

    // Results published (成绩公示): the board shows, with masked names even though it was blind.
    await moveEvent(api, eventId, 'scoring_closed');
    await publishResults(api, eventId);
    // The public boards are told to fetch the board again.
    await eventually(() => publicSocket.received.resets.some((r) => r.reason === 'published' && r.room === 'public'), 'a reset to the public room');
    const published = await publicBoard(eventId);
    expect(published.state).toBe('published');
    expect(published.rows).toHaveLength(3);
    const top = published.rows.find((r) => r.stageTotals[STAGE] === 875);
    expect(top?.label).toMatch(/^选\*+/);
    expect(top?.label).not.toContain(String(running.entries[0].contestant.index));
  });

  it('should keep the staff room to the event staff, validate subscriptions and rate-limit a flooding socket', async () => {
    const { running, judges } = await setUp('技能达人擂台赛·焊工（权限测试）', 760);
    const eventId = running.event.id;
    const anonymous = await viewer();
    expect(await subscribeBoard(anonymous, { eventId, room: 'staff' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const asJudge = await viewer(judges[0].token);
    expect(await subscribeBoard(asJudge, { eventId, room: 'staff' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const contestant = await viewer(running.contestants[0].token);
    expect(await subscribeBoard(contestant, { eventId, room: 'staff' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Bad bodies: a clear error ack each, never a crash.
    const flood = await viewer();
    const bad: unknown[] = [null, 'x', { eventId: 'nope', room: 'public' }, { eventId, room: 'vip' }, { eventId, room: 'public', since: -1 }, { eventId: randomUUID(), room: 'public' }];
    for (const body of bad) {
      const r = await subscribeBoard(flood, body);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(['VALIDATION_FAILED', 'NOT_FOUND', 'TOO_MANY_REQUESTS']).toContain(r.error.code);
    }
    const burst = await Promise.all(Array.from({ length: 30 }, () => subscribeBoard(flood, { eventId, room: 'public' })));
    expect(burst.filter((r) => !r.ok && r.error.code === 'TOO_MANY_REQUESTS').length).toBeGreaterThanOrEqual(15);
    // A draft or unknown event has no public board.
    await request(api.baseUrl).get(`/api/events/${randomUUID()}/standings`).expect(404);
    // The setting is the staff's, and checked.
    await request(api.baseUrl).put(`/api/events/${eventId}/board`).set(bearer(judges[0].token)).send({ publicMode: 'live', blind: true }).expect(403);
    const noTime = await setBoard(eventId, { publicMode: 'freeze', blind: true }).expect(400);
    expect(noTime.body.issues[0]).toMatchObject({ path: 'freezeAt', message: '定时封榜须填写封榜时间' });
    const badStage = await setBoard(eventId, { publicMode: 'live', blind: true, tieBreaks: [{ kind: 'stage', stage: '不存在' }] }).expect(400);
    expect(badStage.body.message).toContain('不存在');
  });

  it('should keep every stored row equal to a recomputation from all the marks, through batched marks, a correction and a sign-off', async () => {
    const { running, judges } = await setUp('技能达人擂台赛·焊工（增量排名）', 780);
    const eventId = running.event.id;
    const [chief] = await createJudges(api, 1, { prefix: 'sj780c-' });
    await request(api.baseUrl).post(`/api/events/${eventId}/judges`).set(bearer(organiser)).send({ judgeUserId: chief.userId, role: 'chief' }).expect(200);
    const rng = mulberry32(780);
    const value = (aspectKey: string) => (aspectKey === 'B1' ? 2 : Math.floor(rng() * 1001) / 100);
    const aspects = ['A1', 'A2', 'B1'];
    const expectRecomputed = async (what: string) => {
      const { stored, recomputed } = await storedAndRecomputedStandings(api.dataSource, eventId);
      expect({ what, rows: stored }).toEqual({ what, rows: recomputed });
      return stored;
    };

    // Both judges mark every aspect of every entry at once: the marks queue and go into the chain
    // as batches, each touching several aspects of several entries, whose rows are updated aspect
    // by aspect.
    const [first, second] = await Promise.all(judges.map((j) => judge(j.token)));
    const firstMarks = running.entries.flatMap((_, e) => aspects.map((a) => mark(running, e, a, value(a))));
    const acks = await Promise.all([
      ...firstMarks.map((m) => submitMark(first, m)),
      ...running.entries.flatMap((_, e) => aspects.map((a) => submitMark(second, mark(running, e, a, value(a))))),
    ]);
    expect(acks.every((a) => a.ok && !a.data.duplicate)).toBe(true);
    const [{ deltas }] = await api.dataSource.query(`SELECT count(*)::int AS deltas FROM standing_delta WHERE event_id = $1 AND cause = 'marks'`, [eventId]);
    expect(deltas).toBeLessThan(acks.length);
    let rows = await expectRecomputed('after the batched marks');
    expect(rows.every((r) => r.marksIn === 6 && r.marksExpected === 9)).toBe(true);

    // A correction approved (that entry's row recomputed from all its marks), then the chief's own
    // marks on the corrected aspect and another (incremental again, over the correction).
    const corrected = acks[0].ok ? acks[0].data.markId : '';
    const proposed = await request(api.baseUrl)
      .post(`/api/events/${eventId}/corrections`)
      .set(bearer(judges[0].token))
      .send({ markId: corrected, value: 9.99, reason: '复核尺寸，原评分录错' })
      .expect(201);
    await request(api.baseUrl).post(`/api/corrections/${proposed.body.row.id}/approve`).set(bearer(chief.token)).send({}).expect(200);
    await expectRecomputed('after the approved correction');
    const chiefSocket = await judge(chief.token);
    const chiefAcks = await Promise.all(aspects.map((a) => submitMark(chiefSocket, mark(running, 0, a, value(a)))));
    expect(chiefAcks.every((a) => a.ok)).toBe(true);
    rows = await expectRecomputed('after marks over the correction');
    const entry0 = rows.find((r) => r.entryId === running.entries[0].entryId);
    expect(entry0?.marksIn).toBe(9);
    expect(entry0?.aspectScores[`${STAGE}/A1`]).toBeGreaterThan(0);

    // A sign-off moves the row too (signedOff), and marks on the other entries still add up.
    await request(api.baseUrl).post(`/api/events/${eventId}/signoffs`).set(bearer(chief.token)).send({ judgingCode: running.entries[0].judgingCode, stage: STAGE }).expect(201);
    await Promise.all(running.entries.slice(1).flatMap((_, e) => aspects.map((a) => submitMark(chiefSocket, mark(running, e + 1, a, value(a))))));
    rows = await expectRecomputed('after the sign-off and the last marks');
    expect(rows.every((r) => r.marksIn === 9)).toBe(true);
    expect(rows.find((r) => r.entryId === running.entries[0].entryId)?.signedOff).toEqual([STAGE]);
  });

  it('should record time used (用时) by the chief judge, rank tied entries by it, and refuse it after sign-off', async () => {
    const { running, judges } = await setUp('技能达人擂台赛·焊工（用时）', 800);
    const eventId = running.event.id;
    const [chief] = await createJudges(api, 1, { prefix: 'sj800c-' });
    await request(api.baseUrl).post(`/api/events/${eventId}/judges`).set(bearer(organiser)).send({ judgeUserId: chief.userId, role: 'chief' }).expect(200);
    await setBoard(eventId, { publicMode: 'live', blind: true, tieBreaks: [{ kind: 'less_time', stage: STAGE }] }).expect(200);
    // Entries 0 and 1 get the same marks from every judge: the same total.
    const sockets = await Promise.all([...judges, chief].map((j) => judge(j.token)));
    for (const socket of sockets) {
      for (const e of [0, 1]) {
        for (const [a, v] of [['A1', 8], ['A2', 7.5], ['B1', 2]] as const) expect(await submitMark(socket, mark(running, e, a, v))).toMatchObject({ ok: true });
      }
    }
    const time = (token: string, entry: number, seconds: unknown, stage = STAGE) =>
      request(api.baseUrl).post(`/api/events/${eventId}/times`).set(bearer(token)).send({ judgingCode: running.entries[entry].judgingCode, stage, seconds });
    // Only the chief; whole seconds above 0; a stage of the event.
    await time(judges[0].token, 0, 3600).expect(403);
    expect((await time(chief.token, 0, 0).expect(400)).body.issues).toEqual([{ path: 'seconds', message: '用时须大于 0 秒' }]);
    expect((await time(chief.token, 0, 12.5).expect(400)).body.issues).toEqual([{ path: 'seconds', message: '用时须为整秒' }]);
    expect((await time(chief.token, 0, 60, '答辩').expect(404)).body.message).toContain('赛项没有「答辩」阶段');
    await time(chief.token, 0, 3600).expect(200);
    const recorded = (await time(chief.token, 1, 3000).expect(200)).body;
    expect(recorded).toMatchObject({ eventId, judgingCode: running.entries[1].judgingCode, stage: STAGE, seconds: 3000, recordedBy: chief.userId });

    const ranked = async () => {
      const staff = await staffBoard(eventId);
      return rankRows(staff.rows.map(keyedStaffRow), [{ kind: 'less_time', stage: STAGE }]).map(({ row, rank }) => ({ entryId: row.entryId, rank, timeUsed: row.timeUsed }));
    };
    const tied = (await ranked()).filter((r) => r.entryId === running.entries[0].entryId || r.entryId === running.entries[1].entryId);
    expect(tied).toEqual([
      { entryId: running.entries[1].entryId, rank: 1, timeUsed: { [STAGE]: 3000 } },
      { entryId: running.entries[0].entryId, rank: 2, timeUsed: { [STAGE]: 3600 } },
    ]);
    // The public board (blind: codes) ranks the tie the same way, with its own chain.
    const publicFirst = async (): Promise<string> => {
      const board = await publicBoard(eventId);
      expect(board.event.tieBreaks).toEqual([{ kind: 'less_time', stage: STAGE }]);
      const order = rankRows(board.rows, board.event.tieBreaks).map(({ row }) => row.key);
      const [a, b] = [running.entries[0].judgingCode, running.entries[1].judgingCode];
      return order.indexOf(a) < order.indexOf(b) ? a : b;
    };
    expect(await publicFirst()).toBe(running.entries[1].judgingCode);
    // Recorded again: replaced, with the old time in the audit record; the order turns.
    await time(chief.token, 0, 2000).expect(200);
    expect((await ranked()).slice(0, 2).map((r) => r.entryId)).toEqual([running.entries[0].entryId, running.entries[1].entryId]);
    expect(await publicFirst()).toBe(running.entries[0].judgingCode);
    const audits: { detail: { seconds: number; previous: number | null } }[] = await api.dataSource.query(
      `SELECT detail FROM audit_log WHERE action = 'marks.time_recorded' AND entity_id = $1 ORDER BY at`,
      [running.entries[0].entryId],
    );
    expect(audits.map((a) => [a.detail.seconds, a.detail.previous])).toEqual([
      [3600, null],
      [2000, 3600],
    ]);
    // The chief's board shows it; the stored rows are what a recomputation gives.
    const board = (await request(api.baseUrl).get(`/api/events/${eventId}/marks/board`).set(bearer(chief.token)).expect(200)).body as MarkBoard;
    expect(board.entries.find((e) => e.judgingCode === running.entries[0].judgingCode)?.timeUsed).toBe(2000);
    expect(board.entries.find((e) => e.judgingCode === running.entries[2].judgingCode)?.timeUsed).toBeNull();
    const { stored, recomputed } = await storedAndRecomputedStandings(api.dataSource, eventId);
    expect(stored).toEqual(recomputed);
    // Signed off: the time stands.
    await request(api.baseUrl).post(`/api/events/${eventId}/signoffs`).set(bearer(chief.token)).send({ judgingCode: running.entries[0].judgingCode, stage: STAGE }).expect(201);
    expect((await time(chief.token, 0, 1000).expect(409)).body.message).toContain('已签核，用时不能再修改');
  });
});
