import type { StaffStandingRow, TieBreak } from '@dz/contracts';

/**
 * Ranking (排名) of a live board: by the weighted total, then the event's tie-break chain
 * (并列处理); rows equal on all of it share a rank, standard competition ranking (1, 2, 2, 4).
 * Every score is an integer in hundredths, so comparisons are exact.
 */

/**
 * What ranking needs of a row. A public row has it as is; a staff row is keyed by its entry id
 * (see keyedStaffRow). `key` identifies the row on a board and orders equal rows for display.
 */
export interface RankableRow {
  key: string;
  /** The stage-weighted total, hundredths. */
  total: number;
  /** Each stage's score, hundredths; a stage without marks is absent (counts as 0). */
  stageTotals: Record<string, number>;
  /** Each aspect's score keyed `stage/aspectKey`, hundredths; absent counts as 0. */
  aspectScores: Record<string, number>;
  /** Marks taken off by deduction aspects, hundredths (fewer ranks ahead in a tie-break). */
  deductions: number;
  /** Seconds each stage took (用时), where recorded (less ranks ahead in a tie-break). */
  timeUsed?: Record<string, number>;
}

/** A row with its shared rank (1-based). */
export interface RankedRow<R> {
  row: R;
  rank: number;
}

/** A staff row keyed by its entry id, so it can go on a board. */
export type KeyedStaffRow = StaffStandingRow & { key: string };

/** The staff row with `key` = its entryId. */
export function keyedStaffRow(row: StaffStandingRow): KeyedStaffRow {
  return { ...row, key: row.entryId };
}

const scoreIn = (scores: Record<string, number>, key: string): number =>
  Object.hasOwn(scores, key) ? scores[key] : 0;

/** The row's time on the stage, null when none is recorded. */
const timeIn = (row: RankableRow, stage: string): number | null =>
  row.timeUsed && Object.hasOwn(row.timeUsed, stage) ? row.timeUsed[stage] : null;

/** -1, 0 or 1: -1 when `a` is the higher (so ranks ahead). */
const higherFirst = (a: number, b: number): number => (a > b ? -1 : a < b ? 1 : 0);

/** One tie-break: -1 when `a` ranks ahead on it, 1 when `b` does, 0 when equal. */
function tieBreakOrder(a: RankableRow, b: RankableRow, tieBreak: TieBreak): number {
  switch (tieBreak.kind) {
    case 'stage':
      return higherFirst(scoreIn(a.stageTotals, tieBreak.stage), scoreIn(b.stageTotals, tieBreak.stage));
    case 'aspect': {
      const key = `${tieBreak.stage}/${tieBreak.aspectKey}`;
      return higherFirst(scoreIn(a.aspectScores, key), scoreIn(b.aspectScores, key));
    }
    case 'less_time': {
      // A recorded time ranks ahead of none; of two, the shorter.
      const ta = timeIn(a, tieBreak.stage);
      const tb = timeIn(b, tieBreak.stage);
      if (ta === null || tb === null) return ta === tb ? 0 : ta === null ? 1 : -1;
      return higherFirst(tb, ta);
    }
    case 'fewer_deductions':
      return higherFirst(b.deductions, a.deductions);
    default:
      throw new RangeError(`未知的并列处理规则：${String((tieBreak as { kind: unknown }).kind)}`);
  }
}

/**
 * Negative when `a` ranks ahead of `b`, positive when behind, 0 when they share a rank: the
 * higher total first, then each tie-break in order. Ignores `key`.
 */
export function compareForRank(a: RankableRow, b: RankableRow, tieBreaks: readonly TieBreak[]): number {
  const byTotal = higherFirst(a.total, b.total);
  if (byTotal !== 0) {
    return byTotal;
  }
  for (const tieBreak of tieBreaks) {
    const order = tieBreakOrder(a, b, tieBreak);
    if (order !== 0) {
      return order;
    }
  }
  return 0;
}

/** Orders keys by UTF-16 code units: the same everywhere, unlike localeCompare. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The display order of a board: compareForRank, then rows sharing a rank by key. 0 only for
 * rows with the same key.
 */
export function compareForDisplay(a: RankableRow, b: RankableRow, tieBreaks: readonly TieBreak[]): number {
  return compareForRank(a, b, tieBreaks) || compareKeys(a.key, b.key);
}

/**
 * The rows in display order, each with its shared rank: 1 + the number of rows strictly ahead
 * (1, 2, 2, 4). Throws a RangeError when two rows have the same key.
 */
export function rankRows<R extends RankableRow>(rows: readonly R[], tieBreaks: readonly TieBreak[]): RankedRow<R>[] {
  const sorted = [...rows].sort((a, b) => compareForDisplay(a, b, tieBreaks));
  const ranked: RankedRow<R>[] = [];
  sorted.forEach((row, i) => {
    const previous = ranked[i - 1];
    if (previous !== undefined && previous.row.key === row.key) {
      throw new RangeError(`排名中有重复的条目：${row.key}`);
    }
    const shares = previous !== undefined && compareForRank(previous.row, row, tieBreaks) === 0;
    ranked.push({ row, rank: shares ? previous.rank : i + 1 });
  });
  return ranked;
}
