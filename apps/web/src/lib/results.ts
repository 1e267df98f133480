import {
  APPEAL_FILE_TYPES,
  AppealDecisionBody,
  AppealList,
  DisqualifyBody,
  FileAppealBody,
  MAX_APPEAL_FILE_BYTES,
  MAX_APPEAL_FILES,
  OpenNoticeBody,
  PublicResults,
  RESULT_STANDING_LABELS,
  ResultsJobView,
  ResultsOverview,
  SKILL_LEVEL_LABELS,
  type AppealStatus,
  type AppealView,
  type EventStatus,
  type ResultCause,
  type ResultRow,
} from '@dz/contracts';
import { formatHundredths } from '@dz/domain';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from './api';

/**
 * Results (成绩), the notice period (成绩公示) and appeals (申诉) on the web: query keys and
 * queries, and the plain rules the pages show (formatting, which action is allowed, form → body).
 * Scores from the server are integers in hundredths (a total out of 100 = 10000).
 */

export const resultsKey = (eventId: string) => ['results', eventId] as const;
export const resultsOverviewKey = (eventId: string) => ['results', eventId, 'overview'] as const;
export const resultsJobKey = (eventId: string, jobId: string) => ['results', eventId, 'job', jobId] as const;
export const eventAppealsKey = (eventId: string) => ['results', eventId, 'appeals'] as const;
export const publicResultsKey = (eventId: string) => ['results', 'public', eventId] as const;
export const MY_APPEALS_KEY = ['me', 'appeals'] as const;

/** Statuses in which results may be computed (the API's rule). */
export const COMPUTABLE_STATUSES: readonly EventStatus[] = ['scoring_closed', 'under_notice'];
/** Statuses in which 取消资格 may be set or lifted. */
export const DISQUALIFIABLE_STATUSES: readonly EventStatus[] = ['running', 'scoring_closed'];
/** Statuses with results the public may see. */
export const PUBLISHED_STATUSES: readonly string[] = ['under_notice', 'final', 'archived'];

export const APPEAL_STATUS_COLORS: Record<AppealStatus, string> = { open: 'processing', upheld: 'success', rejected: 'default' };

/** A score in hundredths with two decimals: 9000 → `90.00`. */
export function formatTotal(hundredths: number): string {
  return formatHundredths(hundredths);
}

/** A calendar day `YYYY-MM-DD` as people read it: `2026年12月1日`. */
export function formatDay(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : '—';
}

/** The notice period: `2026年12月1日 至 2026年12月8日`. */
export function noticePeriodText(notice: { startsOn: string; endsOn: string }): string {
  return `${formatDay(notice.startsOn)} 至 ${formatDay(notice.endsOn)}`;
}

/** Today in Dazhou (UTC+8, no daylight saving), `YYYY-MM-DD`, whatever the viewer's zone. */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The first characters of an inputs hash, as shown beside a version. */
export function hashPrefix(hash: string, length = 12): string {
  return hash.slice(0, length);
}

/** 晋级推荐 of a row: `高级工 → 技师`, else the note the computation left (e.g. why not), else `—`. */
export function upgradeText(row: Pick<ResultRow, 'skillLevel' | 'upgradeTo' | 'upgradeNote'>): string {
  if (row.upgradeTo) return `${row.skillLevel ? SKILL_LEVEL_LABELS[row.skillLevel] : '—'} → ${SKILL_LEVEL_LABELS[row.upgradeTo]}`;
  return row.upgradeNote ?? '—';
}

/** Those ranked (valid, in the version's order) and those listed apart (缺考, 取消资格). */
export function splitRows<R extends Pick<ResultRow, 'standing'>>(rows: readonly R[]): { ranked: R[]; apart: R[] } {
  return { ranked: rows.filter((r) => r.standing === 'valid'), apart: rows.filter((r) => r.standing !== 'valid') };
}

/** Why a row is listed apart: `缺考`, `取消资格：携带违禁工具`. */
export function apartText(row: Pick<ResultRow, 'standing' | 'disqualifiedReason'>): string {
  const label = RESULT_STANDING_LABELS[row.standing];
  return row.standing === 'disqualified' && row.disqualifiedReason ? `${label}：${row.disqualifiedReason}` : label;
}

