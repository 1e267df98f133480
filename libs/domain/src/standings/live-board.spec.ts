import type { TieBreak } from '@dz/contracts';
import fc from 'fast-check';

import { keyPriority, LiveBoard } from './live-board';
import { type RankableRow, rankRows } from './ranking';
import { CHAIN, FEWER, keyArb, PRACTICAL, row, rowFieldsArb, tieBreaksArb } from './rows.fixture';

const summary = (board: LiveBoard<RankableRow>) => board.rows().map(({ row: r, rank }) => `${rank}:${r.key}`);

const boardOf = (rows: RankableRow[], tieBreaks: readonly TieBreak[] = []) => {
  const board = new LiveBoard<RankableRow>(tieBreaks);
  rows.forEach((r) => board.upsert(r));
  return board;
};

type Op = { kind: 'upsert'; row: RankableRow } | { kind: 'remove'; key: string };

/** Keys from a small pool, so upserts replace rows and removals hit. */
const poolKeyArb = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l');
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.oneof(poolKeyArb, keyArb), rowFieldsArb).map(([key, f]): Op => ({ kind: 'upsert', row: { key, ...f } })) },
  { weight: 1, arbitrary: poolKeyArb.map((key): Op => ({ kind: 'remove', key })) },
);

/** Applies the ops to a board and to a plain map, the reference. */
function run(ops: readonly Op[], tieBreaks: readonly TieBreak[]) {
  const board = new LiveBoard<RankableRow>(tieBreaks);
  const reference = new Map<string, RankableRow>();
  for (const op of ops) {
    if (op.kind === 'upsert') {
      board.upsert(op.row);
      reference.set(op.row.key, op.row);
    } else {
      expect(board.remove(op.key)).toBe(reference.delete(op.key));
    }
  }
  return { board, reference: [...reference.values()] };
}

/** A deterministic pseudo-random sequence for the cost test (a 32-bit LCG; no Math.random). */
function lcg(seed: number) {
  let state = seed >>> 0;
  return (bound: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % bound;
  };
}

