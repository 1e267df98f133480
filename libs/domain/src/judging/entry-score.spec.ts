import fc from 'fast-check';
import { entryScore, entryScoreFromAspects, updatedEntryScore, type StageMark } from './entry-score';
import { ASPECT_KINDS, AGGREGATION_METHODS, flattenAspects, schemeMax, validateScheme, type AspectKind, type MarkingScheme } from './marking-scheme';
import { stageScore } from './scoring';

const theory: MarkingScheme = {
  stage: '理论',
  method: 'mean',
  totalMarks: 10000,
  sections: [{ key: 'T', title: '理论', aspects: [{ key: 'T1', title: '笔试', kind: 'measurement', maxMarks: 10000 }], sections: [] }],
};
const practical: MarkingScheme = {
  stage: '实操',
  method: 'trimmed_mean',
  totalMarks: 2000,
  sections: [
    {
      key: 'A',
      title: '焊缝',
      aspects: [
        { key: 'A1', title: '尺寸', kind: 'measurement', maxMarks: 1000 },
        { key: 'A2', title: '外观', kind: 'judgement', maxMarks: 1000 },
        { key: 'A3', title: '安全', kind: 'deduction', maxMarks: 500 },
      ],
      sections: [],
    },
  ],
};
const stages = [
  { name: '理论', weight: 30 },
  { name: '实操', weight: 70 },
];
const m = (stage: string, aspectKey: string, judgeId: string, value: number): StageMark => ({ stage, aspectKey, judgeId, value });

describe('entryScore', () => {
  it('should be 0 everywhere with no marks', () => {
    expect(entryScore({ stages, schemes: [theory, practical], marks: [] })).toEqual({ total: 0, stageTotals: {}, aspectScores: {}, deductions: 0 });
  });

  it('should weight the stages and keep each stage on its own scale', () => {
    const score = entryScore({
      stages,
      schemes: [theory, practical],
      marks: [
        m('理论', 'T1', 'j1', 8000),
        // Trimmed mean of 900, 800, 700 → 800.
        m('实操', 'A1', 'j1', 900),
        m('实操', 'A1', 'j2', 800),
        m('实操', 'A1', 'j3', 700),
        // Judgement 3, 2, 2 → trimmed 2 points → 2/3 of 1000 = 666.67 → 667.
        m('实操', 'A2', 'j1', 300),
        m('实操', 'A2', 'j2', 200),
        m('实操', 'A2', 'j3', 200),
        m('实操', 'A3', 'j1', 100),
      ],
    });
    expect(score.stageTotals).toEqual({ 理论: 8000, 实操: 800 + 667 - 100 });
    expect(score.aspectScores).toEqual({ '理论/T1': 8000, '实操/A1': 800, '实操/A2': 667, '实操/A3': 100 });
    expect(score.deductions).toBe(100);
    // 80/100 × 30 + 1367/2000 × 70 = 24 + 47.845 = 71.845 → 71.85 (half up).
    expect(score.total).toBe(7185);
  });

  it('should count a stage without a scheme as 0 and ignore marks on unknown aspects', () => {
    const score = entryScore({ stages, schemes: [theory], marks: [m('理论', 'T1', 'j1', 5000), m('理论', 'ZZ', 'j1', 100), m('实操', 'A1', 'j1', 900)] });
    expect(score).toEqual({ total: 1500, stageTotals: { 理论: 5000 }, aspectScores: { '理论/T1': 5000 }, deductions: 0 });
  });

  it('should stay within [0, 10000], and not fall when a measurement mark rises', () => {
    const value = fc.integer({ min: 0, max: 1000 });
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 5 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 500 }), (values, which, raise) => {
        const marks = values.map((v, i) => m('实操', 'A1', `j${i}`, v));
        const before = entryScore({ stages, schemes: [theory, practical], marks });
        const i = which % values.length;
        const raised = marks.map((mk, k) => (k === i ? { ...mk, value: Math.min(1000, mk.value + raise) } : mk));
        const after = entryScore({ stages, schemes: [theory, practical], marks: raised });
        expect(before.total).toBeGreaterThanOrEqual(0);
        expect(after.total).toBeLessThanOrEqual(10000);
        expect(after.total).toBeGreaterThanOrEqual(before.total);
      }),
    );
  });

  it('should not depend on the order of the marks', () => {
    const marks = [m('实操', 'A1', 'j1', 900), m('实操', 'A1', 'j2', 100), m('实操', 'A2', 'j1', 300), m('实操', 'A2', 'j2', 100), m('理论', 'T1', 'j1', 7000)];
    fc.assert(
      fc.property(fc.shuffledSubarray(marks, { minLength: marks.length, maxLength: marks.length }), (shuffled) => {
        expect(entryScore({ stages, schemes: [theory, practical], marks: shuffled })).toEqual(entryScore({ stages, schemes: [theory, practical], marks }));
      }),
    );
  });
});

