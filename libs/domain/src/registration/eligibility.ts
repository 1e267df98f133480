import { SKILL_LEVEL_LABELS, SKILL_LEVELS } from '@dz/contracts';
import { type CalendarDate, compareCalendarDates } from '../calendar/calendar-date';
import { ageOn, parseResidentId } from '../identity/resident-id';

/**
 * Who may enter an event (DOMAIN.md "Registration"): age from the resident ID number on the
 * competition day, current skill level on the 八级工 ladder, county, employer in Dazhou and
 * occupation. Every rule that is set must hold (they are combined with AND); a rule left empty
 * (null bound, empty list, false) restricts nothing. All failures are reported, so a contestant
 * sees everything to fix at once.
 */

/** The 八级工 ladder, lowest first: `SKILL_LEVELS` of libs/contracts (one definition). */
export const SKILL_LADDER = SKILL_LEVELS;

export type SkillLadderLevel = (typeof SKILL_LADDER)[number];

export const SKILL_LADDER_LABELS: Readonly<Record<SkillLadderLevel, string>> = SKILL_LEVEL_LABELS;

/** Rank on the ladder: 0 for 学徒工 up to 7 for 首席技师. */
export function skillLadderRank(level: SkillLadderLevel): number {
  return SKILL_LADDER.indexOf(level);
}

/** An event's entry conditions; structurally the `EligibilityRules` of libs/contracts. */
export interface EligibilityRuleSet {
  /** Youngest allowed age in whole years (周岁) on the reference date, inclusive. */
  ageMin: number | null;
  /** Oldest allowed age in whole years on the reference date, inclusive. */
  ageMax: number | null;
  skillLevelMin: SkillLadderLevel | null;
  skillLevelMax: SkillLadderLevel | null;
  /** Allowed counties by their Chinese names; empty for any. */
  counties: readonly string[];
  requireDazhouEmployer: boolean;
  /** Allowed occupation codes (e.g. 6-18-02-04); empty for any. */
  occupationCodes: readonly string[];
}

/** What the entry form says about the person entering. */
export interface Applicant {
  residentId: string;
  skillLevel: SkillLadderLevel | null;
  county: string | null;
  /** Works or studies at an employer or school in Dazhou. */
  employerInDazhou: boolean;
  occupationCode: string | null;
}

/** The rules in the order their failures are listed. */
export const ELIGIBILITY_RULES = [
  'resident_id',
  'age',
  'skill_level',
  'county',
  'employer',
  'occupation',
] as const;

export type EligibilityRule = (typeof ELIGIBILITY_RULES)[number];

/** One rule the applicant fails, with a Chinese message saying why, numbers included. */
export interface EligibilityFailure {
  rule: EligibilityRule;
  message: string;
}

export interface EligibilityResult {
  /** True exactly when `failures` is empty. */
  eligible: boolean;
  /** At most one per rule, in the order of `ELIGIBILITY_RULES`. */
  failures: EligibilityFailure[];
}

/** A rule set that lets everyone in. */
export const NO_ELIGIBILITY_RULES: Readonly<EligibilityRuleSet> = Object.freeze({
  ageMin: null,
  ageMax: null,
  skillLevelMin: null,
  skillLevelMax: null,
  counties: Object.freeze([]) as readonly string[],
  requireDazhouEmployer: false,
  occupationCodes: Object.freeze([]) as readonly string[],
});

/** "18–60 岁之间", "不小于 18 岁" or "不大于 60 岁"; null when no bound is set. */
function ageRangeText(min: number | null, max: number | null): string | null {
  if (min !== null && max !== null) {
    return min === max ? `为 ${min} 岁` : `在 ${min}–${max} 岁之间`;
  }
  if (min !== null) {
    return `不小于 ${min} 岁`;
  }
  if (max !== null) {
    return `不大于 ${max} 岁`;
  }
  return null;
}

/** "中级工 至 技师", "中级工 及以上", "技师 及以下" or a single level; null when unbounded. */
function skillRangeText(min: SkillLadderLevel | null, max: SkillLadderLevel | null): string | null {
  if (min !== null && max !== null) {
    return min === max
      ? SKILL_LADDER_LABELS[min]
      : `${SKILL_LADDER_LABELS[min]} 至 ${SKILL_LADDER_LABELS[max]}`;
  }
  if (min !== null) {
    return `${SKILL_LADDER_LABELS[min]} 及以上`;
  }
  if (max !== null) {
    return `${SKILL_LADDER_LABELS[max]} 及以下`;
  }
  return null;
}

