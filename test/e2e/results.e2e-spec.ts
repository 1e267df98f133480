import type { AppealView, CorrectionView, PublicResults, ResultsOverview, ResultVersionView } from '@dz/contracts';
import { inputsHash, maskName } from '@dz/domain';
import { ResultsRepository } from '@dz/persistence';
import type { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import type { JudgeSocket, RunningEvent, TestJudge } from '../factories/judging.factory';
import { moveEvent } from '../factories/registration.factory';
import { chinaDay, computeResults, markedEvent } from '../factories/results.factory';
import { startTestApi, type TestApi } from '../setup/api-app';
import { bearer, sessionFor, signIn } from '../setup/auth';
import { renderPdfPage } from '../setup/pdf';
import { startTestWorker } from '../setup/worker';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/**
 * A whole event through its results: marks in, scoring closed, the results job (twice: one
 * version), the notice period (成绩公示), one appeal upheld (a correction through the chief
 * judge → a new version with a different ranking) and one rejected, then final; the final
 * results and the version history are checked, and nothing changes after.
 */
describe('results, notice period and appeals (成绩、公示与申诉)', () => {
  jest.setTimeout(600_000);
  let api: TestApi;
  let worker: INestApplicationContext;
  let organiser: string;
  let bureau: string;
  let running: RunningEvent;
  let judges: TestJudge[];
  let sockets: JudgeSocket[] = [];
  /** Mark ids by `entry|stage|aspect|judge`. */
  let markIds: Map<string, string>;

  beforeAll(async () => {
    api = await startTestApi({ seed: true });
    worker = await startTestWorker(api);
    organiser = (await signIn(api.baseUrl, 'jingxin')).accessToken;
    bureau = (await sessionFor(api.baseUrl, 'bureau')).accessToken;
    ({ running, judges, markIds, sockets } = await markedEvent(api, {
      count: 6,
      firstIndex: 700,
      title: '技能达人擂台赛·焊工（成绩测试）',
      judgePrefix: 'rj',
      tierCounts: [1, 2, 1],
      // 理论 A1; 实操 A1, A2, the same from both judges: totals 90, 80, 80, 70, 65 and a disqualified 95.
      marks: [
        [9, 9, 9],
        [8, 8, 8],
        [8, 8, 8],
        [7, 7, 7],
        [6.5, 7, 6],
        [9.5, 9.5, 9.5],
      ],
    }));
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await worker?.close();
    await api?.close();
  });

  const eventId = () => running.event.id;
  const overview = async (): Promise<ResultsOverview> => (await request(api.baseUrl).get(`/api/events/${eventId()}/results`).set(bearer(organiser)).expect(200)).body;
  const rankOf = (version: ResultVersionView, entry: number) => version.rows.find((r) => r.entryId === running.entries[entry].entryId);
  const appeal = (entry: number, reason: string) =>
    request(api.baseUrl)
      .post(`/api/events/${eventId()}/appeals`)
      .set(bearer(running.entries[entry].contestant.token))
      .field('entryId', running.entries[entry].entryId)
      .field('reason', reason);

  it('should rank the marks, award by the plan, and store one version however often it is computed', async () => {
    // 取消资格 with a reason (none refused silently: no reason is a 400).
    const dq = `/api/events/${eventId()}/entries/${running.entries[5].entryId}/disqualification`;
    const noReason = await request(api.baseUrl).post(dq).set(bearer(organiser)).send({ disqualified: true }).expect(400);
    expect(noReason.body.issues).toEqual([{ path: 'reason', message: '请填写取消资格的理由' }]);
    await request(api.baseUrl).post(dq).set(bearer(organiser)).send({ disqualified: true, reason: '携带违禁工具进入赛场' }).expect(200);

    // Not computable while running; nothing to put under notice before a computation.
    const early = await request(api.baseUrl).post(`/api/events/${eventId()}/results/compute`).set(bearer(organiser)).send({}).expect(409);
    expect(early.body.message).toContain('评分结束后');
    await moveEvent(api, eventId(), 'scoring_closed');
    const noVersion = await request(api.baseUrl).post(`/api/events/${eventId()}/results/notice`).set(bearer(bureau)).send({ version: 1, startsOn: chinaDay(0), endsOn: chinaDay(7) }).expect(409);
    expect(noVersion.body.message).toContain('尚未计算成绩');
    // The lifecycle's own endpoint does not skip the results.
    const direct = await request(api.baseUrl).post(`/api/proposals/${eventId()}/transitions`).set(bearer(bureau)).send({ to: 'under_notice', version: 99 });
    expect(direct.status).toBe(409);
    expect(direct.body.message).toContain('「成绩」页');

    const first = await computeResults(api, eventId(), organiser, 'scoring_closed');
    const again = await computeResults(api, eventId(), bureau, 'recompute');
    expect(first.version).toBe(1);
    expect(again.version).toBe(1);
    const results = await overview();
    expect(results.versions).toHaveLength(1);
    expect(results.stale).toBe(false);
    const v1 = results.latest as ResultVersionView;
    const indexOf = (entryId: string) => running.entries.findIndex((e) => e.entryId === entryId);
    // Rows sharing a rank are shown in a fixed order (by entry id); compared here by entry.
    const byEntry = v1.rows.map((r) => [indexOf(r.entryId), r.rank, r.total, r.award, r.standing] as const).sort((a, b) => a[0] - b[0]);
    expect(v1.rows.map((r) => r.rank)).toEqual([1, 2, 2, 4, 5, null]);
    expect(byEntry).toEqual([
      [0, 1, 9000, '一等奖', 'valid'],
      [1, 2, 8000, '二等奖', 'valid'],
      [2, 2, 8000, '二等奖', 'valid'],
      [3, 4, 7000, '三等奖', 'valid'],
      [4, 5, 6500, null, 'valid'],
      [5, null, 9500, null, 'disqualified'],
    ]);
    expect(rankOf(v1, 0)).toMatchObject({ rank: 1, titles: ['技能达人'], nominated: true, skillLevel: 'senior', upgradeTo: 'technician' });
    expect(rankOf(v1, 1)).toMatchObject({ rank: 2, titles: [], nominated: false, upgradeTo: 'technician' });
    expect(rankOf(v1, 4)).toMatchObject({ rank: 5, award: null, upgradeTo: null });
    expect(rankOf(v1, 5)).toMatchObject({ rank: null, standing: 'disqualified', disqualifiedReason: '携带违禁工具进入赛场' });
    expect(v1.tiers.map((t) => [t.name, t.allowed, t.awarded])).toEqual([
      ['一等奖', 1, 1],
      ['二等奖', 2, 2],
      ['三等奖', 1, 1],
    ]);
    // Reproducible: the stored inputs hash to the version's hash.
    const stored = await new ResultsRepository(api.dataSource).versionInputs(eventId(), 1);
    expect(inputsHash(stored)).toBe(v1.inputsHash);
  });

  it('should put the version under notice, publicly with masked names', async () => {
    const bad = await request(api.baseUrl).post(`/api/events/${eventId()}/results/notice`).set(bearer(bureau)).send({ version: 1, startsOn: chinaDay(3), endsOn: chinaDay(1) }).expect(400);
    expect(bad.body.issues).toEqual([{ path: 'endsOn', message: '公示结束日期不能早于开始日期' }]);
    await request(api.baseUrl).post(`/api/events/${eventId()}/results/notice`).set(bearer(organiser)).send({ version: 1, startsOn: chinaDay(0), endsOn: chinaDay(7) }).expect(403);
    const noticed = (await request(api.baseUrl).post(`/api/events/${eventId()}/results/notice`).set(bearer(bureau)).send({ version: 1, startsOn: chinaDay(0), endsOn: chinaDay(7) }).expect(200)).body as ResultsOverview;
    expect(noticed.notice).toMatchObject({ version: 1, startsOn: chinaDay(0), endsOn: chinaDay(7) });
    const detail = await request(api.baseUrl).get(`/api/proposals/${eventId()}`).set(bearer(bureau)).expect(200);
    expect(detail.body.status).toBe('under_notice');
    const publicResults = (await request(api.baseUrl).get(`/api/public/events/${eventId()}/results`).expect(200)).body as PublicResults;
    expect(publicResults).toMatchObject({ version: 1, final: false });
    expect(publicResults.rows[0]).toMatchObject({ rank: 1, name: maskName('选手700'), award: '一等奖' });
    expect(JSON.stringify(publicResults)).not.toMatch(/选手70\d|idNumber|phone/);
    const pdf = await request(api.baseUrl).get(`/api/public/events/${eventId()}/results/notice.pdf`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(pdf.status).toBe(200);
    const { text } = renderPdfPage(pdf.body as Buffer, 50);
    expect(text).toContain('成绩的公示');
    expect(text).toContain(maskName('选手700'));
    expect(text).not.toContain('选手700');
  });

  let upheld: AppealView;
  let rejected: AppealView;

  it('should take appeals with files from the contestant only, and check them', async () => {
    // Someone else's entry, a short reason, a file that is not an image or PDF.
    const others = await appeal(4, '实操第一项测量有误，请复核').set(bearer(running.entries[3].contestant.token)).expect(404);
    expect(others.body.message).toContain('本人');
    const short = await appeal(4, '有误').expect(400);
    expect(short.body.issues[0]).toMatchObject({ path: 'reason' });
    const badFile = await appeal(4, '实操第一项测量有误，请复核').attach('files', Buffer.from('not an image'), { filename: 'x.png', contentType: 'image/png' }).expect(400);
    expect(badFile.body.message).toContain('不是 JPG、PNG 图片或 PDF');
    upheld = (await appeal(4, '实操第一项测量有误，量具读数应为 9.5，请复核').attach('files', PNG, { filename: 'photo.png', contentType: 'image/png' }).expect(201)).body;
    expect(upheld).toMatchObject({ status: 'open', filedAgainstVersion: 1, attachments: [{ fileName: 'photo.png', contentType: 'image/png', sizeBytes: PNG.length }] });
    const twice = await appeal(4, '再次申诉：实操第一项测量有误').expect(409);
    expect(twice.body.message).toContain('处理中');
    rejected = (await appeal(3, '理论成绩偏低，请求重新评分').expect(201)).body;
    // The contestant's own list shows their name whole; the organiser's list masks it.
    const mine = (await request(api.baseUrl).get('/api/appeals/mine').set(bearer(running.entries[4].contestant.token)).expect(200)).body.items as AppealView[];
    expect(mine.map((a) => a.contestantName)).toEqual(['选手704']);
    const staff = (await request(api.baseUrl).get(`/api/events/${eventId()}/appeals`).set(bearer(organiser)).expect(200)).body.items as AppealView[];
    expect(staff.map((a) => a.contestantName).sort()).toEqual([maskName('选手703'), maskName('选手704')]);
    const file = await request(api.baseUrl).get(`/api/appeals/${upheld.id}/attachments/${upheld.attachments[0].id}`).set(bearer(judges[0].token)).expect(200);
    expect(Buffer.from(file.body as Buffer).equals(PNG)).toBe(true);
    // Not final while appeals are open or the period runs.
    const early = await request(api.baseUrl).post(`/api/events/${eventId()}/results/final`).set(bearer(bureau)).send({ version: 1 }).expect(409);
    expect(early.body.message).toContain('公示期');
  });

  it('should decide appeals in writing, and change marks only through corrections for an upheld one', async () => {
    // An ordinary judge may not decide; the chief may.
    await request(api.baseUrl).post(`/api/appeals/${upheld.id}/decision`).set(bearer(judges[1].token)).send({ outcome: 'upheld', answer: '经复核属实' }).expect(404);
    const noAnswer = await request(api.baseUrl).post(`/api/appeals/${upheld.id}/decision`).set(bearer(judges[0].token)).send({ outcome: 'upheld', answer: '' }).expect(400);
    expect(noAnswer.body.issues[0]).toMatchObject({ path: 'answer' });
    upheld = (await request(api.baseUrl).post(`/api/appeals/${upheld.id}/decision`).set(bearer(judges[0].token)).send({ outcome: 'upheld', answer: '经复核量具读数，申诉成立' }).expect(200)).body;
    expect(upheld).toMatchObject({ status: 'upheld', answer: '经复核量具读数，申诉成立' });
    await request(api.baseUrl).post(`/api/appeals/${upheld.id}/decision`).set(bearer(bureau)).send({ outcome: 'rejected', answer: '重复处理测试' }).expect(409);
    rejected = (await request(api.baseUrl).post(`/api/appeals/${rejected.id}/decision`).set(bearer(bureau)).send({ outcome: 'rejected', answer: '理论试卷经复核无误，申诉不成立' }).expect(200)).body;
    expect(rejected.status).toBe('rejected');

    const corrections = `/api/events/${eventId()}/corrections`;
    const markOf = (entry: number, judge: TestJudge) => markIds.get(`${entry}|实操|A1|${judge.userId}`) as string;
    // During the notice, no appeal → no correction; a rejected appeal → none either.
    const without = await request(api.baseUrl).post(corrections).set(bearer(judges[0].token)).send({ markId: markOf(4, judges[0]), value: 9.5, reason: '复核量具读数' }).expect(400);
    expect(without.body.issues).toEqual([{ path: 'appealId', message: '请选择成立的申诉' }]);
    await request(api.baseUrl).post(corrections).set(bearer(judges[0].token)).send({ markId: markOf(3, judges[0]), value: 9, reason: '复核', appealId: rejected.id }).expect(403);
    await request(api.baseUrl).post(corrections).set(bearer(judges[0].token)).send({ markId: markOf(3, judges[0]), value: 9, reason: '复核', appealId: upheld.id }).expect(403);
    // The chief corrects both judges' marks of the upheld entry and approves them.
    for (const judge of judges) {
      const proposed = (await request(api.baseUrl).post(corrections).set(bearer(judges[0].token)).send({ markId: markOf(4, judge), value: 9.5, reason: '复核量具读数', appealId: upheld.id }).expect(201))
        .body as CorrectionView;
      await request(api.baseUrl).post(`/api/corrections/${proposed.row.id}/approve`).set(bearer(judges[0].token)).send({ note: '依据申诉' }).expect(200);
    }
    const stale = await overview();
    expect(stale.stale).toBe(true);
    expect(stale.openAppeals).toBe(0);
    // The notice's version is no longer current: it cannot be made final.
    const old = await request(api.baseUrl).post(`/api/events/${eventId()}/results/notice`).set(bearer(bureau)).send({ version: 1, startsOn: chinaDay(-8), endsOn: chinaDay(-1) }).expect(409);
    expect(old.body.message).toContain('重新计算');
  });

  it('should compute a new version with the new ranking, publish it, and make it final', async () => {
    const job = await computeResults(api, eventId(), organiser, 'appeal');
    expect(job.version).toBe(2);
    const results = await overview();
    const v2 = results.latest as ResultVersionView;
    // 6.5 → 19.5 of 理论's 30; (9.5 + 6) / 20 of 实操's 70 = 54.25: 73.75, now ahead of 70.
    expect(rankOf(v2, 4)).toMatchObject({ rank: 4, total: 7375, award: '三等奖' });
    expect(rankOf(v2, 3)).toMatchObject({ rank: 5, total: 7000, award: null });
    expect(results.versions.map((v) => [v.version, v.cause])).toEqual([
      [1, 'scoring_closed'],
      [2, 'appeal'],
    ]);
    expect(results.versions[0].inputsHash).not.toBe(results.versions[1].inputsHash);
    // The bureau publishes v2; for the test the period is moved into the past so it has ended.
    await request(api.baseUrl).post(`/api/events/${eventId()}/results/notice`).set(bearer(bureau)).send({ version: 2, startsOn: chinaDay(-8), endsOn: chinaDay(-1) }).expect(200);
    const late = await appeal(3, '公示期结束后再次申诉，请重新评分').expect(409);
    expect(late.body.message).toContain('公示期内');
    await request(api.baseUrl).post(`/api/events/${eventId()}/results/final`).set(bearer(bureau)).send({ version: 1 }).expect(409);
    const final = (await request(api.baseUrl).post(`/api/events/${eventId()}/results/final`).set(bearer(bureau)).send({ version: 2 }).expect(200)).body as ResultsOverview;
    expect(final.final).toMatchObject({ version: 2 });

    const publicResults = (await request(api.baseUrl).get(`/api/public/events/${eventId()}/results`).expect(200)).body as PublicResults;
    expect(publicResults).toMatchObject({ version: 2, final: true });
    expect(publicResults.rows.map((r) => [r.rank, r.name, r.award]).sort((a, b) => String(a[1]).localeCompare(String(b[1])))).toEqual([
      [1, maskName('选手700'), '一等奖'],
      [2, maskName('选手701'), '二等奖'],
      [2, maskName('选手702'), '二等奖'],
      [5, maskName('选手703'), null],
      [4, maskName('选手704'), '三等奖'],
      [null, maskName('选手705'), null],
    ]);
    expect(publicResults.rows.map((r) => r.rank)).toEqual([1, 2, 2, 4, 5, null]);
    const xlsx = await request(api.baseUrl).get(`/api/events/${eventId()}/results/versions/2/export.xlsx`).set(bearer(organiser)).expect(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');

    // After final nothing changes: no computation, no correction, no appeal, no new notice.
    await request(api.baseUrl).post(`/api/events/${eventId()}/results/compute`).set(bearer(bureau)).send({}).expect(409);
    await request(api.baseUrl)
      .post(`/api/events/${eventId()}/corrections`)
      .set(bearer(judges[0].token))
      .send({ markId: markIds.get(`0|实操|A1|${judges[0].userId}`), value: 1, reason: '终局后修改', appealId: upheld.id })
      .expect(409);
    await appeal(3, '成绩确定后再次申诉，请重新评分').expect(409);
    await request(api.baseUrl).post(`/api/events/${eventId()}/results/notice`).set(bearer(bureau)).send({ version: 2, startsOn: chinaDay(0), endsOn: chinaDay(1) }).expect(409);
    const audit: { action: string }[] = await api.dataSource.query(
      `SELECT action FROM audit_log WHERE (entity_id = $1 OR detail->>'eventId' = $1) AND (action LIKE 'results.%' OR action LIKE 'appeal.%' OR action LIKE 'entry.disq%') ORDER BY id`,
      [eventId()],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'entry.disqualified',
      'results.compute_requested',
      'results.computed',
      'results.compute_requested',
      'results.notice_opened',
      'appeal.filed',
      'appeal.filed',
      'appeal.upheld',
      'appeal.rejected',
      'results.compute_requested',
      'results.computed',
      'results.notice_changed',
      'results.finalised',
    ]);
  });
});
