import {
  AGE_BAND_LABELS,
  AGE_BANDS,
  AppError,
  COUNTIES,
  CRAFTSMAN_TARGET,
  EMPLOYER_TYPE_LABELS,
  EMPLOYER_TYPES,
  ErrorCode,
  EVENT_STATUS_LABELS,
  EVENT_STATUSES,
  SERIES,
  SERIES_LABELS,
  SEX_LABELS,
  SEXES,
  SKILL_LEVEL_LABELS,
  SKILL_LEVELS,
  type AnnualReportQuery,
  type ContestantCell,
  type PublicStatistics,
  type PublicStatisticsQuery,
  type Series,
  type SkillLevel,
  type StatCell,
  type StatisticsDashboard,
  type StatisticsQuery,
  type StatisticsTable,
} from '@dz/contracts';
import { maskName, statisticsTable, STATISTICS_TABLE_TITLES, suppressCells, suppressCount, upgradeStepLabel } from '@dz/domain';
import { AuditRepository, StatisticsRepository, type StatisticsFilter } from '@dz/persistence';
import { Injectable } from '@nestjs/common';
import type { RequestMeta } from '../auth/auth.types';
import { actorOf, type Principal } from '../auth/principal';
import { JobQueue } from '../queue/job-queue';
import { renderStatisticsPdf } from './exports/statistics-pdf';
import { renderStatisticsXlsx, type ReportSummaryLine } from './exports/statistics-xlsx';

const unknownLabel = (key: string, labels: Record<string, string>) => labels[key] ?? (key === 'unknown' ? '未知' : key);

/** Cells in a fixed order (every key shown, zero when absent), labelled. */
function ordered(cells: readonly ContestantCell[], keys: readonly string[], labels: Record<string, string>): ContestantCell[] {
  const byKey = new Map(cells.map((c) => [c.key, c]));
  const known = keys.map((key) => ({ ...(byKey.get(key) ?? { key, registered: 0, approved: 0, present: 0 }), key, label: unknownLabel(key, labels) }));
  const extra = cells.filter((c) => !keys.includes(c.key)).map((c) => ({ ...c, label: unknownLabel(c.key, labels) }));
  return [...known, ...extra];
}

const ladderIndex = (level: string) => {
  const i = SKILL_LEVELS.indexOf(level as SkillLevel);
  return i === -1 ? -1 : i;
};

/** A file name for a download: the title and the filters that matter. */
function fileBase(title: string, query: { year?: number }): string {
  return `${query.year ? `${query.year}年` : ''}${title}`;
}

export interface StatisticsFile {
  content: Buffer;
  fileName: string;
}

/**
 * The bureau's statistics: the dashboard (bureau: everything; a department: its own events
 * only), the public open-data figures with small cells suppressed, the chart tables and the
 * annual report as files, and the refresh of the views.
 */
@Injectable()
export class StatisticsService {
  constructor(
    private readonly statistics: StatisticsRepository,
    private readonly audit: AuditRepository,
    private readonly jobs: JobQueue,
  ) {}

  /** The filter a caller may use: the bureau any, a department its own organisations' events. */
  scopeOf(principal: Principal, query: StatisticsQuery): { filter: StatisticsFilter; applied: StatisticsQuery; scope: 'bureau' | 'department' } {
    const base = { year: query.year, series: query.series, level: query.level, industryId: query.industryId, county: query.county };
    if (principal.roles.includes('bureau_admin')) {
      return { filter: { ...base, organizerOrgIds: query.departmentId ? [query.departmentId] : null }, applied: query, scope: 'bureau' };
    }
    const own = principal.grants.filter((g) => g.role === 'department_organizer' && g.organisationId).map((g) => g.organisationId as string);
    if (own.length === 0) throw new AppError(ErrorCode.Forbidden, '没有所属部门，不能查看统计');
    if (query.departmentId && !own.includes(query.departmentId)) throw new AppError(ErrorCode.Forbidden, '只能查看本部门主办赛项的统计');
    const ids = query.departmentId ? [query.departmentId] : own;
    return { filter: { ...base, organizerOrgIds: ids }, applied: { ...query, departmentId: ids.length === 1 ? ids[0] : query.departmentId }, scope: 'department' };
  }

  async dashboard(principal: Principal, query: StatisticsQuery): Promise<StatisticsDashboard> {
    const { filter, applied, scope } = this.scopeOf(principal, query);
    return this.build(filter, applied, scope);
  }

