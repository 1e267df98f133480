import { AssignmentList, JudgeCandidateList, MarkingSchemeView, type AssignmentView, type Recusal, type SchemeSectionBody } from '@dz/contracts';
import { useQueries, useQuery } from '@tanstack/react-query';
import { ApiError, apiRequest } from './api';

/**
 * 裁判安排 on the web: the event's judges, the judge accounts to pick from, what a judge's scope
 * and recusal (回避) say in words. Recusals are shown by judging code (加密编号), never by name.
 */

export const eventJudgesKey = (eventId: string) => ['judging', eventId, 'judges'] as const;
export const judgeCandidatesKey = (eventId: string, q: string) => ['judging', eventId, 'candidates', q] as const;

/** Event statuses in which judges may be assigned (the server's rule). */
export const ASSIGNABLE_STATUSES = ['approved', 'published', 'registration_closed', 'running', 'scoring_closed'] as const;

export function useEventJudges(eventId: string) {
  return useQuery({
    queryKey: eventJudgesKey(eventId),
    queryFn: ({ signal }) => apiRequest(`/api/events/${eventId}/judges`, AssignmentList, { signal }),
  });
}

export function useJudgeCandidates(eventId: string, q: string, enabled: boolean) {
  return useQuery({
    queryKey: judgeCandidatesKey(eventId, q),
    queryFn: ({ signal }) => apiRequest(`/api/events/${eventId}/judge-candidates`, JudgeCandidateList, { signal, query: { q: q || undefined } }),
    enabled,
    staleTime: 10_000,
  });
}

/** The schemes of the event's stages that have one (a stage without one answers 404). */
export function useStageSchemes(eventId: string, stages: readonly string[]) {
  return useQueries({
    queries: stages.map((stage) => ({
      queryKey: ['judging', eventId, 'scheme', stage] as const,
      queryFn: async ({ signal }: { signal: AbortSignal }) => {
        try {
          return await apiRequest(`/api/events/${eventId}/schemes/${encodeURIComponent(stage)}`, MarkingSchemeView, { signal });
        } catch (error) {
          if (error instanceof ApiError && error.status === 404) return null;
          throw error;
        }
      },
    })),
  });
}

/** Every aspect of a scheme's section tree, in order: `{ key, title }`. */
export function schemeAspectList(sections: readonly SchemeSectionBody[]): { key: string; title: string }[] {
  return sections.flatMap((s) => [...s.aspects.map((a) => ({ key: a.key, title: a.title })), ...schemeAspectList(s.sections)]);
}

/** An assignment's scope in words: 全部选手 / 工位 1、2 / 12 名指定选手, and the aspects. */
export function scopeSummary(a: Pick<AssignmentView, 'entryIds' | 'stations' | 'aspectKeys'>): { who: string; what: string } {
  const parts: string[] = [];
  if (a.stations !== null) parts.push(a.stations.length === 0 ? '无工位' : `工位 ${[...a.stations].sort((x, y) => x - y).join('、')}`);
  if (a.entryIds !== null) parts.push(`${a.entryIds.length} 名指定选手`);
  const who = parts.length === 0 ? '全部选手' : parts.join('，');
  const what = a.aspectKeys === null ? '全部评分项' : a.aspectKeys.length === 0 ? '无评分项' : `评分项 ${a.aspectKeys.join('、')}`;
  return { who, what };
}

/** One line per recused contestant, by judging code: `J003：裁判与选手同属「达州钢铁集团」`. */
export function recusalLines(recusals: readonly Recusal[]): string[] {
  return [...recusals]
    .sort((a, b) => (a.judgingCode ?? '\uffff').localeCompare(b.judgingCode ?? '\uffff'))
    .map((r) => `${r.judgingCode ?? '（未抽签选手）'}：${r.reasons.join('；')}`);
}
