import { flattenAspects, type MarkingScheme } from './marking-scheme';
import { stageScore, weightedTotal } from './scoring';

/** One judge's mark in effect (after approved corrections) on one aspect of one stage. */
export interface StageMark {
  stage: string;
  aspectKey: string;
  judgeId: string;
  /** Hundredths (judgement: 0–300). */
  value: number;
}

export interface EntryScoreInput {
  /** The event's stages with whole-percent weights adding up to 100. */
  stages: readonly { name: string; weight: number }[];
  /** The schemes set so far (a stage may have none yet). */
  schemes: readonly MarkingScheme[];
  /** The entry's marks in effect: one per judge and aspect. */
  marks: readonly StageMark[];
}

/** Where an entry stands: what the boards show and ranking compares. All hundredths. */
export interface EntryScore {
  /** The stage-weighted total on a 0–100 scale (weightedTotal), stages without marks counting 0. */
  total: number;
  /** Each marked stage's score on its own scale (0 … the scheme's total marks). */
  stageTotals: Record<string, number>;
  /** Each marked aspect's combined score, keyed `stage/aspectKey` (a deduction: marks taken off). */
  aspectScores: Record<string, number>;
  /** Marks taken off by deduction aspects, over all stages. */
  deductions: number;
}

/** The key of an aspect across stages, as in `aspectScores`. */
export const stageAspectKey = (stage: string, aspectKey: string) => `${stage}/${aspectKey}`;

/**
 * An entry's standing from its marks in effect: each stage by its scheme (stageScore: the
 * event's aggregation of judges, deductions floored per section), then the weighted total.
 * Marks on aspects a scheme does not have are ignored (schemes are frozen once marked, so
 * there are none), so a live board never fails on one entry's data.
 */
export function entryScore(input: EntryScoreInput): EntryScore {
  const stageTotals: Record<string, number> = {};
  const aspectScores: Record<string, number> = {};
  let deductions = 0;
  const weighted = input.stages.map((stage) => {
    const scheme = input.schemes.find((s) => s.stage === stage.name);
    if (!scheme) return { score: 0, max: 1, weight: stage.weight };
    const known = new Set(flattenAspects(scheme).map((a) => a.key));
    const marks = input.marks
      .filter((m) => m.stage === stage.name && known.has(m.aspectKey))
      .map((m) => ({ judgeId: m.judgeId, aspectKey: m.aspectKey, value: m.value }));
    const result = stageScore(scheme, marks);
    if (marks.length > 0) stageTotals[stage.name] = result.total;
    for (const aspect of result.aspects) {
      if (aspect.judges === 0) continue;
      aspectScores[stageAspectKey(stage.name, aspect.key)] = aspect.score;
      if (aspect.kind === 'deduction') deductions += aspect.score;
    }
    return { score: result.total, max: result.max, weight: stage.weight };
  });
  return { total: weightedTotal(weighted), stageTotals, aspectScores, deductions };
}
