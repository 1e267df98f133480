import { SMALL_CELL_LABEL, type PublicStatistics, type StatisticsDashboard } from '@dz/contracts';
import { ageBand, residentIdFacts } from '@dz/domain';
import { DEMO_INDUSTRIES, DEMO_ORG, insertStatisticsDemo, planStatisticsDemo, statisticsDemoEventId, type PlannedEntry, type PlannedEvent, type StatisticsDemoOptions } from '@dz/persistence';
import type { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { eventually } from '../factories/standings.factory';
import { startTestApi, type TestApi } from '../setup/api-app';
import { bearer, sessionFor, signIn } from '../setup/auth';
import { startTestWorker } from '../setup/worker';

/**
 * The statistics against the real database: a known data set (the demo generator at a fixed
 * small size, on top of the standard demo seed) is counted here in JavaScript from the plan the
 * generator returns, person by person, and compared with what the API answers from the SQL
 * views. The years 2021–2022 hold only the generated events (the standard demo's are later).
 */
const OPTIONS: StatisticsDemoOptions = { seed: 4242, years: [2021, 2022], eventsPerYear: 9, entries: 260, idSpace: 7 };
const YEAR = 2022;

/** Everything a person figure counts: one row per member, as the test sees the plan. */
interface Person {
  event: PlannedEvent;
  entry: PlannedEntry;
  approved: boolean;
  present: boolean;
  row: NonNullable<PlannedEvent['results']>['rows'][number] | undefined;
}

const chinaDay = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

function peopleOf(events: readonly PlannedEvent[]): Person[] {
  return events.flatMap((event) =>
    event.entries.map((entry) => ({
      event,
      entry,
      approved: entry.status === 'approved',
      present: entry.status === 'approved' && (entry.attendance === 'checked_in' || entry.attendance === 'late'),
      row: event.results?.rows.find((r) => r.entryId === entry.id),
    })),
  );
}

function countBy<T>(items: readonly T[], key: (item: T) => string | null | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k === null || k === undefined) continue;
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

const asMap = (cells: readonly { key: string; count: number }[]) => new Map(cells.filter((c) => c.count > 0).map((c) => [c.key, c.count]));
const registeredMap = (cells: readonly { key: string; registered: number }[]) => new Map(cells.filter((c) => c.registered > 0).map((c) => [c.key, c.registered]));

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The champion's final run, walked bout by bout (not the view's SQL). */
function championRun(event: PlannedEvent): { champion: string; defences: number } | null {
  if (event.bouts.length === 0) return null;
  let holder = event.bouts[0].holderEntryId;
  let run = 0;
  for (const bout of event.bouts) {
    if (bout.outcome === 'taken') {
      holder = bout.challengerEntryId;
      run = 0;
    } else run += 1;
  }
  return { champion: holder, defences: run };
}

/** Collects a binary reply (xlsx, PDF) into one Buffer. */
function binary(res: request.Response, done: (error: Error | null, body: unknown) => void): void {
  const chunks: Buffer[] = [];
  (res as unknown as NodeJS.ReadableStream).on('data', (c: Buffer) => chunks.push(c));
  (res as unknown as NodeJS.ReadableStream).on('end', () => done(null, Buffer.concat(chunks)));
}

