import type { AssignmentView, CorrectionView, JudgeSheet, MarkBoard, MarkHistory, MarkingSchemeView, MarkSubmit } from '@dz/contracts';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { connected, createJudges, judgeSocket, runningEvent, schemeBody, submitMark, type JudgeSocket, type RunningEvent, type TestJudge } from '../factories/judging.factory';
import { moveEvent, phoneFor, residentIdFor } from '../factories/registration.factory';
import { startTestApi, type TestApi } from '../setup/api-app';
import { bearer, sessionFor, signIn } from '../setup/auth';

const STAGE = '实操';
const stagePath = encodeURIComponent(STAGE);

describe('judging (评分)', () => {
  jest.setTimeout(300_000);
  let api: TestApi;
  let organiser: string;
  let bureau: string;
  const sockets: JudgeSocket[] = [];

  beforeAll(async () => {
    api = await startTestApi({ seed: true });
    organiser = (await signIn(api.baseUrl, 'jingxin')).accessToken;
    bureau = (await sessionFor(api.baseUrl, 'bureau')).accessToken;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await api?.close();
  });

  const open = async (token: string | undefined) => {
    const socket = judgeSocket(api, token, { reconnection: false });
    sockets.push(socket);
    await connected(socket);
    return socket;
  };
  const assign = (eventId: string, body: object, token = organiser) => request(api.baseUrl).post(`/api/events/${eventId}/judges`).set(bearer(token)).send(body);
  const mark = (running: RunningEvent, entry: number, aspectKey: string, value: number, stage = STAGE): MarkSubmit => ({
    idempotencyKey: randomUUID(),
    eventId: running.event.id,
    judgingCode: running.entries[entry].judgingCode,
    stage,
    aspectKey,
    value,
  });

  describe('marking schemes (评分表)', () => {
    let running: RunningEvent;

    beforeAll(async () => {
      running = await runningEvent(api, { count: 2, firstIndex: 100, title: '技能达人擂台赛·焊工（评分表测试）' });
    });

    it('should check a scheme with libs/domain, keep versions, and freeze it once marked', async () => {
      const url = `/api/events/${running.event.id}/schemes/${stagePath}`;
      const wrongTotal = await request(api.baseUrl).put(url).set(bearer(organiser)).send({ ...schemeBody({ measurement: 2, judgement: 1 }), totalMarks: 5000 }).expect(400);
      expect(wrongTotal.body.issues).toEqual([{ path: 'totalMarks', message: '测量和评价评分项满分合计 30.00 分，比总分 50.00 分少 20.00 分' }]);
      const duplicateKey = schemeBody({ measurement: 1, judgement: 1 });
      duplicateKey.sections[1].aspects[0].key = 'A1';
      const dup = await request(api.baseUrl).put(url).set(bearer(organiser)).send(duplicateKey).expect(400);
      expect(dup.body.issues[0].message).toContain('重复');
      const contract = await request(api.baseUrl).put(url).set(bearer(organiser)).send({ method: 'best_of', totalMarks: 1, sections: [] }).expect(400);
      expect(contract.body.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['method', 'sections']));
      const noStage = await request(api.baseUrl).put(`/api/events/${running.event.id}/schemes/${encodeURIComponent('决赛')}`).set(bearer(organiser)).send(schemeBody({ measurement: 1, judgement: 0 })).expect(404);
      expect(noStage.body.message).toContain('赛项没有「决赛」阶段');

      const first = (await request(api.baseUrl).put(url).set(bearer(organiser)).send(schemeBody({ measurement: 2, judgement: 1 })).expect(200)).body as MarkingSchemeView;
      expect(first).toMatchObject({ stage: STAGE, version: 1, totalMarks: 3000, method: 'mean' });
      const blind = await request(api.baseUrl).put(url).set(bearer(organiser)).send(schemeBody({ measurement: 2, judgement: 2 })).expect(409);
      expect(blind.body.issues[0].path).toBe('version');
      const second = (await request(api.baseUrl).put(url).set(bearer(organiser)).send({ ...schemeBody({ measurement: 2, judgement: 2, method: 'median' }), version: 1 }).expect(200)).body as MarkingSchemeView;
      expect(second).toMatchObject({ version: 2, totalMarks: 4000, method: 'median' });
      await request(api.baseUrl).put(url).set(bearer(organiser)).send({ ...schemeBody({ measurement: 1, judgement: 1 }), version: 1 }).expect(409);
      expect((await request(api.baseUrl).get(url).set(bearer(bureau)).expect(200)).body.version).toBe(2);

      const [judge] = await createJudges(api, 1, { prefix: 'scheme' });
      await assign(running.event.id, { judgeUserId: judge.userId }).expect(200);
      const socket = await open(judge.token);
      expect(await submitMark(socket, mark(running, 0, 'A1', 5))).toMatchObject({ ok: true, data: { seq: 1, duplicate: false } });
      const frozen = await request(api.baseUrl).put(url).set(bearer(organiser)).send({ ...schemeBody({ measurement: 1, judgement: 1 }), version: 2 }).expect(409);
      expect(frozen.body.message).toBe('「实操」阶段已有评分，评分表不能再修改');
    });
  });

  describe('recusal (回避) and blind judging', () => {
    let running: RunningEvent;
    let steelJudge: TestJudge;
    let otherJudge: TestJudge;
    let scopedJudge: TestJudge;
    let outsider: TestJudge;

    beforeAll(async () => {
      const employers = ['达州钢铁集团', '达州职业技术学院', '四川省达州市第一人民医院', '达州钢铁集团'];
      running = await runningEvent(api, { count: 4, firstIndex: 200, title: '技能达人擂台赛·焊工（回避测试）', employerOf: (i) => employers[i] });
      await request(api.baseUrl).put(`/api/events/${running.event.id}/schemes/${stagePath}`).set(bearer(organiser)).send(schemeBody({ measurement: 1, judgement: 1 })).expect(200);
      // The steel-works judge holds the judge grant in their employer's organisation.
      [steelJudge] = await createJudges(api, 1, { prefix: 'steel', organisation: '达州钢铁集团' });
      [otherJudge, scopedJudge, outsider] = await createJudges(api, 3, { prefix: 'other' });
    });

    it('should recuse a judge from the contestants of their own employer, and say why', async () => {
      const assigned = (await assign(running.event.id, { judgeUserId: steelJudge.userId }).expect(200)).body as AssignmentView;
      expect(assigned).toMatchObject({ employer: '达州钢铁集团', recused: true, override: null });
      expect(assigned.recusals).toEqual([
        { entryId: running.entries[0].entryId, judgingCode: running.entries[0].judgingCode, reasons: ['裁判与选手同属「达州钢铁集团」'] },
        { entryId: running.entries[3].entryId, judgingCode: running.entries[3].judgingCode, reasons: ['裁判与选手同属「达州钢铁集团」'] },
      ].sort((a, b) => (a.judgingCode < b.judgingCode ? -1 : 1)));
      // Spaces and full-width letters aside, a school is the same school (libs/domain normalises).
      const teacher = (await assign(running.event.id, { judgeUserId: otherJudge.userId, employer: '达州 职业技术学院' }).expect(200)).body as AssignmentView;
      expect(teacher.recusals.map((r) => r.entryId)).toEqual([running.entries[1].entryId]);

      const socket = await open(steelJudge.token);
      const refused = await submitMark(socket, mark(running, 0, 'A1', 6));
      expect(refused).toEqual({
        ok: false,
        error: expect.objectContaining({ code: 'FORBIDDEN', message: `您须回避选手 ${running.entries[0].judgingCode}：裁判与选手同属「达州钢铁集团」` }),
      });
      expect(await submitMark(socket, mark(running, 2, 'A1', 6))).toMatchObject({ ok: true });
      // The HTTP fallback refuses the same way.
      const http = await request(api.baseUrl).post(`/api/events/${running.event.id}/marks`).set(bearer(steelJudge.token)).send(mark(running, 3, 'A1', 6)).expect(403);
      expect(http.body.message).toContain('回避');
      const [{ n }] = await api.dataSource.query(`SELECT count(*)::int AS n FROM mark WHERE judge_user_id = $1`, [steelJudge.userId]);
      expect(n).toBe(1);
    });

    it('should let the bureau lift a recusal only with a recorded reason', async () => {
      await request(api.baseUrl).post(`/api/events/${running.event.id}/judges/overrides`).set(bearer(organiser)).send({ judgeUserId: steelJudge.userId, reason: '专业稀缺' }).expect(403);
      const noReason = await request(api.baseUrl).post(`/api/events/${running.event.id}/judges/overrides`).set(bearer(bureau)).send({ judgeUserId: steelJudge.userId }).expect(400);
      expect(noReason.body.issues[0].path).toBe('reason');
      const lifted = (await request(api.baseUrl)
        .post(`/api/events/${running.event.id}/judges/overrides`)
        .set(bearer(bureau))
        .send({ judgeUserId: steelJudge.userId, reason: '该工种全市仅此一名高级考评员，经局务会同意不回避' })
        .expect(200)).body as AssignmentView;
      expect(lifted).toMatchObject({ recused: false, override: { reason: '该工种全市仅此一名高级考评员，经局务会同意不回避' } });
      const socket = await open(steelJudge.token);
      expect(await submitMark(socket, mark(running, 0, 'A1', 6))).toMatchObject({ ok: true });
      const [audit] = await api.dataSource.query(`SELECT detail FROM audit_log WHERE action = 'judge.recusal_overridden'`);
      expect(audit.detail.reason).toContain('局务会');
    });

    it('should keep a judge to their assignment: scope, event and role', async () => {
      await assign(running.event.id, { judgeUserId: scopedJudge.userId, entryIds: [running.entries[2].entryId], aspectKeys: ['A1'] }).expect(200);
      const socket = await open(scopedJudge.token);
      const otherEntry = await submitMark(socket, mark(running, 1, 'A1', 6));
      expect(otherEntry).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: `选手 ${running.entries[1].judgingCode} 不在您的评分范围内` } });
      expect(await submitMark(socket, mark(running, 2, 'B1', 2))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '评分项「B1」不在您的评分范围内' } });
      expect(await submitMark(socket, mark(running, 2, 'A1', 6))).toMatchObject({ ok: true });
      const stranger = await open(outsider.token);
      expect(await submitMark(stranger, mark(running, 2, 'A1', 6))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      // A contestant of the event and an anonymous viewer never get as far as the event.
      const contestant = await open(running.entries[2].contestant.token);
      expect(await submitMark(contestant, mark(running, 2, 'A1', 6))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      const anonymous = await open(undefined);
      expect(await submitMark(anonymous, mark(running, 2, 'A1', 6))).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      // Only one chief judge per event.
      await assign(running.event.id, { judgeUserId: otherJudge.userId, employer: '达州职业技术学院', role: 'chief' }).expect(200);
      const second = await assign(running.event.id, { judgeUserId: outsider.userId, role: 'chief' }).expect(409);
      expect(second.body.message).toContain(`本赛项已有裁判长（${otherJudge.name}）`);
    });

    it('should show judges anonymous codes only: no name, ID number or phone anywhere in their sheet or the board', async () => {
      const sheet = await request(api.baseUrl).get(`/api/events/${running.event.id}/judge-sheet`).set(bearer(otherJudge.token)).expect(200);
      const raw = sheet.text;
      const body = sheet.body as JudgeSheet;
      expect(body.entries.map((e) => e.judgingCode).sort()).toEqual(running.entries.map((e) => e.judgingCode).sort());
      expect(body.entries.find((e) => e.judgingCode === running.entries[1].judgingCode)).toMatchObject({ recused: true, recusalReasons: ['裁判与选手同属「达州职业技术学院」'] });
      expect(body.aspects.map((a) => [a.key, a.maxMarks, a.kind])).toEqual([
        ['A1', 1000, 'measurement'],
        ['B1', 1000, 'judgement'],
      ]);
      const board = await request(api.baseUrl).get(`/api/events/${running.event.id}/marks/board`).set(bearer(otherJudge.token)).expect(200);
      const history = await request(api.baseUrl).get(`/api/events/${running.event.id}/marks/history`).set(bearer(otherJudge.token)).expect(200);
      for (const text of [raw, board.text, history.text]) {
        for (const { contestant, entryId } of running.entries) {
          // Not even the entry id: the public draw pairs entry ids with masked names and workstations.
          expect(text).not.toContain(entryId);
          expect(text).not.toContain(`选手${contestant.index}`);
          expect(text).not.toContain(residentIdFor(contestant.index));
          expect(text).not.toContain(phoneFor(contestant.index));
        }
        // Nor a masked ID number, a workstation or a check-in code.
        expect(text).not.toMatch(/\d{4}\*{6,}|"workstation"|"checkinCode"|C\d{3}/);
        expect(text).not.toMatch(/"name"\s*:\s*"选手/);
      }
      // The sheet is the judge's own: a judge without an assignment to the event gets nothing.
      await request(api.baseUrl).get(`/api/events/${running.event.id}/judge-sheet`).set(bearer(outsider.token)).expect(404);
      // The board is the chief's (and staff's), not an ordinary judge's.
      const notChief = await request(api.baseUrl).get(`/api/events/${running.event.id}/marks/board`).set(bearer(scopedJudge.token)).expect(403);
      expect(notChief.body.message).toBe('只有本赛项的裁判长可以查看评分汇总');
    });
  });

  describe('sign-off (签核) and corrections (更正)', () => {
    let running: RunningEvent;
    let chief: TestJudge;
    let first: TestJudge;
    let second: TestJudge;
    const url = (path: string) => `/api/events/${running.event.id}${path}`;

    beforeAll(async () => {
      running = await runningEvent(api, { count: 2, firstIndex: 300, title: '技能达人擂台赛·焊工（签核测试）' });
      await request(api.baseUrl).put(url(`/schemes/${stagePath}`)).set(bearer(organiser)).send(schemeBody({ measurement: 1, judgement: 1 })).expect(200);
      [chief, first, second] = await createJudges(api, 3, { prefix: 'panel' });
      await assign(running.event.id, { judgeUserId: chief.userId, role: 'chief' }).expect(200);
      await assign(running.event.id, { judgeUserId: first.userId }).expect(200);
      await assign(running.event.id, { judgeUserId: second.userId }).expect(200);
    });

    const board = async (): Promise<MarkBoard> => (await request(api.baseUrl).get(url('/marks/board')).set(bearer(chief.token)).expect(200)).body;
    const cell = (b: MarkBoard, entry: number, aspect: string) => b.entries.find((e) => e.judgingCode === running.entries[entry].judgingCode)?.cells.find((c) => c.aspectKey === aspect);

    it('should flag judgement marks more than 1 point apart and refuse sign-off until corrected and approved', async () => {
      const a = await open(first.token);
      const b = await open(second.token);
      const firstA1 = mark(running, 0, 'A1', 8.5);
      expect(await submitMark(a, firstA1)).toMatchObject({ ok: true });
      expect(await submitMark(b, mark(running, 0, 'A1', 9))).toMatchObject({ ok: true });
      expect(await submitMark(a, mark(running, 0, 'B1', 0))).toMatchObject({ ok: true });
      const secondB1 = await submitMark(b, mark(running, 0, 'B1', 3));
      expect(secondB1.ok).toBe(true);

      const flagged = await board();
      expect(cell(flagged, 0, 'B1')).toMatchObject({ spread: 300, flagged: true, combined: 500 });
      expect(cell(flagged, 0, 'A1')).toMatchObject({ spread: null, flagged: false, combined: 875 });
      expect(flagged.entries.find((e) => e.judgingCode === running.entries[0].judgingCode)?.flagged).toBe(true);
      const refused = await request(api.baseUrl).post(url('/signoffs')).set(bearer(chief.token)).send({ judgingCode: running.entries[0].judgingCode, stage: STAGE }).expect(409);
      expect(refused.body.message).toBe('以下评价项裁判打分相差超过 1 分，须先核查更正：B1');
      // Only the chief signs off.
      await request(api.baseUrl).post(url('/signoffs')).set(bearer(first.token)).send({ judgingCode: running.entries[0].judgingCode, stage: STAGE }).expect(403);

      // A locked mark changes only by a correction with a reason, approved by the chief.
      const again = await submitMark(b, mark(running, 0, 'B1', 1));
      expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '已提交，修改须走更正流程' } });
      const markId = secondB1.ok ? secondB1.data.markId : '';
      const noReason = await request(api.baseUrl).post(url('/corrections')).set(bearer(second.token)).send({ markId, value: 1 }).expect(400);
      expect(noReason.body.issues[0]).toEqual({ path: 'reason', message: expect.stringContaining('更正理由') });
      await request(api.baseUrl).post(url('/corrections')).set(bearer(first.token)).send({ markId, value: 1, reason: '替别人改' }).expect(403);
      const proposed = (await request(api.baseUrl).post(url('/corrections')).set(bearer(second.token)).send({ markId, value: 1, reason: '复核焊缝成形，原评分偏高' }).expect(201)).body as CorrectionView;
      expect(proposed).toMatchObject({ row: { kind: 'correction', refersTo: markId, value: 100, reason: '复核焊缝成形，原评分偏高' }, effective: 300 });
      expect(cell(await board(), 0, 'B1')).toMatchObject({ flagged: true });
      await request(api.baseUrl).post(`/api/corrections/${proposed.row.id}/approve`).set(bearer(second.token)).send({}).expect(403);
      const approved = (await request(api.baseUrl).post(`/api/corrections/${proposed.row.id}/approve`).set(bearer(chief.token)).send({ note: '经合议' }).expect(200)).body as CorrectionView;
      expect(approved).toMatchObject({ row: { kind: 'correction_approval', refersTo: proposed.row.id }, effective: 100 });
      await request(api.baseUrl).post(`/api/corrections/${proposed.row.id}/approve`).set(bearer(chief.token)).send({}).expect(409);
      expect(cell(await board(), 0, 'B1')).toMatchObject({ spread: 100, flagged: false, combined: 167 });

      const signed = await request(api.baseUrl).post(url('/signoffs')).set(bearer(chief.token)).send({ judgingCode: running.entries[0].judgingCode, stage: STAGE }).expect(201);
      expect(signed.body).toMatchObject({ judgingCode: running.entries[0].judgingCode, stage: STAGE, chiefUserId: chief.userId });
      await request(api.baseUrl).post(url('/signoffs')).set(bearer(chief.token)).send({ judgingCode: running.entries[0].judgingCode, stage: STAGE }).expect(409);
      // Unmarked sheets are not signed off.
      const empty = await request(api.baseUrl).post(url('/signoffs')).set(bearer(chief.token)).send({ judgingCode: running.entries[1].judgingCode, stage: STAGE }).expect(409);
      expect(empty.body.message).toBe('以下评分项尚无评分：A1、B1');

      // After sign-off: a resend of a stored mark is still acknowledged, a new mark is refused.
      expect(await submitMark(a, firstA1)).toMatchObject({ ok: true, data: { duplicate: true } });
      const late = await submitMark(a, { ...mark(running, 0, 'A1', 7), idempotencyKey: randomUUID() });
      expect(late).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('更正流程') } });
    });

    it('should count a correction after sign-off only once the chief approves it, and keep the whole history', async () => {
      const sheet = (await request(api.baseUrl).get(url('/judge-sheet')).set(bearer(first.token)).expect(200)).body as JudgeSheet;
      const entry = sheet.entries.find((e) => e.judgingCode === running.entries[0].judgingCode);
      expect(entry?.signedOff).toBe(true);
      const a1 = entry?.marks.find((m) => m.aspectKey === 'A1');
      expect(a1).toMatchObject({ submitted: 850, effective: 850, corrected: false, pendingCorrection: null });
      const markId = a1?.markId as string;

      const proposed = (await request(api.baseUrl).post(url('/corrections')).set(bearer(first.token)).send({ markId, value: 9.25, reason: '量具读数记错，复测为 9.25' }).expect(201)).body as CorrectionView;
      // Pending: nothing changes yet.
      expect(cell(await board(), 0, 'A1')?.marks.find((m) => m.markId === markId)).toMatchObject({ effective: 850, pending: true });
      const twice = await request(api.baseUrl).post(url('/corrections')).set(bearer(first.token)).send({ markId, value: 9.5, reason: '再改一次' }).expect(409);
      expect(twice.body.message).toBe('该评分已有一条更正待裁判长处理');
      const rejected = (await request(api.baseUrl).post(`/api/corrections/${proposed.row.id}/reject`).set(bearer(chief.token)).send({ reason: '未提供复测记录' }).expect(200)).body as CorrectionView;
      expect(rejected).toMatchObject({ row: { kind: 'correction_rejection', reason: '未提供复测记录' }, effective: 850 });
      await request(api.baseUrl).post(`/api/corrections/${proposed.row.id}/reject`).set(bearer(chief.token)).send({}).expect(400);

      const retry = (await request(api.baseUrl).post(url('/corrections')).set(bearer(first.token)).send({ markId, value: 9.25, reason: '附复测记录：9.25' }).expect(201)).body as CorrectionView;
      await request(api.baseUrl).post(`/api/corrections/${retry.row.id}/approve`).set(bearer(chief.token)).send({}).expect(200);
      const after = (await request(api.baseUrl).get(url('/judge-sheet')).set(bearer(first.token)).expect(200)).body as JudgeSheet;
      expect(after.entries.find((e) => e.judgingCode === running.entries[0].judgingCode)?.marks.find((m) => m.aspectKey === 'A1')).toMatchObject({
        submitted: 850,
        effective: 925,
        corrected: true,
      });
      expect(cell(await board(), 0, 'A1')).toMatchObject({ combined: 913 });

      const history = (await request(api.baseUrl).get(url(`/marks/history?judgingCode=${running.entries[0].judgingCode}`)).set(bearer(chief.token)).expect(200)).body as MarkHistory;
      const aboutA1 = history.items.filter((r) => r.id === markId || r.refersTo === markId || r.refersTo === proposed.row.id || r.refersTo === retry.row.id);
      expect(aboutA1.map((r) => [r.kind, r.value, r.reason])).toEqual([
        ['original', 850, null],
        ['correction', 925, '量具读数记错，复测为 9.25'],
        ['correction_rejection', 925, '未提供复测记录'],
        ['correction', 925, '附复测记录：9.25'],
        ['correction_approval', 925, null],
      ]);
      expect(history.items.every((r, i) => i === 0 || r.seq > history.items[i - 1].seq)).toBe(true);
      // Asked by code, answered by code: only this entry's rows, and no entry id in them.
      expect(new Set(history.items.map((r) => r.judgingCode))).toEqual(new Set([running.entries[0].judgingCode]));
      expect(JSON.stringify(history)).not.toContain(running.entries[0].entryId);
      // A judge sees the history of their own marks only; staff see all.
      const own = (await request(api.baseUrl).get(url('/marks/history')).set(bearer(second.token)).expect(200)).body as MarkHistory;
      expect(own.items.every((r) => r.judgeUserId === second.userId || r.judgeUserId === chief.userId)).toBe(true);
      expect(own.items.some((r) => r.judgeUserId === first.userId)).toBe(false);
      const all = (await request(api.baseUrl).get(url('/marks/history')).set(bearer(organiser)).expect(200)).body as MarkHistory;
      expect(all.items.length).toBeGreaterThan(own.items.length);
      // The chain holds over originals, corrections and decisions alike.
      const verify = await request(api.baseUrl).get(url('/marks/verify')).set(bearer(chief.token)).expect(200);
      expect(verify.body).toEqual({ ok: true, checked: all.items.length });
      await request(api.baseUrl).get(url('/marks/verify')).set(bearer(first.token)).expect(403);
      const auditor = (await sessionFor(api.baseUrl, 'auditor')).accessToken;
      expect((await request(api.baseUrl).get(url('/marks/verify')).set(bearer(auditor)).expect(200)).body.ok).toBe(true);
    });

    it('should refuse marks once scoring is closed, but still acknowledge resends', async () => {
      const b = await open(second.token);
      const body = mark(running, 1, 'A1', 7);
      expect(await submitMark(b, body)).toMatchObject({ ok: true, data: { duplicate: false } });
      await moveEvent(api, running.event.id, 'scoring_closed');
      expect(await submitMark(b, body)).toMatchObject({ ok: true, data: { duplicate: true } });
      expect(await submitMark(b, mark(running, 1, 'B1', 2))).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION', message: '赛项不在比赛中，不能提交评分' } });
    });
  });

  describe('the gateway under bad input', () => {
    let running: RunningEvent;
    let judge: TestJudge;

    beforeAll(async () => {
      running = await runningEvent(api, { count: 1, firstIndex: 400, title: '技能达人擂台赛·焊工（异常输入测试）' });
      await request(api.baseUrl).put(`/api/events/${running.event.id}/schemes/${stagePath}`).set(bearer(organiser)).send(schemeBody({ measurement: 2, judgement: 2 })).expect(200);
      [judge] = await createJudges(api, 1, { prefix: 'fuzz' });
      await assign(running.event.id, { judgeUserId: judge.userId }).expect(200);
    });

    it('should answer every bad payload with an error ack in Chinese and keep serving', async () => {
      const socket = await open(judge.token);
      const good = () => mark(running, 0, 'A1', 5);
      const bad: [unknown, string, string?][] = [
        [null, 'VALIDATION_FAILED'],
        ['mark', 'VALIDATION_FAILED'],
        [42, 'VALIDATION_FAILED'],
        [[good()], 'VALIDATION_FAILED'],
        [{}, 'VALIDATION_FAILED'],
        [{ ...good(), idempotencyKey: 'not-a-uuid' }, 'VALIDATION_FAILED', 'idempotencyKey'],
        [{ ...good(), value: 1.005 }, 'VALIDATION_FAILED', 'value'],
        [{ ...good(), value: -1 }, 'VALIDATION_FAILED', 'value'],
        [{ ...good(), value: '5' }, 'VALIDATION_FAILED', 'value'],
        [{ ...good(), value: Number.MAX_VALUE }, 'VALIDATION_FAILED', 'value'],
        [{ ...good(), aspectKey: 'A1; DROP TABLE mark' }, 'VALIDATION_FAILED', 'aspectKey'],
        [{ ...good(), stage: 'x'.repeat(5000) }, 'VALIDATION_FAILED', 'stage'],
        [{ ...good(), aspectKey: 'Z9' }, 'VALIDATION_FAILED', 'aspectKey'],
        [{ ...good(), value: 10.01 }, 'VALIDATION_FAILED', 'value'],
        [mark(running, 0, 'B1', 2.5), 'VALIDATION_FAILED', 'value'],
        [mark(running, 0, 'B1', 4), 'VALIDATION_FAILED', 'value'],
        [{ ...good(), stage: '理论' }, 'NOT_FOUND'],
        [{ ...good(), judgingCode: 'J999' }, 'NOT_FOUND'],
        [{ ...good(), judgingCode: "J001' OR 1=1" }, 'VALIDATION_FAILED', 'judgingCode'],
        [{ ...good(), eventId: randomUUID() }, 'NOT_FOUND'],
        [{ ...good(), nested: { deep: Array.from({ length: 1000 }, () => ({ a: [1, 2, 3] })) } }, 'OK'],
      ];
      for (const [body, code, path] of bad) {
        const reply = await submitMark(socket, body);
        if (code === 'OK') {
          // Unknown fields are dropped by the contract; the mark itself is fine.
          expect(reply.ok).toBe(true);
          continue;
        }
        expect({ body: JSON.stringify(body).slice(0, 80), reply }).toMatchObject({ reply: { ok: false, error: { code } } });
        if (!reply.ok) {
          expect(reply.error.message).toMatch(/[\u4e00-\u9fa5]/);
          if (path) expect(reply.error.issues?.map((i) => i.path)).toContain(path);
        }
      }
      const tooHigh = await submitMark(socket, { ...good(), aspectKey: 'A2', value: 10.01 });
      expect(tooHigh).toMatchObject({ ok: false, error: { message: '「尺寸2」该评分项满分 10.00 分，不能打 10.01 分' } });
      const judgement = await submitMark(socket, mark(running, 0, 'B2', 2.5));
      expect(judgement).toMatchObject({ ok: false, error: { message: '「外观2」主观评分只能为 0、1、2、3 分' } });
      // No ack callback, unknown events, binary: nothing breaks.
      const untyped = socket as unknown as { emit(event: string, ...args: unknown[]): void };
      untyped.emit('mark.submit', good());
      untyped.emit('no.such.event', { x: 1 });
      untyped.emit('mark.submit', Buffer.from([1, 2, 3]), () => undefined);
      expect(await submitMark(socket, mark(running, 0, 'A2', 9.99))).toMatchObject({ ok: true, data: { duplicate: false } });
      expect(socket.connected).toBe(true);
      // Nothing of the refused marks was stored.
      const rows = await api.dataSource.query(`SELECT aspect_key, value FROM mark WHERE event_id = $1 ORDER BY seq`, [running.event.id]);
      expect(rows.map((r: { aspect_key: string; value: number }) => [r.aspect_key, r.value])).toEqual([
        ['A1', 500],
        ['A2', 999],
      ]);
    });

    it('should rate-limit a socket that floods mark.submit, and serve it again a moment later', async () => {
      const socket = await open(judge.token);
      const flood = await Promise.all(Array.from({ length: 80 }, () => submitMark(socket, { nonsense: true })));
      const limited = flood.filter((r) => !r.ok && r.error.code === 'TOO_MANY_REQUESTS');
      expect(limited.length).toBeGreaterThanOrEqual(20);
      expect(limited[0]).toMatchObject({ ok: false, error: { statusCode: 429, message: expect.stringContaining('过于频繁') } });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await submitMark(socket, mark(running, 0, 'B1', 3))).toMatchObject({ ok: true });
    });

    it('should rate-limit the HTTP fallback per judge, whatever the body', async () => {
      const url = `/api/events/${running.event.id}/marks`;
      // Sent one after another on one keep-alive agent: 80 requests take a fraction of the refill.
      const agent = request.agent(api.baseUrl);
      const statuses: number[] = [];
      for (let i = 0; i < 80; i++) statuses.push((await agent.post(url).set(bearer(judge.token)).send({ nonsense: i })).status);
      const limited = statuses.filter((s) => s === 429).length;
      expect(limited).toBeGreaterThanOrEqual(1);
      // The judge's first 40 got through to the contract check (400 for the bad body).
      expect(statuses.slice(0, 40).every((s) => s === 400)).toBe(true);
      const refused = await agent.post(url).set(bearer(judge.token)).send({ nonsense: true });
      if (refused.status === 429) expect(refused.body.message).toContain('过于频繁');
    });
  });
});
