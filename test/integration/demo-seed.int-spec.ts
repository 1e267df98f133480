import type { ArenaState, ChainVerification, PublicResults, ResultsOverview, StaffStandingRow } from '@dz/contracts';
import { calendarDateInChina, challengerOrder, flattenAspects, formatCalendarDate, isScoredAspect, playArena, stageScore, type MarkingScheme } from '@dz/domain';
import { DEMO_ARENA, DEMO_EVENTS, DEMO_JUDGING, DEMO_RESULTS, DEMO_USERS } from '@dz/persistence';
import request from 'supertest';
import { seedDemo } from '../../scripts/lib/demo';
import { generateSecrets } from '../../scripts/lib/secrets';
import { startTestApi, type TestApi } from '../setup/api-app';
import { createTestDatabase } from '../setup/database';
import { bearer, sessionFor } from '../setup/auth';

/** Tables the demo seed writes to (beyond accounts and catalogues). */
const SEEDED_TABLES = [
  'competition_event',
  'event_transition',
  'event_version',
  'entry',
  'entry_member',
  'draw',
  'marking_scheme',
  'judge_assignment',
  'mark',
  'signoff',
  'standing',
  'standing_delta',
  'result_version',
  'result_notice',
  'arena_setting',
  'arena_bout',
  'arena_mark',
  'audit_log',
];

