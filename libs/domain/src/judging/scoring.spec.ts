import fc from 'fast-check';

import {
  AGGREGATION_METHODS,
  type AggregationMethod,
  type AspectKind,
  flattenAspects,
  isScoredAspect,
  type MarkingScheme,
  type SchemeAspect,
  schemeMax,
  type SchemeSection,
  validateScheme,
} from './marking-scheme';
import {
  aggregate,
  aspectScore,
  checkMarkValue,
  type JudgeMark,
  JUDGEMENT_FULL,
  JUDGEMENT_SPREAD_LIMIT,
  JUDGEMENT_VALUES,
  judgementSpread,
  sectionScore,
  stageScore,
  weightedTotal,
  type WeightedStage,
} from './scoring';

const aspect = (key: string, kind: AspectKind, maxMarks: number): SchemeAspect => ({
  key,
  title: `评分项 ${key}`,
  kind,
  maxMarks,
});

const section = (key: string, aspects: SchemeAspect[], sections: SchemeSection[] = []): SchemeSection => ({
  key,
  title: `部分 ${key}`,
  aspects,
  sections,
});

/** Marks of judges j1, j2, … on one aspect; null leaves a judge out. */
const marksOn = (aspectKey: string, values: (number | null)[]): JudgeMark[] =>
  values.flatMap((value, i) => (value === null ? [] : [{ judgeId: `j${i + 1}`, aspectKey, value }]));

/** A 焊工 practical sheet: 100 marks, one nested section, one deduction. */
const welding = (method: AggregationMethod = 'trimmed_mean'): MarkingScheme => ({
  stage: 'practical',
  method,
  totalMarks: 10000,
  sections: [
    section('A', [aspect('A1', 'measurement', 2000), aspect('A2', 'measurement', 2000)]),
    section(
      'B',
      [aspect('B1', 'judgement', 1500), aspect('B9', 'deduction', 1000)],
      [section('B2', [aspect('B2a', 'judgement', 2500), aspect('B2b', 'measurement', 2000)])],
    ),
  ],
});

