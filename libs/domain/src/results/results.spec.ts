import { AWARD_ROUNDINGS, AwardsPlan, BOUNDARY_TIE_RULES, SKILL_LEVELS, type SkillLevel, type TieBreak } from '@dz/contracts';
import fc from 'fast-check';

import { compareForRank } from '../standings/ranking';
import { keyArb, PRACTICAL, QUICKER, rowFieldsArb, tieBreaksArb } from '../standings/rows.fixture';
import {
  canonicalJson,
  computeResults,
  inputsHash,
  minScoreHundredths,
  nextSkillLevel,
  type ResultEntry,
  type Results,
  resultsInputs,
  tierAllowance,
} from './results';

// ── Helpers ─────────────────────────────────────────────────────────────────

/** A valid entry with `total` in hundredths, at 高级工 unless told. */
const entry = (key: string, total: number, more: Partial<ResultEntry> = {}): ResultEntry => ({
  key,
  total,
  stageTotals: {},
  aspectScores: {},
  deductions: 0,
  standing: 'valid',
  skillLevel: 'senior',
  ...more,
});

/** A plan as stored (parsed, so every default is there). */
const plan = (input: Record<string, unknown>): AwardsPlan => AwardsPlan.parse({ titles: [], ...input });

/** The example: 一等奖 10 %, 二等奖 20 %, 三等奖 30 % of the valid contestants. */
const TEN_TWENTY_THIRTY = [
  { name: '一等奖', mode: 'ratio', value: 10 },
  { name: '二等奖', mode: 'ratio', value: 20 },
  { name: '三等奖', mode: 'ratio', value: 30 },
];

/** `n` valid entries with distinct totals, e01 the best. */
const field = (n: number): ResultEntry[] =>
  Array.from({ length: n }, (_, i) => entry(`e${String(i + 1).padStart(2, '0')}`, 10_000 - i * 10));

/** How many places each tier got, and the award of each place in order. */
const awardCounts = (results: Results) => results.tiers.map((t) => t.awarded);
const awardsByKey = (results: Results) => results.places.map((p) => `${p.key}:${p.award ?? '—'}`);

// ── tierAllowance ───────────────────────────────────────────────────────────

describe('tierAllowance', () => {
  const ratio = (value: number) => ({ name: '一等奖', mode: 'ratio' as const, value, minScore: 0 });

  it.each([
    // validCount, percent, floor, round, ceil
    [7, 10, 0, 1, 1],
    [7, 20, 1, 1, 2],
    [7, 30, 2, 2, 3],
    [10, 10, 1, 1, 1],
    [10, 5, 0, 1, 1],
    [10, 15, 1, 2, 2],
    [23, 10, 2, 2, 3],
    [23, 20, 4, 5, 5],
    [23, 30, 6, 7, 7],
    [100, 30, 30, 30, 30],
    [0, 30, 0, 0, 0],
  ])('should give %i × %i %% as %i (floor), %i (round half up), %i (ceil)', (n, percent, floor, round, ceil) => {
    expect(tierAllowance(n, ratio(percent), 'floor')).toBe(floor);
    expect(tierAllowance(n, ratio(percent), 'round')).toBe(round);
    expect(tierAllowance(n, ratio(percent), 'ceil')).toBe(ceil);
  });

  it('should give a count tier its number of places, at most the number of valid entries', () => {
    const count = { name: '特等奖', mode: 'count' as const, value: 3, minScore: 0 };
    expect(tierAllowance(10, count, 'floor')).toBe(3);
    expect(tierAllowance(2, count, 'ceil')).toBe(2);
    expect(tierAllowance(0, count, 'round')).toBe(0);
  });

  it('should refuse a negative or fractional number of valid entries', () => {
    expect(() => tierAllowance(-1, ratio(10), 'floor')).toThrow(RangeError);
    expect(() => tierAllowance(2.5, ratio(10), 'floor')).toThrow('有效参赛人数应为非负整数');
  });

  it('should keep floor at or below the ratio, ceil at or above it, round within half a place', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 100 }), (n, percent) => {
        const share = n * percent; // hundredths of a place
        const floor = tierAllowance(n, ratio(percent), 'floor');
        const round = tierAllowance(n, ratio(percent), 'round');
        const ceil = tierAllowance(n, ratio(percent), 'ceil');
        expect(floor * 100).toBeLessThanOrEqual(share);
        expect((floor + 1) * 100).toBeGreaterThan(share);
        expect(ceil * 100).toBeGreaterThanOrEqual(share);
        expect((ceil - 1) * 100).toBeLessThan(share);
        expect(Math.abs(round * 100 - share)).toBeLessThanOrEqual(50);
        expect(Math.max(floor, round, ceil)).toBeLessThanOrEqual(n);
      }),
    );
  });
});