  private async build(filter: StatisticsFilter, applied: StatisticsQuery, scope: 'bureau' | 'department'): Promise<StatisticsDashboard> {
    const s = this.statistics;
    const [
      refreshedAt,
      eventTotals,
      byDepartment,
      byStatus,
      approval,
      totals,
      byCounty,
      byIndustry,
      byOccupation,
      byAgeBand,
      bySex,
      byEmployerType,
      bySkillLevel,
      prizes,
      titles,
      upgrades,
      nominations,
      champions,
      yoy,
      years,
      departments,
    ] = await Promise.all([
      s.refreshedAt(),
      s.eventTotals(filter),
      s.eventsByDepartment(filter),
      s.eventsByStatus(filter),
      s.approvalMedian(filter),
      s.contestantTotals(filter),
      s.contestantsBy(filter, 'county'),
      s.contestantsBy(filter, 'industry'),
      s.contestantsBy(filter, 'occupation'),
      s.contestantsBy(filter, 'age_band'),
      s.contestantsBy(filter, 'sex'),
      s.contestantsBy(filter, 'employer_type'),
      s.contestantsBy(filter, 'skill_level'),
      s.prizesByTier(filter),
      s.titles(filter),
      s.upgrades(filter),
      s.nominations(filter),
      s.arenaChampions(filter),
      s.yearOverYear(filter),
      s.years(),
      s.departments(scope === 'department' ? filter.organizerOrgIds : null),
    ]);
    const statusCells: StatCell[] = EVENT_STATUSES.map((status) => ({ key: status, label: EVENT_STATUS_LABELS[status], count: byStatus.find((r) => r.key === status)?.count ?? 0 })).filter(
      (c) => c.count > 0,
    );
    const skillLabels: Record<string, string> = { ...SKILL_LEVEL_LABELS, unknown: '未记录' };
    const runs = [0, 1, 2, 3, 4].map((d) => ({
      key: d === 4 ? '4+' : String(d),
      label: d === 4 ? '4次及以上' : `${d}次`,
      count: champions.filter((c) => (d === 4 ? c.defences >= 4 : c.defences === d)).length,
    }));
    return {
      filters: applied,
      scope,
      refreshedAt: refreshedAt ? refreshedAt.toISOString() : null,
      events: {
        totals: eventTotals,
        byDepartment,
        byStatus: statusCells,
        medianApprovalDays: approval.medianDays === null ? null : Math.round(approval.medianDays * 10) / 10,
        approvalSamples: approval.samples,
      },
      contestants: {
        totals: { registered: totals.registered, approved: totals.approved, present: totals.present },
        byCounty: ordered(byCounty, [...COUNTIES], Object.fromEntries(COUNTIES.map((c) => [c, c]))),
        byIndustry,
        byOccupation: byOccupation.slice(0, 20),
        byAgeBand: ordered(byAgeBand, AGE_BANDS, AGE_BAND_LABELS),
        bySex: ordered(bySex, SEXES, SEX_LABELS),
        byEmployerType: ordered(byEmployerType, EMPLOYER_TYPES, EMPLOYER_TYPE_LABELS),
        bySkillLevel: ordered(bySkillLevel, [...SKILL_LEVELS, 'unknown'], skillLabels),
      },
      outcomes: {
        awarded: totals.awarded,
        prizesByTier: prizes,
        titles,
        upgrades: upgrades
          .map((u) => ({ ...u, label: upgradeStepLabel(u.key) }))
          .sort((a, b) => ladderIndex(a.key.split('>')[0]) - ladderIndex(b.key.split('>')[0])),
        nominations: { count: nominations.count, cumulative: nominations.cumulative, target: CRAFTSMAN_TARGET, byYear: nominations.byYear.map((y) => ({ key: String(y.year), label: `${y.year}年`, count: y.count })) },
        arenaChampions: champions.map((c) => ({ eventId: c.eventId, eventTitle: c.eventTitle, year: c.year, champion: maskName(c.name), county: c.county, defences: c.defences, bouts: c.bouts })),
        defenceRuns: runs,
      },
      yearOverYear: yoy
        .filter((y): y is typeof y & { series: Series } => (SERIES as readonly string[]).includes(y.series))
        .map((y) => ({ ...y, seriesLabel: SERIES_LABELS[y.series] })),
      options: { years, departments },
    };
  }

  /**
   * The open-data figures: aggregated only, by year and series, every count of people with
   * 1–4 shown as "<5" (and one more cell where a shown total would reveal a single hidden one).
   */
  async publicStatistics(query: PublicStatisticsQuery): Promise<PublicStatistics> {
    const filter: StatisticsFilter = { year: query.year, series: query.series };
    const d = await this.build(filter, query, 'bureau');
    const people = (cells: readonly ContestantCell[], totalShown = true) =>
      suppressCells(
        cells.map((c) => ({ key: c.key, label: c.label, count: c.registered })),
        { totalShown },
      );
    const bySeries = SERIES.map((series) => ({
      key: series,
      label: SERIES_LABELS[series],
      count: d.yearOverYear.filter((y) => y.series === series && (query.year === undefined || y.year === query.year)).reduce((sum, y) => sum + y.events, 0),
    }));
    return {
      filters: query,
      refreshedAt: d.refreshedAt,
      years: d.options.years,
      // Events are not people: shown as they are.
      events: { held: d.events.totals.held, bySeries },
      contestants: {
        registered: suppressCount(d.contestants.totals.registered),
        present: suppressCount(d.contestants.totals.present),
        byCounty: people(d.contestants.byCounty),
        byIndustry: people(d.contestants.byIndustry),
        byAgeBand: people(d.contestants.byAgeBand),
        bySex: people(d.contestants.bySex),
        byEmployerType: people(d.contestants.byEmployerType),
        bySkillLevel: people(d.contestants.bySkillLevel),
      },
      outcomes: {
        awarded: suppressCount(d.outcomes.awarded),
        prizesByTier: suppressCells(d.outcomes.prizesByTier, { totalShown: true }),
        upgrades: suppressCells(d.outcomes.upgrades),
        nominations: { cumulative: suppressCount(d.outcomes.nominations.cumulative), target: d.outcomes.nominations.target },
      },
    };
  }

