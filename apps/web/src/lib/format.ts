import dayjs, { type Dayjs } from 'dayjs';
import 'dayjs/locale/zh-cn';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.locale('zh-cn');

/** China Standard Time, UTC+8 all year (no daylight saving), in minutes. */
const CHINA_UTC_OFFSET_MINUTES = 8 * 60;

/**
 * An ISO 8601 instant as a calendar date in Dazhou, e.g. `2026年12月1日`. Competitions happen in
 * China, so the date is the one on the venue's wall, whatever the viewer's own time zone.
 */
export function formatDate(iso: string | Date): string {
  const d = dayjs(iso);
  return d.isValid() ? d.utcOffset(CHINA_UTC_OFFSET_MINUTES).format('YYYY年M月D日') : '—';
}

/** An ISO 8601 instant as date and time on the wall in Dazhou, e.g. `2026年12月1日 09:30`. */
export function formatDateTime(iso: string | Date): string {
  const d = dayjs(iso);
  return d.isValid() ? d.utcOffset(CHINA_UTC_OFFSET_MINUTES).format('YYYY年M月D日 HH:mm') : '—';
}

/** `HH:mm` of an instant on the wall in Dazhou. */
export function formatTime(iso: string | Date): string {
  const d = dayjs(iso);
  return d.isValid() ? d.utcOffset(CHINA_UTC_OFFSET_MINUTES).format('HH:mm') : '—';
}

/**
 * A span of time as people say it: `2026年12月1日 09:00–11:30` on one day,
 * `2026年12月1日 09:00 至 2026年12月2日 17:00` across days.
 */
export function formatDateTimeRange(start: string, end: string): string {
  const a = dayjs(start).utcOffset(CHINA_UTC_OFFSET_MINUTES);
  const b = dayjs(end).utcOffset(CHINA_UTC_OFFSET_MINUTES);
  if (!a.isValid() || !b.isValid()) return '—';
  return a.format('YYYY-MM-DD') === b.format('YYYY-MM-DD')
    ? `${formatDateTime(start)}–${formatTime(end)}`
    : `${formatDateTime(start)} 至 ${formatDateTime(end)}`;
}

/**
 * For a date picker: a Dayjs in the browser's zone whose wall clock reads the time in Dazhou,
 * so a bureau officer travelling abroad still edits China time.
 */
export function isoToChinaWallClock(iso: string): Dayjs {
  const c = dayjs(iso).utcOffset(CHINA_UTC_OFFSET_MINUTES);
  return dayjs(new Date(c.year(), c.month(), c.date(), c.hour(), c.minute(), 0, 0));
}

/** The inverse of `isoToChinaWallClock`: the picker's wall clock read as China time, as ISO 8601 (UTC). */
export function chinaWallClockToIso(value: Dayjs): string {
  const utcMillis = Date.UTC(value.year(), value.month(), value.date(), value.hour(), value.minute(), 0, 0);
  return new Date(utcMillis - CHINA_UTC_OFFSET_MINUTES * 60_000).toISOString();
}

/** Seconds as 时/分/秒 (用时), e.g. 1时02分03秒, 45分00秒. */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const sec = seconds % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}时${pad(m)}分${pad(sec)}秒` : `${m}分${pad(sec)}秒`;
}
