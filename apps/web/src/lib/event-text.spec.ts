import type { EligibilityRules } from '@dz/contracts';
import { ageText, awardTierText, eligibilitySentences, roundsText, skillLevelText, stagesText } from './event-text';

const NO_RULES: EligibilityRules = {
  ageMin: null,
  ageMax: null,
  skillLevelMin: null,
  skillLevelMax: null,
  counties: [],
  requireDazhouEmployer: false,
  occupationCodes: [],
};

describe('eligibilitySentences', () => {
  it('should say nothing when anyone may enter', () => {
    expect(eligibilitySentences(NO_RULES)).toEqual([]);
  });

  it('should say every condition in plain Chinese, naming occupations when known', () => {
    const rules: EligibilityRules = {
      ageMin: 18,
      ageMax: 55,
      skillLevelMin: 'intermediate',
      skillLevelMax: 'technician',
      counties: ['通川区', '达川区'],
      requireDazhouEmployer: true,
      occupationCodes: ['6-18-02-04', '6-99-99-99'],
    };
    expect(eligibilitySentences(rules, (code) => (code === '6-18-02-04' ? '焊工' : undefined))).toEqual([
      '年龄 18–55 周岁',
      '职业技能等级 中级工 至 技师',
      '限通川区、达川区的人员参赛',
      '须为达州市内单位职工',
      '须从事以下职业（工种）：焊工（6-18-02-04）、6-99-99-99',
    ]);
  });
});

describe('ageText and skillLevelText', () => {
  it('should word one-sided and equal limits', () => {
    expect(ageText(18, null)).toBe('年满 18 周岁');
    expect(ageText(null, 45)).toBe('年龄不超过 45 周岁');
    expect(ageText(30, 30)).toBe('年龄 30 周岁');
    expect(ageText(null, null)).toBeNull();
    expect(skillLevelText('senior', null)).toBe('职业技能等级 高级工及以上');
    expect(skillLevelText(null, 'junior')).toBe('职业技能等级 初级工及以下');
    expect(skillLevelText('technician', 'technician')).toBe('职业技能等级为 技师');
    expect(skillLevelText(null, null)).toBeNull();
  });
});

describe('awardTierText, stagesText, roundsText', () => {
  it('should describe prize tiers by ratio or count, with a floor when set', () => {
    expect(awardTierText({ name: '一等奖', mode: 'ratio', value: 10 })).toBe('一等奖：有效参赛人数的 10%');
    expect(awardTierText({ name: '擂主', mode: 'count', value: 1, minScore: 60 }, '队')).toBe('擂主：1 队，总分不低于 60 分');
  });

  it('should list stages with weights and rounds in the order they are held', () => {
    expect(stagesText([{ name: '理论', weight: 30 }, { name: '实操', weight: 70 }])).toBe('理论 30% · 实操 70%');
    expect(roundsText(['final', 'preliminary'])).toBe('初赛 → 决赛');
    expect(roundsText([])).toBe('—');
  });
});