describe('aggregate', () => {
  it.each<[AggregationMethod, number[], number]>([
    ['mean', [0], 0],
    ['mean', [100, 200], 150],
    ['mean', [100, 100, 200], 133],
    ['mean', [100, 200, 200], 167],
    ['mean', [1, 2], 2],
    ['mean', [1, 1, 2, 2], 2],
    ['mean', [1, 1, 1, 2], 1],
    ['trimmed_mean', [5], 5],
    ['trimmed_mean', [100, 200], 150],
    ['trimmed_mean', [300, 100, 200], 200],
    ['trimmed_mean', [0, 300, 300, 300], 300],
    ['trimmed_mean', [8050, 9000, 8000, 7000, 10000], 8350],
    ['trimmed_mean', [0, 100, 100, 200, 300], 133],
    ['trimmed_mean', [100, 100, 100, 100, 100], 100],
    ['median', [7], 7],
    ['median', [300, 100, 200], 200],
    ['median', [100, 200], 150],
    ['median', [1, 2], 2],
    ['median', [0, 0, 300, 300], 150],
    ['median', [3, 4, 100, 0], 4],
  ])('should give the %s of %j as %p', (method, values, expected) => {
    expect(aggregate(values, method)).toBe(expected);
  });

  it('should not sort the caller’s array', () => {
    const values = [300, 100, 200];
    aggregate(values, 'median');
    expect(values).toEqual([300, 100, 200]);
  });

  it.each<[number[], string]>([
    [[], '没有可汇总的分数'],
    [[-1, 5], '汇总的分数应为以 0.01 分计的非负整数（收到 -1）'],
    [[1.5], '汇总的分数应为以 0.01 分计的非负整数（收到 1.5）'],
    [[Number.NaN], '汇总的分数应为以 0.01 分计的非负整数（收到 NaN）'],
  ])('should refuse %j', (values, message) => {
    for (const method of AGGREGATION_METHODS) {
      expect(() => aggregate(values, method)).toThrow(message);
    }
  });

  it('should refuse an unknown method', () => {
    expect(() => aggregate([1], 'max' as AggregationMethod)).toThrow('未知的评分汇总方式：max');
  });

  const valuesArb = fc.array(fc.nat({ max: 1_000_000 }), { minLength: 1, maxLength: 9 });
  const methodArb = fc.constantFrom(...AGGREGATION_METHODS);

  it('should give an integer between the lowest and the highest mark, whatever their order', () => {
    fc.assert(
      fc.property(valuesArb, methodArb, fc.nat(), (values, method, rotation) => {
        const result = aggregate(values, method);
        expect(Number.isSafeInteger(result)).toBe(true);
        expect(result).toBeGreaterThanOrEqual(Math.min(...values));
        expect(result).toBeLessThanOrEqual(Math.max(...values));
        const k = rotation % values.length;
        const rotated = [...values.slice(k), ...values.slice(0, k)].reverse();
        expect(aggregate(rotated, method)).toBe(result);
      }),
    );
  });

  it('should give the mark itself when every judge gives the same mark', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), fc.integer({ min: 1, max: 9 }), methodArb, (v, n, method) => {
        expect(aggregate(Array<number>(n).fill(v), method)).toBe(v);
      }),
    );
  });

  it('should agree with a bigint reference of each method', () => {
    /** Half up: floor((2·sum + n) / 2n). */
    const meanRef = (xs: number[]) => {
      const sum = xs.reduce((s, x) => s + BigInt(x), 0n);
      const n = BigInt(xs.length);
      return Number((2n * sum + n) / (2n * n));
    };
    fc.assert(
      fc.property(valuesArb, (values) => {
        const sorted = [...values].sort((a, b) => a - b);
        expect(aggregate(values, 'mean')).toBe(meanRef(values));
        expect(aggregate(values, 'trimmed_mean')).toBe(
          meanRef(values.length >= 3 ? sorted.slice(1, sorted.length - 1) : sorted),
        );
        const n = sorted.length;
        const median = n % 2 === 1 ? sorted[(n - 1) / 2] : meanRef([sorted[n / 2 - 1], sorted[n / 2]]);
        expect(aggregate(values, 'median')).toBe(median);
      }),
    );
  });

  it('should never go down when one mark goes up', () => {
    fc.assert(
      fc.property(valuesArb, methodArb, fc.nat(), fc.nat({ max: 1000 }), (values, method, at, by) => {
        const raised = [...values];
        raised[at % values.length] += by;
        expect(aggregate(raised, method)).toBeGreaterThanOrEqual(aggregate(values, method));
      }),
    );
  });

  it('should ignore only the single highest and single lowest mark in a trimmed mean', () => {
    // Two judges give the top mark: only one of them is dropped.
    expect(aggregate([100, 300, 300], 'trimmed_mean')).toBe(300);
    expect(aggregate([100, 100, 300, 300], 'trimmed_mean')).toBe(200);
  });
});