// ── minScoreHundredths and nextSkillLevel ───────────────────────────────────

describe('minScoreHundredths', () => {
  it('should read the minimum score as the least total in hundredths that reaches it', () => {
    expect(minScoreHundredths(0)).toBe(0);
    expect(minScoreHundredths(60)).toBe(6000);
    expect(minScoreHundredths(60.15)).toBe(6015); // 60.15 × 100 is 6015.000000000001 in floating point
    expect(minScoreHundredths(60.1)).toBe(6010);
    expect(minScoreHundredths(60.001)).toBe(6001);
    expect(minScoreHundredths(1e-7)).toBe(1);
    expect(minScoreHundredths(100)).toBe(10_000);
  });

  it('should refuse a minimum outside 0–100', () => {
    expect(() => minScoreHundredths(-1)).toThrow('最低总分应在 0 至 100 分之间');
    expect(() => minScoreHundredths(Number.NaN)).toThrow(RangeError);
  });

  it('should agree with total ≥ minScore × 100 on every total for two-decimal minima', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), (minHundredths, total) => {
        const minScore = Number((minHundredths / 100).toFixed(2));
        expect(total >= minScoreHundredths(minScore)).toBe(total >= minHundredths);
      }),
    );
  });
});

describe('nextSkillLevel', () => {
  it('should climb the 八级工 ladder one step and stop at 首席技师', () => {
    expect(nextSkillLevel('apprentice')).toBe('junior');
    expect(nextSkillLevel('technician')).toBe('senior_technician');
    expect(nextSkillLevel('special_technician')).toBe('chief_technician');
    expect(nextSkillLevel('chief_technician')).toBeNull();
  });
});

// ── computeResults: cases by hand ───────────────────────────────────────────

