import { ARENA_TIE_RULES } from '@dz/contracts';
import { createDrawStream, shuffleWithStream } from '../registration/draw';

/**
 * The arena format (擂台赛): a holder (擂主) defends against challengers one bout at a time. Both
 * are scored on the same marking scheme; a challenger who scores higher becomes the holder
 * (攻擂成功), otherwise the holder's defence count rises (守擂成功). A tie follows the event's
 * rule. The holder after the last bout is the champion.
 */

/** How a tie is decided: the holder keeps the title (default), or the challenger takes it. */
export { ARENA_TIE_RULES };
export type ArenaTieRule = (typeof ARENA_TIE_RULES)[number];

export const ARENA_TIE_RULE_LABELS: Readonly<Record<ArenaTieRule, string>> = {
  holder_keeps: '平分时擂主守擂成功',
  challenger_wins: '平分时攻擂者攻擂成功',
};

/** 守擂成功 (the holder stays) or 攻擂成功 (the challenger becomes the holder). */
export type ArenaOutcome = 'defended' | 'taken';

export const ARENA_OUTCOME_LABELS: Readonly<Record<ArenaOutcome, string>> = {
  defended: '守擂成功',
  taken: '攻擂成功',
};

/** One decided bout as the fold takes it; scores in hundredths (any comparable integers). */
export interface ArenaBoutInput {
  challenger: string;
  holderScore: number;
  challengerScore: number;
}

/** One bout as played: who held, who challenged, the outcome and the holder after it. */
export interface ArenaBoutResult {
  /** 1-based. */
  number: number;
  holder: string;
  challenger: string;
  holderScore: number;
  challengerScore: number;
  outcome: ArenaOutcome;
  holderAfter: string;
}

/** One reign: a holder from the bout they took the title (0 for the first holder) to their last. */
export interface ArenaRun {
  holder: string;
  /** The bout that made them holder (0: the first holder, before any bout). */
  fromBout: number;
  /** The last bout they held the title through (their loss, or the last bout played); equals fromBout when none followed. */
  toBout: number;
  /** Bouts they won as holder in this run. */
  defences: number;
  /** True for the run still going after the last bout. */
  current: boolean;
}

export interface ArenaResult {
  bouts: ArenaBoutResult[];
  runs: ArenaRun[];
  /** The holder after the last bout (the first holder when no bout was played). */
  champion: string;
  /** The run with the most defences; on a tie the earlier run. Null when no bout was played. */
  longestDefence: { holder: string; defences: number; fromBout: number } | null;
}

/** The outcome of one bout: the challenger takes it with a higher score, or on a tie under challenger_wins. */
export function boutOutcome(holderScore: number, challengerScore: number, tieRule: ArenaTieRule): ArenaOutcome {
  if (challengerScore > holderScore) return 'taken';
  if (challengerScore === holderScore && tieRule === 'challenger_wins') return 'taken';
  return 'defended';
}

/**
 * Plays the bouts in order from `firstHolder`: each bout's outcome and holder after it, the runs,
 * the champion and the longest defence (most defences in one run; ties go to the earlier run).
 * Throws a RangeError (in Chinese) when a challenger is the holder they challenge.
 */
export function playArena(firstHolder: string, bouts: readonly ArenaBoutInput[], tieRule: ArenaTieRule): ArenaResult {
  let holder = firstHolder;
  const results: ArenaBoutResult[] = [];
  const runs: ArenaRun[] = [{ holder, fromBout: 0, toBout: 0, defences: 0, current: true }];
  bouts.forEach((bout, i) => {
    const number = i + 1;
    if (bout.challenger === holder) throw new RangeError(`第 ${number} 场的攻擂者就是当时的擂主`);
    const outcome = boutOutcome(bout.holderScore, bout.challengerScore, tieRule);
    const run = runs[runs.length - 1];
    run.toBout = number;
    const before = holder;
    if (outcome === 'defended') {
      run.defences += 1;
    } else {
      run.current = false;
      holder = bout.challenger;
      runs.push({ holder, fromBout: number, toBout: number, defences: 0, current: true });
    }
    results.push({ number, holder: before, challenger: bout.challenger, holderScore: bout.holderScore, challengerScore: bout.challengerScore, outcome, holderAfter: holder });
  });
  let longestDefence: ArenaResult['longestDefence'] = null;
  if (bouts.length > 0) {
    // Strictly greater: on a tie the earlier run keeps it.
    const best = runs.reduce((a, b) => (b.defences > a.defences ? b : a));
    longestDefence = { holder: best.holder, defences: best.defences, fromBout: best.fromBout };
  }
  return { bouts: results, runs, champion: holder, longestDefence };
}

/** The stream label of a drawn challenger order (one stream per purpose, as the draw's). */
export const ARENA_ORDER_LABEL = 'arena-order';

/** How challengers come: drawn with a seed, or set by hand. */
export type ChallengerOrderInput =
  | { mode: 'drawn'; seedHex: string; challengers: readonly string[] }
  | { mode: 'set'; challengers: readonly string[] };

/**
 * The challenger order. Drawn: the challengers in canonical (code-unit) order, shuffled on the
 * seed's ARENA_ORDER_LABEL stream (so the same seed and set always give the same order, whatever
 * order they were passed in). Set: as given. Throws a RangeError (in Chinese) for no challengers,
 * a challenger who is the first holder, or one named twice.
 */
export function challengerOrder(firstHolder: string, input: ChallengerOrderInput): string[] {
  const { challengers } = input;
  if (challengers.length === 0) throw new RangeError('至少要有一名攻擂者');
  if (challengers.includes(firstHolder)) throw new RangeError('首任擂主不能同时是攻擂者');
  if (new Set(challengers).size !== challengers.length) throw new RangeError('攻擂顺序中有重复的选手');
  if (input.mode === 'set') return [...challengers];
  const canonical = [...challengers].sort();
  return shuffleWithStream(canonical, createDrawStream(input.seedHex, ARENA_ORDER_LABEL));
}