describe('aspectScore', () => {
  it.each<[string, SchemeAspect, AggregationMethod, (number | null)[], number | null]>([
    ['nobody has marked', aspect('M', 'measurement', 500), 'mean', [], null],
    ['one judge', aspect('M', 'measurement', 500), 'mean', [425], 425],
    ['three judges, mean half up', aspect('M', 'measurement', 500), 'mean', [500, 480, 500], 493],
    ['a mark over full marks, clamped', aspect('M', 'measurement', 500), 'mean', [520, 480, 500], 493],
    ['a negative mark, clamped', aspect('M', 'measurement', 500), 'mean', [-10, 30], 15],
    ['the median', aspect('M', 'measurement', 500), 'median', [520, 480, 500], 500],
    ['judgement, all 3 points', aspect('J', 'judgement', 1500), 'mean', [300, 300, 300], 1500],
    ['judgement, all 0 points', aspect('J', 'judgement', 1500), 'mean', [0, 0, 0], 0],
    ['judgement, 2 points of 3', aspect('J', 'judgement', 600), 'median', [200, 100, 300], 400],
    ['judgement, one judge 1 point of 10 marks', aspect('J', 'judgement', 1000), 'mean', [100], 333],
    ['judgement, 2 of 3 on 0.50', aspect('J', 'judgement', 50), 'mean', [200], 33],
    ['judgement, 1 of 3 on 0.50', aspect('J', 'judgement', 50), 'mean', [100], 17],
    // The aggregate (2.33 points) is rounded before scaling, as on the paper sheet: 2.33 × 5 = 11.65.
    ['judgement, mean 2.33 points of 15 marks', aspect('J', 'judgement', 1500), 'mean', [200, 300, 200], 1165],
    ['judgement, a trimmed mean', aspect('J', 'judgement', 3000), 'trimmed_mean', [0, 200, 200, 300], 2000],
    ['judgement, a value over 3 points, clamped', aspect('J', 'judgement', 1500), 'mean', [400], 1500],
    ['a deduction', aspect('D', 'deduction', 500), 'mean', [200, 300], 250],
    ['a deduction over its limit, clamped', aspect('D', 'deduction', 500), 'mean', [200, 600], 350],
    ['a deduction with one judge absent', aspect('D', 'deduction', 500), 'median', [100, null, 300], 200],
  ])('should score %s', (_label, a, method, values, expected) => {
    expect(aspectScore(a, marksOn(a.key, values), method)).toBe(expected);
  });

  it('should refuse a mark on another aspect', () => {
    const a = aspect('M1', 'measurement', 500);
    expect(() => aspectScore(a, marksOn('M2', [100]), 'mean')).toThrow(
      '分数属于评分项「M2」，不属于「M1」',
    );
  });

  it('should refuse two marks of one judge', () => {
    const a = aspect('M1', 'measurement', 500);
    const marks = [...marksOn('M1', [100]), ...marksOn('M1', [200])];
    expect(() => aspectScore(a, marks, 'mean')).toThrow('裁判 j1 对评分项「M1」有多个分数');
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY])('should refuse the value %p', (value) => {
    expect(() => aspectScore(aspect('M', 'measurement', 500), marksOn('M', [value]), 'mean')).toThrow(
      RangeError,
    );
  });

  it('should stay within [0, maxMarks] for any marks, even out of range ones', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<AspectKind>('measurement', 'judgement', 'deduction'),
        fc.integer({ min: 1, max: 100_000 }),
        fc.array(fc.integer({ min: -1000, max: 200_000 }), { maxLength: 7 }),
        fc.constantFrom(...AGGREGATION_METHODS),
        (kind, max, values, method) => {
          const score = aspectScore(aspect('X', kind, max), marksOn('X', values), method);
          if (values.length === 0) {
            expect(score).toBeNull();
          } else {
            expect(Number.isSafeInteger(score)).toBe(true);
            expect(score).toBeGreaterThanOrEqual(0);
            expect(score).toBeLessThanOrEqual(max);
          }
        },
      ),
    );
  });

  it('should give full marks for 3 points and nothing for 0, whatever the maximum', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 7 }), (max, judges) => {
        const a = aspect('J', 'judgement', max);
        expect(aspectScore(a, marksOn('J', Array(judges).fill(JUDGEMENT_FULL)), 'mean')).toBe(max);
        expect(aspectScore(a, marksOn('J', Array(judges).fill(0)), 'mean')).toBe(0);
      }),
    );
  });
});

describe('sectionScore', () => {
  /** P: 10.00 measured, 5.00 deduction; its child C: 10.00 measured, 8.00 deduction. */
  const nested = section(
    'P',
    [aspect('P1', 'measurement', 1000), aspect('PD', 'deduction', 500)],
    [section('C', [aspect('C1', 'measurement', 1000), aspect('CD', 'deduction', 800)])],
  );

  it('should floor each section at 0 before its parent takes its own deductions', () => {
    const marks = [
      ...marksOn('P1', [1000]),
      ...marksOn('PD', [500]),
      ...marksOn('C1', [300]),
      ...marksOn('CD', [800]),
    ];
    // Without the floor per section: 10 + 3 − 8 − 5 = 0. With it: C = max(0, 3 − 8) = 0, P = 10 + 0 − 5.
    expect(sectionScore(nested, marks, 'mean')).toEqual({
      key: 'P',
      title: '部分 P',
      sectionPath: ['P'],
      max: 2000,
      scored: 1000,
      deducted: 500,
      score: 500,
    });
  });

  it('should not let a deduction take a section below 0', () => {
    const marks = [...marksOn('P1', [200]), ...marksOn('PD', [500])];
    expect(sectionScore(nested, marks, 'mean')).toMatchObject({ scored: 200, deducted: 500, score: 0 });
  });

  it('should ignore marks of aspects outside the section, and prefix the path', () => {
    const marks = [...marksOn('P1', [700]), ...marksOn('Z9', [100])];
    expect(sectionScore(nested, marks, 'mean', ['root'])).toMatchObject({
      sectionPath: ['root', 'P'],
      score: 700,
    });
  });
});

