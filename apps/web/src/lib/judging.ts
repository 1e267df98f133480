import {
  ChainVerification,
  JudgeSheet,
  MarkAck,
  MarkBoard,
  MarkHistory,
  MyJudgingTasks,
  type AspectKind,
  type MarkRow,
  type MarkSubmit,
  type SheetAspect,
} from '@dz/contracts';
import { checkMarkValue, formatHundredths, toHundredths } from '@dz/domain';
import { useQuery } from '@tanstack/react-query';
import { ApiError, apiRequest } from './api';
import { isRetryable, outcomeOfAck, type SendOutcome } from './mark-queue';
import type { AppSocket } from './socket';

/**
 * Judging (评分) on the web: query keys and queries, sending a mark (socket first, HTTP when the
 * socket is down), and the plain rules the judge's tablet and the chief's board show.
 * Units as in @dz/contracts judging: values from the server are hundredths (of a mark, or of a
 * point for judgement aspects); what a judge types is marks or points.
 */

export const judgeSheetKey = (eventId: string) => ['judging', eventId, 'sheet'] as const;
export const markBoardKey = (eventId: string) => ['judging', eventId, 'board'] as const;
export const markHistoryKey = (eventId: string, judgingCode?: string) => ['judging', eventId, 'history', judgingCode ?? 'all'] as const;
export const chainKey = (eventId: string) => ['judging', eventId, 'verify'] as const;

export const ASPECT_KIND_LABELS: Record<AspectKind, string> = { measurement: '测量', judgement: '评价', deduction: '扣分' };

/** The points a judgement aspect takes (WorldSkills 0–3). */
export const JUDGEMENT_POINTS = [0, 1, 2, 3] as const;

/** How long a `mark.submit` waits for its ack before the mark counts as not sent (it stays queued). */
export const MARK_ACK_TIMEOUT_MS = 8000;

/**
 * What a judge typed for `aspect`, checked as the server will: a number with at most two
 * decimals, within the aspect's maximum (judgement: 0, 1, 2 or 3). `value` is in marks/points.
 */
export function parseMarkInput(
  aspect: Pick<SheetAspect, 'kind' | 'maxMarks' | 'key' | 'title'>,
  input: number | string | null | undefined,
): { ok: true; value: number } | { ok: false; message: string } {
  if (input === null || input === undefined || (typeof input === 'string' && input.trim() === '')) return { ok: false, message: '请填写分值' };
  const value = typeof input === 'number' ? input : Number(input.trim());
  if (!Number.isFinite(value)) return { ok: false, message: '分数不是有效数字' };
  let hundredths: number;
  try {
    hundredths = toHundredths(value);
  } catch {
    return { ok: false, message: '最多两位小数' };
  }
  const problem = checkMarkValue(aspect, hundredths);
  return problem === null ? { ok: true, value } : { ok: false, message: problem };
}

/** A stored value (hundredths) as the judge reads it: `2 分` for judgement points, `8.50` marks otherwise. */
export function formatMark(kind: AspectKind, hundredths: number): string {
  if (kind === 'judgement') return `${formatHundredths(hundredths).replace(/\.00$/, '')} 分`;
  return kind === 'deduction' ? `扣 ${formatHundredths(hundredths)}` : formatHundredths(hundredths);
}

/** The maximum as shown next to an aspect: 满分 10.00 / 最多扣 2.00 / 0–3 分（满分 10.00）. */
export function maxLabel(aspect: Pick<SheetAspect, 'kind' | 'maxMarks'>): string {
  if (aspect.kind === 'judgement') return `0–3 分（折合满分 ${formatHundredths(aspect.maxMarks)}）`;
  if (aspect.kind === 'deduction') return `最多扣 ${formatHundredths(aspect.maxMarks)} 分`;
  return `满分 ${formatHundredths(aspect.maxMarks)}`;
}

/**
 * An entry's stage total on the chief's board (hundredths), from each aspect's combined score:
 * per innermost section, measurement and judgement scores less deductions, never below 0 (as
 * libs/domain stageScore does section by section). Null while no aspect has a mark.
 */
