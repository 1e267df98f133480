import { AGGREGATION_METHODS, ASPECT_KINDS } from '@dz/contracts';
import { formatHundredths } from './hundredths';

/**
 * The marking scheme (评分表) of one event stage, in the WorldSkills model: a tree of sections
 * whose leaves are aspects of three kinds.
 *
 * - measurement (测量): objective; each judge enters the marks awarded, 0 … maxMarks.
 * - judgement (评价): each judge gives 0, 1, 2 or 3 points, scaled to the aspect's maxMarks.
 * - deduction (扣分): marks taken off, 0 … maxMarks; they reduce the section that holds them and
 *   are not part of the stage total.
 *
 * All marks are integers in hundredths (see hundredths.ts).
 */

export { ASPECT_KINDS };
export type AspectKind = (typeof ASPECT_KINDS)[number];

export const ASPECT_KIND_LABELS: Readonly<Record<AspectKind, string>> = {
  measurement: '测量',
  judgement: '评价',
  deduction: '扣分',
};

/** How the marks of several judges on one aspect combine into one. */
export { AGGREGATION_METHODS };
export type AggregationMethod = (typeof AGGREGATION_METHODS)[number];

export const AGGREGATION_METHOD_LABELS: Readonly<Record<AggregationMethod, string>> = {
  mean: '平均分',
  trimmed_mean: '去掉一个最高分和一个最低分后取平均',
  median: '中位数',
};

export interface SchemeAspect {
  /** Unique across the whole scheme (sections and aspects); marks refer to it. */
  key: string;
  title: string;
  kind: AspectKind;
  /** Hundredths, > 0: the aspect's full marks, or for a deduction the most it can take off. */
  maxMarks: number;
}

export interface SchemeSection {
  /** Unique across the whole scheme (sections and aspects). */
  key: string;
  title: string;
  aspects: SchemeAspect[];
  sections: SchemeSection[];
}

export interface MarkingScheme {
  /** The event stage this sheet scores, e.g. 'theory' or 'practical'. */
  stage: string;
  method: AggregationMethod;
  /** Hundredths, e.g. 10000 for 100 marks: the sum of the measurement and judgement maxima. */
  totalMarks: number;
  sections: SchemeSection[];
}

/** One problem of a scheme: where (`sections.0.aspects.2.maxMarks`) and what, in Chinese. */
export interface SchemeProblem {
  path: string;
  message: string;
}

/** Measurement and judgement aspects add to the total; deductions take off. */
export function isScoredAspect(aspect: Pick<SchemeAspect, 'kind'>): boolean {
  return aspect.kind === 'measurement' || aspect.kind === 'judgement';
}

/** Every aspect, depth first (a section's own aspects before its subsections), with the keys of
 * the sections that hold it, outermost first. */
export function flattenAspects(
  scheme: Pick<MarkingScheme, 'sections'>,
): (SchemeAspect & { sectionPath: string[] })[] {
  const out: (SchemeAspect & { sectionPath: string[] })[] = [];
  const walk = (sections: readonly SchemeSection[], parentPath: readonly string[]) => {
    for (const section of sections) {
      const sectionPath = [...parentPath, section.key];
      for (const aspect of section.aspects) {
        out.push({ ...aspect, sectionPath });
      }
      walk(section.sections, sectionPath);
    }
  };
  walk(scheme.sections, []);
  return out;
}

/** The most a section can score, in hundredths: its measurement and judgement maxima, subsections
 * included; deductions do not count. */
export function sectionMax(section: SchemeSection): number {
  return (
    section.aspects.reduce((sum, a) => (isScoredAspect(a) ? sum + a.maxMarks : sum), 0) +
    section.sections.reduce((sum, s) => sum + sectionMax(s), 0)
  );
}

/** The most the scheme can score, in hundredths: the sum of its measurement and judgement maxima
 * (equal to totalMarks in a valid scheme). */
export function schemeMax(scheme: Pick<MarkingScheme, 'sections'>): number {
  return scheme.sections.reduce((sum, s) => sum + sectionMax(s), 0);
}

const isBlank = (text: unknown) => typeof text !== 'string' || text.trim() === '';

/** Whether a subtree holds at least one measurement or judgement aspect. */
const hasScoredAspect = (section: SchemeSection): boolean =>
  section.aspects.some(isScoredAspect) || section.sections.some(hasScoredAspect);

