import fc from 'fast-check';

import { ARENA_ORDER_LABEL, boutOutcome, challengerOrder, playArena, type ArenaBoutInput, type ArenaTieRule } from './arena';
import { createDrawStream, shuffleWithStream } from '../registration/draw';

const SEED = 'a'.repeat(64);

/** The rule as the brief states it, one bout at a time, written independently of playArena. */
function referenceHolders(first: string, bouts: readonly ArenaBoutInput[], tieRule: ArenaTieRule): string[] {
  const holders: string[] = [];
  let holder = first;
  for (const b of bouts) {
    const wins = tieRule === 'challenger_wins' ? b.challengerScore >= b.holderScore : b.challengerScore > b.holderScore;
    if (wins) holder = b.challenger;
    holders.push(holder);
  }
  return holders;
}

const tieRule = fc.constantFrom<ArenaTieRule>('holder_keeps', 'challenger_wins');
/** Scores from a small range so ties are common. */
const score = fc.integer({ min: 0, max: 5 }).map((n) => n * 100);

/** A first holder and bouts by distinct challengers (c1, c2 …), scores drawn per bout. */
const arena = fc
  .tuple(fc.array(fc.tuple(score, score), { maxLength: 30 }), tieRule)
  .map(([scores, rule]) => ({
    first: 'h0',
    rule,
    bouts: scores.map(([holderScore, challengerScore], i) => ({ challenger: `c${i + 1}`, holderScore, challengerScore })),
  }));

describe('playArena', () => {
  it('should crown a challenger who scores higher and count defences otherwise', () => {
    const result = playArena(
      'A',
      [
        { challenger: 'B', holderScore: 8000, challengerScore: 7000 },
        { challenger: 'C', holderScore: 8000, challengerScore: 8000 },
        { challenger: 'D', holderScore: 7500, challengerScore: 9000 },
        { challenger: 'E', holderScore: 9100, challengerScore: 9000 },
        { challenger: 'F', holderScore: 9100, challengerScore: 8000 },
      ],
      'holder_keeps',
    );
    expect(result.bouts.map((b) => b.outcome)).toEqual(['defended', 'defended', 'taken', 'defended', 'defended']);
    expect(result.bouts.map((b) => b.holderAfter)).toEqual(['A', 'A', 'D', 'D', 'D']);
    expect(result.runs).toEqual([
      { holder: 'A', fromBout: 0, toBout: 3, defences: 2, current: false },
      { holder: 'D', fromBout: 3, toBout: 5, defences: 2, current: true },
    ]);
    expect(result.champion).toBe('D');
    // Two runs of two defences: the earlier run keeps the longest defence.
    expect(result.longestDefence).toEqual({ holder: 'A', defences: 2, fromBout: 0 });
  });

  it('should give a tie to the challenger under challenger_wins', () => {
    expect(boutOutcome(8000, 8000, 'challenger_wins')).toBe('taken');
    expect(boutOutcome(8000, 8000, 'holder_keeps')).toBe('defended');
    const result = playArena('A', [{ challenger: 'B', holderScore: 5000, challengerScore: 5000 }], 'challenger_wins');
    expect(result.champion).toBe('B');
    expect(result.longestDefence).toEqual({ holder: 'A', defences: 0, fromBout: 0 });
  });

  it('should have the first holder as champion and no longest defence when no bout was played', () => {
    expect(playArena('A', [], 'holder_keeps')).toEqual({
      bouts: [],
      runs: [{ holder: 'A', fromBout: 0, toBout: 0, defences: 0, current: true }],
      champion: 'A',
      longestDefence: null,
    });
  });

  it('should refuse a bout in which the holder challenges themself', () => {
    expect(() => playArena('A', [{ challenger: 'B', holderScore: 0, challengerScore: 1 }, { challenger: 'B', holderScore: 0, challengerScore: 0 }], 'holder_keeps')).toThrow(
      '第 2 场的攻擂者就是当时的擂主',
    );
  });

  it('should have after every bout the holder the rules say (reference fold)', () => {
    fc.assert(
      fc.property(arena, ({ first, bouts, rule }) => {
        const result = playArena(first, bouts, rule);
        expect(result.bouts.map((b) => b.holderAfter)).toEqual(referenceHolders(first, bouts, rule));
        expect(result.champion).toBe(referenceHolders(first, bouts, rule).at(-1) ?? first);
      }),
    );
  });

  it('should change the holder only on a higher challenger score, or a tie under challenger_wins', () => {
    fc.assert(
      fc.property(arena, ({ first, bouts, rule }) => {
        for (const b of playArena(first, bouts, rule).bouts) {
          const changed = b.holderAfter !== b.holder;
          const higher = b.challengerScore > b.holderScore;
          const tie = b.challengerScore === b.holderScore;
          expect(changed).toBe(higher || (tie && rule === 'challenger_wins'));
          expect(changed).toBe(b.outcome === 'taken');
        }
      }),
    );
  });

  it('should count defences plus takes equal to the bouts, and runs that cover them', () => {
    fc.assert(
      fc.property(arena, ({ first, bouts, rule }) => {
        const result = playArena(first, bouts, rule);
        const takes = result.bouts.filter((b) => b.outcome === 'taken').length;
        const defences = result.runs.reduce((sum, r) => sum + r.defences, 0);
        expect(defences + takes).toBe(bouts.length);
        expect(result.runs).toHaveLength(takes + 1);
        expect(result.runs.filter((r) => r.current)).toHaveLength(1);
        if (result.longestDefence) expect(result.longestDefence.defences).toBe(Math.max(...result.runs.map((r) => r.defences)));
      }),
    );
  });

  it('should make the champion the first holder or a successful challenger', () => {
    fc.assert(
      fc.property(arena, ({ first, bouts, rule }) => {
        const result = playArena(first, bouts, rule);
        const winners = result.bouts.filter((b) => b.outcome === 'taken').map((b) => b.challenger);
        expect([first, ...winners]).toContain(result.champion);
        expect(result.champion).toBe(winners.at(-1) ?? first);
      }),
    );
  });

  it('should give the longest defence to the earliest of the runs with the most defences', () => {
    fc.assert(
      fc.property(arena.filter((a) => a.bouts.length > 0), ({ first, bouts, rule }) => {
        const { runs, longestDefence } = playArena(first, bouts, rule);
        const most = Math.max(...runs.map((r) => r.defences));
        const earliest = runs.find((r) => r.defences === most);
        expect(longestDefence).toEqual({ holder: earliest?.holder, defences: most, fromBout: earliest?.fromBout });
      }),
    );
  });
});