describe('stageScore', () => {
  /** Three judges on the welding sheet, trimmed mean; B2b not marked yet. */
  const dayOne: JudgeMark[] = [
    ...marksOn('A1', [1800, 1900, 2000]), // 19.00
    ...marksOn('A2', [1500, 1500, 1600]), // 15.00
    ...marksOn('B1', [200, 300, 300]), // 3 points → 15.00
    ...marksOn('B9', [200, 200, 0]), // 2.00 off
    ...marksOn('B2a', [100, 200, 200]), // 2 points of 25.00 → 16.67
  ];

  it('should break a stage down into aspects and sections', () => {
    const result = stageScore(welding(), dayOne);
    expect(result.total).toBe(6367);
    expect(result.max).toBe(10000);
    expect(result.stage).toBe('practical');
    expect(result.method).toBe('trimmed_mean');
    expect(result.missing).toEqual(['B2b']);
    expect(result.sections).toEqual([
      { key: 'A', title: '部分 A', sectionPath: ['A'], max: 4000, scored: 3400, deducted: 0, score: 3400 },
      { key: 'B', title: '部分 B', sectionPath: ['B'], max: 6000, scored: 3167, deducted: 200, score: 2967 },
      { key: 'B2', title: '部分 B2', sectionPath: ['B', 'B2'], max: 4500, scored: 1667, deducted: 0, score: 1667 },
    ]);
    expect(result.aspects.map((a) => [a.key, a.judges, a.aggregated, a.score])).toEqual([
      ['A1', 3, 1900, 1900],
      ['A2', 3, 1500, 1500],
      ['B1', 3, 300, 1500],
      ['B9', 3, 200, 200],
      ['B2a', 3, 200, 1667],
      ['B2b', 0, null, 0],
    ]);
    expect(result.aspects[4]).toEqual({
      key: 'B2a',
      title: '评分项 B2a',
      kind: 'judgement',
      sectionPath: ['B', 'B2'],
      max: 2500,
      judges: 3,
      aggregated: 200,
      score: 1667,
    });
  });

  it('should use the scheme’s method', () => {
    // The mean instead of the trimmed mean: A1 19.00, A2 15.33, B1 2.67 points → 13.35, B9 1.33,
    // B2a 1.67 points → 13.92; B = 13.35 + 13.92 − 1.33 = 25.94.
    expect(stageScore(welding('mean'), dayOne).total).toBe(1900 + 1533 + 2594);
  });

  it('should count deductions only in their own section, and never below 0', () => {
    const marks = [...marksOn('A1', [2000]), ...marksOn('B1', [0]), ...marksOn('B9', [1000])];
    const result = stageScore(welding('mean'), marks);
    expect(result.sections.map((s) => s.score)).toEqual([2000, 0, 0]);
    expect(result.total).toBe(2000);
  });

  it('should list scored aspects with no marks as missing, but not deductions', () => {
    const result = stageScore(welding(), []);
    expect(result.total).toBe(0);
    expect(result.missing).toEqual(['A1', 'A2', 'B1', 'B2a', 'B2b']);
  });

  it('should refuse an invalid scheme', () => {
    const broken = welding();
    broken.totalMarks = 9000;
    expect(() => stageScore(broken, [])).toThrow(
      '评分表有误（totalMarks）：测量和评价评分项满分合计 100.00 分，比总分 90.00 分多 10.00 分',
    );
  });

  it('should refuse a mark on an aspect that is not in the scheme', () => {
    expect(() => stageScore(welding(), marksOn('Z9', [100]))).toThrow('评分项「Z9」不在评分表中');
  });

  it('should refuse two marks of one judge on one aspect', () => {
    const marks = [...marksOn('A1', [100]), ...marksOn('A1', [100])];
    expect(() => stageScore(welding(), marks)).toThrow('裁判 j1 对评分项「A1」有多个分数');
  });
});

