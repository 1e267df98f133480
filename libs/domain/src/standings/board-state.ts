import type { BoardMode, PublicBoardState, PublicStandingRow, StaffStandingRow } from '@dz/contracts';

import { maskName } from '../identity/masking';

/**
 * What the audience may see of a board (排名公开设置): whether the public board moves, and each
 * row as the public room shows it.
 */

export interface PublicBoardSetting {
  publicMode: BoardMode;
  /** ISO 8601 time the board freezes (mode freeze); null otherwise. */
  freezeAt: string | null;
}

export interface PublicBoardMoment {
  /** Now, ms since the epoch (the caller's clock). */
  now: number;
  /** Whether the event's results have been published (成绩公布). */
  published: boolean;
}

/**
 * The public board's state: published once results are out (everything shows); else hidden in
 * mode hidden, frozen in mode freeze from `freezeAt` on, and live otherwise. A freeze mode
 * without a time never freezes. Throws a RangeError for a `freezeAt` that is not a time.
 */
export function publicBoardState(setting: PublicBoardSetting, moment: PublicBoardMoment): PublicBoardState {
  if (moment.published) {
    return 'published';
  }
  switch (setting.publicMode) {
    case 'live':
      return 'live';
    case 'hidden':
      return 'hidden';
    case 'freeze': {
      if (setting.freezeAt === null) {
        return 'live';
      }
      const freezeAt = Date.parse(setting.freezeAt);
      if (Number.isNaN(freezeAt)) {
        throw new RangeError(`封榜时间无效：${setting.freezeAt}`);
      }
      return moment.now >= freezeAt ? 'frozen' : 'live';
    }
    default:
      throw new RangeError(`未知的公开方式：${String(setting.publicMode)}`);
  }
}

export interface PublicRowOptions {
  /** Blind judging (盲评): codes instead of names until results are published. */
  blind: boolean;
  published: boolean;
}

/**
 * A staff row as the public room shows it: on a blind board before publication, keyed and
 * labelled by the judging code with no employer (null when the entry has no code yet: it is not
 * shown); otherwise keyed by 报名序号 and labelled with the masked name (张*明).
 */
export function publicRowOf(row: StaffStandingRow, options: PublicRowOptions): PublicStandingRow | null {
  const scores = {
    total: row.total,
    stageTotals: { ...row.stageTotals },
    aspectScores: { ...row.aspectScores },
    deductions: row.deductions,
    // Where recorded, for the tie-break "less time used" (the public board ranks as the staff one).
    ...(row.timeUsed ? { timeUsed: { ...row.timeUsed } } : {}),
  };
  if (options.blind && !options.published) {
    if (row.judgingCode === null || row.judgingCode === '') {
      return null;
    }
    return { key: row.judgingCode, label: row.judgingCode, employer: null, ...scores };
  }
  return { key: String(row.number), label: maskName(row.name), employer: row.employer, ...scores };
}

/** Every row the public room shows (entries without a code on a blind board left out). */
export function publicRowsOf(rows: readonly StaffStandingRow[], options: PublicRowOptions): PublicStandingRow[] {
  return rows.flatMap((row) => {
    const shown = publicRowOf(row, options);
    return shown === null ? [] : [shown];
  });
}
