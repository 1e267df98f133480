import fc from 'fast-check';

import { type EligibilityRules, SKILL_LEVEL_LABELS, SKILL_LEVELS } from '@dz/contracts';

import { type CalendarDate } from '../calendar/calendar-date';
import { ageOn, residentIdCheckDigit } from '../identity/resident-id';
import {
  type Applicant,
  ELIGIBILITY_RULES,
  type EligibilityRuleSet,
  evaluateEligibility,
  NO_ELIGIBILITY_RULES,
  SKILL_LADDER,
  SKILL_LADDER_LABELS,
  type SkillLadderLevel,
  skillLadderRank,
} from './eligibility';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A valid resident ID of someone born on `birth` (region 511702 通川区, sequence 123). */
function residentIdBornOn(birth: CalendarDate, sequence = '123', region = '511702'): string {
  const date = `${pad(birth.year, 4)}${pad(birth.month, 2)}${pad(birth.day, 2)}`;
  const first17 = `${region}${date}${sequence}`;
  return first17 + residentIdCheckDigit(first17);
}

/** The competition day used in the examples. */
const DAY: CalendarDate = { year: 2026, month: 11, day: 25 };

const rules = (overrides: Partial<EligibilityRuleSet> = {}): EligibilityRuleSet => ({
  ...NO_ELIGIBILITY_RULES,
  ...overrides,
});

/** A 30-year-old 中级工 welder from 通川区 working in Dazhou. */
const applicant = (overrides: Partial<Applicant> = {}): Applicant => ({
  residentId: residentIdBornOn({ year: 1996, month: 3, day: 8 }),
  skillLevel: 'intermediate',
  county: '通川区',
  employerInDazhou: true,
  occupationCode: '6-18-02-04',
  ...overrides,
});

const WELDING = { '6-18-02-04': '焊工', '6-31-01-03': '电工', '6-18-01-01': '车工' };
const CHINESE = /[\u4e00-\u9fff]/;

describe('SKILL_LADDER', () => {
  it('should match the ladder, labels and rule shape of libs/contracts', () => {
    // Compile-time drift check: the parsed contract passes as a rule set, and back.
    const fromContract = (r: EligibilityRules): EligibilityRuleSet => r;
    const toContract = (r: EligibilityRuleSet): EligibilityRules => ({
      ...r,
      counties: r.counties as EligibilityRules['counties'],
      occupationCodes: [...r.occupationCodes],
    });
    expect(fromContract(toContract(NO_ELIGIBILITY_RULES))).toEqual(NO_ELIGIBILITY_RULES);
    expect([...SKILL_LADDER]).toEqual([...SKILL_LEVELS]);
    expect(SKILL_LADDER_LABELS).toEqual(SKILL_LEVEL_LABELS);
  });

  it('should run from 学徒工 to 首席技师', () => {
    expect(SKILL_LADDER.map((l) => SKILL_LADDER_LABELS[l])).toEqual([
      '学徒工',
      '初级工',
      '中级工',
      '高级工',
      '技师',
      '高级技师',
      '特级技师',
      '首席技师',
    ]);
    expect(skillLadderRank('apprentice')).toBe(0);
    expect(skillLadderRank('technician')).toBe(4);
    expect(skillLadderRank('chief_technician')).toBe(7);
  });
});