describe('statistics (统计分析)', () => {
  jest.setTimeout(240_000);
  let api: TestApi;
  let worker: INestApplicationContext;
  let bureau: string;
  let department: string;
  const plan = planStatisticsDemo(OPTIONS);
  const inYear = plan.events.filter((e) => e.year === YEAR);
  const people = peopleOf(inYear);

  const dashboard = async (query: Record<string, string | number>, token = bureau): Promise<StatisticsDashboard> =>
    (await request(api.baseUrl).get('/api/statistics/dashboard').query(query).set(bearer(token)).expect(200)).body as StatisticsDashboard;

  beforeAll(async () => {
    api = await startTestApi({ seed: true, seedOptions: { statistics: OPTIONS } });
    worker = await startTestWorker(api);
    bureau = (await sessionFor(api.baseUrl, 'bureau')).accessToken;
    department = (await signIn(api.baseUrl, 'jingxin')).accessToken;
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it('should generate a plan with every county, several departments, final results and arena bouts', () => {
    expect(new Set(plan.events.flatMap((e) => e.entries.map((x) => x.member.county))).size).toBe(9);
    expect(new Set(plan.events.map((e) => e.organizerOrgId)).size).toBeGreaterThan(3);
    expect(plan.events.some((e) => e.bouts.length > 0)).toBe(true);
    expect(planStatisticsDemo(OPTIONS)).toEqual(plan);
  });

  describe('GET /api/statistics/dashboard', () => {
    it('should count events and the approval time as the plan has them', async () => {
      const d = await dashboard({ year: YEAR });
      const approvedStatuses = ['final', 'archived'];
      expect(d.events.totals).toEqual({
        proposed: inYear.length,
        approved: inYear.filter((e) => approvedStatuses.includes(e.status)).length,
        rejected: inYear.filter((e) => e.status === 'rejected').length,
        held: inYear.filter((e) => approvedStatuses.includes(e.status)).length,
        final: inYear.filter((e) => e.results !== null).length,
      });
      const days = inYear.filter((e) => approvedStatuses.includes(e.status) && e.decidedAt).map((e) => ((e.decidedAt as Date).getTime() - e.submittedAt.getTime()) / 86_400_000);
      expect(d.events.approvalSamples).toBe(days.length);
      expect(d.events.medianApprovalDays).toBeCloseTo(median(days) as number, 1);
      const byDept = countBy(inYear, (e) => e.organizerOrgId);
      expect(new Map(d.events.byDepartment.map((r) => [r.key, r.proposed]))).toEqual(byDept);
      expect(asMap(d.events.byStatus)).toEqual(countBy(inYear, (e) => e.status));
    });

    it('should count people by county, age band, sex, employer type and skill level', async () => {
      const d = await dashboard({ year: YEAR });
      expect(d.contestants.totals).toEqual({
        registered: people.length,
        approved: people.filter((p) => p.approved).length,
        present: people.filter((p) => p.present).length,
      });
      expect(registeredMap(d.contestants.byCounty)).toEqual(countBy(people, (p) => p.entry.member.county));
      expect(d.contestants.byCounty.map((c) => c.key).slice(0, 9)).toHaveLength(9);
      expect(new Map(d.contestants.byCounty.filter((c) => c.present > 0).map((c) => [c.key, c.present]))).toEqual(countBy(people.filter((p) => p.present), (p) => p.entry.member.county));
      // Age on the event's first day, by the domain's rule from the ID number.
      const bandOf = (p: Person) => ageBand(residentIdFacts(p.entry.member.idNumber)?.birthDate ?? null, chinaDay(p.event.startsAt));
      expect(registeredMap(d.contestants.byAgeBand)).toEqual(countBy(people, bandOf));
      // Sex from the 17th digit, counted from the digit itself.
      expect(registeredMap(d.contestants.bySex)).toEqual(countBy(people, (p) => (Number(p.entry.member.idNumber[16]) % 2 === 1 ? 'male' : 'female')));
      // The generator's schools all end so; none of its enterprises does.
      expect(registeredMap(d.contestants.byEmployerType)).toEqual(countBy(people, (p) => (/(学校|学院|中学)$/.test(p.entry.member.employer) ? 'school' : 'enterprise')));
      expect(registeredMap(d.contestants.bySkillLevel)).toEqual(countBy(people, (p) => p.entry.member.skillLevel ?? 'unknown'));
      expect(registeredMap(d.contestants.byOccupation)).toEqual(countBy(people, (p) => p.event.occupationCode));
    });

    it('should count prizes, titles, upgrades, nominations and arena champions from the final results', async () => {
      const d = await dashboard({ year: YEAR });
      const withRow = people.filter((p) => p.row);
      expect(d.outcomes.awarded).toBe(withRow.filter((p) => p.row?.award).length);
      expect(asMap(d.outcomes.prizesByTier)).toEqual(countBy(withRow, (p) => p.row?.award));
      expect(asMap(d.outcomes.titles)).toEqual(countBy(withRow.flatMap((p) => p.row?.titles ?? []), (t) => t));
      expect(asMap(d.outcomes.upgrades)).toEqual(countBy(withRow, (p) => (p.row?.upgradeTo ? `${p.entry.member.skillLevel ?? 'unknown'}>${p.row.upgradeTo}` : null)));
      expect(d.outcomes.upgrades.every((u) => u.label.includes('→'))).toBe(true);
      const nominated = (events: PlannedEvent[]) => peopleOf(events).filter((p) => p.row?.nominated).length;
      expect(d.outcomes.nominations.count).toBe(nominated(inYear));
      expect(d.outcomes.nominations.cumulative).toBe(nominated(plan.events));
      expect(d.outcomes.nominations.target).toBe(300);
      const runs = inYear.map((e) => ({ e, run: championRun(e) })).filter((x) => x.run && x.e.results);
      expect(d.outcomes.arenaChampions.map((c) => [c.eventId, c.defences]).sort()).toEqual(runs.map((x) => [x.e.id, x.run?.defences]).sort());
      expect(d.outcomes.arenaChampions.every((c) => c.champion.includes('*'))).toBe(true);
    });

    it('should compare years of the same series without the year filter', async () => {
      const d = await dashboard({ year: YEAR });
      for (const year of OPTIONS.years) {
        for (const series of ['dazhou_skills_competition', 'skill_master_arena'] as const) {
          const events = plan.events.filter((e) => e.year === year && e.series === series);
          const row = d.yearOverYear.find((y) => y.year === year && y.series === series);
          const ps = peopleOf(events);
          expect({ year, series, events: row?.events ?? 0, registered: row?.registered ?? 0, awarded: row?.awarded ?? 0 }).toEqual({
            year,
            series,
            events: events.filter((e) => e.status === 'final' || e.status === 'archived').length,
            registered: ps.length,
            awarded: ps.filter((p) => p.row?.award).length,
          });
        }
      }
    });

    it('should take an industry node with everything below it, and a county of people', async () => {
      const root = DEMO_INDUSTRIES.find((n) => n.name === '支柱产业')?.id as string;
      const below = new Set(DEMO_INDUSTRIES.filter((n) => n.parentId === root).map((n) => n.id));
      const d = await dashboard({ year: YEAR, industryId: root });
      expect(d.contestants.totals.registered).toBe(people.filter((p) => below.has(p.event.industryId)).length);
      expect(d.events.totals.proposed).toBe(inYear.filter((e) => below.has(e.industryId)).length);
      const c = await dashboard({ year: YEAR, county: '渠县' });
      expect(c.contestants.totals.registered).toBe(people.filter((p) => p.entry.member.county === '渠县').length);
    });

    it('should limit a department to its own events, whatever it asks', async () => {
      const own = people.filter((p) => p.event.organizerOrgId === DEMO_ORG.jingxin);
      const d = await dashboard({ year: YEAR }, department);
      expect(d.scope).toBe('department');
      expect(d.filters.departmentId).toBe(DEMO_ORG.jingxin);
      expect(d.contestants.totals.registered).toBe(own.length);
      expect(d.events.byDepartment.map((r) => r.key)).toEqual(own.length > 0 ? [DEMO_ORG.jingxin] : []);
      const other = await request(api.baseUrl).get('/api/statistics/dashboard').query({ departmentId: DEMO_ORG.shangwu }).set(bearer(department));
      expect(other.status).toBe(403);
      expect(other.body.message).toBe('只能查看本部门主办赛项的统计');
      // The bureau asking for the same department sees the same figures.
      const asBureau = await dashboard({ year: YEAR, departmentId: DEMO_ORG.jingxin });
      expect(asBureau.contestants.totals).toEqual(d.contestants.totals);
    });

    it('should answer a bad filter with 400 and a Chinese message', async () => {
      const bad = await request(api.baseUrl).get('/api/statistics/dashboard').query({ year: 'abc', county: '北京' }).set(bearer(bureau));
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body.issues)).toMatch(/年度|区县/);
      const table = await request(api.baseUrl).get('/api/statistics/tables/nope/export.xlsx').set(bearer(bureau));
      expect(table.status).toBe(400);
      expect(JSON.stringify(table.body.issues)).toMatch(/没有这张统计表/);
    });
  });

  describe('GET /api/public/statistics', () => {
    it('should show only aggregates, each count of people either exact or <5 for 1–4', async () => {
      const reply = (await request(api.baseUrl).get('/api/public/statistics').query({ year: YEAR }).expect(200)).body as PublicStatistics;
      expect(JSON.stringify(reply)).not.toMatch(/\d{17}[\dX]|1[3-9]\d{9}/);
      const counts = countBy(people, (p) => p.entry.member.county);
      for (const cell of reply.contestants.byCounty) {
        const n = counts.get(cell.key) ?? 0;
        if (n > 0 && n < 5) expect(cell.count).toBe(SMALL_CELL_LABEL);
        else if (cell.count !== SMALL_CELL_LABEL) expect(cell.count).toBe(n);
      }
      expect(reply.contestants.registered).toBe(people.length);
    });

    it('should show a figure built from 3 people as <5 after the refresh job, while the bureau sees 3', async () => {
      // Hand-built: one event of 2019 with three people, all from 万源市.
      const template = plan.events.find((e) => e.entries.length >= 3) as PlannedEvent;
      const small: PlannedEvent = {
        ...template,
        id: statisticsDemoEventId(99, 1),
        year: 2019,
        edition: 2019,
        series: 'dazhou_skills_competition',
        startsAt: new Date(Date.UTC(2019, 5, 1, 1)),
        submittedAt: new Date(Date.UTC(2019, 2, 1, 1)),
        decidedAt: new Date(Date.UTC(2019, 2, 5, 1)),
        results: null,
        bouts: [],
        entries: template.entries.slice(0, 3).map((x, i) => ({ ...x, id: `20000000-0063-4000-8000-00000000000${i + 1}`, eventId: statisticsDemoEventId(99, 1), member: { ...x.member, county: '万源市' } })),
      };
      const fakePii = { encrypt: (s: string) => `enc:${s}`, lookupHash: (s: string) => `hmac:${s}` };
      await api.dataSource.transaction((manager) => insertStatisticsDemo(manager, fakePii, { events: [small] }));
      const before = (await dashboard({ year: 2019 })).refreshedAt;
      const queued = await request(api.baseUrl).post('/api/statistics/refresh').set(bearer(bureau)).expect(202);
      expect(queued.body.jobId).toMatch(/\d+/);
      await eventually(async () => (await dashboard({ year: 2019 })).refreshedAt !== before, 'the statistics refresh job', 60_000);
      const d = await dashboard({ year: 2019 });
      expect(d.contestants.totals.registered).toBe(3);
      expect(d.contestants.byCounty.find((c) => c.key === '万源市')?.registered).toBe(3);
      const reply = (await request(api.baseUrl).get('/api/public/statistics').query({ year: 2019 }).expect(200)).body as PublicStatistics;
      expect(reply.contestants.registered).toBe(SMALL_CELL_LABEL);
      expect(reply.contestants.byCounty.find((c) => c.key === '万源市')?.count).toBe(SMALL_CELL_LABEL);
      expect(reply.contestants.byCounty.find((c) => c.key === '渠县')?.count).toBe(0);
      const [audit] = await api.dataSource.query(`SELECT detail FROM audit_log WHERE action = 'statistics.refreshed' ORDER BY at DESC LIMIT 1`);
      expect(audit.detail.reason).toBe('requested');
    });
  });

  describe('exports', () => {
    it('should export a chart table as xlsx with the dashboard figures, and audit it', async () => {
      const d = await dashboard({ year: YEAR });
      const response = await request(api.baseUrl)
        .get('/api/statistics/tables/contestants_by_county/export.xlsx')
        .query({ year: YEAR })
        .set(bearer(bureau))
        .buffer(true)
        .parse(binary)
        .expect(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(response.body as ArrayBuffer);
      const sheet = book.worksheets[0];
      expect(sheet.getRow(3).values).toEqual([undefined, '区县', '报名人数', '审核通过', '实到人数']);
      const rows: unknown[][] = [];
      sheet.eachRow((row, n) => {
        if (n > 3) rows.push((row.values as unknown[]).slice(1));
      });
      expect(rows).toEqual(d.contestants.byCounty.map((c) => [c.label, c.registered, c.approved, c.present]));
      const [audit] = await api.dataSource.query(`SELECT detail FROM audit_log WHERE action = 'statistics.exported' ORDER BY at DESC LIMIT 1`);
      expect(audit.detail.table).toBe('contestants_by_county');
    });

    it('should export the annual report as xlsx (a sheet per table) and as PDF', async () => {
      const xlsx = await request(api.baseUrl).get('/api/statistics/annual-report.xlsx').query({ year: YEAR }).set(bearer(bureau)).buffer(true).parse(binary).expect(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.body as ArrayBuffer);
      expect(book.worksheets.length).toBe(16);
      expect(String(book.worksheets[0].getCell('A1').value)).toBe(`${YEAR}年度技能竞赛工作统计表`);
      const pdf = await request(api.baseUrl).get('/api/statistics/annual-report.pdf').query({ year: YEAR }).set(bearer(bureau)).buffer(true).parse(binary).expect(200);
      expect((pdf.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(decodeURIComponent(String(pdf.headers['content-disposition']))).toContain(`${YEAR}年度技能竞赛工作统计表.pdf`);
      const missing = await request(api.baseUrl).get('/api/statistics/annual-report.pdf').set(bearer(bureau));
      expect(missing.status).toBe(400);
    });
  });
});
