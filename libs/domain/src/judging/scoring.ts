import { divRoundHalfUp, divRoundHalfUpBig, formatHundredths } from './hundredths';
import {
  type AggregationMethod,
  type AspectKind,
  flattenAspects,
  isScoredAspect,
  type MarkingScheme,
  type SchemeAspect,
  type SchemeSection,
  schemeMax,
  sectionMax,
  validateScheme,
} from './marking-scheme';

/**
 * The scoring engine: judges' marks → aspect, section and stage scores, and stages → a weighted
 * total. Everything is integers in hundredths; each division rounds once, half up, at the
 * hundredth (see divRoundHalfUp). The engine never reads or resolves history: it takes each
 * judge's current mark per aspect (corrections already applied by the caller).
 */

/** One judge's current mark on one aspect of one contestant. */
export interface JudgeMark {
  judgeId: string;
  aspectKey: string;
  /**
   * Hundredths. Measurement: marks awarded, 0 … maxMarks. Judgement: 0, 100, 200 or 300, the
   * WorldSkills 0–3 whole points. Deduction: marks taken off (positive), 0 … maxMarks.
   */
  value: number;
}

/** A judgement mark of 3 points, in hundredths: the mark that earns an aspect's full marks. */
export const JUDGEMENT_FULL = 300;

/** The judgement marks a judge may give, in hundredths (0, 1, 2, 3 points). */
export const JUDGEMENT_VALUES = [0, 100, 200, 300] as const;

/**
 * Judges' judgement marks on one aspect may differ by at most this (1 point, in hundredths);
 * beyond it the WorldSkills rule is that they discuss and re-mark before sign-off.
 */
export const JUDGEMENT_SPREAD_LIMIT = 100;

function assertMarkValues(values: readonly number[]): void {
  for (const value of values) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`汇总的分数应为以 0.01 分计的非负整数（收到 ${value}）`);
    }
  }
}

const mean = (values: readonly number[]) =>
  divRoundHalfUp(
    values.reduce((sum, v) => sum + v, 0),
    values.length,
  );

/**
 * Combines several judges' marks (non-negative hundredths) into one, in hundredths:
 * - mean: the mean, rounded half up at the hundredth;
 * - trimmed_mean: 去掉一个最高分和一个最低分 — drops one highest and one lowest mark and takes
 *   the mean of the rest; with fewer than 3 marks nothing can be dropped, so it is the mean;
 * - median: the middle mark; for an even count the mean of the two middle ones, half up.
 * Throws a RangeError for no marks, or a mark that is negative or not an integer.
 */