describe(LiveBoard.name, () => {
  describe('upsert', () => {
    it('should keep rows in rank order with shared ranks 1, 2, 2, 4', () => {
      const board = boardOf([row('d', 7000), row('c', 8000), row('a', 9000), row('b', 8000)]);
      expect(summary(board)).toEqual(['1:a', '2:b', '2:c', '4:d']);
      expect(board.size).toBe(4);
    });

    it('should replace the row with the same key and move it', () => {
      const board = boardOf([row('a', 9000), row('b', 8000), row('c', 7000)]);
      board.upsert(row('c', 9500));
      expect(summary(board)).toEqual(['1:c', '2:a', '3:b']);
      expect(board.size).toBe(3);
      expect(board.get('c')?.total).toBe(9500);
    });

    it('should break ties with the chain it was given', () => {
      const board = boardOf(
        [row('a', 8000, { deductions: 100 }), row('b', 8000, { stageTotals: { 实操: 1 }, deductions: 200 }), row('c', 8000)],
        [PRACTICAL, FEWER],
      );
      expect(summary(board)).toEqual(['1:b', '2:c', '3:a']);
    });
  });

  describe('remove', () => {
    it('should take a row off and re-rank the rest', () => {
      const board = boardOf([row('a', 9000), row('b', 8000), row('c', 8000), row('d', 7000)]);
      expect(board.remove('b')).toBe(true);
      expect(summary(board)).toEqual(['1:a', '2:c', '3:d']);
      expect(board.get('b')).toBeUndefined();
      expect(board.rankOf('b')).toBeNull();
    });

    it('should report false for a key not on the board', () => {
      const board = boardOf([row('a', 1)]);
      expect(board.remove('z')).toBe(false);
      expect(board.size).toBe(1);
    });
  });

  describe('rankOf', () => {
    it('should give the shared rank', () => {
      const board = boardOf([row('a', 9000), row('b', 8000), row('c', 8000), row('d', 7000)]);
      expect(['a', 'b', 'c', 'd'].map((k) => board.rankOf(k))).toEqual([1, 2, 2, 4]);
    });
  });

  describe('slice', () => {
    it('should give a page with ranks, starting mid-tie', () => {
      const board = boardOf([row('a', 9), row('b', 8), row('c', 8), row('d', 8), row('e', 7)]);
      expect(board.slice(2, 2).map(({ row: r, rank }) => `${rank}:${r.key}`)).toEqual(['2:c', '2:d']);
      expect(board.slice(4, 10).map(({ row: r, rank }) => `${rank}:${r.key}`)).toEqual(['5:e']);
      expect(board.slice(5, 10)).toEqual([]);
      expect(board.slice(0, 0)).toEqual([]);
    });

    it('should refuse a negative or fractional offset or limit', () => {
      const board = boardOf([row('a', 1)]);
      expect(() => board.slice(-1, 1)).toThrow(RangeError);
      expect(() => board.slice(0, 1.5)).toThrow(RangeError);
    });
  });

  describe('keyPriority', () => {
    it('should be a deterministic unsigned 32-bit hash', () => {
      expect(keyPriority('J07')).toBe(keyPriority('J07'));
      expect(keyPriority('J07')).not.toBe(keyPriority('J08'));
      fc.assert(
        fc.property(fc.string(), (key) => {
          const p = keyPriority(key);
          expect(Number.isInteger(p) && p >= 0 && p < 2 ** 32).toBe(true);
        }),
      );
    });
  });

  it('should agree with rankRows after any sequence of upserts and removals', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), tieBreaksArb, (ops, tieBreaks) => {
        const { board, reference } = run(ops, tieBreaks);
        const expected = rankRows(reference, tieBreaks);
        expect(board.rows()).toEqual(expected);
        expect(board.size).toBe(reference.length);
        for (const { row: r, rank } of expected) {
          expect(board.rankOf(r.key)).toBe(rank);
          expect(board.get(r.key)).toBe(r);
        }
      }),
    );
  });

  it('should page exactly as the whole board, from any offset', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 40 }),
        tieBreaksArb,
        fc.nat({ max: 20 }),
        fc.nat({ max: 20 }),
        (ops, tieBreaks, offset, limit) => {
          const { board } = run(ops, tieBreaks);
          expect(board.slice(offset, limit)).toEqual(board.rows().slice(offset, offset + limit));
        },
      ),
    );
  });

  it('should end in the same rows whatever order distinct rows arrive in', () => {
    const rowsArb = fc.uniqueArray(
      fc.tuple(keyArb, rowFieldsArb).map(([key, f]): RankableRow => ({ key, ...f })),
      { selector: (r) => r.key, maxLength: 30 },
    );
    fc.assert(
      fc.property(
        rowsArb.chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length }))),
        ([rows, shuffled]) => {
          expect(boardOf(shuffled, CHAIN).rows()).toEqual(boardOf(rows, CHAIN).rows());
        },
      ),
    );
  });

  describe('cost', () => {
    /** Average comparisons per upsert (a moved existing row) and per rankOf on a board of n rows. */
    function averageCost(n: number) {
      const next = lcg(n);
      const board = new LiveBoard<RankableRow>(CHAIN);
      for (let i = 0; i < n; i += 1) {
        // Totals in a narrow range: many ties, so the key and the chain get compared too.
        board.upsert(row(`E${i}`, next(n), { stageTotals: { 实操: next(4) }, deductions: next(3) }));
      }
      const updates = 2000;
      const beforeUpserts = board.comparisons;
      for (let u = 0; u < updates; u += 1) {
        board.upsert(row(`E${next(n)}`, next(n), { stageTotals: { 实操: next(4) }, deductions: next(3) }));
      }
      const perUpsert = (board.comparisons - beforeUpserts) / updates;
      const beforeRanks = board.comparisons;
      for (let u = 0; u < updates; u += 1) {
        board.rankOf(`E${next(n)}`);
      }
      const perRank = (board.comparisons - beforeRanks) / updates;
      return { perUpsert, perRank };
    }

    it('should compare rows O(log n) times per upsert and per rankOf, not re-sort', () => {
      const small = averageCost(2 ** 10);
      const large = averageCost(2 ** 16);
      // Measured: about 2.4·log2 n per upsert (it walks down to remove, then to insert and
      // split) and 1.3·log2 n per rankOf (one walk). A re-sort would be about n·log2 n.
      expect(small.perUpsert).toBeLessThan(4 * 10);
      expect(large.perUpsert).toBeLessThan(4 * 16);
      expect(small.perRank).toBeLessThan(2 * 10);
      expect(large.perRank).toBeLessThan(2 * 16);
      // 64 times the rows costs about 16/10 as much, never anywhere near 64 times.
      expect(large.perUpsert / small.perUpsert).toBeLessThan(2.5);
    });
  });
});
