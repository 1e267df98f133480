import { IsoDateTime, Uuid } from './common';
import { z } from './zod';

/** The lifecycle of an event (赛项), from DOMAIN.md "The pipeline and its states". */
export const EVENT_STATUSES = [
  'draft',
  'submitted',
  'returned',
  'approved',
  'rejected',
  'published',
  'registration_closed',
  'running',
  'scoring_closed',
  'under_notice',
  'final',
  'archived',
  'cancelled',
] as const;
export const EventStatus = z.enum(EVENT_STATUSES);
export type EventStatus = z.infer<typeof EventStatus>;

export const EVENT_STATUS_LABELS: Record<EventStatus, string> = {
  draft: '草稿',
  submitted: '已申报',
  returned: '已退回',
  approved: '已批准',
  rejected: '未批准',
  published: '报名中',
  registration_closed: '报名截止',
  running: '比赛中',
  scoring_closed: '评分结束',
  under_notice: '成绩公示',
  final: '成绩确定',
  archived: '已归档',
  cancelled: '已取消',
};

/** Statuses in which an event is visible to the public. */
export const PUBLIC_EVENT_STATUSES = [
  'published',
  'registration_closed',
  'running',
  'scoring_closed',
  'under_notice',
  'final',
] as const satisfies readonly EventStatus[];

export const SERIES = ['dazhou_skills_competition', 'skill_master_arena'] as const;
export const Series = z.enum(SERIES);
export type Series = z.infer<typeof Series>;
export const SERIES_LABELS: Record<Series, string> = {
  dazhou_skills_competition: '达州技能大赛',
  skill_master_arena: '技能达人擂台赛',
};

/** One event as the public home page lists it: no personal data, no internal notes. */
export const PublicEventSummary = z.object({
  id: Uuid,
  title: z.string(),
  series: Series,
  edition: z.number().int().nullable(),
  occupationCode: z.string(),
  occupationName: z.string(),
  organizerName: z.string(),
  county: z.string().nullable(),
  venue: z.string(),
  format: z.enum(['rounds', 'arena']),
  teamSize: z.number().int().min(1),
  capacity: z.number().int().min(1),
  status: EventStatus,
  registrationClosesAt: IsoDateTime,
  startsAt: IsoDateTime,
});
export type PublicEventSummary = z.infer<typeof PublicEventSummary>;

export const PublicEventListQuery = z.object({
  series: Series.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type PublicEventListQuery = z.infer<typeof PublicEventListQuery>;

export const PublicEventList = z.object({
  items: z.array(PublicEventSummary),
});
export type PublicEventList = z.infer<typeof PublicEventList>;

/** An event as its organiser and the bureau see it: any status, with the owning organisation. */
export const ManagedEvent = PublicEventSummary.extend({ organizerOrgId: Uuid });
export type ManagedEvent = z.infer<typeof ManagedEvent>;

export const ManagedEventList = z.object({ items: z.array(ManagedEvent) });
export type ManagedEventList = z.infer<typeof ManagedEventList>;
