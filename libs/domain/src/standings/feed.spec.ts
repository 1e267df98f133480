import fc from 'fast-check';

import { applyRows, FeedFollower } from './feed';
import { LiveBoard } from './live-board';
import type { RankableRow } from './ranking';
import { CHAIN, row, rowArb, tieBreaksArb } from './rows.fixture';

interface Delta {
  seq: number;
  rows: RankableRow[];
}

const delta = (seq: number, rows: RankableRow[] = []): Delta => ({ seq, rows });

/** A follower that records the seqs it applied. */
function follower(lastSeq = 0) {
  const seen: number[] = [];
  const feed = new FeedFollower<Delta>((d) => seen.push(d.seq), lastSeq);
  return { feed, seen };
}

/** Deltas 1..n, and an arrival order: a permutation of them with some sent again. */
const arrivalsArb = fc
  .integer({ min: 0, max: 30 })
  .chain((n) => {
    const seqs = Array.from({ length: n }, (_, i) => i + 1);
    return fc.tuple(
      fc.constant(n),
      fc.array(fc.constantFrom(...(n > 0 ? seqs : [0])), { maxLength: n > 0 ? 20 : 0 }),
    ).chain(([count, again]) => fc.tuple(fc.constant(count), fc.shuffledSubarray([...seqs, ...again], { minLength: seqs.length + again.length })));
  });

describe(FeedFollower.name, () => {
  describe('receive', () => {
    it('should apply deltas in seq order', () => {
      const { feed, seen } = follower();
      expect(feed.receive(delta(1), 0)).toBe('applied');
      expect(feed.receive(delta(2), 0)).toBe('applied');
      expect(seen).toEqual([1, 2]);
      expect(feed.lastSeq).toBe(2);
      expect(feed.applied).toBe(2);
    });

    it('should ignore a seq already applied, never applying it twice', () => {
      const { feed, seen } = follower();
      feed.receive(delta(1), 0);
      feed.receive(delta(2), 0);
      expect(feed.receive(delta(1), 5)).toBe('duplicate');
      expect(feed.receive(delta(2), 5)).toBe('duplicate');
      expect(seen).toEqual([1, 2]);
      expect(feed.duplicates).toBe(2);
    });

    it('should buffer a delta after a gap and apply it once the gap fills', () => {
      const { feed, seen } = follower();
      expect(feed.receive(delta(3), 0)).toBe('buffered');
      expect(feed.receive(delta(2), 0)).toBe('buffered');
      expect(feed.receive(delta(3), 0)).toBe('duplicate');
      expect(seen).toEqual([]);
      expect(feed.pending).toBe(2);
      expect(feed.receive(delta(1), 0)).toBe('applied');
      expect(seen).toEqual([1, 2, 3]);
      expect(feed.pending).toBe(0);
      expect(feed.lastSeq).toBe(3);
    });

    it('should start after the snapshot it was given', () => {
      const { feed, seen } = follower(10);
      expect(feed.receive(delta(10), 0)).toBe('duplicate');
      expect(feed.receive(delta(11), 0)).toBe('applied');
      expect(seen).toEqual([11]);
    });

    it('should refuse a seq that is not a non-negative integer', () => {
      const { feed } = follower();
      expect(() => feed.receive(delta(1.5), 0)).toThrow(RangeError);
      expect(() => feed.receive(delta(-1), 0)).toThrow(RangeError);
      expect(() => new FeedFollower<Delta>(() => undefined, Number.NaN)).toThrow(RangeError);
    });

    it('should not advance past a delta whose application failed', () => {
      const feed = new FeedFollower<Delta>((d) => {
        if (d.seq === 2) throw new Error('board rejected it');
      });
      feed.receive(delta(1), 0);
      expect(() => feed.receive(delta(2), 0)).toThrow('board rejected it');
      expect(feed.lastSeq).toBe(1);
    });

    it('should apply each seq exactly once and in order, whatever the arrival order and repeats', () => {
      fc.assert(
        fc.property(arrivalsArb, ([n, arrivals]) => {
          const { feed, seen } = follower();
          arrivals.forEach((seq, i) => feed.receive(delta(seq), i));
          expect(seen).toEqual(Array.from({ length: n }, (_, i) => i + 1));
          expect(feed.lastSeq).toBe(n);
          expect(feed.pending).toBe(0);
          expect(feed.gapSince(arrivals.length)).toBeNull();
          expect(feed.applied).toBe(n);
          expect(feed.duplicates).toBe(arrivals.length - n);
        }),
      );
    });

    it('should never apply out of order while deltas are still arriving', () => {
      fc.assert(
        fc.property(arrivalsArb, fc.nat(), ([, arrivals], cut) => {
          const { feed, seen } = follower();
          arrivals.slice(0, cut % (arrivals.length + 1)).forEach((seq) => feed.receive(delta(seq), 0));
          expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i + 1));
          expect(feed.lastSeq).toBe(seen.length);
        }),
      );
    });
  });

  describe('gapSince', () => {
    it('should be null with nothing buffered', () => {
      const { feed } = follower();
      feed.receive(delta(1), 100);
      expect(feed.gapSince(500)).toBeNull();
    });

    it('should time the oldest buffered delta, and stop once the gap fills', () => {
      const { feed } = follower();
      feed.receive(delta(3), 1_000);
      feed.receive(delta(5), 1_500);
      expect(feed.gapSince(4_000)).toBe(3_000);
      feed.receive(delta(1), 4_000);
      feed.receive(delta(2), 4_100);
      // 3 applied; 5 still waits for 4.
      expect(feed.lastSeq).toBe(3);
      expect(feed.gapSince(4_500)).toBe(3_000);
      feed.receive(delta(4), 4_600);
      expect(feed.gapSince(5_000)).toBeNull();
    });
  });

  describe('reset', () => {
    it('should drop what the snapshot covers and apply what follows on from it', () => {
      const { feed, seen } = follower();
      feed.receive(delta(3), 0);
      feed.receive(delta(6), 0);
      feed.receive(delta(7), 0);
      feed.receive(delta(9), 0);
      feed.reset(5);
      expect(feed.lastSeq).toBe(7);
      expect(seen).toEqual([6, 7]);
      expect(feed.pending).toBe(1);
      expect(feed.receive(delta(4), 0)).toBe('duplicate');
      expect(feed.receive(delta(8), 0)).toBe('applied');
      expect(seen).toEqual([6, 7, 8, 9]);
    });

    it('should follow a snapshot behind what was applied (a rebuilt feed)', () => {
      const { feed, seen } = follower();
      feed.receive(delta(1), 0);
      feed.receive(delta(2), 0);
      feed.reset(0);
      expect(feed.lastSeq).toBe(0);
      expect(feed.receive(delta(1), 0)).toBe('applied');
      expect(seen).toEqual([1, 2, 1]);
    });
  });
});

