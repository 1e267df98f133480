import fc from 'fast-check';

import { AppError } from '@dz/contracts';

import { type CalendarDate, compareCalendarDates } from '../calendar/calendar-date';
import { ageOn, parseResidentId, PROVINCE_CODES, residentIdCheckDigit } from './resident-id';

/** Reference: ISO 7064 MOD 11-2 holds when Σ a_i·2^(18−i) ≡ 1 (mod 11), X counting as 10. */
function satisfiesMod112(id: string): boolean {
  let sum = 0;
  for (let i = 0; i < 18; i += 1) {
    const value = id[i] === 'X' ? 10 : Number(id[i]);
    sum = (sum + value * 2 ** (17 - i)) % 11;
  }
  return sum === 1;
}

function referenceDaysInMonth(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const yyyymmdd = (d: CalendarDate) => `${pad(d.year, 4)}${pad(d.month, 2)}${pad(d.day, 2)}`;

const digits = (length: number) =>
  fc.string({
    unit: fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'),
    minLength: length,
    maxLength: length,
  });

const calendarDate = (minYear: number, maxYear: number): fc.Arbitrary<CalendarDate> =>
  fc
    .record({
      year: fc.integer({ min: minYear, max: maxYear }),
      month: fc.integer({ min: 1, max: 12 }),
    })
    .chain(({ year, month }) =>
      fc
        .integer({ min: 1, max: referenceDaysInMonth(year, month) })
        .map((day) => ({ year, month, day })),
    );

/** A valid ID built from its parts: a plausible region, any sequence digits, a real birth date ≥ 1900. */
const region = fc.tuple(fc.constantFrom(...PROVINCE_CODES), digits(4)).map(([province, rest]) => province + rest);
const validResidentId = fc
  .record({ region, birthDate: calendarDate(1900, 2099), sequence: digits(3) })
  .map((parts) => {
    const first17 = parts.region + yyyymmdd(parts.birthDate) + parts.sequence;
    return { ...parts, id: first17 + residentIdCheckDigit(first17) };
  });

/** Characters a mistyped ID might hold: digits, both X's, other letters, spaces, full-width 1. */
const typedChar = fc.constantFrom(...'0123456789Xx A-１'.split(''));

describe('residentIdCheckDigit', () => {
  it('should compute the GB 11643 sample check character', () => {
    expect(residentIdCheckDigit('11010519491231002')).toBe('X');
    expect(residentIdCheckDigit('51170219900101123')).toBe('1');
  });

  it.each(['', '1101051949123100', '110105194912310021', '1101051949123100A', '１1010519491231002'])(
    'should reject %j, which is not 17 ASCII digits',
    (input) => {
      expect(() => residentIdCheckDigit(input)).toThrow(AppError);
    },
  );

  it('should complete any 17 digits into a number satisfying MOD 11-2', () => {
    fc.assert(
      fc.property(digits(17), (first17) => {
        const check = residentIdCheckDigit(first17);
        expect(check).toMatch(/^[0-9X]$/);
        expect(satisfiesMod112(first17 + check)).toBe(true);
      }),
    );
  });
});

describe('parseResidentId', () => {
  it('should accept the GB 11643 sample number', () => {
    expect(parseResidentId('11010519491231002X')).toEqual({
      ok: true,
      value: {
        id: '11010519491231002X',
        regionCode: '110105',
        birthDate: { year: 1949, month: 12, day: 31 },
        sex: 'female',
      },
    });
  });

  it('should read a Dazhou number of a man', () => {
    expect(parseResidentId('511702199001011231')).toEqual({
      ok: true,
      value: {
        id: '511702199001011231',
        regionCode: '511702',
        birthDate: { year: 1990, month: 1, day: 1 },
        sex: 'male',
      },
    });
  });

  it('should accept 29 February of a leap year', () => {
    const result = parseResidentId('511702200002290020');
    expect(result.ok && result.value.birthDate).toEqual({ year: 2000, month: 2, day: 29 });
  });

  it('should normalise a final lower-case x to X', () => {
    const result = parseResidentId('11010519491231002x');
    expect(result.ok && result.value.id).toBe('11010519491231002X');
  });

  it('should ignore surrounding spaces', () => {
    const result = parseResidentId('  511702199001011231\t');
    expect(result.ok && result.value.id).toBe('511702199001011231');
  });

  it('should accept the earliest allowed birth date, 1 January 1900', () => {
    expect(parseResidentId('511702190001010019').ok).toBe(true);
  });

  it.each(['', '   '])('should reject an empty input %j', (input) => {
    expect(parseResidentId(input)).toEqual({ ok: false, code: 'EMPTY', reason: '请输入身份证号' });
  });

  it.each([
    ['a 15-digit first-generation number', '511702900101123'],
    ['17 characters', '51170219900101123'],
    ['19 characters', '5117021990010112310'],
  ])('should reject %s by its length', (_label, input) => {
    expect(parseResidentId(input)).toEqual({
      ok: false,
      code: 'LENGTH',
      reason: `身份证号应为 18 位，当前为 ${input.length} 位`,
    });
  });

  it.each([
    ['a letter among the first 17', '51170219900101A231'],
    ['an X before the end', '5117021990010112X1'],
    ['a final letter other than X', '51170219900101123Y'],
    ['a space inside', '511702 99001011231'],
    ['full-width digits', '５１１７０２１９９００１０１１２３１'],
    ['a sign', '-11702199001011231'],
  ])('should reject %s as badly formed', (_label, input) => {
    const result = parseResidentId(input);
    expect(result).toEqual({
      ok: false,
      code: 'FORMAT',
      reason: '身份证号前 17 位应为数字，最后一位应为数字或 X',
    });
  });

  it.each([
    ['29 February of a common year', '51170220010229001X'],
    ['29 February 1900, a century that is not a leap year', '511702190002290015'],
    ['month 13', '511702199013011234'],
    ['month 00', '511702199000011234'],
    ['day 00', '511702199001001234'],
    ['31 April', '511702199004311234'],
  ])('should reject %s as a birth date', (_label, input) => {
    const result = parseResidentId(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.code).toBe('BIRTH_DATE');
    expect(!result.ok && result.reason).toBe('身份证号中的出生日期不是有效日期');
  });

  it('should reject a birth year before 1900', () => {
    expect(parseResidentId('511702189912310014')).toEqual({
      ok: false,
      code: 'BIRTH_YEAR',
      reason: '身份证号中的出生年份不能早于 1900 年',
    });
    expect(parseResidentId('440524188001010014').ok).toBe(false);
  });

  it('should reject a birth date after the given today', () => {
    expect(parseResidentId('511702202402290010', { year: 2024, month: 2, day: 28 })).toEqual({
      ok: false,
      code: 'FUTURE_BIRTH',
      reason: '身份证号中的出生日期晚于今天',
    });
  });

  it('should accept a birth date equal to the given today, and any date without today', () => {
    expect(parseResidentId('511702202402290010', { year: 2024, month: 2, day: 29 }).ok).toBe(true);
    expect(parseResidentId('511702202402290010').ok).toBe(true);
  });

  it('should reject a wrong check digit', () => {
    expect(parseResidentId('511702199001011234')).toEqual({
      ok: false,
      code: 'CHECK_DIGIT',
      reason: '身份证号校验位不正确，请核对后重新输入',
    });
  });

  it('should accept any 17 digits with a real birth date and the computed check digit', () => {
    fc.assert(
      fc.property(validResidentId, ({ id, region, birthDate, sequence }) => {
        const result = parseResidentId(id);
        expect(result).toEqual({
          ok: true,
          value: {
            id,
            regionCode: region,
            birthDate,
            sex: Number(sequence[2]) % 2 === 1 ? 'male' : 'female',
          },
        });
        expect(satisfiesMod112(id)).toBe(true);
      }),
    );
  });

  it('should accept a valid number exactly when its birth date is not after today', () => {
    fc.assert(
      fc.property(validResidentId, calendarDate(1900, 2099), ({ id, birthDate }, today) => {
        const result = parseResidentId(id, today);
        expect(result.ok).toBe(compareCalendarDates(birthDate, today) <= 0);
        if (!result.ok) {
          expect(result.code).toBe('FUTURE_BIRTH');
        }
      }),
    );
  });

  it('should reject or leave unchanged a valid number with any one character replaced', () => {
    fc.assert(
      fc.property(
        validResidentId,
        fc.integer({ min: 0, max: 17 }),
        typedChar,
        ({ id }, position, replacement) => {
          const mutated = id.slice(0, position) + replacement + id.slice(position + 1);
          const result = parseResidentId(mutated);
          if (result.ok) {
            expect(result.value.id).toBe(id);
          }
        },
      ),
    );
  });

  it('should reject a valid number with a different digit in any of the first 17 places', () => {
    fc.assert(
      fc.property(
        validResidentId,
        fc.integer({ min: 0, max: 16 }),
        fc.integer({ min: 1, max: 9 }),
        ({ id }, position, shift) => {
          const digit = String((Number(id[position]) + shift) % 10);
          const mutated = id.slice(0, position) + digit + id.slice(position + 1);
          expect(parseResidentId(mutated).ok).toBe(false);
        },
      ),
    );
  });

  it('should reject a valid number with two different adjacent digits swapped', () => {
    fc.assert(
      fc.property(validResidentId, fc.integer({ min: 0, max: 15 }), ({ id }, position) => {
        fc.pre(id[position] !== id[position + 1]);
        const swapped =
          id.slice(0, position) + id[position + 1] + id[position] + id.slice(position + 2);
        const result = parseResidentId(swapped);
        expect(result.ok).toBe(false);
      }),
    );
  });

  it('should never throw, and give a Chinese reason for every rejection', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: typedChar, maxLength: 20 })),
        (raw) => {
          const result = parseResidentId(raw);
          if (result.ok) {
            expect(result.value.id).toMatch(/^\d{17}[\dX]$/);
            expect(satisfiesMod112(result.value.id)).toBe(true);
          } else {
            expect(result.reason).toMatch(/[\u4e00-\u9fff]/);
          }
        },
      ),
    );
  });
});

