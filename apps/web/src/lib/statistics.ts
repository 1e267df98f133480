import { PublicStatistics, StatisticsDashboard, type ContestantCell, type PublicStatCell, type StatCell, type StatisticsQuery, type StatisticsTable } from '@dz/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiDownload, apiRequest } from './api';

/** The filters as query-string values (absent ones left out). */
export function statisticsParams(query: StatisticsQuery): Record<string, string | number | undefined> {
  return { year: query.year, series: query.series, level: query.level, departmentId: query.departmentId, industryId: query.industryId, county: query.county };
}

export function useStatistics(query: StatisticsQuery) {
  return useQuery({
    queryKey: ['statistics', query],
    queryFn: ({ signal }) => apiRequest('/api/statistics/dashboard', StatisticsDashboard, { query: statisticsParams(query), signal }),
    placeholderData: keepPreviousData,
  });
}

export function usePublicStatistics(query: Pick<StatisticsQuery, 'year' | 'series'>) {
  return useQuery({
    queryKey: ['public-statistics', query],
    queryFn: ({ signal }) => apiRequest('/api/public/statistics', PublicStatistics, { query: { year: query.year, series: query.series }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function downloadTable(table: StatisticsTable, query: StatisticsQuery, title: string): Promise<void> {
  return apiDownload(`/api/statistics/tables/${table}/export.xlsx`, `${title}.xlsx`, { query: statisticsParams(query) });
}

export function downloadAnnualReport(year: number, format: 'xlsx' | 'pdf'): Promise<void> {
  return apiDownload(`/api/statistics/annual-report.${format}`, `${year}年度技能竞赛工作统计表.${format}`, { query: { year } });
}

/** One series of bars: a name and a value per category. */
export interface BarSeries {
  name: string;
  values: number[];
}

export interface BarChartData {
  categories: string[];
  series: BarSeries[];
  /** Bars laid horizontally (long labels, ranked lists). */
  horizontal?: boolean;
}

/** Registered / approved / present per category, for a grouped bar chart. */
export function contestantBars(cells: readonly ContestantCell[], options: { horizontal?: boolean; hideEmpty?: boolean } = {}): BarChartData {
  const shown = options.hideEmpty ? cells.filter((c) => c.registered > 0) : cells;
  return {
    categories: shown.map((c) => c.label),
    series: [
      { name: '报名', values: shown.map((c) => c.registered) },
      { name: '审核通过', values: shown.map((c) => c.approved) },
      { name: '实到', values: shown.map((c) => c.present) },
    ],
    horizontal: options.horizontal,
  };
}

export function cellBars(cells: readonly StatCell[], name: string, horizontal = false): BarChartData {
  return { categories: cells.map((c) => c.label), series: [{ name, values: cells.map((c) => c.count) }], horizontal };
}

/**
 * Public cells as bars: a "<5" cell is drawn as a bar of 0 with its label kept, so the chart
 * never shows a small count; the table beside shows "<5".
 */
export function publicBars(cells: readonly PublicStatCell[], name: string, horizontal = false): BarChartData {
  return { categories: cells.map((c) => c.label), series: [{ name, values: cells.map((c) => (typeof c.count === 'number' ? c.count : 0)) }], horizontal };
}

/** The ECharts option of a bar chart (only bar, grid, tooltip and legend: the parts we load). */
export function barOption(data: BarChartData): Record<string, unknown> {
  const category = { type: 'category', data: data.horizontal ? [...data.categories].reverse() : data.categories, axisLabel: { interval: 0, rotate: !data.horizontal && data.categories.length > 6 ? 30 : 0 } };
  const value = { type: 'value', minInterval: 1 };
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: data.series.length > 1 ? { top: 0 } : undefined,
    grid: { left: 8, right: 24, top: data.series.length > 1 ? 32 : 12, bottom: 8, containLabel: true },
    xAxis: data.horizontal ? value : category,
    yAxis: data.horizontal ? category : value,
    series: data.series.map((s) => ({ name: s.name, type: 'bar', data: data.horizontal ? [...s.values].reverse() : s.values, barMaxWidth: 28, label: { show: data.series.length === 1, position: data.horizontal ? 'right' : 'top' } })),
  };
}

/** The year-over-year chart: one line per series of the chosen measure. */
export function yearOverYearOption(rows: StatisticsDashboard['yearOverYear'], measure: 'registered' | 'events' | 'awarded'): Record<string, unknown> {
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
  const seriesNames = [...new Set(rows.map((r) => r.seriesLabel))];
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: years.map((y) => `${y}年`) },
    yAxis: { type: 'value', minInterval: 1 },
    series: seriesNames.map((name) => ({
      name,
      type: 'line',
      data: years.map((y) => rows.find((r) => r.year === y && r.seriesLabel === name)?.[measure] ?? 0),
    })),
  };
}