describe('demo seed: results under notice and the arena', () => {
  let api: TestApi;
  const token = async (account: string) => (await sessionFor(api.baseUrl, account)).accessToken;
  const phoneOf = (userId: string) => DEMO_USERS.find((u) => u.id === userId)?.phone as string;

  beforeAll(async () => {
    api = await startTestApi({ seed: true });
  });

  afterAll(async () => {
    await api.close();
  });

  const counts = async () =>
    Object.fromEntries(
      await Promise.all(SEEDED_TABLES.map(async (t) => [t, (await api.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${t}`))[0].n] as const)),
    );

  it('should change nothing when seeded a second time', async () => {
    const before = await counts();
    expect(before.result_version).toBe(1);
    expect(before.arena_bout).toBe(DEMO_ARENA.bouts.length);
    const again = await seedDemo(api.database.url, api.secrets);
    expect(again).toEqual({ organisations: 0, users: 0, grants: 0, events: 0, judging: 0, results: 0, arena: 0, statistics: 0 });
    expect(await counts()).toEqual(before);
  });

  it('should add the results and arena events to a database seeded before they existed, once', async () => {
    const database = await createTestDatabase();
    const secrets = generateSecrets();
    const added = [DEMO_RESULTS.eventId, DEMO_ARENA.eventId];
    const later = DEMO_EVENTS.filter((e) => added.includes(e.id));
    try {
      // The demo as it was before: without the two events.
      DEMO_EVENTS.splice(0, DEMO_EVENTS.length, ...DEMO_EVENTS.filter((e) => !added.includes(e.id)));
      const old = await seedDemo(database.url, secrets);
      expect(old).toMatchObject({ events: DEMO_EVENTS.length, judging: 1, results: 0, arena: 0 });
      DEMO_EVENTS.push(...later);
      expect(await seedDemo(database.url, secrets)).toEqual({ organisations: 0, users: 0, grants: 0, events: 2, judging: 0, results: 1, arena: 1, statistics: 0 });
      expect(await seedDemo(database.url, secrets)).toEqual({ organisations: 0, users: 0, grants: 0, events: 0, judging: 0, results: 0, arena: 0, statistics: 0 });
    } finally {
      DEMO_EVENTS.splice(0, DEMO_EVENTS.length, ...DEMO_EVENTS.filter((e) => !added.includes(e.id)), ...later);
      await database.drop();
    }
  });

  describe('the event under notice (成绩公示)', () => {
    const eventId = DEMO_RESULTS.eventId;

    it('should hold results version 1, current, under notice from today for the notice period', async () => {
      const overview = (await request(api.baseUrl).get(`/api/events/${eventId}/results`).set(bearer(await token('bureau'))).expect(200)).body as ResultsOverview;
      expect(overview.versions.map((v) => v.version)).toEqual([1]);
      expect(overview.stale).toBe(false);
      expect(overview.currentInputsHash).toBe(overview.latest?.inputsHash);
      // From the day it was opened (the seeding), China time, for the notice period.
      const opened = Date.parse(overview.notice?.openedAt as string);
      const chinaDay = (days: number) => formatCalendarDate(calendarDateInChina(new Date(opened + days * 86_400_000)));
      expect(overview.notice).toMatchObject({ version: 1, startsOn: chinaDay(0), endsOn: chinaDay(DEMO_RESULTS.noticeDays - 1) });
      expect(overview.latest?.validCount).toBe(DEMO_RESULTS.quality.length);
      expect(overview.openAppeals).toBe(0);
    });

    it('should show 一等奖, 二等奖 and 三等奖 on the public results, names masked', async () => {
      const results = (await request(api.baseUrl).get(`/api/public/events/${eventId}/results`).expect(200)).body as PublicResults;
      const awards = results.rows.map((r) => r.award);
      expect(awards.filter((a) => a === '一等奖')).toHaveLength(1);
      expect(awards.filter((a) => a === '二等奖')).toHaveLength(2);
      expect(awards.filter((a) => a === '三等奖')).toHaveLength(3);
      expect(results.rows.map((r) => r.rank)).toEqual(results.rows.map((_, i) => i + 1));
      // The best performance ranks first.
      const best = DEMO_RESULTS.quality.indexOf(Math.max(...DEMO_RESULTS.quality)) + 1;
      expect(results.rows[0]).toMatchObject({ number: best, award: '一等奖', titles: ['技能达人'] });
      const contestantRow = results.rows.find((r) => r.number === DEMO_RESULTS.contestantNumber);
      expect(contestantRow?.name).not.toBe('李明');
      expect(contestantRow?.name.startsWith('李')).toBe(true);
    });

    it('should hold a mark chain that verifies, every mark in and signed off', async () => {
      const chief = await token(phoneOf(DEMO_RESULTS.judgeUserIds[0]));
      const verified = (await request(api.baseUrl).get(`/api/events/${eventId}/marks/verify`).set(bearer(chief)).expect(200)).body as ChainVerification;
      const aspects = DEMO_JUDGING.schemes.flatMap((s) => flattenAspects(s as MarkingScheme)).filter(isScoredAspect).length;
      const expected = (DEMO_RESULTS.quality.length * aspects + Object.keys(DEMO_RESULTS.deductions).length) * DEMO_RESULTS.judgeUserIds.length;
      expect(verified).toEqual({ ok: true, checked: expected });
      const rows = (await api.dataSource.query<{ row: StaffStandingRow }[]>(`SELECT row FROM standing WHERE event_id = $1`, [eventId])).map((r) => r.row);
      expect(rows).toHaveLength(DEMO_RESULTS.quality.length);
      for (const row of rows) {
        expect(row.marksIn).toBe(row.marksExpected);
        expect(row.signedOff).toEqual(DEMO_JUDGING.schemes.map((s) => s.stage).sort());
      }
    });

    it('should record its way from the draft to the notice as the API does', async () => {
      const history = await api.dataSource.query<{ from_status: string; to_status: string; actor_user_id: string }[]>(
        `SELECT from_status, to_status, actor_user_id FROM event_transition WHERE event_id = $1 ORDER BY at, id`,
        [eventId],
      );
      const path = ['draft', 'submitted', 'approved', 'published', 'registration_closed', 'running', 'scoring_closed', 'under_notice'];
      expect(history.map((h) => [h.from_status, h.to_status])).toEqual(path.slice(1).map((to, i) => [path[i], to]));
      const bureau = DEMO_USERS.find((u) => u.username === 'bureau')?.id;
      const department = DEMO_USERS.find((u) => u.username === 'jingxin')?.id;
      expect(history.map((h) => h.actor_user_id)).toEqual([department, bureau, bureau, department, department, department, bureau]);
      const audit = await api.dataSource.query<{ action: string }[]>(
        `SELECT action FROM audit_log WHERE entity_type = 'event' AND entity_id = $1 AND (action LIKE 'event.%' OR action LIKE 'results.%') ORDER BY id`,
        [eventId],
      );
      expect(audit.map((a) => a.action)).toEqual([
        'event.submit',
        'event.approve',
        'event.publish',
        'event.close_registration',
        'event.start',
        'event.close_scoring',
        'results.computed',
        'results.notice_opened',
        'event.announce',
      ]);
      const [event] = await api.dataSource.query<{ version: number; status: string }[]>(`SELECT version, status FROM competition_event WHERE id = $1`, [eventId]);
      expect(event).toEqual({ version: 1 + history.length, status: 'under_notice' });
      const [draw] = await api.dataSource.query<{ code_seed_revealed: boolean }[]>(`SELECT code_seed_revealed FROM draw WHERE event_id = $1`, [eventId]);
      expect(draw.code_seed_revealed).toBe(true);
    });

    it('should let the demo contestant appeal their own entry', async () => {
      const contestant = await token(phoneOf(DEMO_USERS.find((u) => u.grants.some((g) => g.role === 'contestant'))?.id as string));
      const mine = (await request(api.baseUrl).get('/api/me/entries').set(bearer(contestant)).expect(200)).body.items as { id: string; eventId: string; number: number }[];
      const entry = mine.find((e) => e.eventId === eventId);
      expect(entry?.number).toBe(DEMO_RESULTS.contestantNumber);
      const appeal = await request(api.baseUrl)
        .post(`/api/events/${eventId}/appeals`)
        .set(bearer(contestant))
        .field('entryId', entry?.id as string)
        .field('reason', '实操配合精度的测量结果偏低，请复核')
        .expect(201);
      expect(appeal.body).toMatchObject({ status: 'open', filedAgainstVersion: 1, entryNumber: DEMO_RESULTS.contestantNumber });
    });
  });

  describe('the arena (擂台赛)', () => {
    const eventId = DEMO_ARENA.eventId;

    it('should show three decided bouts, one 攻擂成功, and the holder the domain gives', async () => {
      const state = (await request(api.baseUrl).get(`/api/events/${eventId}/arena`).set(bearer(await token('jingxin'))).expect(200)).body as ArenaState;
      expect(state.configured).toBe(true);
      const decided = state.bouts.filter((b) => b.status === 'decided');
      expect(decided).toHaveLength(3);
      expect(decided.map((b) => b.outcome)).toContain('taken');
      const open = state.bouts.filter((b) => b.status === 'open');
      expect(open).toHaveLength(1);
      expect(open[0].marksIn).toBeGreaterThan(0);
      expect(open[0].marksIn).toBeLessThan(open[0].marksExpected);
      const played = playArena(
        state.firstHolder?.judgingCode as string,
        decided.map((b) => ({ challenger: b.challenger.judgingCode, holderScore: b.holderScore, challengerScore: b.challengerScore })),
        state.tieRule ?? 'holder_keeps',
      );
      expect(state.holder?.judgingCode).toBe(played.champion);
      expect(decided.map((b) => b.outcome)).toEqual(played.bouts.map((b) => b.outcome));
      expect(open[0].holder.judgingCode).toBe(played.champion);
      // The public view (the big screen) shows the same bouts.
      const screen = (await request(api.baseUrl).get(`/api/events/${eventId}/arena/public`).expect(200)).body as ArenaState;
      expect(screen.bouts.map((b) => [b.number, b.status, b.outcome])).toEqual(state.bouts.map((b) => [b.number, b.status, b.outcome]));
      expect(screen.holder?.judgingCode).toBe(played.champion);
    });

    it('should store each decided bout with the scores its bout marks give on the bout sheet', async () => {
      const scheme = DEMO_ARENA.schemes.find((s) => s.stage === DEMO_ARENA.boutStage) as MarkingScheme;
      const bouts = await api.dataSource.query<{ id: string; holder_entry_id: string; challenger_entry_id: string; holder_score: number; challenger_score: number }[]>(
        `SELECT id, holder_entry_id, challenger_entry_id, holder_score, challenger_score FROM arena_bout WHERE event_id = $1 AND status = 'decided' ORDER BY number`,
        [eventId],
      );
      expect(bouts).toHaveLength(3);
      for (const bout of bouts) {
        const marks = await api.dataSource.query<{ entry_id: string; judge_user_id: string; aspect_key: string; value: number }[]>(
          `SELECT entry_id, judge_user_id, aspect_key, value FROM arena_mark WHERE bout_id = $1`,
          [bout.id],
        );
        const side = (entryId: string) => stageScore(scheme, marks.filter((m) => m.entry_id === entryId).map((m) => ({ judgeId: m.judge_user_id, aspectKey: m.aspect_key, value: m.value }))).total;
        expect([bout.holder_score, bout.challenger_score]).toEqual([side(bout.holder_entry_id), side(bout.challenger_entry_id)]);
      }
    });

    it('should take the qualifying top as the first holder and a challenger order its seed reproduces', async () => {
      const [setting] = await api.dataSource.query<{ first_holder_entry_id: string; order_seed: string; challenger_entry_ids: string[]; qualifying_stage: string }[]>(
        `SELECT first_holder_entry_id, order_seed, challenger_entry_ids, qualifying_stage FROM arena_setting WHERE event_id = $1`,
        [eventId],
      );
      expect(setting.qualifying_stage).toBe(DEMO_ARENA.qualifyingStage);
      const scores = await api.dataSource.query<{ entry_id: string; score: number }[]>(
        `SELECT entry_id, (row->'stageTotals'->>$2)::int AS score FROM standing WHERE event_id = $1 ORDER BY 2 DESC`,
        [eventId, DEMO_ARENA.qualifyingStage],
      );
      expect(scores).toHaveLength(DEMO_ARENA.qualifying.length);
      expect(scores[0].score).toBeGreaterThan(scores[1].score);
      expect(setting.first_holder_entry_id).toBe(scores[0].entry_id);
      const challengers = scores.slice(1).map((s) => s.entry_id);
      expect(challengerOrder(setting.first_holder_entry_id, { mode: 'drawn', seedHex: setting.order_seed, challengers })).toEqual(setting.challenger_entry_ids);
    });
  });
});
