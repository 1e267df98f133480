import {
  ROUND_LABELS,
  SKILL_LEVEL_LABELS,
  type AwardTier,
  type EligibilityRules,
  type EventDraftBody,
  type Round,
  type Stage,
} from '@dz/contracts';

/**
 * An event's rules in plain Chinese, for the public page, the proposal detail and the version
 * difference. Pure functions (no JSX), unit-tested in Node.
 */

export const FORMAT_LABELS: Record<EventDraftBody['format'], string> = {
  rounds: '分轮次比赛',
  arena: '擂台赛',
};

export const ARENA_FIRST_HOLDER_LABELS: Record<NonNullable<EventDraftBody['arenaFirstHolder']>, string> = {
  qualifying_top: '资格赛第一名为首任擂主',
  last_champion: '上届擂主守擂',
};

export const AWARD_MODE_LABELS: Record<AwardTier['mode'], string> = {
  ratio: '按比例',
  count: '按名额',
};

/** `初赛 → 复赛 → 决赛`, in the order the rounds are held. */
export function roundsText(rounds: readonly Round[]): string {
  const ordered = (Object.keys(ROUND_LABELS) as Round[]).filter((r) => rounds.includes(r));
  return ordered.length > 0 ? ordered.map((r) => ROUND_LABELS[r]).join(' → ') : '—';
}

/** `理论 30% · 实操 70%`. */
export function stagesText(stages: readonly Stage[]): string {
  return stages.length > 0 ? stages.map((s) => `${s.name} ${s.weight}%`).join(' · ') : '—';
}

/** `年龄 18–55 周岁`, `年满 18 周岁`, `不超过 55 周岁`; `null` without an age limit. */
export function ageText(min: number | null, max: number | null): string | null {
  if (min !== null && max !== null) return min === max ? `年龄 ${min} 周岁` : `年龄 ${min}–${max} 周岁`;
  if (min !== null) return `年满 ${min} 周岁`;
  if (max !== null) return `年龄不超过 ${max} 周岁`;
  return null;
}

/** `职业技能等级 中级工 至 技师`, `… 中级工及以上`; `null` without a level limit. */
export function skillLevelText(
  min: EligibilityRules['skillLevelMin'],
  max: EligibilityRules['skillLevelMax'],
): string | null {
  if (min && max) {
    return min === max
      ? `职业技能等级为 ${SKILL_LEVEL_LABELS[min]}`
      : `职业技能等级 ${SKILL_LEVEL_LABELS[min]} 至 ${SKILL_LEVEL_LABELS[max]}`;
  }
  if (min) return `职业技能等级 ${SKILL_LEVEL_LABELS[min]}及以上`;
  if (max) return `职业技能等级 ${SKILL_LEVEL_LABELS[max]}及以下`;
  return null;
}

/**
 * The conditions of entry, one sentence each; empty when anyone may enter. `occupationName`
 * names a code (`焊工`) when known.
 */
export function eligibilitySentences(
  rules: EligibilityRules,
  occupationName: (code: string) => string | undefined = () => undefined,
): string[] {
  const sentences: string[] = [];
  const age = ageText(rules.ageMin, rules.ageMax);
  if (age) sentences.push(age);
  const level = skillLevelText(rules.skillLevelMin, rules.skillLevelMax);
  if (level) sentences.push(level);
  if (rules.counties.length > 0) sentences.push(`限${rules.counties.join('、')}的人员参赛`);
  if (rules.requireDazhouEmployer) sentences.push('须为达州市内单位职工');
  if (rules.occupationCodes.length > 0) {
    const names = rules.occupationCodes.map((code) => {
      const name = occupationName(code);
      return name ? `${name}（${code}）` : code;
    });
    sentences.push(`须从事以下职业（工种）：${names.join('、')}`);
  }
  return sentences;
}

/** `一等奖：有效参赛人数的 10%`, `二等奖：3 名，总分不低于 60 分`. */
export function awardTierText(tier: Pick<AwardTier, 'name' | 'mode' | 'value'> & { minScore?: number }, unit = '名'): string {
  const amount = tier.mode === 'ratio' ? `有效参赛人数的 ${tier.value}%` : `${tier.value} ${unit}`;
  const floor = tier.minScore && tier.minScore > 0 ? `，总分不低于 ${tier.minScore} 分` : '';
  return `${tier.name}：${amount}${floor}`;
}

/** `3 人一队` for a team event, `个人赛` else. */
export function teamSizeText(teamSize: number): string {
  return teamSize > 1 ? `团体赛，每队 ${teamSize} 人` : '个人赛';
}
