import { SERIES_LABELS, type AwardsPlan, type CompetitionLevel, type EventStatus, type ResultRow, type Series, type SkillLevel } from '@dz/contracts';
import { computeResults, maskPhone, maskResidentId, personStatisticsFields, residentIdCheckDigit, type ResultEntry } from '@dz/domain';
import type { EntityManager } from 'typeorm';
import { DEMO_INDUSTRY, DEMO_ORG, DEMO_USERS } from './demo-data';
import type { DemoPii } from './demo-event-setup';

/**
 * Past editions for the statistics (统计分析): a deterministic generator (seeded PRNG) of events
 * across series, departments, industries and all nine counties, with their proposals' history,
 * entries, people, final results (prizes, titles, upgrades, 巴渠工匠 nominations by the domain's
 * computeResults) and arena bouts. `planStatisticsDemo` is pure: the same options give the same
 * plan, which tests count from independently; `insertStatisticsDemo` writes a plan in bulk.
 * The bench reuses it with 200 events and 50,000 entries.
 */

export interface StatisticsDemoOptions {
  /** PRNG seed. */
  seed: number;
  years: readonly number[];
  eventsPerYear: number;
  /** Entries over all events that take registrations (about; each event gets at least 6). */
  entries: number;
  /** 1–9999: keeps the ids of two plans in one database apart. */
  idSpace: number;
}

export const DEMO_STATISTICS_OPTIONS: StatisticsDemoOptions = { seed: 20251, years: [2023, 2024, 2025], eventsPerYear: 14, entries: 1800, idSpace: 1 };

export interface PlannedMember {
  name: string;
  idNumber: string;
  phone: string;
  county: string;
  employer: string;
  skillLevel: SkillLevel | null;
}

export interface PlannedEntry {
  id: string;
  eventId: string;
  number: number;
  status: 'approved' | 'rejected' | 'withdrawn' | 'waitlisted';
  attendance: 'pending' | 'checked_in' | 'late' | 'no_show';
  member: PlannedMember;
}

export interface PlannedBout {
  number: number;
  holderEntryId: string;
  challengerEntryId: string;
  holderScore: number;
  challengerScore: number;
  outcome: 'defended' | 'taken';
}

export interface PlannedEvent {
  id: string;
  title: string;
  series: Series;
  edition: number | null;
  year: number;
  level: CompetitionLevel;
  organizerOrgId: string;
  industryId: string;
  occupationCode: string;
  occupationName: string;
  county: string;
  format: 'rounds' | 'arena';
  status: EventStatus;
  startsAt: Date;
  submittedAt: Date;
  /** The bureau's decision: approval or rejection (null when none). */
  decidedAt: Date | null;
  awardsPlan: AwardsPlan;
  entries: PlannedEntry[];
  /** Final results' rows (final events only). */
  results: { rows: ResultRow[]; validCount: number; tiers: unknown[]; arena: unknown } | null;
  bouts: PlannedBout[];
}

export interface StatisticsDemoPlan {
  events: PlannedEvent[];
}