describe('ageOn', () => {
  const date = (year: number, month: number, day: number): CalendarDate => ({ year, month, day });

  it('should count whole years, turning older on the birthday itself', () => {
    expect(ageOn(date(1990, 6, 15), date(2025, 6, 14))).toBe(34);
    expect(ageOn(date(1990, 6, 15), date(2025, 6, 15))).toBe(35);
    expect(ageOn(date(1990, 1, 1), date(2025, 12, 31))).toBe(35);
    expect(ageOn(date(1990, 1, 1), date(2026, 1, 1))).toBe(36);
  });

  it('should be 0 on the birth date and the day before the first birthday', () => {
    expect(ageOn(date(2024, 3, 1), date(2024, 3, 1))).toBe(0);
    expect(ageOn(date(2024, 3, 1), date(2025, 2, 28))).toBe(0);
  });

  it('should make a person born on 29 February older on 1 March of a common year', () => {
    const leapling = date(2000, 2, 29);
    expect(ageOn(leapling, date(2001, 2, 28))).toBe(0);
    expect(ageOn(leapling, date(2001, 3, 1))).toBe(1);
    expect(ageOn(leapling, date(2100, 2, 28))).toBe(99);
    expect(ageOn(leapling, date(2100, 3, 1))).toBe(100);
  });

  it('should make a person born on 29 February older on 29 February of a leap year', () => {
    const leapling = date(2000, 2, 29);
    expect(ageOn(leapling, date(2004, 2, 28))).toBe(3);
    expect(ageOn(leapling, date(2004, 2, 29))).toBe(4);
  });

  it('should refuse a reference date before the birth date', () => {
    expect(() => ageOn(date(2000, 1, 2), date(2000, 1, 1))).toThrow(AppError);
  });

  it('should refuse dates that do not exist', () => {
    expect(() => ageOn(date(2001, 2, 29), date(2020, 1, 1))).toThrow(AppError);
    expect(() => ageOn(date(2000, 1, 1), date(2020, 4, 31))).toThrow(AppError);
  });

  it('should be 0 on the birth date', () => {
    fc.assert(
      fc.property(calendarDate(1900, 2100), (birth) => {
        expect(ageOn(birth, { ...birth })).toBe(0);
      }),
    );
  });

  it('should never decrease as the reference date moves later', () => {
    fc.assert(
      fc.property(
        calendarDate(1900, 2100),
        calendarDate(1900, 2100),
        calendarDate(1900, 2100),
        (a, b, c) => {
          const [birth, earlier, later] = [a, b, c].sort(compareCalendarDates);
          const younger = ageOn(birth, earlier);
          const older = ageOn(birth, later);
          expect(younger).toBeGreaterThanOrEqual(0);
          expect(older).toBeGreaterThanOrEqual(younger);
        },
      ),
    );
  });

  it('should agree with counting anniversaries, 29 February moving to 1 March', () => {
    const anniversary = (birth: CalendarDate, years: number): CalendarDate => {
      const year = birth.year + years;
      return birth.day <= referenceDaysInMonth(year, birth.month)
        ? { year, month: birth.month, day: birth.day }
        : { year, month: 3, day: 1 };
    };
    fc.assert(
      fc.property(calendarDate(1900, 2100), calendarDate(1900, 2100), (a, b) => {
        const [birth, reference] = [a, b].sort(compareCalendarDates);
        let expected = 0;
        while (compareCalendarDates(anniversary(birth, expected + 1), reference) <= 0) {
          expected += 1;
        }
        expect(ageOn(birth, reference)).toBe(expected);
      }),
    );
  });
});

describe('parseResidentId region', () => {
  it('should reject a number whose first two digits name no province', () => {
    const first17 = '99010519491231002';
    const result = parseResidentId(first17 + residentIdCheckDigit(first17));
    expect(result).toEqual({ ok: false, code: 'REGION', reason: '身份证号前两位不是有效的省级行政区划代码' });
  });

  it('should accept the Sichuan prefix of Dazhou, old (5130) and new (5117)', () => {
    for (const first17 of ['51302119800101123', '51170219800101123']) {
      expect(parseResidentId(first17 + residentIdCheckDigit(first17)).ok).toBe(true);
    }
  });
});
