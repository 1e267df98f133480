import { flattenAspects, schemeMax, type MarkingScheme } from './marking-scheme';
import { aspectScore, stageScore, stageTotalFromAspects, weightedTotal } from './scoring';

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
  // Each stage's marks combined per aspect by its scheme (stageScore checks the scheme and the
  // marks), then the totals from those aspect scores: the one path entryScoreFromAspects takes.
  const aspectScores: Record<string, number> = {};
  for (const stage of input.stages) {
    const scheme = input.schemes.find((s) => s.stage === stage.name);
    if (!scheme) continue;
    const known = new Set(flattenAspects(scheme).map((a) => a.key));
    const marks = input.marks
      .filter((m) => m.stage === stage.name && known.has(m.aspectKey))
      .map((m) => ({ judgeId: m.judgeId, aspectKey: m.aspectKey, value: m.value }));
    for (const aspect of stageScore(scheme, marks).aspects) {
      if (aspect.judges > 0) aspectScores[stageAspectKey(stage.name, aspect.key)] = aspect.score;
    }
  }
  return entryScoreFromAspects({ stages: input.stages, schemes: input.schemes, aspectScores });
}

/**
 * What entryScore gives, from the aspects' combined scores alone (as EntryScore.aspectScores has
 * them: an aspect not there is unmarked and counts 0): each stage's total (present when any of
 * its aspects is), the deductions and the weighted total, without the marks.
 */
export function entryScoreFromAspects(input: Pick<EntryScoreInput, 'stages' | 'schemes'> & { aspectScores: Readonly<Record<string, number>> }): EntryScore {
  const stageTotals: Record<string, number> = {};
  const aspectScores: Record<string, number> = {};
  let deductions = 0;
  const weighted = input.stages.map((stage) => {
    const scheme = input.schemes.find((s) => s.stage === stage.name);
    if (!scheme) return { score: 0, max: 1, weight: stage.weight };
    let marked = false;
    for (const aspect of flattenAspects(scheme)) {
      const score = input.aspectScores[stageAspectKey(stage.name, aspect.key)];
      if (score === undefined) continue;
      marked = true;
      aspectScores[stageAspectKey(stage.name, aspect.key)] = score;
      if (aspect.kind === 'deduction') deductions += score;
    }
    const total = stageTotalFromAspects(scheme, (key) => input.aspectScores[stageAspectKey(stage.name, key)]);
    if (marked) stageTotals[stage.name] = total;
    return { score: total, max: schemeMax(scheme), weight: stage.weight };
  });
  return { total: weightedTotal(weighted), stageTotals, aspectScores, deductions };
}

/** The judges' marks in effect on one aspect of one stage, all of them (an aspect whose marks changed). */
export interface ChangedAspect {
  stage: string;
  aspectKey: string;
  marks: readonly Pick<StageMark, 'judgeId' | 'value'>[];
}

/**
 * An entry's score after some of its aspects' marks changed: `previous.aspectScores` (what
 * entryScore gave before) with each aspect in `changed` combined again from all its marks in
 * effect now, then the totals from the aspects (entryScoreFromAspects). The same as entryScore
 * over all the entry's marks (property-tested), while reading only the changed aspects' marks:
 * a live board's update then costs the marks of the aspects just marked, not of the entry.
 */
export function updatedEntryScore(previous: Pick<EntryScore, 'aspectScores'>, input: Pick<EntryScoreInput, 'stages' | 'schemes'> & { changed: readonly ChangedAspect[] }): EntryScore {
  const aspectScores: Record<string, number> = { ...previous.aspectScores };
  for (const change of input.changed) {
    if (!input.stages.some((s) => s.name === change.stage)) continue;
    const scheme = input.schemes.find((s) => s.stage === change.stage);
    const aspect = scheme ? flattenAspects(scheme).find((a) => a.key === change.aspectKey) : undefined;
    if (!scheme || !aspect) continue;
    const key = stageAspectKey(change.stage, change.aspectKey);
    const score = aspectScore(aspect, change.marks.map((m) => ({ judgeId: m.judgeId, aspectKey: change.aspectKey, value: m.value })), scheme.method);
    if (score === null) delete aspectScores[key];
    else aspectScores[key] = score;
  }
  return entryScoreFromAspects({ stages: input.stages, schemes: input.schemes, aspectScores });
}