// Random schemes of one shape (a nested section, deductions anywhere), random kinds, maxima and
// methods, and random marks on them (some on an aspect no scheme has), for the properties below.
const kinds = fc.constantFrom<AspectKind>(...ASPECT_KINDS);
const maxima = fc.integer({ min: 1, max: 40 }).map((n) => n * 50);
const aspect = (key: string, kind = kinds) => fc.record({ kind, maxMarks: maxima }).map((a) => ({ key, title: key, ...a }));
const scoredKinds = fc.constantFrom<AspectKind>('measurement', 'judgement');
const randomSchemes = fc
  .record({
    method: fc.constantFrom(...AGGREGATION_METHODS),
    theoryMethod: fc.constantFrom(...AGGREGATION_METHODS),
    a: fc.tuple(aspect('A1', scoredKinds), aspect('A2'), aspect('A3')),
    b: fc.tuple(aspect('B1', scoredKinds), aspect('B2')),
    c: fc.tuple(aspect('C1', scoredKinds), aspect('C2')),
    t: fc.tuple(fc.constant({ key: 'T1', title: 'T1', kind: 'measurement' as AspectKind, maxMarks: 5000 }), aspect('T2')),
  })
  .map(({ method, theoryMethod, a, b, c, t }): MarkingScheme[] => {
    const practicalSections = [
      { key: 'A', title: 'A', aspects: a, sections: [{ key: 'B', title: 'B', aspects: b, sections: [] }] },
      { key: 'C', title: 'C', aspects: c, sections: [] },
    ];
    const theorySections = [{ key: 'T', title: 'T', aspects: t, sections: [] }];
    return [
      { stage: '实操', method, totalMarks: schemeMax({ sections: practicalSections }), sections: practicalSections },
      { stage: '理论', method: theoryMethod, totalMarks: schemeMax({ sections: theorySections }), sections: theorySections },
    ];
  })
  .filter((schemes) => schemes.every((s) => validateScheme(s).length === 0));
const randomStages = [
  { name: '理论', weight: 20 },
  { name: '实操', weight: 50 },
  { name: '答辩', weight: 30 },
];
const slots = [
  ...['A1', 'A2', 'A3', 'B1', 'B2', 'C1', 'C2', 'X9'].map((aspectKey) => ({ stage: '实操', aspectKey })),
  ...['T1', 'T2'].map((aspectKey) => ({ stage: '理论', aspectKey })),
  { stage: '答辩', aspectKey: 'D1' },
];
const randomMarks = fc.uniqueArray(
  fc.record({ slot: fc.constantFrom(...slots), judgeId: fc.constantFrom('j1', 'j2', 'j3', 'j4', 'j5'), value: fc.integer({ min: 0, max: 2100 }) }),
  { selector: (m) => `${m.slot.stage}/${m.slot.aspectKey}/${m.judgeId}`, maxLength: 40 },
).map((list) => list.map((m): StageMark => ({ ...m.slot, judgeId: m.judgeId, value: m.value })));

describe('entryScoreFromAspects and updatedEntryScore', () => {
  it('should give what entryScore gives from its aspect scores alone, each stage total as stageScore adds up the marks', () => {
    fc.assert(
      fc.property(randomSchemes, randomMarks, (schemes, marks) => {
        const full = entryScore({ stages: randomStages, schemes, marks });
        expect(entryScoreFromAspects({ stages: randomStages, schemes, aspectScores: full.aspectScores })).toEqual(full);
        for (const scheme of schemes) {
          const known = new Set(flattenAspects(scheme).map((a) => a.key));
          const own = marks.filter((x) => x.stage === scheme.stage && known.has(x.aspectKey));
          if (own.length > 0) expect(full.stageTotals[scheme.stage]).toBe(stageScore(scheme, own).total);
          else expect(full.stageTotals[scheme.stage]).toBeUndefined();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('should equal entryScore over all the marks after every batch, recombining only the aspects each batch marked', () => {
    fc.assert(
      fc.property(randomSchemes, randomMarks, fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 10 }), (schemes, marks, sizes) => {
        let score = entryScore({ stages: randomStages, schemes, marks: [] });
        let seen: StageMark[] = [];
        for (let from = 0, i = 0; from < marks.length; from += sizes[i % sizes.length], i++) {
          const batch = marks.slice(from, from + sizes[i % sizes.length]);
          seen = [...seen, ...batch];
          const touched = [...new Set(batch.map((m) => `${m.stage}\u0000${m.aspectKey}`))].map((k) => k.split('\u0000'));
          score = updatedEntryScore(score, {
            stages: randomStages,
            schemes,
            changed: touched.map(([stage, aspectKey]) => ({ stage, aspectKey, marks: seen.filter((m) => m.stage === stage && m.aspectKey === aspectKey) })),
          });
          expect(score).toEqual(entryScore({ stages: randomStages, schemes, marks: seen }));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('should drop an aspect whose marks are all gone, and its stage total with its last aspect', () => {
    const before = entryScore({ stages, schemes: [theory, practical], marks: [m('理论', 'T1', 'j1', 8000), m('实操', 'A3', 'j1', 100)] });
    const after = updatedEntryScore(before, { stages, schemes: [theory, practical], changed: [{ stage: '实操', aspectKey: 'A3', marks: [] }] });
    expect(after).toEqual(entryScore({ stages, schemes: [theory, practical], marks: [m('理论', 'T1', 'j1', 8000)] }));
    expect(after.stageTotals).toEqual({ 理论: 8000 });
    expect(after.deductions).toBe(0);
  });
});
