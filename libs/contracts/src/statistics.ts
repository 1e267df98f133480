import { County, IsoDateTime, Uuid } from './common';
import { Series } from './events';
import { CompetitionLevel } from './proposals';
import { z } from './zod';

/**
 * The bureau's statistics (统计分析): what the competitions did for Dazhou's skills workforce.
 * Aggregated in SQL from materialized views refreshed by the `statistics.refresh` job; every
 * person figure counts people (the members of entries), not entries, so a team of three counts
 * three. Event figures count events.
 */

/** The seed policy's target of "巴渠工匠" (2025 and beyond). */
export const CRAFTSMAN_TARGET = 300;

/** Cells with fewer people than this are shown as "<5" on public pages. */
export const SMALL_CELL_THRESHOLD = 5;
export const SMALL_CELL_LABEL = '<5';

/** An empty query-string value ("?county=") means "no filter", not a bad value. */
const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

/** GET /statistics/dashboard (and the table exports): the filters. */
export const StatisticsQuery = z.object({
  year: z.preprocess(blankToUndefined, z.coerce.number({ message: '年度应为数字' }).int('年度应为整数').min(2000, '年度不早于 2000 年').max(2100, '年度不晚于 2100 年').optional()),
  series: z.preprocess(blankToUndefined, Series.optional()),
  level: z.preprocess(blankToUndefined, CompetitionLevel.optional()),
  /** The organising department; a department's own staff are always limited to their own. */
  departmentId: z.preprocess(blankToUndefined, Uuid.optional()),
  /** A node of the "3+3+N" tree: the node and everything below it. */
  industryId: z.preprocess(blankToUndefined, Uuid.optional()),
  /** Event figures: the event's county; person figures: the person's county. */
  county: z.preprocess(blankToUndefined, County.optional()),
});
export type StatisticsQuery = z.infer<typeof StatisticsQuery>;

/** GET /public/statistics: the open-data page filters only by year and series. */
export const PublicStatisticsQuery = StatisticsQuery.pick({ year: true, series: true });
export type PublicStatisticsQuery = z.infer<typeof PublicStatisticsQuery>;