/** mulberry32: a small, fast, seedable PRNG (uniform in [0, 1)). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted<T>(random: () => number, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return items[items.length - 1][0];
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const hex12 = (n: number) => n.toString(16).padStart(12, '0');
const space = (idSpace: number) => idSpace.toString(16).padStart(4, '0');
export const statisticsDemoEventId = (idSpace: number, n: number) => `10000000-${space(idSpace)}-4000-8000-${hex12(n)}`;
const entryId = (idSpace: number, n: number) => `20000000-${space(idSpace)}-4000-8000-${hex12(n)}`;

/** What an event of an occupation looks like: its department, industry and who competes. */
const TEMPLATES: readonly { code: string; name: string; org: string; industry: string; male: number; schoolShare: number }[] = [
  { code: '6-18-02-04', name: '焊工', org: DEMO_ORG.jingxin, industry: DEMO_INDUSTRY.manufacturing, male: 0.92, schoolShare: 0.2 },
  { code: '6-18-01-01', name: '车工', org: DEMO_ORG.jingxin, industry: DEMO_INDUSTRY.manufacturing, male: 0.85, schoolShare: 0.25 },
  { code: '6-31-01-03', name: '电工', org: DEMO_ORG.jingxin, industry: DEMO_INDUSTRY.energy, male: 0.9, schoolShare: 0.2 },
  { code: '6-31-01-10', name: '工业机器人系统运维员', org: DEMO_ORG.jingxin, industry: DEMO_INDUSTRY.manufacturing, male: 0.8, schoolShare: 0.4 },
  { code: '6-29-01-01', name: '砌筑工', org: DEMO_ORG.zhujian, industry: DEMO_INDUSTRY.building, male: 0.95, schoolShare: 0.05 },
  { code: '4-03-02-01', name: '中式烹调师', org: DEMO_ORG.shangwu, industry: '00000000-0000-4000-b000-000000000023', male: 0.65, schoolShare: 0.2 },
  { code: '4-03-02-02', name: '中式面点师', org: DEMO_ORG.shangwu, industry: DEMO_INDUSTRY.food, male: 0.35, schoolShare: 0.2 },
  { code: '4-03-02-07', name: '茶艺师', org: DEMO_ORG.nongye, industry: DEMO_INDUSTRY.food, male: 0.2, schoolShare: 0.3 },
  { code: '4-10-01-05', name: '养老护理员', org: DEMO_ORG.minzheng, industry: DEMO_INDUSTRY.care, male: 0.15, schoolShare: 0.15 },
  { code: '4-01-02-02', name: '电子商务师', org: DEMO_ORG.shangwu, industry: DEMO_INDUSTRY.trade, male: 0.45, schoolShare: 0.35 },
  { code: '4-01-02-07', name: '互联网营销师', org: DEMO_ORG.shuzi, industry: DEMO_INDUSTRY.digital, male: 0.4, schoolShare: 0.3 },
  { code: '4-04-04-02', name: '网络与信息安全管理员', org: DEMO_ORG.shuzi, industry: DEMO_INDUSTRY.digital, male: 0.75, schoolShare: 0.45 },
  { code: '4-12-01-01', name: '汽车维修工', org: DEMO_ORG.jiaoyu, industry: DEMO_INDUSTRY.manufacturing, male: 0.9, schoolShare: 0.8 },
];

/** Dazhou's counties with a rough share of the workforce and the region code of their ID numbers. */
const COUNTY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['通川区', 16],
  ['达川区', 17],
  ['万源市', 7],
  ['宣汉县', 15],
  ['开江县', 7],
  ['大竹县', 14],
  ['渠县', 15],
  ['达州高新区', 5],
  ['达州东部经开区', 4],
];
const REGION_CODE: Record<string, string> = {
  通川区: '511702',
  达川区: '511703',
  万源市: '511781',
  宣汉县: '511722',
  开江县: '511723',
  大竹县: '511724',
  渠县: '511725',
  达州高新区: '511702',
  达州东部经开区: '511703',
};
const ENTERPRISES = [
  '达州钢铁集团有限公司',
  '四川达州普光天然气净化厂',
  '四川能投达州化工有限公司',
  '达州川东机械制造有限公司',
  '达州巴渠人家餐饮有限公司',
  '四川宣汉建工集团有限公司',
  '大竹县苎麻纺织有限公司',
  '渠县黄花农业专业合作社',
  '开江县白鹅食品有限公司',
  '万源富硒茶业有限公司',
  '达州市康养服务中心',
  '达州东部经开区智能制造产业园有限公司',
];
const SCHOOLS = ['达州职业技术学院', '达州市工业技术学校', '四川文理学院', '达州中医药职业学院', '宣汉县职业中学', '大竹县职业中学', '渠县职业中专学校', '万源市职业高级中学'];
const SURNAMES = '王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红梅兰飞鹏婷雪琳斌波辉宇浩然晨欣怡子豪俊杰思雨';
const SKILL_WEIGHTS: readonly (readonly [SkillLevel | null, number])[] = [
  ['apprentice', 5],
  ['junior', 20],
  ['intermediate', 34],
  ['senior', 25],
  ['technician', 10],
  ['senior_technician', 4],
  [null, 2],
];
const PLAN_DEFAULTS = { rounding: 'floor' as const, boundaryTies: 'higher' as const };

