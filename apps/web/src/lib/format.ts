import dayjs from 'dayjs';
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