/** Age bands (周岁 on the event's first day, from the resident ID); `unknown` without a birth date. */
export const AGE_BANDS = ['under_25', '25_34', '35_44', '45_54', '55_plus', 'unknown'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const AGE_BAND_LABELS: Record<AgeBand, string> = {
  under_25: '25岁以下',
  '25_34': '25–34岁',
  '35_44': '35–44岁',
  '45_54': '45–54岁',
  '55_plus': '55岁及以上',
  unknown: '未知',
};

export const SEXES = ['male', 'female', 'unknown'] as const;
export type SexKey = (typeof SEXES)[number];
export const SEX_LABELS: Record<SexKey, string> = { male: '男', female: '女', unknown: '未知' };

export const EMPLOYER_TYPES = ['enterprise', 'school', 'unknown'] as const;
export type EmployerTypeKey = (typeof EMPLOYER_TYPES)[number];
export const EMPLOYER_TYPE_LABELS: Record<EmployerTypeKey, string> = { enterprise: '企业', school: '院校', unknown: '未知' };

/** A bar of a chart: a key (for code), a Chinese label and its count. */
export const StatCell = z.object({ key: z.string(), label: z.string(), count: z.number().int() });
export type StatCell = z.infer<typeof StatCell>;

/** People by one dimension: registered (报名), approved (审核通过) and present (实到). */
export const ContestantCell = z.object({
  key: z.string(),
  label: z.string(),
  registered: z.number().int(),
  approved: z.number().int(),
  present: z.number().int(),
});
export type ContestantCell = z.infer<typeof ContestantCell>;

export const DepartmentEventsRow = z.object({
  key: z.string(),
  label: z.string(),
  proposed: z.number().int(),
  approved: z.number().int(),
  rejected: z.number().int(),
  held: z.number().int(),
});
export type DepartmentEventsRow = z.infer<typeof DepartmentEventsRow>;

export const ArenaChampionRow = z.object({
  eventId: Uuid,
  eventTitle: z.string(),
  year: z.number().int(),
  /** Masked (张*三): the dashboard is seen by departments too. */
  champion: z.string(),
  county: z.string().nullable(),
  /** Bouts the champion defended in their final run as holder (守擂成功次数). */
  defences: z.number().int(),
  bouts: z.number().int(),
});
export type ArenaChampionRow = z.infer<typeof ArenaChampionRow>;

export const YearOverYearRow = z.object({
  series: Series,
  seriesLabel: z.string(),
  year: z.number().int(),
  events: z.number().int(),
  registered: z.number().int(),
  present: z.number().int(),
  awarded: z.number().int(),
  nominated: z.number().int(),
});
export type YearOverYearRow = z.infer<typeof YearOverYearRow>;

export const StatisticsDashboard = z.object({
  /** The filters applied (a department's own organisation forced in). */
  filters: StatisticsQuery,
  scope: z.enum(['bureau', 'department']),
  /** When the figures were last rebuilt (null: never since the database was created). */
  refreshedAt: IsoDateTime.nullable(),
  events: z.object({
    totals: z.object({ proposed: z.number().int(), approved: z.number().int(), rejected: z.number().int(), held: z.number().int(), final: z.number().int() }),
    byDepartment: z.array(DepartmentEventsRow),
    byStatus: z.array(StatCell),
    /** Median days from first submission to approval; null without an approved proposal with both dates. */
    medianApprovalDays: z.number().nullable(),
    approvalSamples: z.number().int(),
  }),
  contestants: z.object({
    totals: z.object({ registered: z.number().int(), approved: z.number().int(), present: z.number().int() }),
    byCounty: z.array(ContestantCell),
    byIndustry: z.array(ContestantCell),
    byOccupation: z.array(ContestantCell),
    byAgeBand: z.array(ContestantCell),
    bySex: z.array(ContestantCell),
    byEmployerType: z.array(ContestantCell),
    bySkillLevel: z.array(ContestantCell),
  }),
  outcomes: z.object({
    /** People with an award in final results. */
    awarded: z.number().int(),
    prizesByTier: z.array(StatCell),
    titles: z.array(StatCell),
    /** Recommended upgrades by step on the 八级工 ladder (key `from>to`). */
    upgrades: z.array(StatCell),
    nominations: z.object({
      /** Nominated under the filters. */
      count: z.number().int(),
      /** Nominated in every year (the other filters applied): what counts against the target. */
      cumulative: z.number().int(),
      target: z.number().int(),
      byYear: z.array(StatCell),
    }),
    arenaChampions: z.array(ArenaChampionRow),
    /** Champions by the length of their final defence run (0, 1, 2, 3, 4+). */
    defenceRuns: z.array(StatCell),
  }),
  /** Every year of the same series (the year filter is not applied here). */
  yearOverYear: z.array(YearOverYearRow),
  options: z.object({
    years: z.array(z.number().int()),
    departments: z.array(z.object({ id: Uuid, name: z.string() })),
  }),
});
export type StatisticsDashboard = z.infer<typeof StatisticsDashboard>;

/** The chart tables a person can download as xlsx. */
export const STATISTICS_TABLES = [
  'events_by_department',
  'events_by_status',
  'contestants_by_county',
  'contestants_by_industry',
  'contestants_by_occupation',
  'contestants_by_age',
  'contestants_by_sex',
  'contestants_by_employer_type',
  'contestants_by_skill_level',
  'prizes_by_tier',
  'titles',
  'upgrades',
  'nominations_by_year',
  'arena_champions',
  'year_over_year',
] as const;
export const StatisticsTable = z.enum(STATISTICS_TABLES, { message: '没有这张统计表' });
export type StatisticsTable = z.infer<typeof StatisticsTable>;
export const StatisticsTableParam = z.object({ table: StatisticsTable });

/** GET /statistics/annual-report.{xlsx,pdf}: the year is required. */
export const AnnualReportQuery = StatisticsQuery.pick({ series: true }).extend({
  year: z.coerce.number({ message: '请选择年度' }).int('年度应为整数').min(2000, '年度不早于 2000 年').max(2100, '年度不晚于 2100 年'),
});
export type AnnualReportQuery = z.infer<typeof AnnualReportQuery>;

/** POST /statistics/refresh → 202 */
export const StatisticsRefreshReply = z.object({ jobId: z.string() });
export type StatisticsRefreshReply = z.infer<typeof StatisticsRefreshReply>;

// ── public (开放数据) ──

/** A count of people on a public page: a number, or "<5" for 1–4 (and for a cell that would reveal one). */
export const SuppressedCount = z.union([z.number().int(), z.literal(SMALL_CELL_LABEL)]);
export type SuppressedCount = z.infer<typeof SuppressedCount>;

export const PublicStatCell = z.object({ key: z.string(), label: z.string(), count: SuppressedCount });
export type PublicStatCell = z.infer<typeof PublicStatCell>;

export const PublicStatistics = z.object({
  filters: PublicStatisticsQuery,
  refreshedAt: IsoDateTime.nullable(),
  years: z.array(z.number().int()),
  events: z.object({ held: SuppressedCount, bySeries: z.array(PublicStatCell) }),
  contestants: z.object({
    registered: SuppressedCount,
    present: SuppressedCount,
    byCounty: z.array(PublicStatCell),
    byIndustry: z.array(PublicStatCell),
    byAgeBand: z.array(PublicStatCell),
    bySex: z.array(PublicStatCell),
    byEmployerType: z.array(PublicStatCell),
    bySkillLevel: z.array(PublicStatCell),
  }),
  outcomes: z.object({
    awarded: SuppressedCount,
    prizesByTier: z.array(PublicStatCell),
    upgrades: z.array(PublicStatCell),
    nominations: z.object({ cumulative: SuppressedCount, target: z.number().int() }),
  }),
});
export type PublicStatistics = z.infer<typeof PublicStatistics>;