function residentId(random: () => number, county: string, year: number, number: number, male: boolean, student: boolean): string {
  const age = student ? 17 + Math.floor(random() * 6) : 19 + Math.floor(Math.min(random(), random()) * 30 + random() * 12);
  const birthYear = year - age;
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  // The sequence's digits follow the entry number, so two people of one event never share a number.
  const sequence = (number % 500) * 2 + (male ? 1 : 0);
  const first17 = `${REGION_CODE[county]}${birthYear}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(sequence).padStart(3, '0')}`;
  return first17 + residentIdCheckDigit(first17);
}

/** A deterministic plan of past editions (pure: no clock, no database). */
export function planStatisticsDemo(options: StatisticsDemoOptions): StatisticsDemoPlan {
  const random = prng(options.seed);
  const events: PlannedEvent[] = [];
  let eventNo = 0;
  let entryNo = 0;
  const eventCount = options.years.length * options.eventsPerYear;
  const meanEntries = Math.max(6, Math.round(options.entries / Math.max(1, eventCount * 0.88)));
  for (const year of options.years) {
    for (let k = 0; k < options.eventsPerYear; k += 1) {
      eventNo += 1;
      const template = TEMPLATES[(k + year) % TEMPLATES.length];
      const series: Series = random() < 0.55 ? 'dazhou_skills_competition' : 'skill_master_arena';
      const format = series === 'skill_master_arena' && random() < 0.7 ? 'arena' : 'rounds';
      const level: CompetitionLevel =
        template.org === DEMO_ORG.jiaoyu ? 'enterprise_school' : series === 'skill_master_arena' ? (format === 'arena' ? 'special' : 'municipal_industry') : weighted(random, [['municipal_industry', 3], ['municipal_county', 2]] as const);
      const county = weighted(random, COUNTY_WEIGHTS);
      const status: EventStatus = weighted(random, [['final', 84], ['archived', 4], ['rejected', 8], ['cancelled', 4]] as const);
      const startsAt = new Date(Date.UTC(year, 3 + Math.floor(random() * 8), 1 + Math.floor(random() * 27), 1, 0, 0));
      const submittedAt = new Date(startsAt.getTime() - (60 + Math.floor(random() * 60)) * 86_400_000);
      const waitDays = 1 + Math.floor(random() * random() * 30);
      const decidedAt = status === 'cancelled' ? null : new Date(submittedAt.getTime() + waitDays * 86_400_000 + Math.floor(random() * 8) * 3_600_000);
      const awardsPlan: AwardsPlan = {
        tiers: [
          { name: '一等奖', mode: 'ratio', value: 10, minScore: 60 },
          { name: '二等奖', mode: 'ratio', value: 20, minScore: 60 },
          { name: '三等奖', mode: 'ratio', value: 30, minScore: 60 },
        ],
        titles: series === 'dazhou_skills_competition' ? ['技能达人'] : [],
        upgradeRecommendation: true,
        craftsmanNominations: series === 'dazhou_skills_competition' ? 3 : 1,
        ...PLAN_DEFAULTS,
      };
      const id = statisticsDemoEventId(options.idSpace, eventNo);
      const event: PlannedEvent = {
        id,
        title: series === 'dazhou_skills_competition' ? `${year}年达州技能大赛·${template.name}赛项` : `${year}年技能达人擂台赛·${template.name}`,
        series,
        edition: series === 'dazhou_skills_competition' ? year : null,
        year,
        level,
        organizerOrgId: template.org,
        industryId: template.industry,
        occupationCode: template.code,
        occupationName: template.name,
        county,
        format,
        status,
        startsAt,
        submittedAt,
        decidedAt,
        awardsPlan,
        entries: [],
        results: null,
        bouts: [],
      };
      events.push(event);
      if (status !== 'final' && status !== 'archived') continue;

      // At most 499: the ID numbers' sequence digits follow the entry number (residentId).
      const count = Math.min(499, Math.max(6, Math.round(meanEntries * (0.4 + random() * 1.2))));
      for (let number = 1; number <= count; number += 1) {
        entryNo += 1;
        const student = random() < template.schoolShare;
        const male = random() < template.male;
        // Most people come from the event's own county and its neighbours; some from all over.
        const personCounty = random() < 0.45 ? county : weighted(random, COUNTY_WEIGHTS);
        const entryStatus = weighted(random, [['approved', 86], ['rejected', 5], ['withdrawn', 5], ['waitlisted', 4]] as const);
        const attendance = entryStatus !== 'approved' ? 'pending' : weighted(random, [['checked_in', 88], ['late', 4], ['no_show', 8]] as const);
        const idNumber = residentId(random, personCounty, year, number, male, student);
        events[events.length - 1].entries.push({
          id: entryId(options.idSpace, entryNo),
          eventId: id,
          number,
          status: entryStatus,
          attendance,
          member: {
            name: pick(random, [...SURNAMES]) + pick(random, [...GIVEN]) + (random() < 0.6 ? pick(random, [...GIVEN]) : ''),
            idNumber,
            phone: `13${String(500000000 + ((entryNo * 7919) % 499999999)).padStart(9, '0')}`,
            county: personCounty,
            employer: student ? pick(random, SCHOOLS) : pick(random, ENTERPRISES),
            skillLevel: student ? weighted(random, [['apprentice', 3], ['junior', 5], ['intermediate', 2]] as const) : weighted(random, SKILL_WEIGHTS),
          },
        });
      }
      planResults(event, random);
    }
  }
  return { events };
}

