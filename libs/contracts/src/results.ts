import { IsoDateTime, Uuid } from './common';
import { SkillLevel } from './proposals';
import { z } from './zod';

/**
 * Results (成绩): computed by a queued job from the event's marks, entries and rules as numbered
 * versions, each with the hash of its inputs (so a published result can be reproduced); put
 * under notice (成绩公示) with a period in which contestants appeal (申诉); final after the
 * period when no appeal is open. Scores are integers in hundredths (a total out of 100 = 10000).
 */

/** A calendar date, `YYYY-MM-DD` (China time). */
export const CalendarDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
export type CalendarDay = z.infer<typeof CalendarDay>;

export const RESULT_STANDINGS = ['valid', 'absent', 'disqualified'] as const;
export const ResultStanding = z.enum(RESULT_STANDINGS);
export type ResultStanding = z.infer<typeof ResultStanding>;
export const RESULT_STANDING_LABELS: Record<ResultStanding, string> = { valid: '有效', absent: '缺考', disqualified: '取消资格' };

/** What made a version: the end of scoring, an upheld appeal's corrections, or a recompute asked for. */
export const RESULT_CAUSES = ['scoring_closed', 'appeal', 'recompute'] as const;
export const ResultCause = z.enum(RESULT_CAUSES);
export type ResultCause = z.infer<typeof ResultCause>;
export const RESULT_CAUSE_LABELS: Record<ResultCause, string> = { scoring_closed: '评分结束', appeal: '申诉更正', recompute: '重新计算' };

/** One entry of a version, as the staff see it. */
export const ResultRow = z.object({
  entryId: Uuid,
  number: z.number().int(),
  name: z.string(),
  judgingCode: z.string().nullable(),
  employer: z.string().nullable(),
  county: z.string().nullable(),
  standing: ResultStanding,
  /** Shared rank (1, 2, 2, 4); null for those listed apart. */
  rank: z.number().int().nullable(),
  total: z.number().int(),
  stageTotals: z.record(z.string(), z.number().int()),
  deductions: z.number().int(),
  award: z.string().nullable(),
  tier: z.number().int().nullable(),
  titles: z.array(z.string()),
  skillLevel: SkillLevel.nullable(),
  upgradeTo: SkillLevel.nullable(),
  upgradeNote: z.string().nullable(),
  nominated: z.boolean(),
  disqualifiedReason: z.string().nullable(),
});
export type ResultRow = z.infer<typeof ResultRow>;

export const TierOutcomeView = z.object({
  name: z.string(),
  mode: z.enum(['ratio', 'count']),
  value: z.number(),
  minScore: z.number(),
  allowed: z.number().int(),
  places: z.number().int(),
  awarded: z.number().int(),
});
export type TierOutcomeView = z.infer<typeof TierOutcomeView>;

/** The arena's outcome in a version (擂台赛 events only). */
export const ArenaResultView = z.object({
  bouts: z.number().int(),
  champion: z.object({ entryId: Uuid, name: z.string() }).nullable(),
  longestDefence: z.object({ entryId: Uuid, name: z.string(), defences: z.number().int() }).nullable(),
});
export type ArenaResultView = z.infer<typeof ArenaResultView>;

export const ResultVersionSummary = z.object({
  version: z.number().int(),
  inputsHash: z.string(),
  algorithm: z.string(),
  cause: ResultCause,
  createdAt: IsoDateTime,
  createdByName: z.string().nullable(),
  validCount: z.number().int(),
});
export type ResultVersionSummary = z.infer<typeof ResultVersionSummary>;

export const ResultVersionView = ResultVersionSummary.extend({
  rows: z.array(ResultRow),
  tiers: z.array(TierOutcomeView),
  arena: ArenaResultView.nullable(),
});
export type ResultVersionView = z.infer<typeof ResultVersionView>;

export const NoticeView = z.object({
  version: z.number().int(),
  startsOn: CalendarDay,
  endsOn: CalendarDay,
  openedAt: IsoDateTime,
  openedByName: z.string().nullable(),
});
export type NoticeView = z.infer<typeof NoticeView>;

/** GET /events/:id/results — the staff's page of an event's results. */
export const ResultsOverview = z.object({
  eventId: Uuid,
  versions: z.array(ResultVersionSummary),
  latest: ResultVersionView.nullable(),
  /** The hash the inputs have now: when it differs from the latest version's, marks or entries changed since. */
  currentInputsHash: z.string().nullable(),
  stale: z.boolean(),
  notice: NoticeView.nullable(),
  final: z.object({ version: z.number().int(), at: IsoDateTime, byName: z.string().nullable() }).nullable(),
  openAppeals: z.number().int(),
});
export type ResultsOverview = z.infer<typeof ResultsOverview>;