  /** Queues a refresh of the views (the bureau, on demand) and audits the request. */
  async refresh(principal: Principal, meta: RequestMeta): Promise<{ jobId: string }> {
    const jobId = await this.jobs.enqueue('statistics.refresh', { reason: 'requested', eventId: null, requestedBy: principal.user.id });
    await this.audit.append({ ...actorOf(principal), action: 'statistics.refresh_requested', entityType: 'system', entityId: 'statistics', detail: { jobId }, ...meta });
    return { jobId };
  }

  /** One chart's table as xlsx, under the caller's scope; the export is audited. */
  async tableFile(principal: Principal, table: StatisticsTable, query: StatisticsQuery, meta: RequestMeta): Promise<StatisticsFile> {
    const dashboard = await this.dashboard(principal, query);
    const data = statisticsTable(dashboard, table);
    const content = await renderStatisticsXlsx({ title: data.title, filters: this.filterLine(dashboard), summary: [], tables: [data] });
    await this.audit.append({ ...actorOf(principal), action: 'statistics.exported', entityType: 'system', entityId: 'statistics', detail: { table, format: 'xlsx', filters: dashboard.filters, rows: data.rows.length }, ...meta });
    return { content, fileName: `${fileBase(STATISTICS_TABLE_TITLES[table], query)}.xlsx` };
  }

  /** 年度技能竞赛工作统计表: every table of a year as xlsx, or as PDF with bar charts; audited. */
  async annualReport(principal: Principal, query: AnnualReportQuery, format: 'xlsx' | 'pdf', meta: RequestMeta): Promise<StatisticsFile> {
    const dashboard = await this.dashboard(principal, { year: query.year, series: query.series });
    const title = `${query.year}年度技能竞赛工作统计表`;
    const summary = this.summaryLines(dashboard);
    const tables = (Object.keys(STATISTICS_TABLE_TITLES) as StatisticsTable[]).map((t) => ({ key: t, ...statisticsTable(dashboard, t) }));
    const report = { title, filters: this.filterLine(dashboard), summary, tables };
    const content = format === 'xlsx' ? await renderStatisticsXlsx(report) : await renderStatisticsPdf(report);
    await this.audit.append({ ...actorOf(principal), action: 'statistics.exported', entityType: 'system', entityId: 'statistics', detail: { table: 'annual_report', format, filters: dashboard.filters }, ...meta });
    return { content, fileName: `${title}.${format}` };
  }

  private summaryLines(d: StatisticsDashboard): ReportSummaryLine[] {
    return [
      { label: '申报赛项', value: d.events.totals.proposed, unit: '项' },
      { label: '批准赛项', value: d.events.totals.approved, unit: '项' },
      { label: '举办赛项', value: d.events.totals.held, unit: '项' },
      { label: '申报至批准用时（中位数）', value: d.events.medianApprovalDays ?? '—', unit: d.events.medianApprovalDays === null ? '' : '天' },
      { label: '报名人数', value: d.contestants.totals.registered, unit: '人' },
      { label: '审核通过', value: d.contestants.totals.approved, unit: '人' },
      { label: '实到人数', value: d.contestants.totals.present, unit: '人' },
      { label: '获奖人数', value: d.outcomes.awarded, unit: '人' },
      { label: '技能等级晋升推荐', value: d.outcomes.upgrades.reduce((s, u) => s + u.count, 0), unit: '人' },
      { label: '“巴渠工匠”推荐（本年度）', value: d.outcomes.nominations.count, unit: '人' },
      { label: `“巴渠工匠”累计推荐（目标 ${d.outcomes.nominations.target} 名）`, value: d.outcomes.nominations.cumulative, unit: '人' },
      { label: '擂台赛擂主', value: d.outcomes.arenaChampions.length, unit: '人' },
    ];
  }

  private filterLine(d: StatisticsDashboard): string {
    const f = d.filters;
    const parts = [
      f.year ? `${f.year}年` : '全部年度',
      f.series ? SERIES_LABELS[f.series] : '全部赛事品牌',
      f.departmentId ? (d.options.departments.find((x) => x.id === f.departmentId)?.name ?? '指定部门') : d.scope === 'department' ? '本部门' : '全部部门',
      f.county ?? '',
    ].filter((p) => p.length > 0);
    return `统计范围：${parts.join('，')}${d.refreshedAt ? `；数据更新于 ${formatDateTime(d.refreshedAt)}` : ''}`;
  }
}

/** `YYYY年M月D日 HH:mm` in China time. */
export function formatDateTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

