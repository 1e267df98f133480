import {
  ProposalDetail,
  ProposalList,
  type EventField,
  type FieldComment,
  type ProposalListQuery,
  type SessionUser,
  type TransitionRecord,
  type z,
} from '@dz/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest } from './api';

export const PROPOSALS_KEY = ['proposals'] as const;
export const proposalKey = (id: string) => [...PROPOSALS_KEY, 'detail', id] as const;

export type ProposalFilters = Partial<Pick<ProposalListQuery, 'status' | 'organizerOrgId' | 'series' | 'industryId'>>;

export function useProposalList(filters: ProposalFilters, page: { current: number; pageSize: number }) {
  return useQuery({
    queryKey: [...PROPOSALS_KEY, 'list', filters, page],
    queryFn: ({ signal }) =>
      apiRequest('/api/proposals', ProposalList, {
        query: { ...filters, limit: page.pageSize, offset: (page.current - 1) * page.pageSize },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useProposal(id: string | undefined) {
  return useQuery({
    queryKey: proposalKey(id ?? ''),
    queryFn: ({ signal }) => apiRequest(`/api/proposals/${id}`, ProposalDetail, { signal }),
    enabled: Boolean(id),
  });
}

/** A field of `EventDraftBody`, as review comments and the difference name it. */
export type EventFieldName = z.infer<typeof EventField>;

/** True when `user` is an organiser of the department that owns the proposal. */
export function isOwnDepartment(detail: Pick<ProposalDetail, 'organizerOrgId'>, user: SessionUser | null): boolean {
  return (
    user !== null && user.roles.includes('department_organizer') && user.organisationIds.includes(detail.organizerOrgId)
  );
}

/** The department may change its proposal while it is a draft or has been returned to it. */
export function canEditDraft(detail: Pick<ProposalDetail, 'organizerOrgId' | 'status'>, user: SessionUser | null): boolean {
  return (detail.status === 'draft' || detail.status === 'returned') && isOwnDepartment(detail, user);
}

export interface ReviewComments {
  /** The transition that carried them (the latest return for changes). */
  record: TransitionRecord;
  byField: Map<EventFieldName, string[]>;
}

/**
 * The per-field comments of the latest 退回修改, the ones the department is asked to act on;
 * `null` when the proposal was never returned with comments.
 */
export function latestReviewComments(history: readonly TransitionRecord[]): ReviewComments | null {
  const returns = history
    .filter((r) => r.to === 'returned' && r.comments.length > 0)
    .sort((a, b) => a.at.localeCompare(b.at));
  const record = returns.at(-1);
  if (!record) return null;
  const byField = new Map<EventFieldName, string[]>();
  for (const c of record.comments as FieldComment[]) byField.set(c.field, [...(byField.get(c.field) ?? []), c.comment]);
  return { record, byField };
}