export function boardTotal(
  aspects: readonly Pick<SheetAspect, 'key' | 'kind' | 'sectionTitles'>[],
  cells: readonly { aspectKey: string; combined: number | null }[],
): number | null {
  const combined = new Map(cells.map((c) => [c.aspectKey, c.combined]));
  if (![...combined.values()].some((v) => v !== null)) return null;
  const sections = new Map<string, { scored: number; deducted: number }>();
  for (const aspect of aspects) {
    const key = aspect.sectionTitles.join('/');
    const section = sections.get(key) ?? { scored: 0, deducted: 0 };
    const value = combined.get(aspect.key) ?? 0;
    if (value !== null) {
      if (aspect.kind === 'deduction') section.deducted += value;
      else section.scored += value;
    }
    sections.set(key, section);
  }
  return [...sections.values()].reduce((sum, s) => sum + Math.max(0, s.scored - s.deducted), 0);
}

/** Corrections no approval or rejection refers to yet: what the chief judge still has to decide. */
export function pendingCorrections(rows: readonly MarkRow[]): MarkRow[] {
  const decided = new Set(
    rows.filter((r) => r.kind === 'correction_approval' || r.kind === 'correction_rejection').map((r) => r.refersTo),
  );
  return rows.filter((r) => r.kind === 'correction' && !decided.has(r.id));
}

/** The original row a correction (or a decision on one) is about, for showing old → new. */
export function originalOf(row: MarkRow, rows: readonly MarkRow[]): MarkRow | null {
  const byId = new Map(rows.map((r) => [r.id, r]));
  let current: MarkRow | undefined = row;
  for (let hops = 0; current && hops < 3; hops += 1) {
    if (current.kind === 'original') return current;
    current = current.refersTo ? byId.get(current.refersTo) : undefined;
  }
  return null;
}

/**
 * Sends one mark: over the socket when it is connected (waiting at most MARK_ACK_TIMEOUT_MS for
 * the ack), else over HTTP (POST /events/:id/marks, same body, same answer). Offline, nothing is
 * tried: the mark stays queued until `online` or the socket's reconnect.
 */
export async function sendMark(socket: AppSocket | null, mark: MarkSubmit): Promise<SendOutcome> {
  if (typeof navigator !== 'undefined' && !navigator.onLine) return { kind: 'retry' };
  if (socket?.connected) {
    try {
      return outcomeOfAck(await socket.timeout(MARK_ACK_TIMEOUT_MS).emitWithAck('mark.submit', mark));
    } catch {
      return { kind: 'retry' };
    }
  }
  try {
    const ack = await apiRequest(`/api/events/${mark.eventId}/marks`, MarkAck, { method: 'POST', body: mark });
    return { kind: 'saved', ack };
  } catch (error) {
    if (error instanceof ApiError && !isRetryable(error.code, error.status)) return { kind: 'refused', reason: error.message };
    return { kind: 'retry' };
  }
}

export function useJudgeSheet(eventId: string) {
  return useQuery({
    queryKey: judgeSheetKey(eventId),
    queryFn: ({ signal }) => apiRequest(`/api/events/${eventId}/judge-sheet`, JudgeSheet, { signal }),
    retry: false,
  });
}

export function useMarkBoard(eventId: string) {
  return useQuery({
    queryKey: markBoardKey(eventId),
    queryFn: ({ signal }) => apiRequest(`/api/events/${eventId}/marks/board`, MarkBoard, { signal }),
    retry: false,
  });
}

export function useMarkHistory(eventId: string, judgingCode?: string, enabled = true) {
  return useQuery({
    queryKey: markHistoryKey(eventId, judgingCode),
    queryFn: ({ signal }) => apiRequest(`/api/events/${eventId}/marks/history`, MarkHistory, { signal, query: { judgingCode } }),
    enabled,
  });
}

export function useChainVerification(eventId: string) {
  return useQuery({
    queryKey: chainKey(eventId),
    queryFn: ({ signal }) => apiRequest(`/api/events/${eventId}/marks/verify`, ChainVerification, { signal }),
    retry: false,
  });
}

/** Event statuses in which a judge may have work: scoring, sign-off, corrections. */
export const JUDGING_STATUSES = ['running', 'scoring_closed', 'under_notice'] as const;

/** The judge's events (我的评分任务): their assignments, from GET /judging/mine. */
export function useMyJudgingEvents(enabled: boolean) {
  return useQuery({
    queryKey: ['judging', 'mine'] as const,
    enabled,
    queryFn: ({ signal }) => apiRequest('/api/judging/mine', MyJudgingTasks, { signal }),
  });
}
