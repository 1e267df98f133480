import {
  AGE_BAND_LABELS,
  type AgeBand,
  type ContestantCell,
  type EmployerTypeKey,
  type PublicStatCell,
  SKILL_LEVEL_LABELS,
  type SkillLevel,
  SMALL_CELL_LABEL,
  SMALL_CELL_THRESHOLD,
  type StatCell,
  type StatisticsDashboard,
  type StatisticsTable,
  type SuppressedCount,
} from '@dz/contracts';

import { ageOn, parseResidentId, type Sex } from '../identity/resident-id';

/**
 * Pure rules of the bureau's statistics: what is derived from a person's record (birth date,
 * sex, employer type, age band), the small-cell suppression of public figures, and the tables
 * the exports write.
 */

/** Birth date (`YYYY-MM-DD`) and sex read from a valid resident ID number; null when it is not valid. */
export function residentIdFacts(idNumber: string): { birthDate: string; sex: Sex } | null {
  const parsed = parseResidentId(idNumber);
  if (!parsed.ok) return null;
  const { year, month, day } = parsed.value.birthDate;
  const birthDate = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { birthDate, sex: parsed.value.sex };
}

/** Words of a school's name (学校、学院、大学、技校、职校…): a contestant employed there counts as 院校. */
export const SCHOOL_NAME_WORDS = ['学校', '学院', '大学', '技校', '职校', '职中', '中专', '中学', '小学', '幼儿园', '党校'] as const;
/** Legal-form endings of an enterprise: they win over a school word ("学院路餐饮有限公司" is an enterprise). */
export const ENTERPRISE_NAME_ENDINGS = ['公司', '厂', '集团', '合作社', '商行', '酒店', '饭店', '店', '工作室', '事务所', '中心', '医院'] as const;

/**
 * 企业 or 院校 from the employer's name: `unknown` for a blank name; `enterprise` when the name
 * ends in a legal form of an enterprise; `school` when it contains a school word; else
 * `enterprise` (企业 and other employers: the statistics set schools against the rest).
 */
export function employerType(name: string | null | undefined): Exclude<EmployerTypeKey, 'unknown'> | 'unknown' {
  const trimmed = (name ?? '').trim();
  if (trimmed.length === 0) return 'unknown';
  if (ENTERPRISE_NAME_ENDINGS.some((ending) => trimmed.endsWith(ending))) return 'enterprise';
  if (SCHOOL_NAME_WORDS.some((word) => trimmed.includes(word))) return 'school';
  return 'enterprise';
}

/**
 * Lower bounds (whole years, inclusive) of the age bands after the first, in order: the SQL of
 * the statistics view is built from these, so the view and this function cannot disagree.
 */
export const AGE_BAND_LOWER_BOUNDS: readonly { band: Exclude<AgeBand, 'unknown' | 'under_25'>; from: number }[] = [
  { band: '25_34', from: 25 },
  { band: '35_44', from: 35 },
  { band: '45_54', from: 45 },
  { band: '55_plus', from: 55 },
];

/** The band of an age in whole years (≥ 0). */
export function ageBandOfAge(age: number): Exclude<AgeBand, 'unknown'> {
  let band: Exclude<AgeBand, 'unknown'> = 'under_25';
  for (const bound of AGE_BAND_LOWER_BOUNDS) if (age >= bound.from) band = bound.band;
  return band;
}

/**
 * The age band of a person born on `birthDate` (`YYYY-MM-DD`, or null) on `onDate` (the event's
 * first day, `YYYY-MM-DD`): `unknown` without a birth date or when it is after `onDate`.
 */
export function ageBand(birthDate: string | null, onDate: string): AgeBand {
  if (birthDate === null) return 'unknown';
  const toDate = (s: string) => ({ year: Number(s.slice(0, 4)), month: Number(s.slice(5, 7)), day: Number(s.slice(8, 10)) });
  if (birthDate > onDate) return 'unknown';
  return ageBandOfAge(ageOn(toDate(birthDate), toDate(onDate)));
}

/** A public count: 1–4 become "<5"; 0 stays 0 (no person can be singled out of nobody). */
export function suppressCount(count: number): SuppressedCount {
  return count > 0 && count < SMALL_CELL_THRESHOLD ? SMALL_CELL_LABEL : count;
}

/**
 * The cells of one public chart with small cells suppressed. When the chart's total is
 * published (`totalShown`), a single suppressed cell could be recovered by subtraction, so the
 * smallest other non-zero cell is suppressed too (complementary suppression). Order is kept.
 */
export function suppressCells(cells: readonly StatCell[], options: { totalShown?: boolean } = {}): PublicStatCell[] {
  const suppressed = new Set<number>();
  cells.forEach((c, i) => {
    if (c.count > 0 && c.count < SMALL_CELL_THRESHOLD) suppressed.add(i);
  });
  if (options.totalShown && suppressed.size === 1) {
    let smallest = -1;
    cells.forEach((c, i) => {
      if (!suppressed.has(i) && c.count > 0 && (smallest === -1 || c.count < cells[smallest].count)) smallest = i;
    });
    if (smallest !== -1) suppressed.add(smallest);
  }
  return cells.map((c, i) => ({ key: c.key, label: c.label, count: suppressed.has(i) ? SMALL_CELL_LABEL : c.count }));
}

