import type { StaffStandingRow, TieBreak } from '@dz/contracts';
import fc from 'fast-check';

import { compareForDisplay, compareForRank, keyedStaffRow, type RankableRow, rankRows } from './ranking';
import { CHAIN, FEWER, PRACTICAL, QUICKER, row, rowsArb, tieBreaksArb, WELD } from './rows.fixture';

const summary = (rows: readonly RankableRow[], tieBreaks: readonly TieBreak[]) =>
  rankRows(rows, tieBreaks).map(({ row: r, rank }) => `${rank}:${r.key}`);

describe('compareForRank', () => {
  it('should put the higher total first', () => {
    expect(compareForRank(row('a', 9000), row('b', 8999), [])).toBeLessThan(0);
    expect(compareForRank(row('a', 8999), row('b', 9000), [])).toBeGreaterThan(0);
  });

  it('should ignore the key', () => {
    expect(compareForRank(row('a', 100), row('b', 100), CHAIN)).toBe(0);
  });

  it('should break a tie on the higher stage score, a missing stage counting as 0', () => {
    const a = row('a', 100, { stageTotals: { 实操: 70 } });
    const b = row('b', 100, { stageTotals: { 实操: 60, 理论: 40 } });
    const none = row('c', 100, { stageTotals: { 理论: 100 } });
    expect(compareForRank(a, b, [PRACTICAL])).toBeLessThan(0);
    expect(compareForRank(b, a, [PRACTICAL])).toBeGreaterThan(0);
    expect(compareForRank(none, b, [PRACTICAL])).toBeGreaterThan(0);
    expect(compareForRank(none, row('d', 100, { stageTotals: { 实操: 0 } }), [PRACTICAL])).toBe(0);
  });

  it('should break a tie on the higher aspect score keyed stage/aspectKey', () => {
    const a = row('a', 100, { aspectScores: { '实操/weld': 30 } });
    const b = row('b', 100, { aspectScores: { '实操/weld': 25, '理论/weld': 99 } });
    expect(compareForRank(a, b, [WELD])).toBeLessThan(0);
    expect(compareForRank(row('c', 100), b, [WELD])).toBeGreaterThan(0);
  });

  it('should break a tie on fewer deductions', () => {
    const a = row('a', 100, { deductions: 50 });
    const b = row('b', 100, { deductions: 150 });
    expect(compareForRank(a, b, [FEWER])).toBeLessThan(0);
    expect(compareForRank(b, a, [FEWER])).toBeGreaterThan(0);
  });

  it('should break a tie on less time used on the stage, a recorded time ahead of none', () => {
    const quick = row('a', 100, { timeUsed: { 实操: 3000 } });
    const slow = row('b', 100, { timeUsed: { 实操: 3600, 理论: 60 } });
    const none = row('c', 100, { timeUsed: { 理论: 10 } });
    expect(compareForRank(quick, slow, [QUICKER])).toBeLessThan(0);
    expect(compareForRank(slow, quick, [QUICKER])).toBeGreaterThan(0);
    expect(compareForRank(none, slow, [QUICKER])).toBeGreaterThan(0);
    expect(compareForRank(slow, none, [QUICKER])).toBeLessThan(0);
    expect(compareForRank(none, row('d', 100), [QUICKER])).toBe(0);
    expect(compareForRank(quick, row('e', 100, { timeUsed: { 实操: 3000 } }), [QUICKER, FEWER])).toBe(0);
    expect(summary([none, slow, quick], [QUICKER])).toEqual(['1:a', '2:b', '3:c']);
  });

  it('should apply the tie-breaks in order, the first that differs deciding', () => {
    const a = row('a', 100, { stageTotals: { 实操: 70 }, deductions: 90 });
    const b = row('b', 100, { stageTotals: { 实操: 60 }, deductions: 0 });
    expect(compareForRank(a, b, [PRACTICAL, FEWER])).toBeLessThan(0);
    expect(compareForRank(a, b, [FEWER, PRACTICAL])).toBeGreaterThan(0);
  });

  it('should not look at tie-breaks when the totals differ', () => {
    const a = row('a', 101, { deductions: 900 });
    const b = row('b', 100, { stageTotals: { 实操: 100 } });
    expect(compareForRank(a, b, CHAIN)).toBeLessThan(0);
  });

  it('should not read a stage named like an Object.prototype member', () => {
    const stage: TieBreak = { kind: 'stage', stage: 'constructor' };
    expect(compareForRank(row('a', 1), row('b', 1, { stageTotals: { constructor: 5 } }), [stage])).toBeGreaterThan(0);
  });

  it('should be antisymmetric', () => {
    fc.assert(
      fc.property(rowsArb, tieBreaksArb, (rows, tieBreaks) => {
        const broken = rows.flatMap((a) =>
          rows.filter((b) => Math.sign(compareForRank(a, b, tieBreaks)) !== -Math.sign(compareForRank(b, a, tieBreaks))),
        );
        expect(broken).toEqual([]);
      }),
    );
  });
});