/** POST /events/:id/results/compute */
export const ComputeResultsBody = z.object({ cause: ResultCause.default('recompute') });
export type ComputeResultsBody = z.infer<typeof ComputeResultsBody>;
export const ResultsJobView = z.object({
  jobId: z.string(),
  state: z.enum(['waiting', 'active', 'completed', 'failed', 'unknown']),
  /** 0–100. */
  progress: z.number(),
  version: z.number().int().nullable(),
  error: z.string().nullable(),
});
export type ResultsJobView = z.infer<typeof ResultsJobView>;

/** POST /events/:id/results/notice — put a version under notice (成绩公示), or change the period. */
export const OpenNoticeBody = z
  .object({ version: z.number().int().min(1), startsOn: CalendarDay, endsOn: CalendarDay })
  .refine((b) => b.startsOn <= b.endsOn, { message: '公示结束日期不能早于开始日期', path: ['endsOn'] });
export type OpenNoticeBody = z.infer<typeof OpenNoticeBody>;

/** POST /events/:id/results/final — make the noticed version final (成绩确定). */
export const FinaliseResultsBody = z.object({ version: z.number().int().min(1) });
export type FinaliseResultsBody = z.infer<typeof FinaliseResultsBody>;

/** POST /events/:id/entries/:entryId/disqualification — 取消资格 (or lift it) before results are published. */
export const DisqualifyBody = z
  .object({ disqualified: z.boolean(), reason: z.string().trim().max(200, '理由不超过 200 字').nullable().default(null) })
  .refine((b) => !b.disqualified || (b.reason !== null && b.reason.length >= 2), { message: '请填写取消资格的理由', path: ['reason'] });
export type DisqualifyBody = z.infer<typeof DisqualifyBody>;

// ── public ──

export const PublicResultRow = z.object({
  rank: z.number().int().nullable(),
  standing: ResultStanding,
  number: z.number().int(),
  /** Masked (张*三). */
  name: z.string(),
  employer: z.string().nullable(),
  total: z.number().int(),
  stageTotals: z.record(z.string(), z.number().int()),
  award: z.string().nullable(),
  titles: z.array(z.string()),
});
export type PublicResultRow = z.infer<typeof PublicResultRow>;

/** GET /public/events/:id/results — the noticed or final results; masked names, no ID numbers. */
export const PublicResults = z.object({
  eventId: Uuid,
  title: z.string(),
  version: z.number().int(),
  final: z.boolean(),
  notice: z.object({ startsOn: CalendarDay, endsOn: CalendarDay }),
  stages: z.array(z.object({ name: z.string(), weight: z.number() })),
  rows: z.array(PublicResultRow),
  arena: z.object({ bouts: z.number().int(), champion: z.string().nullable(), longestDefence: z.object({ name: z.string(), defences: z.number().int() }).nullable() }).nullable(),
});
export type PublicResults = z.infer<typeof PublicResults>;

// ── appeals (申诉) ──

export const APPEAL_STATUSES = ['open', 'upheld', 'rejected'] as const;
export const AppealStatus = z.enum(APPEAL_STATUSES);
export type AppealStatus = z.infer<typeof AppealStatus>;
export const APPEAL_STATUS_LABELS: Record<AppealStatus, string> = { open: '待处理', upheld: '申诉成立', rejected: '申诉不成立' };

/** At most this many files to an appeal, each at most MAX_APPEAL_FILE_BYTES (images or PDF). */
export const MAX_APPEAL_FILES = 3;
export const MAX_APPEAL_FILE_BYTES = 5 * 1024 * 1024;
export const APPEAL_FILE_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;

/** POST /events/:id/appeals (multipart: `reason`, `entryId`, files in `files`). */
export const FileAppealBody = z.object({
  entryId: Uuid,
  reason: z.string().trim().min(10, '申诉理由至少 10 个字').max(1000, '申诉理由不超过 1000 字'),
});
export type FileAppealBody = z.infer<typeof FileAppealBody>;

/** POST /appeals/:id/decision — the chief judge or the bureau answers in writing. */
export const AppealDecisionBody = z.object({
  outcome: z.enum(['upheld', 'rejected'], { message: '请选择申诉成立或不成立' }),
  answer: z.string().trim().min(5, '书面答复至少 5 个字').max(1000, '书面答复不超过 1000 字'),
});
export type AppealDecisionBody = z.infer<typeof AppealDecisionBody>;

export const AppealView = z.object({
  id: Uuid,
  eventId: Uuid,
  eventTitle: z.string(),
  entryId: Uuid,
  entryNumber: z.number().int(),
  judgingCode: z.string().nullable(),
  /** The contestant's name; masked for anyone but the contestant and the bureau. */
  contestantName: z.string(),
  reason: z.string(),
  status: AppealStatus,
  answer: z.string().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  /** The version under notice when it was filed. */
  filedAgainstVersion: z.number().int().nullable(),
  attachments: z.array(z.object({ id: Uuid, fileName: z.string(), sizeBytes: z.number().int(), contentType: z.string() })),
});
export type AppealView = z.infer<typeof AppealView>;
export const AppealList = z.object({ items: z.array(AppealView) });
export type AppealList = z.infer<typeof AppealList>;