/** "高级工→技师" for an upgrade key `senior>technician`; the key itself when a part is unknown. */
export function upgradeStepLabel(key: string): string {
  const [from, to] = key.split('>');
  const label = (level: string) => (level in SKILL_LEVEL_LABELS ? SKILL_LEVEL_LABELS[level as SkillLevel] : level === 'unknown' ? '未记录' : level);
  return to === undefined ? key : `${label(from)}→${label(to)}`;
}

/** A table as the exports write it: a title, column headings and rows of text and numbers. */
export interface StatisticsTableData {
  title: string;
  columns: string[];
  rows: (string | number)[][];
}

const contestantTable = (title: string, dimension: string, cells: readonly ContestantCell[]): StatisticsTableData => ({
  title,
  columns: [dimension, '报名人数', '审核通过', '实到人数'],
  rows: cells.map((c) => [c.label, c.registered, c.approved, c.present]),
});
const cellTable = (title: string, dimension: string, unit: string, cells: readonly StatCell[]): StatisticsTableData => ({
  title,
  columns: [dimension, unit],
  rows: cells.map((c) => [c.label, c.count]),
});

/** Chinese titles of the tables, for file names and headings. */
export const STATISTICS_TABLE_TITLES: Record<StatisticsTable, string> = {
  events_by_department: '各部门赛项申报与举办情况',
  events_by_status: '赛项状态分布',
  contestants_by_county: '参赛人员区县分布',
  contestants_by_industry: '参赛人员产业分布',
  contestants_by_occupation: '参赛人员职业（工种）分布',
  contestants_by_age: '参赛人员年龄结构',
  contestants_by_sex: '参赛人员性别结构',
  contestants_by_employer_type: '参赛人员单位类型',
  contestants_by_skill_level: '参赛人员赛前技能等级',
  prizes_by_tier: '获奖情况（按奖项等次）',
  titles: '荣誉称号',
  upgrades: '技能等级晋升推荐（按八级工阶梯）',
  nominations_by_year: '“巴渠工匠”推荐（按年度）',
  arena_champions: '擂台赛擂主及守擂情况',
  year_over_year: '同一赛事品牌历年对比',
};

/** One chart's table of a dashboard, as the xlsx export writes it. */
export function statisticsTable(dashboard: StatisticsDashboard, table: StatisticsTable): StatisticsTableData {
  const title = STATISTICS_TABLE_TITLES[table];
  const c = dashboard.contestants;
  const o = dashboard.outcomes;
  switch (table) {
    case 'events_by_department':
      return {
        title,
        columns: ['主办部门', '申报', '批准', '未批准', '已举办'],
        rows: dashboard.events.byDepartment.map((d) => [d.label, d.proposed, d.approved, d.rejected, d.held]),
      };
    case 'events_by_status':
      return cellTable(title, '状态', '赛项数', dashboard.events.byStatus);
    case 'contestants_by_county':
      return contestantTable(title, '区县', c.byCounty);
    case 'contestants_by_industry':
      return contestantTable(title, '产业', c.byIndustry);
    case 'contestants_by_occupation':
      return contestantTable(title, '职业（工种）', c.byOccupation);
    case 'contestants_by_age':
      return contestantTable(title, '年龄段', c.byAgeBand);
    case 'contestants_by_sex':
      return contestantTable(title, '性别', c.bySex);
    case 'contestants_by_employer_type':
      return contestantTable(title, '单位类型', c.byEmployerType);
    case 'contestants_by_skill_level':
      return contestantTable(title, '赛前技能等级', c.bySkillLevel);
    case 'prizes_by_tier':
      return cellTable(title, '奖项', '人数', o.prizesByTier);
    case 'titles':
      return cellTable(title, '称号', '人数', o.titles);
    case 'upgrades':
      return cellTable(title, '晋升', '人数', o.upgrades);
    case 'nominations_by_year':
      return {
        title,
        columns: ['年度', '推荐人数'],
        rows: [...o.nominations.byYear.map((y) => [y.label, y.count]), ['累计（目标 ' + o.nominations.target + ' 名）', o.nominations.cumulative]],
      };
    case 'arena_champions':
      return {
        title,
        columns: ['年度', '赛项', '擂主', '区县', '守擂成功次数', '擂台场次'],
        rows: o.arenaChampions.map((a) => [a.year, a.eventTitle, a.champion, a.county ?? '—', a.defences, a.bouts]),
      };
    case 'year_over_year':
      return {
        title,
        columns: ['赛事品牌', '年度', '赛项数', '报名人数', '实到人数', '获奖人数', '巴渠工匠推荐'],
        rows: dashboard.yearOverYear.map((y) => [y.seriesLabel, y.year, y.events, y.registered, y.present, y.awarded, y.nominated]),
      };
  }
}

/** Labels of the age bands in order, re-exported for charts. */
export const AGE_BAND_ORDER: readonly AgeBand[] = Object.keys(AGE_BAND_LABELS) as AgeBand[];

/**
 * What the statistics keep of a person when an entry is written (registration, Excel import,
 * demo seed): birth date and sex from the resident ID (null when it does not parse) and the
 * employer type (null for a blank employer).
 */
export function personStatisticsFields(
  idNumber: string,
  employer: string | null,
): { birthDate: string | null; sex: Sex | null; employerType: 'enterprise' | 'school' | null } {
  const facts = residentIdFacts(idNumber);
  const type = employerType(employer);
  return { birthDate: facts?.birthDate ?? null, sex: facts?.sex ?? null, employerType: type === 'unknown' ? null : type };
}