// ---------------------------------------------------------------------------------------------
// Properties of the engine on any valid scheme and any valid marks

const JUDGES = ['j1', 'j2', 'j3', 'j4', 'j5'];

interface RawAspect {
  kind: AspectKind;
  maxMarks: number;
}
interface RawSection {
  aspects: RawAspect[];
  sections: RawSection[];
}

const rawAspectArb: fc.Arbitrary<RawAspect> = fc.record({
  kind: fc.constantFrom<AspectKind>('measurement', 'judgement', 'deduction'),
  maxMarks: fc.integer({ min: 1, max: 5000 }),
});

/** Each section has at least one scored aspect, so every generated scheme is valid. */
const rawSectionArb = (children: fc.Arbitrary<RawSection[]>): fc.Arbitrary<RawSection> =>
  fc
    .record({ aspects: fc.array(rawAspectArb, { minLength: 1, maxLength: 4 }), sections: children })
    .map((s) =>
      s.aspects.some(isScoredAspect)
        ? s
        : { ...s, aspects: [{ ...s.aspects[0], kind: 'measurement' as const }, ...s.aspects.slice(1)] },
    );

const schemeArb: fc.Arbitrary<MarkingScheme> = fc
  .record({
    method: fc.constantFrom(...AGGREGATION_METHODS),
    sections: fc.array(
      rawSectionArb(fc.array(rawSectionArb(fc.constant([])), { maxLength: 2 })),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map(({ method, sections }) => {
    let n = 0;
    const keyed = (raw: RawSection): SchemeSection => {
      n += 1;
      const key = `s${n}`;
      return section(
        key,
        raw.aspects.map((a) => aspect(`a${(n += 1)}`, a.kind, a.maxMarks)),
        raw.sections.map(keyed),
      );
    };
    const keyedSections = sections.map(keyed);
    return {
      stage: 'practical',
      method,
      totalMarks: schemeMax({ sections: keyedSections }),
      sections: keyedSections,
    };
  });

/** A value a judge may enter on `a` (checkMarkValue accepts it). */
const validValueArb = (a: SchemeAspect): fc.Arbitrary<number> =>
  a.kind === 'judgement' ? fc.constantFrom(...JUDGEMENT_VALUES) : fc.integer({ min: 0, max: a.maxMarks });

/** Each judge marks each aspect or not. */
const marksArb = (scheme: MarkingScheme): fc.Arbitrary<JudgeMark[]> =>
  fc
    .tuple(
      ...flattenAspects(scheme).map((a) =>
        fc.tuple(
          ...JUDGES.map((judgeId) =>
            fc.option(validValueArb(a).map((value) => ({ judgeId, aspectKey: a.key, value })), {
              nil: null,
              freq: 3,
            }),
          ),
        ),
      ),
    )
    .map((perAspect) => perAspect.flat().filter((m): m is JudgeMark => m !== null));

const caseArb = schemeArb.chain((scheme) => marksArb(scheme).map((marks) => ({ scheme, marks })));

describe('stageScore properties', () => {
  it('should only generate valid schemes', () => {
    fc.assert(
      fc.property(schemeArb, (scheme) => {
        expect(validateScheme(scheme)).toEqual([]);
      }),
    );
  });

  it('should give integers within [0, max] for the total, every section and every aspect', () => {
    fc.assert(
      fc.property(caseArb, ({ scheme, marks }) => {
        const result = stageScore(scheme, marks);
        expect(result.max).toBe(scheme.totalMarks);
        expect(Number.isSafeInteger(result.total)).toBe(true);
        expect(result.total).toBeGreaterThanOrEqual(0);
        expect(result.total).toBeLessThanOrEqual(result.max);
        for (const s of [...result.sections, ...result.aspects]) {
          expect(Number.isSafeInteger(s.score)).toBe(true);
          expect(s.score).toBeGreaterThanOrEqual(0);
          expect(s.score).toBeLessThanOrEqual(s.max);
        }
        const top = result.sections.filter((s) => s.sectionPath.length === 1);
        expect(top.reduce((sum, s) => sum + s.score, 0)).toBe(result.total);
      }),
    );
  });

  it('should not change when judges are relabelled or their marks come in another order', () => {
    const permutedArb = caseArb.chain(({ scheme, marks }) =>
      fc
        .tuple(
          fc.shuffledSubarray(marks, { minLength: marks.length }),
          fc.shuffledSubarray(JUDGES, { minLength: JUDGES.length }),
        )
        .map(([shuffled, relabel]) => ({
          scheme,
          marks,
          permuted: shuffled.map((m) => ({ ...m, judgeId: relabel[JUDGES.indexOf(m.judgeId)] })),
        })),
    );
    fc.assert(
      fc.property(permutedArb, ({ scheme, marks, permuted }) => {
        expect(stageScore(scheme, permuted)).toEqual(stageScore(scheme, marks));
      }),
    );
  });

  it('should never lower the total when a scored mark goes up, nor raise it when a deduction does', () => {
    /** The highest value a judge may enter on `a`. */
    const top = (a: SchemeAspect) => (a.kind === 'judgement' ? JUDGEMENT_FULL : a.maxMarks);
    const raisedArb = caseArb.chain(({ scheme, marks }) => {
      const aspects = new Map(flattenAspects(scheme).map((a) => [a.key, a as SchemeAspect]));
      const raisable = marks
        .map((m, at) => ({ at, target: aspects.get(m.aspectKey) as SchemeAspect }))
        .filter(({ at, target }) => marks[at].value < top(target));
      if (raisable.length === 0) {
        return fc.constant(null);
      }
      return fc.constantFrom(...raisable).chain(({ at, target }) =>
        validValueArb(target)
          .map((v) => Math.max(v, marks[at].value + 1))
          .map((v) => (target.kind === 'judgement' ? Math.ceil(v / 100) * 100 : v))
          .map((value) => ({
            scheme,
            marks,
            target,
            raised: marks.map((m, i) => (i === at ? { ...m, value } : m)),
          })),
      );
    });
    fc.assert(
      fc.property(raisedArb, (raisedCase) => {
        fc.pre(raisedCase !== null);
        const { scheme, marks, target, raised } = raisedCase;
        const before = stageScore(scheme, marks).total;
        const after = stageScore(scheme, raised).total;
        if (isScoredAspect(target)) {
          expect(after).toBeGreaterThanOrEqual(before);
        } else {
          expect(after).toBeLessThanOrEqual(before);
        }
      }),
    );
  });

  it('should add up the scored aspects when nothing is deducted, and take off no more than the deductions', () => {
    fc.assert(
      fc.property(caseArb, ({ scheme, marks }) => {
        const result = stageScore(scheme, marks);
        const scored = result.aspects.filter(isScoredAspect).reduce((s, a) => s + a.score, 0);
        const deducted = result.aspects.filter((a) => !isScoredAspect(a)).reduce((s, a) => s + a.score, 0);
        expect(result.total).toBeLessThanOrEqual(scored);
        expect(result.total).toBeGreaterThanOrEqual(scored - deducted);
        if (deducted === 0) {
          expect(result.total).toBe(scored);
        }
      }),
    );
  });

  it('should list as missing exactly the scored aspects no judge marked', () => {
    fc.assert(
      fc.property(caseArb, ({ scheme, marks }) => {
        const marked = new Set(marks.map((m) => m.aspectKey));
        const expected = flattenAspects(scheme)
          .filter((a) => isScoredAspect(a) && !marked.has(a.key))
          .map((a) => a.key);
        expect(stageScore(scheme, marks).missing).toEqual(expected);
      }),
    );
  });

  it('should give full marks for full marks from every judge, and 0 for zero marks', () => {
    fc.assert(
      fc.property(schemeArb, (scheme) => {
        const all = (value: (a: SchemeAspect) => number) =>
          flattenAspects(scheme).flatMap((a) => JUDGES.map((judgeId) => ({ judgeId, aspectKey: a.key, value: value(a) })));
        const full = all((a) => (a.kind === 'judgement' ? JUDGEMENT_FULL : a.kind === 'deduction' ? 0 : a.maxMarks));
        expect(stageScore(scheme, full).total).toBe(scheme.totalMarks);
        expect(stageScore(scheme, all(() => 0)).total).toBe(0);
      }),
    );
  });
});

describe('weightedTotal', () => {
  const stage = (score: number, max: number, weight: number): WeightedStage => ({ score, max, weight });

  it.each<[string, WeightedStage[], number]>([
    ['theory 80 at 30%, practical 90 at 70%', [stage(8000, 10000, 30), stage(9000, 10000, 70)], 8700],
    ['a half hundredth, rounded up', [stage(7550, 10000, 30), stage(8125, 10000, 70)], 7953],
    // Rounded once: 0.005 + 0.005 = 0.01, where rounding each share would give 0.02.
    ['two half hundredths, rounded once', [stage(1, 10000, 50), stage(1, 10000, 50)], 1],
    ['a theory paper out of 150', [stage(10000, 15000, 40), stage(6000, 10000, 60)], 6267],
    ['one stage at 100%', [stage(9999, 10000, 100)], 9999],
    ['a stage at 0%', [stage(0, 10000, 0), stage(5000, 10000, 100)], 5000],
    ['odd maxima', [stage(1, 3, 50), stage(2, 7, 50)], 3095],
    ['all full marks', [stage(7700, 7700, 25), stage(333, 333, 75)], 10000],
    ['nothing', [stage(0, 7700, 25), stage(0, 333, 75)], 0],
  ])('should weigh %s', (_label, stages, expected) => {
    expect(weightedTotal(stages)).toBe(expected);
  });

  it.each<[WeightedStage[], string]>([
    [[], '各阶段权重合计应为 100%（当前为 0%）'],
    [[stage(5000, 10000, 30), stage(5000, 10000, 60)], '各阶段权重合计应为 100%（当前为 90%）'],
    [[stage(5000, 10000, 30.5), stage(5000, 10000, 69.5)], '阶段权重应为 0–100 的整数百分比（收到 30.5）'],
    [[stage(5000, 10000, -10), stage(5000, 10000, 110)], '阶段权重应为 0–100 的整数百分比（收到 -10）'],
    [[stage(0, 0, 100)], '阶段满分应大于 0 且最多两位小数（收到 0）'],
    [[stage(10001, 10000, 100)], '阶段成绩应在 0 到满分 100.00 分之间，且最多两位小数（收到 10001）'],
    [[stage(-1, 10000, 100)], '阶段成绩应在 0 到满分 100.00 分之间，且最多两位小数（收到 -1）'],
    [[stage(0.5, 10000, 100)], '阶段成绩应在 0 到满分 100.00 分之间，且最多两位小数（收到 0.5）'],
  ])('should refuse %j', (stages, message) => {
    expect(() => weightedTotal(stages)).toThrow(message);
  });

  /** Whole-percent weights adding up to 100, one per stage. */
  const weightsArb = fc
    .array(fc.integer({ min: 0, max: 100 }), { minLength: 0, maxLength: 4 })
    .map((cuts) => {
      const points = [0, ...[...cuts].sort((a, b) => a - b), 100];
      return points.slice(1).map((p, i) => p - points[i]);
    });
  const stagesArb = weightsArb.chain((weights) =>
    fc.tuple(
      ...weights.map((weight) =>
        fc
          .integer({ min: 1, max: 10_000_000 })
          .chain((max) => fc.integer({ min: 0, max }).map((score) => stage(score, max, weight))),
      ),
    ),
  );

  it('should be exactly 100.00 for full marks and 0 for none, whatever the weights and maxima', () => {
    fc.assert(
      fc.property(stagesArb, (stages) => {
        expect(weightedTotal(stages.map((s) => ({ ...s, score: s.max })))).toBe(10000);
        expect(weightedTotal(stages.map((s) => ({ ...s, score: 0 })))).toBe(0);
      }),
    );
  });

  it('should agree with a reference over the product of the maxima, and stay within 0–100.00', () => {
    fc.assert(
      fc.property(stagesArb, (stages) => {
        const product = stages.reduce((p, s) => p * BigInt(s.max), 1n);
        const numerator = stages.reduce(
          (sum, s) => sum + (BigInt(s.score) * BigInt(s.weight) * 100n * product) / BigInt(s.max),
          0n,
        );
        const expected = Number((2n * numerator + product) / (2n * product));
        const result = weightedTotal(stages);
        expect(result).toBe(expected);
        expect(Number.isSafeInteger(result)).toBe(true);
        expect(result).toBeGreaterThanOrEqual(0);
        expect(result).toBeLessThanOrEqual(10000);
      }),
    );
  });

  it('should never go down when one stage score goes up', () => {
    fc.assert(
      fc.property(stagesArb, fc.nat(), (stages, at) => {
        const i = at % stages.length;
        const raised = stages.map((s, j) => (j === i ? { ...s, score: s.max } : s));
        expect(weightedTotal(raised)).toBeGreaterThanOrEqual(weightedTotal(stages));
      }),
    );
  });
});

describe('checkMarkValue', () => {
  const measured = aspect('M', 'measurement', 500);
  const judged = aspect('J', 'judgement', 1500);
  const deducted = aspect('D', 'deduction', 500);

  it.each<[SchemeAspect, number, string | null]>([
    [measured, 0, null],
    [measured, 500, null],
    [measured, 125, null],
    [measured, 600, '该评分项满分 5.00 分，不能打 6.00 分'],
    [measured, 501, '该评分项满分 5.00 分，不能打 5.01 分'],
    [measured, -1, '不能为负数'],
    [measured, 12.5, '最多两位小数'],
    [measured, Number.NaN, '分数不是有效数字'],
    [measured, Number.POSITIVE_INFINITY, '分数不是有效数字'],
    [judged, 0, null],
    [judged, 100, null],
    [judged, 200, null],
    [judged, 300, null],
    [judged, 150, '主观评分只能为 0、1、2、3 分'],
    [judged, 400, '主观评分只能为 0、1、2、3 分'],
    [judged, 1500, '主观评分只能为 0、1、2、3 分'],
    [judged, -100, '不能为负数'],
    [deducted, 0, null],
    [deducted, 500, null],
    [deducted, 550, '该扣分项最多扣 5.00 分，不能扣 5.50 分'],
    [deducted, -50, '不能为负数'],
  ])('should judge %j with %p', (a, value, expected) => {
    expect(checkMarkValue(a, value)).toBe(expected);
  });

  it('should accept exactly the values the properties above generate', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<AspectKind>('measurement', 'judgement', 'deduction'),
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: -1000, max: 200_000 }),
        (kind, max, value) => {
          const a = aspect('X', kind, max);
          const valid =
            kind === 'judgement'
              ? (JUDGEMENT_VALUES as readonly number[]).includes(value)
              : value >= 0 && value <= max;
          expect(checkMarkValue(a, value) === null).toBe(valid);
        },
      ),
    );
  });
});

describe('judgementSpread', () => {
  it.each<[(number | null)[], boolean, number | null, number | null]>([
    [[], false, null, null],
    [[200], false, 200, 200],
    [[300, 300, 300], false, 300, 300],
    [[100, 200], false, 100, 200],
    [[200, 300, 200, 300], false, 200, 300],
    [[100, 300], true, 100, 300],
    [[0, 100, 200], true, 0, 200],
    [[300, null, 0], true, 0, 300],
  ])('should judge marks %j: flagged %p', (values, flagged, min, max) => {
    expect(judgementSpread(marksOn('J', values))).toEqual({ flagged, min, max });
  });

  it('should flag exactly the marks more than one point apart', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...JUDGEMENT_VALUES), { minLength: 1, maxLength: 7 }), (values) => {
        const spread = judgementSpread(values.map((value) => ({ value })));
        const apart = Math.max(...values) - Math.min(...values);
        expect(spread.flagged).toBe(apart > JUDGEMENT_SPREAD_LIMIT);
        expect(spread.flagged).toBe(apart >= 200);
      }),
    );
  });
});
