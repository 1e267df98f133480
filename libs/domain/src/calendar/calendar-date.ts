/**
 * A day on the proleptic Gregorian calendar, with no time of day and no time zone. Birth dates,
 * "today" for age checks and registration deadlines by day are all civil dates in China, so the
 * domain works with these instead of `Date` instants.
 */
export interface CalendarDate {
  /** Four-digit year, e.g. 1990. */
  year: number;
  /** 1–12. */
  month: number;
  /** 1–31, valid for the month and year. */
  day: number;
}

/** China Standard Time is UTC+8 all year (no daylight saving since 1991). */
const CHINA_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;

/** True for Gregorian leap years: divisible by 4, except centuries not divisible by 400. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` (1–12) of `year`: 28–31; 0 for a month outside 1–12. */
export function daysInMonth(year: number, month: number): number {
  switch (month) {
    case 1:
    case 3:
    case 5:
    case 7:
    case 8:
    case 10:
    case 12:
      return 31;
    case 4:
    case 6:
    case 9:
    case 11:
      return 30;
    case 2:
      return isLeapYear(year) ? 29 : 28;
    default:
      return 0;
  }
}

/** True when year, month (1–12) and day (1–28/29/30/31) are integers naming a real day. */
export function isValidCalendarDate(date: CalendarDate): boolean {
  const { year, month, day } = date;
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Orders two dates: negative when `a` is earlier, 0 when the same day, positive when later. */
export function compareCalendarDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** The civil date in China (UTC+8) at the given instant; the caller supplies the clock. */
export function calendarDateInChina(instant: Date): CalendarDate {
  const shifted = new Date(instant.getTime() + CHINA_UTC_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
}

/** `YYYY-MM-DD`, zero-padded, for messages and storage as a SQL `date`. */
export function formatCalendarDate(date: CalendarDate): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}
