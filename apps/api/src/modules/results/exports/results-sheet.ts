/**
 * The results of one event as both exports (the xlsx report and the PDF notice) take them.
 * The caller prepares everything shown: it masks names and ID numbers for the audience the file
 * is for, orders the rows and turns codes into labels. The renderers display what they get.
 */

export type ResultsStanding = 'valid' | 'absent' | 'disqualified';
export type ResultsSheetStatus = 'draft' | 'notice' | 'final';

export interface ResultsSheetRow {
  /** Null for entries listed apart (absent, disqualified). Shared ranks repeat (1, 2, 2, 4). */
  rank: number | null;
  standing: ResultsStanding;
  /** Entry number (报名序号). */
  number: number;
  judgingCode: string | null;
  /** As to be shown (the caller masks it for the public notice, e.g. 张*三). */
  name: string;
  /** e.g. 5117**********1234 */
  idMasked: string;
  /** 工作单位/学校 */
  employer: string | null;
  /** 区县 label */
  county: string | null;
  /** Stage name → score in hundredths of a point; null when the stage has no score. */
  stageScores: Record<string, number | null>;
  /** Hundredths of a point (out of 100 = 10000). */
  total: number;
  /** 一等奖 … */
  award: string | null;
  /** 技能达人, 擂主 … */
  titles: string[];
  /** Skill-level label, e.g. 高级工. */
  upgradeTo: string | null;
  /** 巴渠工匠 nomination. */
  nominated: boolean;
}

export interface ResultsSheet {
  eventTitle: string;
  seriesLabel: string;
  organiser: string;
  occupation: string;
  /** Weights in percent. */
  stages: { name: string; weight: number }[];
  version: number;
  computedAt: Date;
  inputsHash: string;
  status: ResultsSheetStatus;
  /** Calendar dates 'YYYY-MM-DD'. */
  notice: { startsOn: string; endsOn: string } | null;
  /** 达州市人力资源和社会保障局 */
  issuer: string;
  /** Places first in rank order, then those apart. */
  rows: ResultsSheetRow[];
  arena?: { champion: string | null; longestDefence: { name: string; defences: number } | null } | null;
}

/** Dazhou keeps China Standard Time all year (UTC+8, no daylight saving). */
const CHINA_OFFSET_MS = 8 * 3600 * 1000;

/** A calendar date 'YYYY-MM-DD' as written in Chinese documents: 2026年12月1日. */
export function formatIsoDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error(`Not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  return `${Number(match[1])}年${Number(match[2])}月${Number(match[3])}日`;
}

/** An instant as the calendar date in Dazhou: 2026年12月1日. */
export function formatChinaDate(at: Date): string {
  const china = new Date(at.getTime() + CHINA_OFFSET_MS);
  return `${china.getUTCFullYear()}年${china.getUTCMonth() + 1}月${china.getUTCDate()}日`;
}

/** Hundredths of a point as a number of points (8750 → 87.5). */
export function pointsOf(hundredths: number): number {
  return Math.round(hundredths) / 100;
}

/** Hundredths of a point as text with two decimals (8750 → '87.50'). */
export function formatPoints(hundredths: number): string {
  return pointsOf(hundredths).toFixed(2);
}

/** What the rank column shows: the place, 缺考 or 取消资格. */
export function rankLabel(row: Pick<ResultsSheetRow, 'rank' | 'standing'>): string {
  if (row.standing === 'absent') return '缺考';
  if (row.standing === 'disqualified') return '取消资格';
  return row.rank === null ? '' : String(row.rank);
}

/** Whether a row is listed apart from the places (no rank, no counted score). */
export function isApart(row: Pick<ResultsSheetRow, 'standing'>): boolean {
  return row.standing !== 'valid';
}

/** The notice period as written in the notice: 2026年12月1日至2026年12月7日. */
export function formatNoticePeriod(notice: { startsOn: string; endsOn: string }): string {
  return `${formatIsoDate(notice.startsOn)}至${formatIsoDate(notice.endsOn)}`;
}
