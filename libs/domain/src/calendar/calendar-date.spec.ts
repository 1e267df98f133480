import fc from 'fast-check';

import {
  type CalendarDate,
  calendarDateInChina,
  compareCalendarDates,
  daysInMonth,
  formatCalendarDate,
  isLeapYear,
  isValidCalendarDate,
} from './calendar-date';

/** Reference: the JS Date's own calendar, in UTC so the host time zone cannot interfere. */
function referenceDaysInMonth(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
}

const calendarDate = (minYear = 1900, maxYear = 2100): fc.Arbitrary<CalendarDate> =>
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

describe('isLeapYear', () => {
  it.each([
    [1900, false],
    [2000, true],
    [2023, false],
    [2024, true],
    [2100, false],
    [2400, true],
  ])('should say %i is a leap year: %s', (year, expected) => {
    expect(isLeapYear(year)).toBe(expected);
  });

  it('should agree with whether 29 February exists in the JS calendar', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), (year) => {
        expect(isLeapYear(year)).toBe(referenceDaysInMonth(year, 2) === 29);
      }),
    );
  });
});

describe('daysInMonth', () => {
  it('should give 0 for a month outside 1–12', () => {
    expect(daysInMonth(2024, 0)).toBe(0);
    expect(daysInMonth(2024, 13)).toBe(0);
  });

  it('should agree with the JS calendar for every month', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        (year, month) => {
          expect(daysInMonth(year, month)).toBe(referenceDaysInMonth(year, month));
        },
      ),
    );
  });
});

describe('isValidCalendarDate', () => {
  it.each([
    [{ year: 2024, month: 2, day: 29 }, true],
    [{ year: 2023, month: 2, day: 29 }, false],
    [{ year: 1900, month: 2, day: 29 }, false],
    [{ year: 2000, month: 2, day: 29 }, true],
    [{ year: 2025, month: 4, day: 31 }, false],
    [{ year: 2025, month: 12, day: 31 }, true],
    [{ year: 2025, month: 0, day: 1 }, false],
    [{ year: 2025, month: 13, day: 1 }, false],
    [{ year: 2025, month: 1, day: 0 }, false],
    [{ year: 2025, month: 1.5, day: 1 }, false],
    [{ year: Number.NaN, month: 1, day: 1 }, false],
  ])('should judge %o valid: %s', (date, expected) => {
    expect(isValidCalendarDate(date)).toBe(expected);
  });

  it('should accept every generated real date', () => {
    fc.assert(
      fc.property(calendarDate(1, 9999), (date) => {
        expect(isValidCalendarDate(date)).toBe(true);
      }),
    );
  });

  it('should reject a day past the end of its month', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 40 }),
        (year, month, extra) => {
          const day = referenceDaysInMonth(year, month) + extra;
          expect(isValidCalendarDate({ year, month, day })).toBe(false);
        },
      ),
    );
  });
});

describe('compareCalendarDates', () => {
  const toUtcMs = (d: CalendarDate) => Date.UTC(d.year, d.month - 1, d.day);

  it('should order dates as the JS calendar does', () => {
    fc.assert(
      fc.property(calendarDate(), calendarDate(), (a, b) => {
        expect(Math.sign(compareCalendarDates(a, b))).toBe(Math.sign(toUtcMs(a) - toUtcMs(b)));
      }),
    );
  });

  it('should be 0 for the same day and antisymmetric', () => {
    fc.assert(
      fc.property(calendarDate(), calendarDate(), (a, b) => {
        expect(compareCalendarDates(a, { ...a })).toBe(0);
        expect(Math.sign(compareCalendarDates(a, b))).toBe(-Math.sign(compareCalendarDates(b, a)));
      }),
    );
  });
});

describe('calendarDateInChina', () => {
  it('should turn to the new day at 16:00 UTC', () => {
    expect(calendarDateInChina(new Date('2025-12-31T15:59:59.999Z'))).toEqual({
      year: 2025,
      month: 12,
      day: 31,
    });
    expect(calendarDateInChina(new Date('2025-12-31T16:00:00.000Z'))).toEqual({
      year: 2026,
      month: 1,
      day: 1,
    });
  });

  it('should agree with the Asia/Shanghai zone since China stopped daylight saving', () => {
    const shanghai = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1992-01-01T00:00:00Z'),
          max: new Date('2100-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        (instant) => {
          expect(formatCalendarDate(calendarDateInChina(instant))).toBe(shanghai.format(instant));
        },
      ),
    );
  });
});

describe('formatCalendarDate', () => {
  it('should zero-pad to YYYY-MM-DD', () => {
    expect(formatCalendarDate({ year: 2025, month: 3, day: 7 })).toBe('2025-03-07');
    expect(formatCalendarDate({ year: 987, month: 12, day: 31 })).toBe('0987-12-31');
  });
});