/**
 * The stage columns: the event's stages in its order (stored scores come back with their keys
 * reordered), then any other stage the rows have scores for, in the order they first appear.
 */
export function stageNamesOf(rows: readonly Pick<ResultRow, 'stageTotals'>[], eventStages: readonly { name: string }[] = []): string[] {
  const names = eventStages.map((s) => s.name);
  for (const row of rows) for (const name of Object.keys(row.stageTotals)) if (!names.includes(name)) names.push(name);
  return names;
}

/**
 * The cause a computation asked for now records: the first one ends scoring; one during the
 * notice follows an upheld appeal's corrections; any other is a recompute.
 */
export function computeCause(overview: Pick<ResultsOverview, 'versions'>, status: EventStatus): ResultCause {
  if (overview.versions.length === 0) return 'scoring_closed';
  return status === 'under_notice' ? 'appeal' : 'recompute';
}

/** Why 计算成绩 is not possible now, or null when it is. */
export function computeBlocker(status: EventStatus): string | null {
  if (COMPUTABLE_STATUSES.includes(status)) return null;
  return status === 'final' || status === 'archived' ? '成绩已确定，不再计算' : '评分结束后才能计算成绩';
}

/**
 * Why the bureau cannot put the latest version under notice now (or publish it during the
 * notice), or null when it can.
 */
export function noticeBlocker(overview: ResultsOverview, status: EventStatus): string | null {
  if (status !== 'scoring_closed' && status !== 'under_notice') return '评分结束后才能公示成绩';
  if (!overview.latest) return '尚未计算成绩，请先计算';
  if (overview.stale) return '评分或报名信息在计算后已有变化，请先重新计算';
  return null;
}

/**
 * Why 确定成绩 is not possible yet, or null when it is: the notice must exist for the latest,
 * current version, its period must have ended (the day after `endsOn`, China time), and no
 * appeal may be open.
 */
export function finaliseBlocker(overview: ResultsOverview, status: EventStatus, today: string): string | null {
  if (overview.final) return '成绩已确定';
  if (status !== 'under_notice' || !overview.notice) return '成绩公示后才能确定';
  if (overview.openAppeals > 0) return `仍有 ${overview.openAppeals} 件申诉未处理，处理完毕后才能确定成绩`;
  if (overview.stale) return '评分在公示后有更正，请重新计算并公示新版本';
  if (overview.latest && overview.latest.version !== overview.notice.version) return `最新的第 ${overview.latest.version} 版尚未公示，请先公示`;
  if (today <= overview.notice.endsOn) return `公示期至 ${formatDay(overview.notice.endsOn)} 结束，期满后才能确定成绩`;
  return null;
}

type Parsed<T> = { ok: true; body: T } | { ok: false; errors: Record<string, string> };

function issuesOf(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) errors[String(issue.path[0] ?? '_')] ??= issue.message;
  return errors;
}

/** The 公示 form (a date range as `YYYY-MM-DD` days, China calendar) → the body of POST /results/notice. */
export function noticeBody(version: number, range: readonly [string, string] | null | undefined): Parsed<OpenNoticeBody> {
  if (!range) return { ok: false, errors: { startsOn: '请选择公示期' } };
  const parsed = OpenNoticeBody.safeParse({ version, startsOn: range[0], endsOn: range[1] });
  return parsed.success ? { ok: true, body: parsed.data } : { ok: false, errors: issuesOf(parsed.error) };
}

/** The 取消资格 form → the body of POST /entries/:id/disqualification. */
export function disqualifyBody(reason: string | null | undefined): Parsed<DisqualifyBody> {
  const parsed = DisqualifyBody.safeParse({ disqualified: true, reason: reason?.trim() ?? null });
  return parsed.success ? { ok: true, body: parsed.data } : { ok: false, errors: issuesOf(parsed.error) };
}

/** The decision form → the body of POST /appeals/:id/decision. */
export function decisionBody(outcome: string | null | undefined, answer: string | null | undefined): Parsed<AppealDecisionBody> {
  const parsed = AppealDecisionBody.safeParse({ outcome: outcome ?? undefined, answer: answer ?? '' });
  return parsed.success ? { ok: true, body: parsed.data } : { ok: false, errors: issuesOf(parsed.error) };
}

