import type { AssignmentList, JudgeCandidateList, JudgeSheet, MyJudgingTasks } from '@dz/contracts';
import { DEMO_ARENA, DEMO_EVENTS, DEMO_JUDGING, DEMO_ORG, DEMO_RESULTS, DEMO_USERS } from '@dz/persistence';
import * as argon2 from 'argon2';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { seedDemo } from '../../scripts/lib/demo';
import { createJudges, JUDGE_PASSWORD, runningEvent, schemeBody, type RunningEvent, type TestJudge } from '../factories/judging.factory';
import { startTestApi, type TestApi } from '../setup/api-app';
import { bearer, sessionFor, signIn } from '../setup/auth';

const STAGE = '实操';

describe('judge assignment (裁判安排) and my judging tasks', () => {
  jest.setTimeout(300_000);
  let api: TestApi;
  let organiser: string;
  let bureau: string;

  beforeAll(async () => {
    api = await startTestApi({ seed: true });
    organiser = (await signIn(api.baseUrl, 'jingxin')).accessToken;
    bureau = (await sessionFor(api.baseUrl, 'bureau')).accessToken;
  });

  afterAll(async () => {
    await api?.close();
  });

  const candidates = (eventId: string, token: string, q?: string) =>
    request(api.baseUrl)
      .get(`/api/events/${eventId}/judge-candidates`)
      .query(q === undefined ? {} : { q })
      .set(bearer(token));
  const mine = async (token: string) => (await request(api.baseUrl).get('/api/judging/mine').set(bearer(token)).expect(200)).body as MyJudgingTasks;

  /** An organiser of another department (市商务局), signed in. */
  async function otherDepartmentOrganiser(): Promise<string> {
    const hash = await argon2.hash(JUDGE_PASSWORD, { type: argon2.argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 });
    const [row]: { id: string }[] = await api.dataSource.query(
      `INSERT INTO app_user (display_name, username, password_hash, password_changed_at) VALUES ('市商务局 钱科长', 'shangwu-test', $1, now()) RETURNING id`,
      [hash],
    );
    await api.dataSource.query(`INSERT INTO role_grant (user_id, role, organisation_id) VALUES ($1, 'department_organizer', $2)`, [row.id, DEMO_ORG.shangwu]);
    return (await signIn(api.baseUrl, 'shangwu-test', JUDGE_PASSWORD)).accessToken;
  }

  describe('judge candidates', () => {
    let running: RunningEvent;
    let judges: TestJudge[];

    beforeAll(async () => {
      running = await runningEvent(api, { count: 1, firstIndex: 300, title: '技能达人擂台赛·焊工（裁判安排测试）' });
      judges = await createJudges(api, 3, { prefix: 'cand', organisation: '达州市候选裁判协会' });
      await api.dataSource.query(`UPDATE app_user SET phone = '13712345678' WHERE id = $1`, [judges[0].userId]);
    });

    it('should list enabled judge accounts only, with the grant organisation and a masked phone, assigned ones first', async () => {
      await request(api.baseUrl).post(`/api/events/${running.event.id}/judges`).set(bearer(organiser)).send({ judgeUserId: judges[1].userId, role: 'chief' }).expect(200);
      // A disabled judge and a revoked grant are no candidates.
      await api.dataSource.query(`UPDATE app_user SET disabled_at = now() WHERE id = $1`, [judges[2].userId]);
      const [revoked] = await createJudges(api, 1, { prefix: 'revoked' });
      await api.dataSource.query(`UPDATE role_grant SET revoked_at = now() WHERE user_id = $1`, [revoked.userId]);

      const list = (await candidates(running.event.id, organiser).expect(200)).body as JudgeCandidateList;
      const ids = list.items.map((c) => c.userId);
      expect(ids[0]).toBe(judges[1].userId);
      expect(list.items[0]).toMatchObject({ assignedRole: 'chief', organisationName: '达州市候选裁判协会' });
      expect(list.items.find((c) => c.userId === judges[0].userId)).toEqual({
        userId: judges[0].userId,
        name: judges[0].name,
        organisationName: '达州市候选裁判协会',
        phone: '137****5678',
        assignedRole: null,
      });
      expect(ids).not.toContain(judges[2].userId);
      expect(ids).not.toContain(revoked.userId);
      // Only accounts holding the judge role: not the organiser, the bureau or the demo contestant.
      const nonJudges = DEMO_USERS.filter((u) => !u.grants.some((g) => g.role === 'judge')).map((u) => u.id);
      expect(ids.filter((id) => nonJudges.includes(id))).toEqual([]);
      expect(ids).toEqual(expect.arrayContaining(DEMO_USERS.filter((u) => u.grants.some((g) => g.role === 'judge')).map((u) => u.id)));
      // No phone crosses whole.
      expect(JSON.stringify(list)).not.toContain('13712345678');
      for (const c of list.items) if (c.phone !== null) expect(c.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    });

    it('should search by name, organisation and phone fragment, also for the bureau', async () => {
      const byName = (await candidates(running.event.id, organiser, 'candx').expect(200)).body as JudgeCandidateList;
      expect(byName.items).toEqual([]);
      const byAccount = (await candidates(running.event.id, organiser, 'cand1').expect(200)).body as JudgeCandidateList;
      expect(byAccount.items.map((c) => c.userId)).toEqual([judges[0].userId]);
      const byOrganisation = (await candidates(running.event.id, bureau, '候选裁判').expect(200)).body as JudgeCandidateList;
      expect(byOrganisation.items.map((c) => c.userId).sort()).toEqual([judges[0].userId, judges[1].userId].sort());
      const byPhone = (await candidates(running.event.id, organiser, '5678').expect(200)).body as JudgeCandidateList;
      expect(byPhone.items.map((c) => c.userId)).toEqual([judges[0].userId]);
      // LIKE wildcards are text, not patterns.
      expect(((await candidates(running.event.id, organiser, '%').expect(200)).body as JudgeCandidateList).items).toEqual([]);
      const long = await candidates(running.event.id, organiser, 'x'.repeat(33)).expect(400);
      expect(long.body.issues).toEqual([{ path: 'q', message: '搜索内容不超过 32 个字' }]);
    });

    it('should name who lifted a recusal in the list of judges', async () => {
      // runningEvent's contestants work at 达州钢铁集团.
      await request(api.baseUrl).post(`/api/events/${running.event.id}/judges`).set(bearer(organiser)).send({ judgeUserId: judges[0].userId, employer: '达州钢铁集团' }).expect(200);
      await request(api.baseUrl).post(`/api/events/${running.event.id}/judges/overrides`).set(bearer(bureau)).send({ judgeUserId: judges[0].userId, reason: '经局务会同意不回避' }).expect(200);
      const list = (await request(api.baseUrl).get(`/api/events/${running.event.id}/judges`).set(bearer(organiser)).expect(200)).body as AssignmentList;
      expect(list.items.find((a) => a.judgeUserId === judges[0].userId)?.override).toMatchObject({
        reason: '经局务会同意不回避',
        byUserId: DEMO_USERS.find((u) => u.username === 'bureau')?.id,
        byName: '市人社局 王科长',
      });
    });

    it('should refuse judges, contestants and other departments, and answer 404 for an unknown event', async () => {
      await candidates(running.event.id, judges[0].token).expect(403);
      await candidates(running.event.id, running.contestants[0].token).expect(403);
      const other = await candidates(running.event.id, await otherDepartmentOrganiser()).expect(403);
      expect(other.body.code).toBe('FORBIDDEN');
      await request(api.baseUrl).get(`/api/events/${running.event.id}/judge-candidates`).expect(401);
      const unknown = await candidates(randomUUID(), bureau).expect(404);
      expect(unknown.body.message).toBe('赛项不存在');
      const draft = DEMO_EVENTS.find((e) => e.status === 'draft');
      await candidates(draft?.id ?? '', bureau).expect(404);
    });
  });

  describe('my judging tasks', () => {
    let first: RunningEvent;
    let second: RunningEvent;
    let judges: TestJudge[];

    beforeAll(async () => {
      first = await runningEvent(api, { count: 2, firstIndex: 320, title: '技能达人擂台赛·焊工（任务一）' });
      second = await runningEvent(api, { count: 3, firstIndex: 330, title: '技能达人擂台赛·焊工（任务二）' });
      judges = await createJudges(api, 3, { prefix: 'tasks' });
      await request(api.baseUrl).put(`/api/events/${first.event.id}/schemes/${encodeURIComponent(STAGE)}`).set(bearer(organiser)).send(schemeBody({ measurement: 1, judgement: 0 })).expect(200);
      const assign = (eventId: string, body: object) => request(api.baseUrl).post(`/api/events/${eventId}/judges`).set(bearer(organiser)).send(body).expect(200);
      await assign(first.event.id, { judgeUserId: judges[0].userId, role: 'chief' });
      await assign(second.event.id, { judgeUserId: judges[0].userId, stations: [1, 2] });
      await assign(second.event.id, { judgeUserId: judges[1].userId });
    });

    it('should list only the caller own assignments, with role, stages, scope and sign-offs', async () => {
      const a = await mine(judges[0].token);
      expect(a.items.map((t) => t.eventId).sort()).toEqual([first.event.id, second.event.id].sort());
      const onFirst = a.items.find((t) => t.eventId === first.event.id);
      expect(onFirst).toEqual({
        eventId: first.event.id,
        title: '技能达人擂台赛·焊工（任务一）',
        status: 'running',
        role: 'chief',
        format: 'rounds',
        stages: first.event.draft.stages.map((s) => ({ name: s.name, hasScheme: s.name === STAGE })),
        entries: 2,
        signedOff: 0,
      });
      expect(a.items.find((t) => t.eventId === second.event.id)).toMatchObject({ role: 'judge', entries: 2, signedOff: 0 });

      const b = await mine(judges[1].token);
      expect(b.items.map((t) => [t.eventId, t.role, t.entries])).toEqual([[second.event.id, 'judge', 3]]);
      expect((await mine(judges[2].token)).items).toEqual([]);
    });

    it('should count an entry signed off in every stage with a scheme', async () => {
      const [chief] = judges;
      const { judgingCode } = first.entries[0];
      await request(api.baseUrl)
        .post(`/api/events/${first.event.id}/marks`)
        .set(bearer(chief.token))
        .send({ idempotencyKey: randomUUID(), eventId: first.event.id, judgingCode, stage: STAGE, aspectKey: 'A1', value: 7 })
        .expect(200);
      await request(api.baseUrl).post(`/api/events/${first.event.id}/signoffs`).set(bearer(chief.token)).send({ judgingCode, stage: STAGE }).expect(201);
      expect((await mine(chief.token)).items.find((t) => t.eventId === first.event.id)).toMatchObject({ entries: 2, signedOff: 1 });
    });

    it('should be for judges only', async () => {
      await request(api.baseUrl).get('/api/judging/mine').set(bearer(organiser)).expect(403);
      await request(api.baseUrl).get('/api/judging/mine').set(bearer(first.contestants[0].token)).expect(403);
      await request(api.baseUrl).get('/api/judging/mine').expect(401);
    });
  });

  describe('the demo judging event', () => {
    const demoEvent = DEMO_EVENTS.find((e) => e.id === DEMO_JUDGING.eventId);
    const phoneOf = (userId: string) => DEMO_USERS.find((u) => u.id === userId)?.phone ?? '';

    it('should be running, drawn, with schemes and three judges, one the chief', async () => {
      expect(demoEvent?.status).toBe('running');
      const judges = (await request(api.baseUrl).get(`/api/events/${DEMO_JUDGING.eventId}/judges`).set(bearer(bureau)).expect(200)).body as { items: { judgeUserId: string; role: string; recused: boolean }[] };
      expect(judges.items.map((j) => [j.judgeUserId, j.role, j.recused]).sort()).toEqual(
        DEMO_JUDGING.judgeUserIds.map((id, i) => [id, i === 0 ? 'chief' : 'judge', false]).sort(),
      );
      const [draw] = (await request(api.baseUrl).get(`/api/events/public/${DEMO_JUDGING.eventId}/draws`).expect(200)).body.items as { id: string; status: string }[];
      expect(draw.status).toBe('drawn');
      expect((await request(api.baseUrl).get(`/api/events/public/draws/${draw.id}/verify`).expect(200)).body).toMatchObject({ matches: true, mismatches: [] });
    });

    it('should let a demo judge sign in with the demo password and mark at once', async () => {
      const judge = (await signIn(api.baseUrl, phoneOf(DEMO_JUDGING.judgeUserIds[1]))).accessToken;
      const tasks = await mine(judge);
      // The demo judges also judge the demo results event and the demo arena.
      expect(tasks.items.map((t) => t.eventId).sort()).toEqual([DEMO_JUDGING.eventId, DEMO_RESULTS.eventId, DEMO_ARENA.eventId].sort());
      expect(tasks.items.find((t) => t.eventId === DEMO_JUDGING.eventId)).toEqual(
        {
          eventId: DEMO_JUDGING.eventId,
          title: demoEvent?.title,
          status: 'running',
          role: 'judge',
          format: 'rounds',
          stages: [
            { name: '理论', hasScheme: true },
            { name: '实操', hasScheme: true },
          ],
          entries: DEMO_JUDGING.entries,
          signedOff: 0,
        },
      );
      const sheet = (await request(api.baseUrl).get(`/api/events/${DEMO_JUDGING.eventId}/judge-sheet`).query({ stage: STAGE }).set(bearer(judge)).expect(200)).body as JudgeSheet;
      expect(sheet.entries).toHaveLength(DEMO_JUDGING.entries);
      expect(sheet.entries.every((e) => /^J\d{3}$/.test(e.judgingCode) && !e.recused)).toBe(true);
      const entry = sheet.entries[0];
      const ack = await request(api.baseUrl)
        .post(`/api/events/${DEMO_JUDGING.eventId}/marks`)
        .set(bearer(judge))
        .send({ idempotencyKey: randomUUID(), eventId: DEMO_JUDGING.eventId, judgingCode: entry.judgingCode, stage: STAGE, aspectKey: 'B1', value: 2 })
        .expect(200);
      expect(ack.body).toMatchObject({ seq: 1, duplicate: false });
      const chief = (await signIn(api.baseUrl, phoneOf(DEMO_JUDGING.judgeUserIds[0]))).accessToken;
      expect((await mine(chief)).items.map((t) => t.role)).toEqual(['chief', 'chief', 'chief']);
      await request(api.baseUrl).get(`/api/events/${DEMO_JUDGING.eventId}/marks/board`).query({ stage: STAGE }).set(bearer(chief)).expect(200);
    });

    it('should not seed the judging event twice', async () => {
      const again = await seedDemo(api.database.url, api.secrets);
      expect(again).toEqual({ organisations: 0, users: 0, grants: 0, events: 0, judging: 0, results: 0, arena: 0, statistics: 0 });
      const [{ n }] = await api.dataSource.query(`SELECT count(*)::int AS n FROM entry WHERE event_id = $1`, [DEMO_JUDGING.eventId]);
      expect(n).toBe(DEMO_JUDGING.entries);
    });
  });
});
