import fc from 'fast-check';
import { entryScore, type StageMark } from './entry-score';
import type { MarkingScheme } from './marking-scheme';

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