describe('compareForDisplay', () => {
  it('should order rows sharing a rank by key, by code units', () => {
    expect(compareForDisplay(row('B', 100), row('a', 100), [])).toBeLessThan(0);
    expect(compareForDisplay(row('a', 100), row('a', 100), [])).toBe(0);
    expect(compareForDisplay(row('z', 101), row('a', 100), [])).toBeLessThan(0);
  });
});

describe('rankRows', () => {
  it('should share ranks as 1, 2, 2, 4', () => {
    const rows = [row('d', 7000), row('c', 8000), row('a', 9000), row('b', 8000)];
    expect(summary(rows, [])).toEqual(['1:a', '2:b', '2:c', '4:d']);
  });

  it('should share the first rank and skip after a three-way tie', () => {
    const rows = [row('a', 50), row('b', 50), row('c', 40), row('d', 40), row('e', 40), row('f', 10)];
    expect(summary(rows, [])).toEqual(['1:a', '1:b', '3:c', '3:d', '3:e', '6:f']);
  });

  it('should rank an empty board as empty and a single row first', () => {
    expect(rankRows([], CHAIN)).toEqual([]);
    expect(summary([row('x', 0)], CHAIN)).toEqual(['1:x']);
  });

  it('should separate equal totals by the practical stage', () => {
    const rows = [row('a', 8000, { stageTotals: { 实操: 5000 } }), row('b', 8000, { stageTotals: { 实操: 5600 } }), row('c', 8000)];
    expect(summary(rows, [PRACTICAL])).toEqual(['1:b', '2:a', '3:c']);
    expect(summary(rows, [])).toEqual(['1:a', '1:b', '1:c']);
  });

  it('should separate equal totals by a named aspect', () => {
    const rows = [row('a', 8000, { aspectScores: { '实操/weld': 100 } }), row('b', 8000, { aspectScores: { '实操/weld': 250 } })];
    expect(summary(rows, [WELD])).toEqual(['1:b', '2:a']);
  });

  it('should separate equal totals by fewer deductions', () => {
    const rows = [row('a', 8000, { deductions: 300 }), row('b', 8000, { deductions: 0 }), row('c', 8000, { deductions: 300 })];
    expect(summary(rows, [FEWER])).toEqual(['1:b', '2:a', '2:c']);
  });

  it('should share a rank when the whole chain ties, and go on ranking after it', () => {
    const tied = { stageTotals: { 实操: 5000 }, aspectScores: { '实操/weld': 200 }, deductions: 100 };
    const rows = [
      row('e', 7000),
      row('c', 8000, tied),
      row('a', 8000, tied),
      row('b', 8000, { ...tied, deductions: 200 }),
      row('d', 8000, { ...tied, aspectScores: { '实操/weld': 300 } }),
      row('f', 9000),
    ];
    expect(summary(rows, CHAIN)).toEqual(['1:f', '2:d', '3:a', '3:c', '5:b', '6:e']);
  });

  it('should rank negative totals (a stage all deductions) below zero', () => {
    expect(summary([row('a', -100), row('b', 0)], [])).toEqual(['1:b', '2:a']);
  });

  it('should refuse two rows with the same key', () => {
    expect(() => rankRows([row('a', 1), row('a', 2)], [])).toThrow(RangeError);
  });

  it('should not change its input', () => {
    const rows = [row('b', 1), row('a', 2)];
    rankRows(rows, []);
    expect(rows.map((r) => r.key)).toEqual(['b', 'a']);
  });

  it('should not depend on the order of its input', () => {
    fc.assert(
      fc.property(
        rowsArb.chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length }))),
        tieBreaksArb,
        ([rows, shuffled], tieBreaks) => {
          expect(rankRows(shuffled, tieBreaks)).toEqual(rankRows(rows, tieBreaks));
        },
      ),
    );
  });

  it('should give ranks from 1, non-decreasing, each 1 + the rows strictly ahead', () => {
    fc.assert(
      fc.property(rowsArb, tieBreaksArb, (rows, tieBreaks) => {
        const ranked = rankRows(rows, tieBreaks);
        expect(ranked).toHaveLength(rows.length);
        if (ranked.length > 0) {
          expect(ranked[0].rank).toBe(1);
        }
        ranked.forEach(({ row: r, rank }, i) => {
          if (i > 0) {
            expect(rank).toBeGreaterThanOrEqual(ranked[i - 1].rank);
            expect(compareForDisplay(ranked[i - 1].row, r, tieBreaks)).toBeLessThan(0);
          }
          const ahead = rows.filter((other) => compareForRank(other, r, tieBreaks) < 0).length;
          expect(rank).toBe(1 + ahead);
        });
      }),
    );
  });
});

describe('keyedStaffRow', () => {
  it('should key a staff row by its entry id', () => {
    const staff: StaffStandingRow = {
      entryId: '0b6f0b8e-8d52-4f55-9d2b-6d1a3c0f5e11',
      number: 7,
      name: '张三明',
      employer: '达州钢铁',
      judgingCode: 'J07',
      workstation: 3,
      total: 9000,
      stageTotals: {},
      aspectScores: {},
      deductions: 0,
      marksIn: 1,
      marksExpected: 2,
      signedOff: [],
    };
    expect(keyedStaffRow(staff)).toEqual({ ...staff, key: staff.entryId });
  });
});