export function aggregate(values: readonly number[], method: AggregationMethod): number {
  if (values.length === 0) {
    throw new RangeError('没有可汇总的分数');
  }
  assertMarkValues(values);
  const sorted = [...values].sort((a, b) => a - b);
  switch (method) {
    case 'mean':
      return mean(sorted);
    case 'trimmed_mean':
      return sorted.length < 3 ? mean(sorted) : mean(sorted.slice(1, -1));
    case 'median': {
      const middle = sorted.length >> 1;
      return sorted.length % 2 === 1
        ? sorted[middle]
        : divRoundHalfUp(sorted[middle - 1] + sorted[middle], 2);
    }
    default:
      throw new RangeError(`未知的评分汇总方式：${String(method)}`);
  }
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** Throws unless every mark is on `aspect`, from a different judge, with an integer value. */
function assertMarksOfAspect(aspect: SchemeAspect, marks: readonly JudgeMark[]): void {
  const judges = new Set<string>();
  for (const mark of marks) {
    if (mark.aspectKey !== aspect.key) {
      throw new RangeError(`分数属于评分项「${mark.aspectKey}」，不属于「${aspect.key}」`);
    }
    if (judges.has(mark.judgeId)) {
      throw new RangeError(`裁判 ${mark.judgeId} 对评分项「${aspect.key}」有多个分数`);
    }
    judges.add(mark.judgeId);
    if (!Number.isSafeInteger(mark.value)) {
      throw new RangeError(`分数应为以 0.01 分计的整数（收到 ${mark.value}）`);
    }
  }
}

/**
 * What the judges' marks on `aspect` come to, in hundredths, or null when there are none:
 * - measurement: each mark clamped to [0, maxMarks], then aggregated;
 * - judgement: each 0–3 mark clamped to [0, 300], aggregated (still 0–300), then scaled:
 *   round_half_up(aggregate × maxMarks / 300); the aggregate is rounded first, as on the sheet;
 * - deduction: the marks taken off, each clamped to [0, maxMarks], aggregated (a positive number).
 * Throws a RangeError for a mark of another aspect, two marks of one judge, or a non-integer.
 */
export function aspectScore(
  aspect: SchemeAspect,
  marks: readonly JudgeMark[],
  method: AggregationMethod,
): number | null {
  return aspectAggregate(aspect, marks, method)?.score ?? null;
}

function aspectAggregate(
  aspect: SchemeAspect,
  marks: readonly JudgeMark[],
  method: AggregationMethod,
): { aggregated: number; score: number } | null {
  assertMarksOfAspect(aspect, marks);
  if (marks.length === 0) {
    return null;
  }
  if (aspect.kind === 'judgement') {
    const aggregated = aggregate(
      marks.map((m) => clamp(m.value, 0, JUDGEMENT_FULL)),
      method,
    );
    return { aggregated, score: divRoundHalfUp(aggregated * aspect.maxMarks, JUDGEMENT_FULL) };
  }
  const aggregated = aggregate(
    marks.map((m) => clamp(m.value, 0, aspect.maxMarks)),
    method,
  );
  return { aggregated, score: aggregated };
}

/** One aspect in a stage breakdown. */
export interface AspectResult {
  key: string;
  title: string;
  kind: AspectKind;
  /** Keys of the sections holding the aspect, outermost first. */
  sectionPath: string[];
  /** Hundredths: full marks, or for a deduction the most it can take off. */
  max: number;
  /** How many judges marked it; 0 means missing. */
  judges: number;
  /** The combined mark before scaling (judgement: 0–300), null when missing. */
  aggregated: number | null;
  /** Hundredths, 0 when missing. For a deduction: the marks taken off (positive). */
  score: number;
}

/** One section in a stage breakdown. */
export interface SectionResult {
  key: string;
  title: string;
  /** Keys from the top section down to this one, inclusive. */
  sectionPath: string[];
  /** Hundredths: the section's measurement and judgement maxima, subsections included. */
  max: number;
  /** Own scored aspects plus the scores of the subsections (already net of their deductions). */
  scored: number;
  /** The section's own deductions, before the floor at 0. */
  deducted: number;
  /** max(0, scored − deducted), within [0, max]. */
  score: number;
}

export interface StageResult {
  stage: string;
  method: AggregationMethod;
  /** Hundredths: the sum of the top-level section scores, within [0, max]. */
  total: number;
  /** Hundredths: the scheme's measurement and judgement maxima (= totalMarks). */
  max: number;
  /** Every section, depth first (parents before children). */
  sections: SectionResult[];
  /** Every aspect, in the order of flattenAspects. */
  aspects: AspectResult[];
  /**
   * Keys of measurement and judgement aspects that no judge has marked yet (counted as 0).
   * Deduction aspects are never missing: no deduction mark means nothing was taken off.
   */
  missing: string[];
}

function groupByAspect(marks: readonly JudgeMark[]): Map<string, JudgeMark[]> {
  const byAspect = new Map<string, JudgeMark[]>();
  for (const mark of marks) {
    const list = byAspect.get(mark.aspectKey);
    if (list === undefined) {
      byAspect.set(mark.aspectKey, [mark]);
    } else {
      list.push(mark);
    }
  }
  return byAspect;
}

function aspectResult(
  aspect: SchemeAspect,
  sectionPath: string[],
  byAspect: ReadonlyMap<string, JudgeMark[]>,
  method: AggregationMethod,
): AspectResult {
  const marks = byAspect.get(aspect.key) ?? [];
  const result = aspectAggregate(aspect, marks, method);
  return {
    key: aspect.key,
    title: aspect.title,
    kind: aspect.kind,
    sectionPath,
    max: aspect.maxMarks,
    judges: marks.length,
    aggregated: result?.aggregated ?? null,
    score: result?.score ?? 0,
  };
}

/** Scores `section` and its subsections; returns them depth first, `section` first. */
function scoreSectionTree(
  section: SchemeSection,
  parentPath: readonly string[],
  resultOf: (aspect: SchemeAspect, sectionPath: string[]) => Pick<AspectResult, 'score'>,
): SectionResult[] {
  const sectionPath = [...parentPath, section.key];
  let scored = 0;
  let deducted = 0;
  for (const aspect of section.aspects) {
    const { score } = resultOf(aspect, sectionPath);
    if (isScoredAspect(aspect)) {
      scored += score;
    } else {
      deducted += score;
    }
  }
  const descendants: SectionResult[] = [];
  for (const child of section.sections) {
    const tree = scoreSectionTree(child, sectionPath, resultOf);
    scored += tree[0].score;
    descendants.push(...tree);
  }
  const self: SectionResult = {
    key: section.key,
    title: section.title,
    sectionPath,
    max: sectionMax(section),
    scored,
    deducted,
    // A deduction never takes a section below 0.
    score: Math.max(0, scored - deducted),
  };
  return [self, ...descendants];
}

/**
 * The score of `section` (hundredths): its scored aspects plus its subsections' scores, minus its
 * own deductions, floored at 0; each subsection is floored the same way first. Marks of aspects
 * outside the section are ignored. `parentPath` only prefixes the returned sectionPath.
 */
export function sectionScore(
  section: SchemeSection,
  marks: readonly JudgeMark[],
  method: AggregationMethod,
  parentPath: readonly string[] = [],
): SectionResult {
  const byAspect = groupByAspect(marks);
  return scoreSectionTree(section, parentPath, (aspect, path) =>
    aspectResult(aspect, path, byAspect, method),
  )[0];
}

/**
 * The full breakdown of one contestant's marks on one stage: aspect scores, section scores and the
 * total (hundredths, within [0, max]). Aspects nobody has marked count 0 and are listed in
 * `missing`. Throws a RangeError (in Chinese) when the scheme is invalid, a mark names an aspect
 * that is not in the scheme, a judge has two marks on one aspect, or a value is not an integer.
 */
export function stageScore(scheme: MarkingScheme, marks: readonly JudgeMark[]): StageResult {
  const problems = validateScheme(scheme);
  if (problems.length > 0) {
    throw new RangeError(`评分表有误（${problems[0].path}）：${problems[0].message}`);
  }
  const byAspect = groupByAspect(marks);
  const known = new Set(flattenAspects(scheme).map((a) => a.key));
  for (const key of byAspect.keys()) {
    if (!known.has(key)) {
      throw new RangeError(`评分项「${key}」不在评分表中`);
    }
  }

  const aspects: AspectResult[] = [];
  const resultOf = (aspect: SchemeAspect, sectionPath: string[]) => {
    const result = aspectResult(aspect, sectionPath, byAspect, scheme.method);
    aspects.push(result);
    return result;
  };
  const sections: SectionResult[] = [];
  let total = 0;
  for (const section of scheme.sections) {
    const tree = scoreSectionTree(section, [], resultOf);
    total += tree[0].score;
    sections.push(...tree);
  }
  // scoreSectionTree visits a section's aspects before its subsections: flattenAspects order.
  return {
    stage: scheme.stage,
    method: scheme.method,
    total,
    max: schemeMax(scheme),
    sections,
    aspects,
    missing: aspects.filter((a) => a.judges === 0 && isScoredAspect(a)).map((a) => a.key),
  };
}

/**
 * A stage's total (hundredths) from its aspects' combined scores alone, as stageScore adds them
 * up: scored aspects and subsections summed, each section's own deductions taken off and floored
 * at 0. `scoreOf` gives an aspect's combined score (aspectScore), undefined when nobody marked
 * it (it counts 0). The scheme is taken as valid (stageScore checks it).
 */
export function stageTotalFromAspects(scheme: MarkingScheme, scoreOf: (aspectKey: string) => number | undefined): number {
  const resultOf = (aspect: SchemeAspect) => ({ score: scoreOf(aspect.key) ?? 0 });
  let total = 0;
  for (const section of scheme.sections) total += scoreSectionTree(section, [], resultOf)[0].score;
  return total;
}

/** One stage's part of a weighted total. */
export interface WeightedStage {
  /** Hundredths, 0 … max. */
  score: number;
  /** Hundredths, > 0. */
  max: number;
  /** Whole percent; the weights of all stages add up to 100. */
  weight: number;
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));