describe('applyRows', () => {
  it('should upsert every row of a delta', () => {
    const board = new LiveBoard<RankableRow>(CHAIN);
    applyRows(board, [row('a', 1), row('b', 2)]);
    applyRows(board, [row('a', 3)]);
    expect(board.rows().map(({ row: r, rank }) => `${rank}:${r.key}:${r.total}`)).toEqual(['1:a:3', '2:b:2']);
  });

  it('should leave the board unchanged when a delta is applied twice', () => {
    fc.assert(
      fc.property(fc.array(fc.array(rowArb, { maxLength: 8 }), { maxLength: 6 }), tieBreaksArb, (deltas, tieBreaks) => {
        const board = new LiveBoard<RankableRow>(tieBreaks);
        for (const rows of deltas) {
          applyRows(board, rows);
          const once = board.rows();
          applyRows(board, rows);
          expect(board.rows()).toEqual(once);
        }
      }),
    );
  });

  it('should give the same board through a follower whatever the arrival order and repeats', () => {
    fc.assert(
      fc.property(
        arrivalsArb.chain(([n, arrivals]) =>
          fc.tuple(fc.constant(arrivals), fc.array(fc.array(rowArb, { maxLength: 5 }), { minLength: n, maxLength: n })),
        ),
        ([arrivals, rowsBySeq]) => {
          const inOrder = new LiveBoard<RankableRow>(CHAIN);
          rowsBySeq.forEach((rows) => applyRows(inOrder, rows));
          const followed = new LiveBoard<RankableRow>(CHAIN);
          const feed = new FeedFollower<Delta>((d) => applyRows(followed, d.rows));
          arrivals.forEach((seq, i) => feed.receive(delta(seq, rowsBySeq[seq - 1]), i));
          expect(followed.rows()).toEqual(inOrder.rows());
        },
      ),
    );
  });
});