/** Scores for the approved entries, then the domain's results; arena bouts for arena events. */
function planResults(event: PlannedEvent, random: () => number): void {
  const approved = event.entries.filter((e) => e.status === 'approved');
  const rows: ResultEntry[] = approved.map((e): ResultEntry => {
    const present = e.attendance !== 'no_show';
    const total = present ? Math.round(Math.min(99, Math.max(30, 72 + (random() + random() + random() - 1.5) * 24)) * 100) : 0;
    const theory = present ? Math.round(total * (0.9 + random() * 0.2)) : 0;
    const stageTotals: Record<string, number> = present ? { 理论: Math.min(10000, theory), 实操: total } : {};
    return {
      key: e.id,
      total,
      stageTotals,
      aspectScores: {},
      deductions: 0,
      standing: present ? 'valid' : 'absent',
      skillLevel: e.member.skillLevel,
    };
  });
  const results = computeResults(rows, { tieBreaks: [], awards: event.awardsPlan });
  const byId = new Map(approved.map((e) => [e.id, e]));
  const rowOf = (key: string, rank: number | null, place: (typeof results.places)[number] | null): ResultRow => {
    const e = byId.get(key) as PlannedEntry;
    const r = rows.find((x) => x.key === key) as ResultEntry;
    return {
      entryId: key,
      number: e.number,
      name: e.member.name,
      judgingCode: null,
      employer: e.member.employer,
      county: e.member.county,
      standing: r.standing,
      rank,
      total: r.total,
      stageTotals: r.stageTotals,
      deductions: 0,
      award: place?.award ?? null,
      tier: place?.tier ?? null,
      titles: place?.titles ?? [],
      skillLevel: e.member.skillLevel,
      upgradeTo: place?.upgradeTo ?? null,
      upgradeNote: place?.upgradeNote ?? null,
      nominated: place?.nominated ?? false,
      disqualifiedReason: null,
    };
  };
  const resultRows = [...results.places.map((p) => rowOf(p.key, p.rank, p)), ...results.apart.map((a) => rowOf(a.key, null, null))];
  let arena: unknown = null;
  if (event.format === 'arena' && results.places.length >= 2) {
    // The top qualifier holds first; challengers in ranking order, each bout's winner by score.
    const order = results.places.map((p) => p.key);
    const challengers = order.slice(1, 1 + Math.min(order.length - 1, 3 + Math.floor(random() * 6)));
    let holder = order[0];
    let run = 0;
    let longest = { entryId: holder, defences: 0 };
    challengers.forEach((challenger, i) => {
      const holderScore = Math.round(6000 + random() * 4000);
      const taken = random() < 0.3;
      const challengerScore = taken ? Math.min(10000, holderScore + 1 + Math.floor(random() * 500)) : Math.max(0, holderScore - 1 - Math.floor(random() * 800));
      event.bouts.push({ number: i + 1, holderEntryId: holder, challengerEntryId: challenger, holderScore, challengerScore, outcome: taken ? 'taken' : 'defended' });
      if (taken) {
        holder = challenger;
        run = 0;
      } else {
        run += 1;
        if (run > longest.defences) longest = { entryId: holder, defences: run };
      }
    });
    const nameOf = (id: string) => (byId.get(id) as PlannedEntry).member.name;
    arena = { bouts: event.bouts.length, champion: { entryId: holder, name: nameOf(holder) }, longestDefence: longest.defences > 0 ? { entryId: longest.entryId, name: nameOf(longest.entryId), defences: longest.defences } : null };
    for (const row of resultRows) if (row.entryId === holder && !row.titles.includes('擂主')) row.titles = [...row.titles, '擂主'];
  }
  event.results = { rows: resultRows, validCount: results.validCount, tiers: results.tiers, arena };
}