/** "焊工（6-18-02-04）" when the name is known, else the bare code. */
function occupationText(code: string, names: Readonly<Record<string, string>>): string {
  const name = Object.prototype.hasOwnProperty.call(names, code) ? names[code] : undefined;
  return name === undefined || name.trim() === '' ? code : `${name}（${code}）`;
}

function checkAge(
  rules: EligibilityRuleSet,
  residentId: string,
  referenceDate: CalendarDate,
): EligibilityFailure[] {
  const parsed = parseResidentId(residentId);
  if (!parsed.ok) {
    return [{ rule: 'resident_id', message: parsed.reason }];
  }
  const { birthDate } = parsed.value;
  if (compareCalendarDates(birthDate, referenceDate) > 0) {
    const message = '身份证号中的出生日期晚于比赛日期，请核对后重新输入';
    return [{ rule: 'resident_id', message }];
  }
  const range = ageRangeText(rules.ageMin, rules.ageMax);
  if (range === null) {
    return [];
  }
  const age = ageOn(birthDate, referenceDate);
  const tooYoung = rules.ageMin !== null && age < rules.ageMin;
  const tooOld = rules.ageMax !== null && age > rules.ageMax;
  if (!tooYoung && !tooOld) {
    return [];
  }
  return [{ rule: 'age', message: `年龄须${range}（按比赛日计算，您为 ${age} 岁）` }];
}

function checkSkillLevel(
  rules: EligibilityRuleSet,
  level: SkillLadderLevel | null,
): EligibilityFailure[] {
  const range = skillRangeText(rules.skillLevelMin, rules.skillLevelMax);
  if (range === null) {
    return [];
  }
  if (level === null) {
    return [{ rule: 'skill_level', message: `未填写职业技能等级（须为 ${range}）` }];
  }
  const rank = skillLadderRank(level);
  const below = rules.skillLevelMin !== null && rank < skillLadderRank(rules.skillLevelMin);
  const above = rules.skillLevelMax !== null && rank > skillLadderRank(rules.skillLevelMax);
  if (!below && !above) {
    return [];
  }
  return [
    {
      rule: 'skill_level',
      message: `职业技能等级须为 ${range}（您为 ${SKILL_LADDER_LABELS[level]}）`,
    },
  ];
}

function checkCounty(rules: EligibilityRuleSet, county: string | null): EligibilityFailure[] {
  if (rules.counties.length === 0 || (county !== null && rules.counties.includes(county))) {
    return [];
  }
  const yours = county === null || county.trim() === '' ? '未填写所在区县' : `您为 ${county}`;
  return [
    { rule: 'county', message: `须为以下区县的人员：${rules.counties.join('、')}（${yours}）` },
  ];
}

function checkEmployer(rules: EligibilityRuleSet, employerInDazhou: boolean): EligibilityFailure[] {
  if (!rules.requireDazhouEmployer || employerInDazhou) {
    return [];
  }
  return [{ rule: 'employer', message: '须在达州市内的单位工作或就读（您的单位不在达州市）' }];
}

function checkOccupation(
  rules: EligibilityRuleSet,
  code: string | null,
  names: Readonly<Record<string, string>>,
): EligibilityFailure[] {
  const allowedCode = code !== null && rules.occupationCodes.includes(code);
  if (rules.occupationCodes.length === 0 || allowedCode) {
    return [];
  }
  const allowed = rules.occupationCodes.map((c) => occupationText(c, names)).join('、');
  const required =
    rules.occupationCodes.length === 1
      ? `参赛职业须为 ${allowed}`
      : `参赛职业须为以下之一：${allowed}`;
  const yours =
    code === null || code.trim() === '' ? '您未填写参赛职业' : `您为 ${occupationText(code, names)}`;
  return [{ rule: 'occupation', message: `${required}；${yours}` }];
}

/**
 * Checks `applicant` against every rule of `rules`, age counted in whole years (周岁) on
 * `referenceDate` (the competition's first day). An invalid resident ID, or a birth date after
 * `referenceDate`, gives one 'resident_id' failure and no age check; the other rules are still
 * checked. `occupationNames` (code → Chinese name) only makes the messages friendlier.
 */
export function evaluateEligibility(
  rules: EligibilityRuleSet,
  applicant: Applicant,
  referenceDate: CalendarDate,
  occupationNames: Readonly<Record<string, string>> = {},
): EligibilityResult {
  const failures = [
    ...checkAge(rules, applicant.residentId, referenceDate),
    ...checkSkillLevel(rules, applicant.skillLevel),
    ...checkCounty(rules, applicant.county),
    ...checkEmployer(rules, applicant.employerInDazhou),
    ...checkOccupation(rules, applicant.occupationCode, occupationNames),
  ];
  return { eligible: failures.length === 0, failures };
}