/** The problem with a maximum in hundredths, or null; `what` is 满分 or 扣分上限. */
function maxMarksProblem(value: unknown, what: string): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return `请填写${what}`;
  }
  if (!Number.isSafeInteger(value)) {
    return `${what}最多两位小数`;
  }
  return value > 0 ? null : `${what}须大于 0`;
}

/**
 * Every problem of `scheme`, in document order (empty when it can be used for scoring):
 * blank stage, titles or keys; keys repeated anywhere in the scheme; unknown kinds or methods;
 * empty sections; maxima ≤ 0 or finer than 0.01; deductions in a section with no scored aspect to
 * take them from; no scored aspect at all; scored maxima that do not add up to totalMarks.
 */
export function validateScheme(scheme: MarkingScheme): SchemeProblem[] {
  const problems: SchemeProblem[] = [];
  const report = (path: string, message: string) => problems.push({ path, message });
  /** Key → path of its first use. */
  const seen = new Map<string, string>();
  let scoredSum = 0;
  let scoredCount = 0;
  let scoredMaximaValid = true;

  if (isBlank(scheme.stage)) {
    report('stage', '请填写评分表所属的比赛阶段');
  }
  if (!(AGGREGATION_METHODS as readonly string[]).includes(scheme.method)) {
    report('method', '评分汇总方式须为平均分、去掉一个最高分和一个最低分后取平均或中位数');
  }
  const totalProblem = maxMarksProblem(scheme.totalMarks, '总分');
  if (totalProblem !== null) {
    report('totalMarks', totalProblem);
  }

  const checkKey = (key: unknown, path: string) => {
    if (isBlank(key)) {
      report(`${path}.key`, '请填写编号');
      return;
    }
    const first = seen.get(key as string);
    if (first === undefined) {
      seen.set(key as string, `${path}.key`);
    } else {
      report(`${path}.key`, `编号「${key as string}」与 ${first} 重复`);
    }
  };

  const checkAspect = (aspect: SchemeAspect, path: string) => {
    checkKey(aspect.key, path);
    if (isBlank(aspect.title)) {
      report(`${path}.title`, '请填写评分项名称');
    }
    if (!(ASPECT_KINDS as readonly string[]).includes(aspect.kind)) {
      report(`${path}.kind`, '评分项类型须为测量、评价或扣分');
      return;
    }
    const scored = isScoredAspect(aspect);
    const problem = maxMarksProblem(aspect.maxMarks, scored ? '满分' : '扣分上限');
    if (problem !== null) {
      report(`${path}.maxMarks`, problem);
    }
    if (scored) {
      scoredCount += 1;
      if (problem === null) {
        scoredSum += aspect.maxMarks;
      } else {
        scoredMaximaValid = false;
      }
    }
  };

  const checkSection = (section: SchemeSection, path: string) => {
    checkKey(section.key, path);
    if (isBlank(section.title)) {
      report(`${path}.title`, '请填写评分部分名称');
    }
    const { aspects, sections } = section;
    if (aspects.length === 0 && sections.length === 0) {
      report(path, '每个评分部分至少要有一个评分项或子部分');
    } else if (aspects.some((a) => a.kind === 'deduction') && !hasScoredAspect(section)) {
      // A section never goes below 0, so its deductions would never take anything off.
      report(path, '该部分没有测量或评价评分项，其扣分项无分可扣');
    }
    aspects.forEach((aspect, i) => checkAspect(aspect, `${path}.aspects.${i}`));
    sections.forEach((child, i) => checkSection(child, `${path}.sections.${i}`));
  };

  scheme.sections.forEach((section, i) => checkSection(section, `sections.${i}`));

  if (scoredCount === 0) {
    report('sections', '评分表至少要有一个测量或评价评分项');
  } else if (totalProblem === null && scoredMaximaValid && scoredSum !== scheme.totalMarks) {
    const sum = formatHundredths(scoredSum);
    const total = formatHundredths(scheme.totalMarks);
    const gap = formatHundredths(Math.abs(scoredSum - scheme.totalMarks));
    const direction = scoredSum < scheme.totalMarks ? '少' : '多';
    report('totalMarks', `测量和评价评分项满分合计 ${sum} 分，比总分 ${total} 分${direction} ${gap} 分`);
  }
  return problems;
}