describe('evaluateEligibility', () => {
  it('should let anyone with a valid resident ID in when no rule is set', () => {
    expect(evaluateEligibility(NO_ELIGIBILITY_RULES, applicant(), DAY)).toEqual({
      eligible: true,
      failures: [],
    });
    const bare = applicant({
      skillLevel: null,
      county: null,
      employerInDazhou: false,
      occupationCode: null,
    });
    expect(evaluateEligibility(NO_ELIGIBILITY_RULES, bare, DAY).eligible).toBe(true);
  });

  describe('age', () => {
    it.each([
      // [birth date, ageMin, ageMax, expected failure message or null]
      [{ year: 2010, month: 6, day: 1 }, 18, 60, '年龄须在 18–60 岁之间（按比赛日计算，您为 16 岁）'],
      [{ year: 2008, month: 11, day: 26 }, 18, 60, '年龄须在 18–60 岁之间（按比赛日计算，您为 17 岁）'],
      [{ year: 2008, month: 11, day: 25 }, 18, 60, null],
      [{ year: 1966, month: 11, day: 25 }, 18, 60, null],
      [{ year: 1965, month: 11, day: 26 }, 18, 60, null],
      [{ year: 1965, month: 11, day: 25 }, 18, 60, '年龄须在 18–60 岁之间（按比赛日计算，您为 61 岁）'],
      [{ year: 2010, month: 6, day: 1 }, 18, null, '年龄须不小于 18 岁（按比赛日计算，您为 16 岁）'],
      [{ year: 1950, month: 1, day: 1 }, 18, null, null],
      [{ year: 1960, month: 1, day: 1 }, null, 55, '年龄须不大于 55 岁（按比赛日计算，您为 66 岁）'],
      [{ year: 2012, month: 1, day: 1 }, null, 55, null],
      [{ year: 2000, month: 1, day: 1 }, 25, 25, '年龄须为 25 岁（按比赛日计算，您为 26 岁）'],
      [{ year: 2001, month: 1, day: 1 }, 25, 25, null],
      [{ year: 1930, month: 1, day: 1 }, null, null, null],
    ] as const)('should judge someone born %j against %p–%p', (birth, ageMin, ageMax, message) => {
      const result = evaluateEligibility(
        rules({ ageMin, ageMax }),
        applicant({ residentId: residentIdBornOn(birth) }),
        DAY,
      );
      if (message === null) {
        expect(result).toEqual({ eligible: true, failures: [] });
      } else {
        expect(result).toEqual({ eligible: false, failures: [{ rule: 'age', message }] });
      }
    });

    it('should count age in 周岁 on the competition day, not on another day', () => {
      const residentId = residentIdBornOn({ year: 2008, month: 12, day: 1 });
      const adultsOnly = rules({ ageMin: 18 });
      expect(evaluateEligibility(adultsOnly, applicant({ residentId }), DAY).eligible).toBe(false);
      const later: CalendarDate = { year: 2026, month: 12, day: 1 };
      expect(evaluateEligibility(adultsOnly, applicant({ residentId }), later).eligible).toBe(true);
    });

    it('should age someone born on 29 February on 1 March of a common year', () => {
      const residentId = residentIdBornOn({ year: 2008, month: 2, day: 29 });
      const adultsOnly = rules({ ageMin: 18 });
      const feb28: CalendarDate = { year: 2026, month: 2, day: 28 };
      const mar1: CalendarDate = { year: 2026, month: 3, day: 1 };
      expect(evaluateEligibility(adultsOnly, applicant({ residentId }), feb28).failures).toEqual([
        { rule: 'age', message: '年龄须不小于 18 岁（按比赛日计算，您为 17 岁）' },
      ]);
      expect(evaluateEligibility(adultsOnly, applicant({ residentId }), mar1).eligible).toBe(true);
    });
  });

  describe('resident ID', () => {
    it.each([
      ['empty', '', '请输入身份证号'],
      ['too short', '51170219960308123', '身份证号应为 18 位，当前为 17 位'],
      ['with a wrong check digit', '511702199603081230', '身份证号校验位不正确，请核对后重新输入'],
      ['with a non-existent date', '51170219960230123X', '身份证号中的出生日期不是有效日期'],
    ])('should give one resident_id failure for an ID that is %s', (_label, residentId, message) => {
      const valid = residentIdBornOn({ year: 1996, month: 3, day: 8 });
      expect(valid).not.toBe(residentId);
      const result = evaluateEligibility(rules({ ageMin: 18, ageMax: 60 }), applicant({ residentId }), DAY);
      expect(result).toEqual({
        eligible: false,
        failures: [{ rule: 'resident_id', message: expect.stringContaining(message) }],
      });
    });

    it('should refuse an invalid ID even when no age limit is set', () => {
      const result = evaluateEligibility(NO_ELIGIBILITY_RULES, applicant({ residentId: 'abc' }), DAY);
      expect(result.failures.map((f) => f.rule)).toEqual(['resident_id']);
    });

    it('should refuse a birth date after the competition day', () => {
      const residentId = residentIdBornOn({ year: 2026, month: 11, day: 26 });
      expect(evaluateEligibility(NO_ELIGIBILITY_RULES, applicant({ residentId }), DAY)).toEqual({
        eligible: false,
        failures: [
          { rule: 'resident_id', message: '身份证号中的出生日期晚于比赛日期，请核对后重新输入' },
        ],
      });
    });

    it('should accept a lower-case x and surrounding spaces', () => {
      const residentId = ' 11010519491231002x ';
      expect(evaluateEligibility(rules({ ageMin: 60 }), applicant({ residentId }), DAY).eligible).toBe(
        true,
      );
    });

    it('should still check the other rules when the ID is invalid', () => {
      const result = evaluateEligibility(
        rules({ ageMin: 18, skillLevelMin: 'senior', counties: ['达川区'] }),
        applicant({ residentId: '123' }),
        DAY,
      );
      expect(result.failures.map((f) => f.rule)).toEqual(['resident_id', 'skill_level', 'county']);
    });
  });

  describe('skill level', () => {
    it.each([
      // [min, max, applicant's level, expected message or null]
      ['intermediate', 'technician', 'junior', '职业技能等级须为 中级工 至 技师（您为 初级工）'],
      ['intermediate', 'technician', 'intermediate', null],
      ['intermediate', 'technician', 'senior', null],
      ['intermediate', 'technician', 'technician', null],
      ['intermediate', 'technician', 'senior_technician', '职业技能等级须为 中级工 至 技师（您为 高级技师）'],
      ['senior', null, 'apprentice', '职业技能等级须为 高级工 及以上（您为 学徒工）'],
      ['senior', null, 'chief_technician', null],
      [null, 'senior', 'technician', '职业技能等级须为 高级工 及以下（您为 技师）'],
      [null, 'senior', 'apprentice', null],
      ['technician', 'technician', 'senior', '职业技能等级须为 技师（您为 高级工）'],
      ['technician', 'technician', 'technician', null],
      ['intermediate', 'technician', null, '未填写职业技能等级（须为 中级工 至 技师）'],
      ['apprentice', null, null, '未填写职业技能等级（须为 学徒工 及以上）'],
      [null, null, null, null],
      [null, null, 'chief_technician', null],
    ] as const)('should judge a range %p–%p against %p', (skillLevelMin, skillLevelMax, skillLevel, message) => {
      const result = evaluateEligibility(
        rules({ skillLevelMin, skillLevelMax }),
        applicant({ skillLevel }),
        DAY,
      );
      expect(result.failures).toEqual(message === null ? [] : [{ rule: 'skill_level', message }]);
      expect(result.eligible).toBe(message === null);
    });
  });

  describe('county', () => {
    it.each([
      [['通川区', '达川区'], '万源市', '须为以下区县的人员：通川区、达川区（您为 万源市）'],
      [['通川区', '达川区'], '达川区', null],
      [['渠县'], '渠县', null],
      [['渠县'], null, '须为以下区县的人员：渠县（未填写所在区县）'],
      [['渠县'], '  ', '须为以下区县的人员：渠县（未填写所在区县）'],
      [[], null, null],
      [[], '万源市', null],
    ])('should judge counties %j against %p', (counties, county, message) => {
      const result = evaluateEligibility(rules({ counties }), applicant({ county }), DAY);
      expect(result.failures).toEqual(message === null ? [] : [{ rule: 'county', message }]);
    });
  });

  describe('employer', () => {
    it.each([
      [true, false, '须在达州市内的单位工作或就读（您的单位不在达州市）'],
      [true, true, null],
      [false, false, null],
      [false, true, null],
    ])('should judge requireDazhouEmployer=%p against employerInDazhou=%p', (required, inDazhou, message) => {
      const result = evaluateEligibility(
        rules({ requireDazhouEmployer: required }),
        applicant({ employerInDazhou: inDazhou }),
        DAY,
      );
      expect(result.failures).toEqual(message === null ? [] : [{ rule: 'employer', message }]);
    });
  });

  describe('occupation', () => {
    it.each([
      [['6-18-02-04'], '6-18-01-01', WELDING, '参赛职业须为 焊工（6-18-02-04）；您为 车工（6-18-01-01）'],
      [['6-18-02-04'], '6-18-01-01', {}, '参赛职业须为 6-18-02-04；您为 6-18-01-01'],
      [
        ['6-18-02-04', '6-31-01-03'],
        '6-18-01-01',
        WELDING,
        '参赛职业须为以下之一：焊工（6-18-02-04）、电工（6-31-01-03）；您为 车工（6-18-01-01）',
      ],
      [['6-18-02-04'], null, WELDING, '参赛职业须为 焊工（6-18-02-04）；您未填写参赛职业'],
      [['6-18-02-04'], '6-99-99-99', WELDING, '参赛职业须为 焊工（6-18-02-04）；您为 6-99-99-99'],
      [['6-18-02-04', '6-31-01-03'], '6-31-01-03', WELDING, null],
      [[], '6-18-01-01', WELDING, null],
      [[], null, {}, null],
    ])('should judge occupations %j against %p', (occupationCodes, occupationCode, names, message) => {
      const result = evaluateEligibility(
        rules({ occupationCodes }),
        applicant({ occupationCode }),
        DAY,
        names,
      );
      expect(result.failures).toEqual(message === null ? [] : [{ rule: 'occupation', message }]);
    });

    it('should not take a name from the object prototype', () => {
      const result = evaluateEligibility(
        rules({ occupationCodes: ['toString'] }),
        applicant({ occupationCode: null }),
        DAY,
      );
      expect(result.failures[0].message).toBe('参赛职业须为 toString；您未填写参赛职业');
    });
  });

  it('should list every failure, in rule order', () => {
    const strict = rules({
      ageMin: 18,
      ageMax: 35,
      skillLevelMin: 'senior',
      skillLevelMax: null,
      counties: ['达川区'],
      requireDazhouEmployer: true,
      occupationCodes: ['6-31-01-03'],
    });
    const result = evaluateEligibility(
      strict,
      applicant({ employerInDazhou: false, county: '大竹县', skillLevel: 'junior' }),
      DAY,
      WELDING,
    );
    expect(result).toEqual({
      eligible: false,
      failures: [
        { rule: 'skill_level', message: '职业技能等级须为 高级工 及以上（您为 初级工）' },
        { rule: 'county', message: '须为以下区县的人员：达川区（您为 大竹县）' },
        { rule: 'employer', message: '须在达州市内的单位工作或就读（您的单位不在达州市）' },
        { rule: 'occupation', message: '参赛职业须为 电工（6-31-01-03）；您为 焊工（6-18-02-04）' },
      ],
    });
    const old = applicant({
      residentId: residentIdBornOn({ year: 1980, month: 1, day: 1 }),
      skillLevel: 'technician',
      county: '大竹县',
    });
    expect(evaluateEligibility(strict, old, DAY).failures.map((f) => f.rule)).toEqual([
      'age',
      'county',
      'occupation',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const COUNTY_NAMES = ['通川区', '达川区', '万源市', '宣汉县', '开江县', '大竹县', '渠县'];
const OCCUPATIONS = Object.keys(WELDING);

const levelArb = fc.constantFrom(...SKILL_LADDER);
const dayArb: fc.Arbitrary<CalendarDate> = fc.record({
  year: fc.integer({ min: 2020, max: 2035 }),
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
});
const birthArb: fc.Arbitrary<CalendarDate> = fc
  .record({
    year: fc.integer({ min: 1950, max: 2019 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
  })
  .map((d) => {
    const lastDay = new Date(Date.UTC(d.year, d.month, 0)).getUTCDate();
    return { ...d, day: Math.min(d.day, lastDay) };
  });

/** Any rule set with consistent bounds (as the contracts schema guarantees). */
const ruleSetArb: fc.Arbitrary<EligibilityRuleSet> = fc
  .record({
    ages: fc.tuple(
      fc.option(fc.integer({ min: 14, max: 80 }), { nil: null }),
      fc.option(fc.integer({ min: 14, max: 80 }), { nil: null }),
    ),
    levels: fc.tuple(fc.option(levelArb, { nil: null }), fc.option(levelArb, { nil: null })),
    counties: fc.subarray(COUNTY_NAMES),
    requireDazhouEmployer: fc.boolean(),
    occupationCodes: fc.subarray(OCCUPATIONS),
  })
  .map(({ ages: [a, b], levels: [l, m], ...rest }) => {
    const [ageMin, ageMax] = a !== null && b !== null && a > b ? [b, a] : [a, b];
    const [skillLevelMin, skillLevelMax] =
      l !== null && m !== null && skillLadderRank(l) > skillLadderRank(m) ? [m, l] : [l, m];
    return { ...rest, ageMin, ageMax, skillLevelMin, skillLevelMax };
  });

const applicantArb: fc.Arbitrary<Applicant> = fc.record({
  residentId: fc.oneof(
    { weight: 9, arbitrary: birthArb.map((b) => residentIdBornOn(b)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  ),
  skillLevel: fc.option(levelArb, { nil: null }),
  county: fc.option(fc.constantFrom(...COUNTY_NAMES), { nil: null }),
  employerInDazhou: fc.boolean(),
  occupationCode: fc.option(fc.constantFrom(...OCCUPATIONS, '6-99-99-99'), { nil: null }),
});

/** The birth date on the resident ID of a generated applicant with a valid ID. */
const birthOf = (residentId: string): CalendarDate => ({
  year: Number(residentId.slice(6, 10)),
  month: Number(residentId.slice(10, 12)),
  day: Number(residentId.slice(12, 14)),
});

/** `base` with more restrictions: each rule it leaves open may be set, each bound narrowed. */
const stricterArb = (base: EligibilityRuleSet): fc.Arbitrary<EligibilityRuleSet> =>
  fc
    .record({
      extra: ruleSetArb,
      counties:
        base.counties.length > 0
          ? fc.subarray([...base.counties], { minLength: 1 })
          : fc.constant(null),
      occupations:
        base.occupationCodes.length > 0
          ? fc.subarray([...base.occupationCodes], { minLength: 1 })
          : fc.constant(null),
    })
    .map(({ extra, counties, occupations }) => {
      type Bound = number | null;
      const maxOf = (a: Bound, b: Bound) => (a === null ? b : b === null ? a : Math.max(a, b));
      const minOf = (a: Bound, b: Bound) => (a === null ? b : b === null ? a : Math.min(a, b));
      const higher = (a: SkillLadderLevel | null, b: SkillLadderLevel | null) =>
        a === null ? b : b === null ? a : skillLadderRank(a) >= skillLadderRank(b) ? a : b;
      const lower = (a: SkillLadderLevel | null, b: SkillLadderLevel | null) =>
        a === null ? b : b === null ? a : skillLadderRank(a) <= skillLadderRank(b) ? a : b;
      return {
        ageMin: maxOf(base.ageMin, extra.ageMin),
        ageMax: minOf(base.ageMax, extra.ageMax),
        skillLevelMin: higher(base.skillLevelMin, extra.skillLevelMin),
        skillLevelMax: lower(base.skillLevelMax, extra.skillLevelMax),
        counties: counties ?? extra.counties,
        requireDazhouEmployer: base.requireDazhouEmployer || extra.requireDazhouEmployer,
        occupationCodes: occupations ?? extra.occupationCodes,
      };
    });

describe('evaluateEligibility properties', () => {
  it('should admit an applicant built to satisfy every rule', () => {
    const arb = fc
      .record({ rules: ruleSetArb, day: dayArb, sequence: fc.integer({ min: 0, max: 999 }) })
      .chain(({ rules: r, day, sequence }) => {
        const lowAge = r.ageMin ?? 14;
        const highAge = r.ageMax ?? 80;
        const lowRank = r.skillLevelMin === null ? 0 : skillLadderRank(r.skillLevelMin);
        const highRank =
          r.skillLevelMax === null ? SKILL_LADDER.length - 1 : skillLadderRank(r.skillLevelMax);
        return fc.record({
          rules: fc.constant(r),
          day: fc.constant(day),
          sequence: fc.constant(pad(sequence, 3)),
          age: fc.integer({ min: lowAge, max: Math.max(lowAge, highAge) }),
          // Days after the last birthday, so the age in 周岁 is exactly `age`.
          daysSinceBirthday: fc.integer({ min: 0, max: 364 }),
          level: fc.integer({ min: lowRank, max: highRank }).map((i) => SKILL_LADDER[i]),
          county: fc.constantFrom(...(r.counties.length > 0 ? r.counties : COUNTY_NAMES)),
          occupation:
            fc.constantFrom(...(r.occupationCodes.length > 0 ? r.occupationCodes : OCCUPATIONS)),
        });
      });
    fc.assert(
      fc.property(arb, ({ rules: r, day, sequence, age, daysSinceBirthday, level, county, occupation }) => {
        const dayMs = Date.UTC(day.year, day.month - 1, day.day);
        const lastBirthday = new Date(dayMs - daysSinceBirthday * 86_400_000);
        const birth: CalendarDate = {
          year: lastBirthday.getUTCFullYear() - age,
          month: lastBirthday.getUTCMonth() + 1,
          day: lastBirthday.getUTCDate(),
        };
        if (birth.month === 2 && birth.day === 29) {
          birth.day = 28; // 29 Feb of a non-leap year minus `age` years may not exist
        }
        const who: Applicant = {
          residentId: residentIdBornOn(birth, sequence),
          skillLevel: level,
          county,
          employerInDazhou: true,
          occupationCode: occupation,
        };
        expect(ageOn(birth, day)).toBe(age);
        expect(evaluateEligibility(r, who, day, WELDING)).toEqual({ eligible: true, failures: [] });
      }),
    );
  });

  it('should never turn ineligible into eligible when a rule is added or narrowed', () => {
    const arb = ruleSetArb.chain((base) => fc.tuple(fc.constant(base), stricterArb(base)));
    fc.assert(
      fc.property(arb, applicantArb, dayArb, ([base, stricter], who, day) => {
        const loose = evaluateEligibility(base, who, day);
        const strict = evaluateEligibility(stricter, who, day);
        if (!loose.eligible) {
          expect(strict.eligible).toBe(false);
        }
        const strictRules = new Set(strict.failures.map((f) => f.rule));
        for (const failure of loose.failures) {
          expect(strictRules).toContain(failure.rule);
        }
      }),
    );
  });

  it('should report an age failure exactly when the age is outside the range', () => {
    fc.assert(
      fc.property(ruleSetArb, birthArb, dayArb, (r, birth, day) => {
        const result = evaluateEligibility(r, applicant({ residentId: residentIdBornOn(birth) }), day);
        const age = ageOn(birth, day);
        const outside = (r.ageMin !== null && age < r.ageMin) || (r.ageMax !== null && age > r.ageMax);
        const ageFailures = result.failures.filter((f) => f.rule === 'age');
        expect(ageFailures).toHaveLength(outside ? 1 : 0);
        if (outside) {
          expect(ageFailures[0].message).toContain(`您为 ${age} 岁`);
        }
      }),
    );
  });

  it('should give each failure once, in rule order, with a non-empty Chinese message', () => {
    fc.assert(
      fc.property(ruleSetArb, applicantArb, dayArb, (r, who, day) => {
        const result = evaluateEligibility(r, who, day);
        expect(result.eligible).toBe(result.failures.length === 0);
        const order = result.failures.map((f) => ELIGIBILITY_RULES.indexOf(f.rule));
        expect(order.every((index, i) => index >= 0 && (i === 0 || index > order[i - 1]))).toBe(true);
        for (const failure of result.failures) {
          expect(failure.message.trim().length).toBeGreaterThan(0);
          expect(failure.message).toMatch(CHINESE);
        }
      }),
    );
  });

  it('should let anyone with a valid ID born before the day through an empty rule set', () => {
    fc.assert(
      fc.property(applicantArb, dayArb, (who, day) => {
        const result = evaluateEligibility(NO_ELIGIBILITY_RULES, who, day);
        expect(result.failures.every((f) => f.rule === 'resident_id')).toBe(true);
        if (/^\d{17}[\dX]$/.test(who.residentId) && birthOf(who.residentId).year < day.year) {
          expect(result.eligible).toBe(true);
        }
      }),
    );
  });

  it('should fail an invalid ID on resident_id alone and never on age', () => {
    fc.assert(
      fc.property(ruleSetArb, applicantArb, dayArb, fc.string({ maxLength: 17 }), (r, who, day, bad) => {
        const result = evaluateEligibility(r, { ...who, residentId: bad }, day);
        const failed = result.failures.map((f) => f.rule);
        expect(failed).toContain('resident_id');
        expect(failed).not.toContain('age');
      }),
    );
  });
});