describe('computeResults', () => {
  describe('the 10/20/30 % example', () => {
    it('should give 1, 2 and 3 places of 10 entries, the rest no award', () => {
      const results = computeResults(field(10), { tieBreaks: [], awards: plan({ tiers: TEN_TWENTY_THIRTY }) });
      expect(results.validCount).toBe(10);
      expect(results.tiers.map((t) => [t.allowed, t.places, t.awarded])).toEqual([
        [1, 1, 1],
        [2, 2, 2],
        [3, 3, 3],
      ]);
      expect(results.places.map((p) => p.tier)).toEqual([0, 1, 1, 2, 2, 2, null, null, null, null]);
      expect(results.places.map((p) => p.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it('should leave 一等奖 empty among 7 entries when rounding down, the best taking 二等奖', () => {
      const results = computeResults(field(7), { tieBreaks: [], awards: plan({ tiers: TEN_TWENTY_THIRTY }) });
      expect(results.tiers.map((t) => t.allowed)).toEqual([0, 1, 2]);
      expect(awardsByKey(results)).toEqual(['e01:二等奖', 'e02:三等奖', 'e03:三等奖', 'e04:—', 'e05:—', 'e06:—', 'e07:—']);
    });

    it('should give 1, 1, 2 places of 7 entries rounding half up and 1, 2, 3 rounding up', () => {
      const round = computeResults(field(7), { tieBreaks: [], awards: plan({ tiers: TEN_TWENTY_THIRTY, rounding: 'round' }) });
      expect(awardCounts(round)).toEqual([1, 1, 2]);
      const ceil = computeResults(field(7), { tieBreaks: [], awards: plan({ tiers: TEN_TWENTY_THIRTY, rounding: 'ceil' }) });
      expect(awardCounts(ceil)).toEqual([1, 2, 3]);
      expect(ceil.places.filter((p) => p.tier === null)).toHaveLength(1);
    });

    it('should give 2, 4, 6 places of 23 entries rounding down, 2, 5, 7 half up, 3, 5, 7 up', () => {
      const counts = (rounding: string) =>
        awardCounts(computeResults(field(23), { tieBreaks: [], awards: plan({ tiers: TEN_TWENTY_THIRTY, rounding }) }));
      expect(counts('floor')).toEqual([2, 4, 6]);
      expect(counts('round')).toEqual([2, 5, 7]);
      expect(counts('ceil')).toEqual([3, 5, 7]);
    });

    it('should give 10, 20, 30 places of 100 entries whatever the rounding', () => {
      for (const rounding of AWARD_ROUNDINGS) {
        const results = computeResults(field(100), { tieBreaks: [], awards: plan({ tiers: TEN_TWENTY_THIRTY, rounding }) });
        expect(awardCounts(results)).toEqual([10, 20, 30]);
        expect(results.places[9].award).toBe('一等奖');
        expect(results.places[10].award).toBe('二等奖');
        expect(results.places[59].award).toBe('三等奖');
        expect(results.places[60].award).toBeNull();
      }
    });
  });

  it('should award fixed counts, never more than the valid entries', () => {
    const awards = plan({
      tiers: [
        { name: '金奖', mode: 'count', value: 1 },
        { name: '银奖', mode: 'count', value: 3 },
      ],
    });
    expect(awardsByKey(computeResults(field(6), { tieBreaks: [], awards }))).toEqual([
      'e01:金奖',
      'e02:银奖',
      'e03:银奖',
      'e04:银奖',
      'e05:—',
      'e06:—',
    ]);
    const two = computeResults(field(2), { tieBreaks: [], awards });
    expect(two.tiers.map((t) => [t.allowed, t.awarded])).toEqual([
      [1, 1],
      [2, 1],
    ]);
  });

  describe('minimum scores', () => {
    const awards = plan({
      tiers: [
        { name: '一等奖', mode: 'count', value: 1, minScore: 90 },
        { name: '二等奖', mode: 'count', value: 2, minScore: 80 },
        { name: '三等奖', mode: 'count', value: 5, minScore: 60 },
      ],
    });

    it('should pass an entry below a tier’s minimum on to the next tier whose minimum it reaches', () => {
      const entries = [entry('a', 8500), entry('b', 8400), entry('c', 8300), entry('d', 7000), entry('e', 6000), entry('f', 5999)];
      const results = computeResults(entries, { tieBreaks: [], awards });
      expect(awardsByKey(results)).toEqual(['a:二等奖', 'b:二等奖', 'c:三等奖', 'd:三等奖', 'e:三等奖', 'f:—']);
      expect(results.tiers.map((t) => [t.allowed, t.awarded])).toEqual([
        [1, 0],
        [2, 2],
        [5, 3],
      ]);
    });

    it('should compare a fractional minimum exactly in hundredths', () => {
      const exact = plan({ tiers: [{ name: '优胜奖', mode: 'count', value: 5, minScore: 60.15 }] });
      const results = computeResults([entry('a', 6015), entry('b', 6014)], { tieBreaks: [], awards: exact });
      expect(awardsByKey(results)).toEqual(['a:优胜奖', 'b:—']);
    });
  });

  describe('ties at a tier boundary', () => {
    const tiers = [
      { name: '一等奖', mode: 'count', value: 1 },
      { name: '二等奖', mode: 'count', value: 2 },
      { name: '三等奖', mode: 'count', value: 3 },
    ];
    // a and b tie for the one 一等奖; e, f and g tie for the last 三等奖 places.
    const entries = [
      entry('a', 9500),
      entry('b', 9500),
      entry('c', 9000),
      entry('d', 8500),
      entry('e', 8000),
      entry('f', 8000),
      entry('g', 8000),
      entry('h', 7000),
    ];

    it('should put a whole tie group in the higher tier by default, the next tier losing the excess', () => {
      const results = computeResults(entries, { tieBreaks: [], awards: plan({ tiers }) });
      expect(awardsByKey(results)).toEqual(['a:一等奖', 'b:一等奖', 'c:二等奖', 'd:三等奖', 'e:三等奖', 'f:三等奖', 'g:三等奖', 'h:—']);
      expect(results.tiers.map((t) => [t.allowed, t.places, t.awarded])).toEqual([
        [1, 1, 2],
        [2, 1, 1],
        [3, 3, 4],
      ]);
    });

    it('should move a whole tie group down to the next tier with room for it under the lower rule', () => {
      const results = computeResults(entries, { tieBreaks: [], awards: plan({ tiers, boundaryTies: 'lower' }) });
      expect(awardsByKey(results)).toEqual(['a:二等奖', 'b:二等奖', 'c:三等奖', 'd:三等奖', 'e:—', 'f:—', 'g:—', 'h:—']);
      expect(results.tiers.map((t) => [t.allowed, t.places, t.awarded])).toEqual([
        [1, 1, 0],
        [2, 2, 2],
        [3, 3, 2],
      ]);
    });

    it('should never reduce the next tier below 0', () => {
      const four = [entry('a', 9000), entry('b', 9000), entry('c', 9000), entry('d', 9000), entry('e', 8000)];
      const results = computeResults(four, { tieBreaks: [], awards: plan({ tiers }) });
      expect(results.tiers.map((t) => [t.places, t.awarded])).toEqual([
        [1, 4],
        [0, 0],
        [3, 1],
      ]);
      expect(results.places.map((p) => p.award)).toEqual(['一等奖', '一等奖', '一等奖', '一等奖', '三等奖']);
    });

    it('should break the tie with the event’s chain before the boundary rule applies', () => {
      const chained = [
        entry('a', 9500, { stageTotals: { 实操: 6000 } }),
        entry('b', 9500, { stageTotals: { 实操: 6500 } }),
        entry('c', 9000),
      ];
      const results = computeResults(chained, { tieBreaks: [PRACTICAL], awards: plan({ tiers, boundaryTies: 'lower' }) });
      expect(awardsByKey(results)).toEqual(['b:一等奖', 'a:二等奖', 'c:二等奖']);
    });
  });

  it('should share ranks and skip after them (1, 2, 2, 4)', () => {
    const entries = [
      entry('d', 8000, { stageTotals: { 实操: 4000 } }),
      entry('a', 9000),
      entry('c', 8000, { stageTotals: { 实操: 5000 } }),
      entry('b', 8000, { stageTotals: { 实操: 5000 } }),
    ];
    const awards = plan({ tiers: [{ name: '一等奖', mode: 'count', value: 1 }] });
    const chained = computeResults(entries, { tieBreaks: [PRACTICAL], awards });
    expect(chained.places.map((p) => `${p.rank}:${p.key}`)).toEqual(['1:a', '2:b', '2:c', '4:d']);
    const plain = computeResults(entries, { tieBreaks: [], awards });
    expect(plain.places.map((p) => `${p.rank}:${p.key}`)).toEqual(['1:a', '2:b', '2:c', '2:d']);
  });

  it('should rank equal totals by less time used on the stage, a recorded time ahead of none', () => {
    const entries = [entry('a', 8000), entry('b', 8000, { timeUsed: { 实操: 3600 } }), entry('c', 8000, { timeUsed: { 实操: 3000 } }), entry('d', 9000)];
    const awards = plan({ tiers: [{ name: '一等奖', mode: 'count', value: 2 }] });
    const results = computeResults(entries, { tieBreaks: [QUICKER], awards });
    expect(results.places.map((p) => `${p.rank}:${p.key}`)).toEqual(['1:d', '2:c', '3:b', '4:a']);
    expect(awardsByKey(results)).toEqual(['d:一等奖', 'c:一等奖', 'b:—', 'a:—']);
  });

  it('should list absent and disqualified entries apart, by key, with no rank and outside the ratio base', () => {
    const entries = [
      entry('z', 9900, { standing: 'absent' }),
      entry('y', 9800, { standing: 'disqualified' }),
      entry('b', 0, { standing: 'absent' }),
      entry('a', 9999, { standing: 'disqualified' }),
      ...field(10),
    ];
    const results = computeResults(entries, { tieBreaks: [], awards: plan({ tiers: TEN_TWENTY_THIRTY }) });
    expect(results.apart).toEqual([
      { key: 'b', standing: 'absent' },
      { key: 'z', standing: 'absent' },
      { key: 'a', standing: 'disqualified' },
      { key: 'y', standing: 'disqualified' },
    ]);
    expect(results.validCount).toBe(10);
    expect(results.places.map((p) => p.key)).toEqual(field(10).map((e) => e.key));
    expect(awardCounts(results)).toEqual([1, 2, 3]);
  });

  it('should give the titles to every entry of the first tier only', () => {
    const entries = [entry('a', 9000), entry('b', 9000), entry('c', 8000)];
    const awards = plan({ tiers: [{ name: '一等奖', mode: 'count', value: 1 }, { name: '二等奖', mode: 'count', value: 1 }], titles: ['技能达人', '擂主'] });
    const results = computeResults(entries, { tieBreaks: [], awards });
    expect(results.places.map((p) => [p.key, p.titles])).toEqual([
      ['a', ['技能达人', '擂主']],
      ['b', ['技能达人', '擂主']],
      ['c', []],
    ]);
  });

  describe('upgrade recommendations', () => {
    const awards = plan({ tiers: [{ name: '一等奖', mode: 'count', value: 4 }], upgradeRecommendation: true });
    const entries = [
      entry('a', 9900, { skillLevel: 'special_technician' }),
      entry('b', 9800, { skillLevel: 'chief_technician' }),
      entry('c', 9700, { skillLevel: null }),
      entry('d', 9600, { skillLevel: 'apprentice' }),
      entry('e', 9500, { skillLevel: 'senior' }),
    ];

    it('should recommend one step up for awarded entries, none beyond 首席技师 or without a level, saying why', () => {
      const results = computeResults(entries, { tieBreaks: [], awards });
      expect(results.places.map((p) => [p.key, p.upgradeTo, p.upgradeNote])).toEqual([
        ['a', 'chief_technician', null],
        ['b', null, '已是最高等级'],
        ['c', null, '无职业技能等级记录'],
        ['d', 'junior', null],
        ['e', null, null], // no award
      ]);
    });

    it('should recommend nothing when the plan makes no recommendations', () => {
      const results = computeResults(entries, { tieBreaks: [], awards: { ...awards, upgradeRecommendation: false } });
      expect(results.places.every((p) => p.upgradeTo === null && p.upgradeNote === null)).toBe(true);
      expect(results.places.filter((p) => p.tier !== null)).toHaveLength(4);
    });
  });

  describe('巴渠工匠 nominations', () => {
    const entries = [entry('a', 9900), entry('b', 9800), entry('c', 9800), entry('d', 9700), entry('e', 9000)];
    const awards = (craftsmanNominations: number) =>
      plan({ tiers: [{ name: '一等奖', mode: 'count', value: 4 }], craftsmanNominations });

    it('should nominate the first places among awarded entries, a tie straddling the limit whole', () => {
      const results = computeResults(entries, { tieBreaks: [], awards: awards(2) });
      expect(results.places.map((p) => [p.key, p.rank, p.nominated])).toEqual([
        ['a', 1, true],
        ['b', 2, true],
        ['c', 2, true],
        ['d', 4, false],
        ['e', 5, false],
      ]);
    });

    it('should nominate only entries with an award, and nobody when the plan has no nominations', () => {
      const many = computeResults(entries, { tieBreaks: [], awards: awards(10) });
      expect(many.places.map((p) => p.nominated)).toEqual([true, true, true, true, false]);
      const none = computeResults(entries, { tieBreaks: [], awards: awards(0) });
      expect(none.places.some((p) => p.nominated)).toBe(false);
    });
  });

  it('should refuse two entries with the same key, valid or not', () => {
    const awards = plan({ tiers: TEN_TWENTY_THIRTY });
    expect(() => computeResults([entry('a', 1), entry('a', 2, { standing: 'absent' })], { tieBreaks: [], awards })).toThrow(
      '成绩中有重复的条目：a',
    );
    expect(() => computeResults([entry('a', 1), entry('a', 2)], { tieBreaks: [], awards })).toThrow(RangeError);
  });

  it('should refuse a plan missing its rounding or boundary-tie rule rather than guess one', () => {
    const stored = { ...plan({ tiers: [{ name: '一等奖', mode: 'count', value: 1 }] }) } as Partial<AwardsPlan>;
    delete stored.boundaryTies;
    expect(() => computeResults(field(3), { tieBreaks: [], awards: stored as AwardsPlan })).toThrow('未知的等次分界并列处理规则');
    const noRounding = { ...plan({ tiers: TEN_TWENTY_THIRTY }) } as Partial<AwardsPlan>;
    delete noRounding.rounding;
    expect(() => computeResults(field(3), { tieBreaks: [], awards: noRounding as AwardsPlan })).toThrow('未知的名额取整方式');
  });

  it('should give no places to an event without valid entries', () => {
    const results = computeResults([entry('a', 9000, { standing: 'absent' })], { tieBreaks: [], awards: plan({ tiers: TEN_TWENTY_THIRTY }) });
    expect(results.validCount).toBe(0);
    expect(results.places).toEqual([]);
    expect(results.tiers.map((t) => [t.allowed, t.awarded])).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
  });
});

// ── computeResults: properties ──────────────────────────────────────────────

const STANDINGS = ['valid', 'valid', 'valid', 'valid', 'absent', 'disqualified'] as const;

/**
 * 0–40 entries (any length equally likely) with totals in whole tens of marks from 40 (many ties
 * at tier boundaries), tie-break scores in small ranges.
 */
const entriesArb = fc.uniqueArray(
  fc
    .record({
      key: keyArb,
      fields: rowFieldsArb,
      tens: fc.integer({ min: 4, max: 10 }),
      standing: fc.constantFrom(...STANDINGS),
      skillLevel: fc.option(fc.constantFrom(...SKILL_LEVELS), { nil: null }),
    })
    .map(({ key, fields, tens, standing, skillLevel }): ResultEntry => ({ key, ...fields, total: tens * 1000, standing, skillLevel })),
  { maxLength: 40, size: 'max', selector: (e) => e.key },
);

/** Plans of 1–4 tiers (ratios adding up to at most 100 %), minima on and between the totals. */
const awardsArb = fc
  .record({
    tiers: fc.array(
      fc.record({
        mode: fc.constantFrom('ratio' as const, 'count' as const),
        // At most 25 %, so four ratio tiers stay within 100 %; counts small enough to fill.
        value: fc.integer({ min: 1, max: 25 }),
        minScore: fc.constantFrom(0, 0, 30, 50, 55, 60, 80, 100),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    titles: fc.constantFrom([], ['技能达人'], ['技能达人', '擂主']),
    upgradeRecommendation: fc.boolean(),
    craftsmanNominations: fc.integer({ min: 0, max: 8 }),
    rounding: fc.constantFrom(...AWARD_ROUNDINGS),
    boundaryTies: fc.constantFrom(...BOUNDARY_TIE_RULES),
  })
  .map((p) =>
    plan({ ...p, tiers: p.tiers.map((t, i) => ({ ...t, value: t.mode === 'count' ? 1 + (t.value % 6) : t.value, name: `第${i + 1}等奖` })) }),
  );

const rulesArb = fc.record({ tieBreaks: tieBreaksArb, awards: awardsArb });

/** The members of each place's tie group, by rank. */
const groupSizes = (results: Results) => {
  const sizes = new Map<number, number>();
  for (const p of results.places) sizes.set(p.rank, (sizes.get(p.rank) ?? 0) + 1);
  return sizes;
};

describe('computeResults (properties)', () => {
  it('should not depend on the order of the entries', () => {
    fc.assert(
      fc.property(
        entriesArb.chain((entries) => fc.tuple(fc.constant(entries), fc.shuffledSubarray(entries, { minLength: entries.length }))),
        rulesArb,
        ([entries, shuffled], rules) => {
          expect(computeResults(shuffled, rules)).toEqual(computeResults(entries, rules));
          expect(inputsHash(resultsInputs(shuffled, rules))).toBe(inputsHash(resultsInputs(entries, rules)));
        },
      ),
    );
  });

  it('should rank each valid entry 1 + the number of valid entries strictly ahead, the others apart', () => {
    fc.assert(
      fc.property(entriesArb, rulesArb, (entries, rules) => {
        const results = computeResults(entries, rules);
        const valid = entries.filter((e) => e.standing === 'valid');
        expect(results.validCount).toBe(valid.length);
        expect(results.places).toHaveLength(valid.length);
        for (const place of results.places) {
          const own = valid.find((e) => e.key === place.key);
          if (own === undefined) throw new Error(`unknown place ${place.key}`);
          const ahead = valid.filter((e) => compareForRank(e, own, rules.tieBreaks) < 0).length;
          expect(place.rank).toBe(1 + ahead);
        }
        expect(results.apart.map((a) => a.key).sort()).toEqual(
          entries
            .filter((e) => e.standing !== 'valid')
            .map((e) => e.key)
            .sort(),
        );
      }),
    );
  });

  it('should keep every tier within its places under the lower rule, and within one tie group under the higher rule', () => {
    fc.assert(
      fc.property(entriesArb, rulesArb, (entries, rules) => {
        const results = computeResults(entries, rules);
        const sizes = groupSizes(results);
        results.tiers.forEach((tier, t) => {
          const holders = results.places.filter((p) => p.tier === t);
          expect(holders).toHaveLength(tier.awarded);
          expect(tier.places).toBeLessThanOrEqual(tier.allowed);
          if (rules.awards.boundaryTies === 'lower') {
            expect(tier.awarded).toBeLessThanOrEqual(tier.places);
          } else if (holders.length > 0) {
            const lastGroup = sizes.get(holders[holders.length - 1].rank) ?? 0;
            expect(tier.awarded).toBeLessThanOrEqual(tier.allowed + lastGroup - 1);
            expect(tier.awarded).toBeLessThanOrEqual(tier.places + lastGroup - 1);
          }
        });
      }),
    );
  });

  it('should take a tier’s excess from the next tier’s places, never below 0, and only under the higher rule', () => {
    fc.assert(
      fc.property(entriesArb, rulesArb, (entries, rules) => {
        const { tiers } = computeResults(entries, rules);
        expect(tiers[0].places).toBe(tiers[0].allowed);
        for (let t = 1; t < tiers.length; t += 1) {
          const excess = rules.awards.boundaryTies === 'higher' ? Math.max(0, tiers[t - 1].awarded - tiers[t - 1].places) : 0;
          expect(tiers[t].places).toBe(Math.max(0, tiers[t].allowed - excess));
        }
      }),
    );
  });

  it('should never exceed a ratio when rounding down under the lower rule', () => {
    fc.assert(
      fc.property(entriesArb, rulesArb, (entries, rules) => {
        const awards = { ...rules.awards, rounding: 'floor' as const, boundaryTies: 'lower' as const };
        const results = computeResults(entries, { ...rules, awards });
        for (const tier of results.tiers) {
          if (tier.mode === 'ratio') expect(tier.awarded * 100).toBeLessThanOrEqual(results.validCount * tier.value);
          else expect(tier.awarded).toBeLessThanOrEqual(tier.value);
        }
      }),
    );
  });

  it('should give a tier only to entries reaching its minimum score', () => {
    fc.assert(
      fc.property(entriesArb, rulesArb, (entries, rules) => {
        const results = computeResults(entries, rules);
        const totals = new Map(entries.map((e) => [e.key, e.total]));
        for (const place of results.places) {
          if (place.tier === null) continue;
          expect(totals.get(place.key)).toBeGreaterThanOrEqual(rules.awards.tiers[place.tier].minScore * 100);
          expect(place.award).toBe(rules.awards.tiers[place.tier].name);
        }
      }),
    );
  });

  it('should never give a lower rank a better award, nor split a tie group', () => {
    fc.assert(
      fc.property(entriesArb, rulesArb, (entries, rules) => {
        const order = (tier: number | null) => tier ?? Number.POSITIVE_INFINITY;
        const { places } = computeResults(entries, rules);
        for (let i = 1; i < places.length; i += 1) {
          expect(order(places[i].tier)).toBeGreaterThanOrEqual(order(places[i - 1].tier));
          if (places[i].rank === places[i - 1].rank) expect(places[i].tier).toBe(places[i - 1].tier);
        }
      }),
    );
  });

  it('should recommend exactly one step up the ladder, never beyond 首席技师, only for awarded entries', () => {
    fc.assert(
      fc.property(entriesArb, rulesArb, (entries, rules) => {
        const levels = new Map(entries.map((e) => [e.key, e.skillLevel]));
        for (const place of computeResults(entries, rules).places) {
          const level = levels.get(place.key) ?? null;
          const eligible = rules.awards.upgradeRecommendation && place.tier !== null;
          if (place.upgradeTo !== null) {
            expect(eligible).toBe(true);
            expect(SKILL_LEVELS.indexOf(place.upgradeTo)).toBe(SKILL_LEVELS.indexOf(level as SkillLevel) + 1);
          } else {
            expect(eligible && level !== null && level !== 'chief_technician').toBe(false);
          }
          expect(place.upgradeNote !== null).toBe(eligible && place.upgradeTo === null);
        }
      }),
    );
  });

  it('should give titles to the first tier and nominations to the first awarded places, ties whole', () => {
    fc.assert(
      fc.property(entriesArb, rulesArb, (entries, rules) => {
        const { places } = computeResults(entries, rules);
        for (const place of places) {
          expect(place.titles).toEqual(place.tier === 0 ? rules.awards.titles : []);
          const awardedAhead = places.filter((p) => p.tier !== null && p.rank < place.rank).length;
          expect(place.nominated).toBe(place.tier !== null && awardedAhead < rules.awards.craftsmanNominations);
        }
      }),
    );
  });
});

// ── canonicalJson and inputsHash ────────────────────────────────────────────

/** `value` rebuilt with every object's keys in reverse order. */
const reverseKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
  }
  return value;
};

describe('canonicalJson', () => {
  it('should sort object keys, keep arrays in order and leave no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: null, c: 'x' }] })).toBe('{"a":[2,{"c":"x","d":null}],"b":1}');
    expect(canonicalJson({ 技能: 1, B: 2, a: 3 })).toBe('{"B":2,"a":3,"技能":1}');
  });

  it('should treat undefined, dates and -0 as JSON.stringify does', () => {
    expect(canonicalJson({ a: undefined, b: [undefined], c: -0 })).toBe('{"b":[null],"c":0}');
    expect(canonicalJson({ at: new Date('2027-04-20T01:00:00.000Z') })).toBe('{"at":"2027-04-20T01:00:00.000Z"}');
  });

  it('should refuse what JSON cannot hold faithfully', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(RangeError);
    expect(() => canonicalJson({ a: Number.POSITIVE_INFINITY })).toThrow(RangeError);
    expect(() => canonicalJson({ a: 1n })).toThrow(TypeError);
    expect(() => canonicalJson(new Map([['a', 1]]))).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow('循环引用');
  });

  it('should allow the same object twice when it is not its own ancestor', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: [shared] })).toBe('{"a":{"x":1},"b":[{"x":1}]}');
  });

  it('should not depend on key order, and read back as the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(reverseKeys(value))).toBe(text);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(text).toBe(canonicalJson(JSON.parse(JSON.stringify(value))));
      }),
    );
  });
});

describe('inputsHash', () => {
  it('should be the SHA-256 of the canonical JSON', () => {
    // Known answers: `printf '{}' | sha256sum` and the same for the sorted object.
    expect(inputsHash({})).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
    expect(inputsHash({ b: 1, a: [2, { d: null, c: 'x' }] })).toBe('41f05899d3459a3ecc94ff088afcd290b9ae4f51dc9ddaa35a82a642ddb55070');
  });

  it('should change when any input changes', () => {
    const awards = plan({ tiers: TEN_TWENTY_THIRTY });
    const base = inputsHash(resultsInputs(field(5), { tieBreaks: [], awards }));
    const moved = field(5).map((e) => (e.key === 'e03' ? { ...e, total: e.total + 1 } : e));
    expect(inputsHash(resultsInputs(moved, { tieBreaks: [], awards }))).not.toBe(base);
    expect(inputsHash(resultsInputs(field(5), { tieBreaks: [], awards: { ...awards, rounding: 'ceil' } }))).not.toBe(base);
    expect(inputsHash(resultsInputs(field(5), { tieBreaks: [PRACTICAL] as TieBreak[], awards }))).not.toBe(base);
  });
});
