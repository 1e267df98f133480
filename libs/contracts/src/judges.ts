import { Uuid } from './common';
import { EventStatus } from './events';
import { JudgeRole } from './judging';
import { z } from './zod';

/**
 * Judge assignment (裁判安排) around the judging contracts: the staff's search for judge
 * accounts to assign, and a judge's own tasks (我的评分任务).
 */

/** GET /events/:id/judge-candidates — judge accounts by a name, account or phone fragment. */
export const JudgeCandidateQuery = z.object({
  q: z.string().trim().max(32, '搜索内容不超过 32 个字').optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type JudgeCandidateQuery = z.infer<typeof JudgeCandidateQuery>;

/** A live, enabled account holding the judge role; the phone is always masked (a list). */
export const JudgeCandidate = z.object({
  userId: Uuid,
  name: z.string(),
  /** Organisation of the judge grant (their employer or school, used for recusal), if any. */
  organisationName: z.string().nullable(),
  /** Masked, e.g. 137****0001. */
  phone: z.string().nullable(),
  /** Already assigned to this event, and as what. */
  assignedRole: JudgeRole.nullable(),
});
export type JudgeCandidate = z.infer<typeof JudgeCandidate>;

export const JudgeCandidateList = z.object({ items: z.array(JudgeCandidate) });
export type JudgeCandidateList = z.infer<typeof JudgeCandidateList>;

/** One event a judge is assigned to, as GET /judging/mine lists it. */
export const MyJudgingTask = z.object({
  eventId: Uuid,
  title: z.string(),
  status: EventStatus,
  role: JudgeRole,
  /** 擂台赛 events also have a bout sheet (`/judge/events/:id/arena`). */
  format: z.enum(['rounds', 'arena']),
  /** The event's stages in order, each with whether it has a marking scheme yet. */
  stages: z.array(z.object({ name: z.string(), hasScheme: z.boolean() })),
  /** Approved entries with a judging code within the judge's scope. */
  entries: z.number().int(),
  /** Of those, entries signed off by the chief judge in every stage that has a scheme. */
  signedOff: z.number().int(),
});
export type MyJudgingTask = z.infer<typeof MyJudgingTask>;

export const MyJudgingTasks = z.object({ items: z.array(MyJudgingTask) });
export type MyJudgingTasks = z.infer<typeof MyJudgingTasks>;