describe('challengerOrder', () => {
  it('should keep a set order and refuse the holder, duplicates or nobody', () => {
    expect(challengerOrder('A', { mode: 'set', challengers: ['C', 'B'] })).toEqual(['C', 'B']);
    expect(() => challengerOrder('A', { mode: 'set', challengers: ['B', 'A'] })).toThrow('首任擂主不能同时是攻擂者');
    expect(() => challengerOrder('A', { mode: 'set', challengers: ['B', 'B'] })).toThrow('攻擂顺序中有重复的选手');
    expect(() => challengerOrder('A', { mode: 'drawn', seedHex: SEED, challengers: [] })).toThrow('至少要有一名攻擂者');
    expect(() => challengerOrder('A', { mode: 'drawn', seedHex: SEED, challengers: ['A', 'B'] })).toThrow('首任擂主不能同时是攻擂者');
  });

  it('should draw the shuffle of the canonical order on the arena stream of the seed', () => {
    const drawn = challengerOrder('A', { mode: 'drawn', seedHex: SEED, challengers: ['D', 'B', 'C', 'E'] });
    expect(drawn).toEqual(shuffleWithStream(['B', 'C', 'D', 'E'], createDrawStream(SEED, ARENA_ORDER_LABEL)));
  });

  it('should draw a permutation that depends only on the seed and the set, not the order given', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }).filter((s) => s !== 'H'), { minLength: 1, maxLength: 20 }),
        fc.stringMatching(/^[0-9a-f]{64}$/),
        (ids, seedHex) => {
          const drawn = challengerOrder('H', { mode: 'drawn', seedHex, challengers: ids });
          expect([...drawn].sort()).toEqual([...ids].sort());
          expect(challengerOrder('H', { mode: 'drawn', seedHex, challengers: [...ids].reverse() })).toEqual(drawn);
        },
      ),
    );
  });
});