/**
 * Σ score / max × weight over the stages, on a 0–100 scale, in hundredths of a point (0 … 10000),
 * e.g. theory 80/100 at 30% and practical 90/100 at 70% → 8700 (87.00). Computed as one exact
 * fraction with bigints and rounded once, half up, so the stage shares are not rounded one by one.
 * Throws a RangeError when the weights are not whole percents adding up to 100, a max is not
 * positive, or a score is outside [0, max].
 */
export function weightedTotal(stages: readonly WeightedStage[]): number {
  let weightSum = 0;
  for (const { score, max, weight } of stages) {
    if (!Number.isSafeInteger(weight) || weight < 0 || weight > 100) {
      throw new RangeError(`阶段权重应为 0–100 的整数百分比（收到 ${weight}）`);
    }
    if (!Number.isSafeInteger(max) || max <= 0) {
      throw new RangeError(`阶段满分应大于 0 且最多两位小数（收到 ${max}）`);
    }
    if (!Number.isSafeInteger(score) || score < 0 || score > max) {
      throw new RangeError(
        `阶段成绩应在 0 到满分 ${formatHundredths(max)} 分之间，且最多两位小数（收到 ${score}）`,
      );
    }
    weightSum += weight;
  }
  if (weightSum !== 100) {
    throw new RangeError(`各阶段权重合计应为 100%（当前为 ${weightSum}%）`);
  }
  // Common denominator: the least common multiple of the maxima.
  const denominator = stages.reduce((l, s) => {
    const max = BigInt(s.max);
    return (l / gcd(l, max)) * max;
  }, 1n);
  // score / max × weight points = score × weight × 100 / max hundredths.
  const numerator = stages.reduce(
    (sum, s) => sum + BigInt(s.score) * BigInt(s.weight) * 100n * (denominator / BigInt(s.max)),
    0n,
  );
  return Number(divRoundHalfUpBig(numerator, denominator));
}