/** What an appeal's file must be (checked again by the server, which reads the bytes). */
export function appealFileProblem(file: { name: string; size: number; type: string }): string | null {
  if (file.size > MAX_APPEAL_FILE_BYTES) return `「${file.name}」超过 5 MB`;
  const byName = /\.(jpe?g|png|pdf)$/i.test(file.name);
  if (!(APPEAL_FILE_TYPES as readonly string[]).includes(file.type) && !byName) return `「${file.name}」不是 JPG、PNG 图片或 PDF 文件`;
  return null;
}

/**
 * The 申诉 form → the multipart body of POST /events/:id/appeals (`entryId`, `reason`, each file
 * in `files`), or the problems by field (`reason`, `files`).
 */
export function appealFormData(entryId: string, reason: string, files: readonly File[]): Parsed<FormData> {
  const parsed = FileAppealBody.safeParse({ entryId, reason });
  const errors: Record<string, string> = parsed.success ? {} : issuesOf(parsed.error);
  if (files.length > MAX_APPEAL_FILES) errors.files = `附件最多 ${MAX_APPEAL_FILES} 个`;
  else {
    const problem = files.map(appealFileProblem).find((p) => p !== null);
    if (problem) errors.files = problem;
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  const form = new FormData();
  form.append('entryId', parsed.data.entryId);
  form.append('reason', parsed.data.reason);
  for (const file of files) form.append('files', file, file.name);
  return { ok: true, body: form };
}

/** A contestant may appeal an approved entry of an event under notice, within the period (China days). */
export function canAppeal(entryStatus: string, eventStatus: string | undefined, notice: { startsOn: string; endsOn: string } | null | undefined, today: string): boolean {
  return entryStatus === 'approved' && eventStatus === 'under_notice' && !!notice && notice.startsOn <= today && today <= notice.endsOn;
}

/** The upheld appeals about the entry with `judgingCode`: what a correction during the notice may cite. */
export function upheldAppealsFor(appeals: readonly AppealView[], judgingCode: string): AppealView[] {
  return appeals.filter((a) => a.status === 'upheld' && a.judgingCode === judgingCode);
}

/** A file size as people read it: `512 B`, `12.3 KB`, `1.5 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The results job has stopped (done or failed): polling ends. */
export function jobFinished(job: Pick<ResultsJobView, 'state'> | undefined): boolean {
  return job?.state === 'completed' || job?.state === 'failed';
}

// ── queries ──

export function useResultsOverview(eventId: string) {
  return useQuery({
    queryKey: resultsOverviewKey(eventId),
    queryFn: ({ signal }) => apiRequest(`/api/events/${eventId}/results`, ResultsOverview, { signal }),
  });
}

/** Polls the results job once a second until it completes or fails. */
export function useResultsJob(eventId: string, jobId: string | null) {
  return useQuery({
    queryKey: resultsJobKey(eventId, jobId ?? ''),
    queryFn: ({ signal }) => apiRequest(`/api/events/${eventId}/results/jobs/${jobId}`, ResultsJobView, { signal }),
    enabled: jobId !== null,
    refetchInterval: (query) => (jobFinished(query.state.data) ? false : 1000),
    retry: false,
  });
}

export function useEventAppeals(eventId: string, enabled = true) {
  return useQuery({
    queryKey: eventAppealsKey(eventId),
    queryFn: ({ signal }) => apiRequest(`/api/events/${eventId}/appeals`, AppealList, { signal }),
    enabled,
    retry: false,
  });
}

export function useMyAppeals(enabled = true) {
  return useQuery({
    queryKey: MY_APPEALS_KEY,
    queryFn: ({ signal }) => apiRequest('/api/appeals/mine', AppealList, { signal }),
    enabled,
  });
}

export function usePublicResults(eventId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: publicResultsKey(eventId ?? ''),
    queryFn: ({ signal }) => apiRequest(`/api/public/events/${eventId}/results`, PublicResults, { signal }),
    enabled: Boolean(eventId) && enabled,
    retry: false,
  });
}