/** Inserts `rows` as multi-row VALUES in chunks (PostgreSQL takes at most 65,535 parameters). */
async function insertRows(manager: EntityManager, table: string, columns: string[], rows: unknown[][], casts: Record<string, string> = {}): Promise<void> {
  const perChunk = Math.max(1, Math.floor(60_000 / columns.length));
  for (let i = 0; i < rows.length; i += perChunk) {
    const chunk = rows.slice(i, i + perChunk);
    const params: unknown[] = [];
    const values = chunk.map((row) => `(${row.map((v, c) => {
      params.push(v);
      return `$${params.length}${casts[columns[c]] ?? ''}`;
    }).join(', ')})`);
    await manager.query(`INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${values.join(', ')}`, params);
  }
}

/**
 * Writes a plan: events with their transitions, entries and people (ID numbers and phones
 * encrypted, masked copies, birth date, sex and employer type as every write path stores them),
 * arena bouts, the final result versions and their notices. Returns 0 when the plan's first event
 * is there already (seeded before), else the number of events written.
 */
export async function insertStatisticsDemo(manager: EntityManager, pii: DemoPii, plan: StatisticsDemoPlan): Promise<number> {
  if (plan.events.length === 0) return 0;
  const exists: unknown[] = await manager.query(`SELECT 1 FROM competition_event WHERE id = $1`, [plan.events[0].id]);
  if (exists.length > 0) return 0;
  const bureau = DEMO_USERS.find((u) => u.grants.some((g) => g.role === 'bureau_admin')) ?? DEMO_USERS[0];
  const day = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  await insertRows(
    manager,
    'competition_event',
    ['id', 'title', 'series', 'edition', 'occupation_code', 'occupation_name', 'organizer_org_id', 'county', 'venue', 'format', 'team_size', 'capacity', 'status', 'registration_closes_at', 'starts_at', 'level', 'industry_id', 'awards_plan', 'description', 'rounds', 'arena_first_holder'],
    plan.events.map((e) => [
      e.id,
      e.title,
      e.series,
      e.edition,
      e.occupationCode,
      e.occupationName,
      e.organizerOrgId,
      e.county,
      `${e.county}技能实训基地`,
      e.format,
      1,
      Math.max(20, e.entries.length + 10),
      e.status,
      new Date(e.startsAt.getTime() - 10 * 86_400_000),
      e.startsAt,
      e.level,
      e.industryId,
      JSON.stringify(e.awardsPlan),
      `${SERIES_LABELS[e.series]}往届赛项（演示数据）。`,
      JSON.stringify(e.format === 'rounds' ? ['preliminary', 'final'] : []),
      e.format === 'arena' ? 'qualifying_top' : null,
    ]),
    { awards_plan: '::jsonb', rounds: '::jsonb' },
  );
  const transitions: unknown[][] = [];
  for (const e of plan.events) {
    transitions.push([e.id, 'draft', 'submitted', null, '{department_organizer}', null, e.submittedAt]);
    if (e.decidedAt === null) {
      transitions.push([e.id, 'submitted', 'cancelled', null, '{department_organizer}', '承办场地调整，本届取消', new Date(e.submittedAt.getTime() + 5 * 86_400_000)]);
      continue;
    }
    if (e.status === 'rejected') {
      transitions.push([e.id, 'submitted', 'rejected', bureau.id, '{bureau_admin}', '与已批准赛项重复', e.decidedAt]);
      continue;
    }
    transitions.push([e.id, 'submitted', 'approved', bureau.id, '{bureau_admin}', null, e.decidedAt]);
    transitions.push([e.id, 'approved', 'published', bureau.id, '{bureau_admin}', null, new Date(e.decidedAt.getTime() + 86_400_000)]);
    for (const [from, to, days] of [
      ['published', 'registration_closed', -10],
      ['registration_closed', 'running', 0],
      ['running', 'scoring_closed', 1],
      ['scoring_closed', 'under_notice', 2],
      ['under_notice', 'final', 10],
    ] as const) {
      transitions.push([e.id, from, to, bureau.id, '{bureau_admin}', null, new Date(e.startsAt.getTime() + days * 86_400_000)]);
    }
    if (e.status === 'archived') transitions.push([e.id, 'final', 'archived', bureau.id, '{bureau_admin}', null, new Date(e.startsAt.getTime() + 60 * 86_400_000)]);
  }
  await insertRows(manager, 'event_transition', ['event_id', 'from_status', 'to_status', 'actor_user_id', 'actor_roles', 'reason', 'at'], transitions, { actor_roles: '::text[]' });

  const entries = plan.events.flatMap((e) => e.entries);
  const eventOf = new Map(plan.events.map((e) => [e.id, e]));
  await insertRows(
    manager,
    'entry',
    ['id', 'event_id', 'number', 'status', 'source', 'attendance', 'reason'],
    entries.map((x) => [x.id, x.eventId, x.number, x.status, 'import', x.attendance, x.status === 'rejected' ? '不符合报名条件' : null]),
  );
  await insertRows(
    manager,
    'entry_member',
    ['entry_id', 'event_id', 'position', 'name', 'id_number_enc', 'id_number_hmac', 'id_number_masked', 'phone_enc', 'phone_masked', 'county', 'employer', 'employer_in_dazhou', 'skill_level', 'certificate_no', 'occupation_code', 'active', 'birth_date', 'sex', 'employer_type'],
    entries.map((x) => {
      const m = x.member;
      const facts = personStatisticsFields(m.idNumber, m.employer);
      const event = eventOf.get(x.eventId) as PlannedEvent;
      return [
        x.id,
        x.eventId,
        0,
        m.name,
        pii.encrypt(m.idNumber),
        pii.lookupHash(m.idNumber),
        maskResidentId(m.idNumber),
        pii.encrypt(m.phone),
        maskPhone(m.phone),
        m.county,
        m.employer,
        true,
        m.skillLevel,
        m.skillLevel ? `GJ${m.idNumber.slice(-8)}` : null,
        event.occupationCode,
        x.status === 'approved' || x.status === 'waitlisted',
        facts.birthDate,
        facts.sex,
        facts.employerType,
      ];
    }),
  );
  const bouts = plan.events.flatMap((e) =>
    e.bouts.map((b) => {
      const at = new Date(e.startsAt.getTime() + b.number * 1_800_000);
      return [e.id, b.number, b.holderEntryId, b.challengerEntryId, 'decided', b.holderScore, b.challengerScore, b.outcome, bureau.id, at, bureau.id, new Date(at.getTime() + 1_200_000)];
    }),
  );
  await insertRows(manager, 'arena_bout', ['event_id', 'number', 'holder_entry_id', 'challenger_entry_id', 'status', 'holder_score', 'challenger_score', 'outcome', 'opened_by', 'opened_at', 'decided_by', 'decided_at'], bouts);
  const finals = plan.events.filter((e) => e.results !== null);
  await insertRows(
    manager,
    'result_version',
    ['event_id', 'version', 'inputs_hash', 'algorithm', 'cause', 'inputs', 'results', 'created_by', 'created_at'],
    finals.map((e) => [e.id, 1, `demo-${e.id}`, 'demo-statistics', 'scoring_closed', '{}', JSON.stringify(e.results), bureau.id, new Date(e.startsAt.getTime() + 86_400_000)]),
    { inputs: '::jsonb', results: '::jsonb' },
  );
  await insertRows(
    manager,
    'result_notice',
    ['event_id', 'version', 'starts_on', 'ends_on', 'opened_by', 'opened_at', 'final_version', 'final_by', 'final_at'],
    finals.map((e) => [e.id, 1, day(new Date(e.startsAt.getTime() + 2 * 86_400_000)), day(new Date(e.startsAt.getTime() + 9 * 86_400_000)), bureau.id, new Date(e.startsAt.getTime() + 2 * 86_400_000), 1, bureau.id, new Date(e.startsAt.getTime() + 10 * 86_400_000)]),
  );
  return plan.events.length;
}