/**
 * Why a judge may not enter `value` (hundredths) on `aspect`, in Chinese, or null when it is
 * fine: not a number, finer than 0.01, negative, above a measurement's full marks or a deduction's
 * limit, or a judgement mark other than 0, 1, 2 or 3 points.
 */
export function checkMarkValue(aspect: SchemeAspect, value: number): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return '分数不是有效数字';
  }
  if (!Number.isInteger(value)) {
    return '最多两位小数';
  }
  if (value < 0) {
    return '不能为负数';
  }
  switch (aspect.kind) {
    case 'judgement':
      return (JUDGEMENT_VALUES as readonly number[]).includes(value)
        ? null
        : '主观评分只能为 0、1、2、3 分';
    case 'measurement':
      return value <= aspect.maxMarks
        ? null
        : `该评分项满分 ${formatHundredths(aspect.maxMarks)} 分，不能打 ${formatHundredths(value)} 分`;
    case 'deduction':
      return value <= aspect.maxMarks
        ? null
        : `该扣分项最多扣 ${formatHundredths(aspect.maxMarks)} 分，不能扣 ${formatHundredths(value)} 分`;
    default:
      return '未知的评分项类型';
  }
}

export interface JudgementSpread {
  /** True when the highest and lowest mark differ by more than 1 point (JUDGEMENT_SPREAD_LIMIT). */
  flagged: boolean;
  /** Lowest and highest mark in hundredths; null when there are no marks. */
  min: number | null;
  max: number | null;
}

/**
 * How far apart the judges' judgement marks on one aspect are. Flagged beyond 1 point (e.g. one
 * judge gives 1, another 3): by the WorldSkills rule they discuss and re-mark before sign-off.
 */
export function judgementSpread(marks: readonly Pick<JudgeMark, 'value'>[]): JudgementSpread {
  if (marks.length === 0) {
    return { flagged: false, min: null, max: null };
  }
  const values = marks.map((m) => m.value);
  const min = Math.min(...values);
  const max = Math.max(...values);
  return { flagged: max - min > JUDGEMENT_SPREAD_LIMIT, min, max };
}
