// The one definition of these lists; libs/domain takes them from here (it imports the
// contracts, so the contracts never import it back).
export const ASPECT_KINDS = ['measurement', 'judgement', 'deduction'] as const;
export const AGGREGATION_METHODS = ['mean', 'trimmed_mean', 'median'] as const;
export const MARK_RECORD_KINDS = ['original', 'correction', 'correction_approval', 'correction_rejection'] as const;

/** At most two decimals, judged on the number's shortest decimal text (as libs/domain's toHundredths). */
function hasAtMostTwoDecimals(v: number): boolean {
  return Number.isFinite(v) && /^-?\d+(\.\d{1,2})?$/.test(String(v));
}
import { IsoDateTime, Uuid } from './common';
import { z } from './zod';

/**
 * Judging (评分): marking schemes, judge assignments with recusal (回避), marks sent over the
 * socket with an idempotency key, sign-off by the chief judge (裁判长), corrections with a reason
 * and the chief's approval, and the hash chain over an event's marks.
 *
 * Units: every `maxMarks`, `totalMarks` and every value in a reply is an integer in hundredths of
 * a mark (12.5 marks = 1250). Only what a judge types (`value` of MarkSubmit and CorrectionBody)
 * is in marks, with at most two decimals; a judgement aspect takes 0, 1, 2 or 3 points.
 * Judges see entries by their anonymous judging code (加密编号), never by name or ID number.
 */

export const AspectKind = z.enum(ASPECT_KINDS, { message: '评分项类型须为测量、评价或扣分' });
export type AspectKind = z.infer<typeof AspectKind>;

export const AggregationMethod = z.enum(AGGREGATION_METHODS, { message: '评分汇总方式须为平均分、去掉一个最高分和一个最低分后取平均或中位数' });
export type AggregationMethod = z.infer<typeof AggregationMethod>;

/** A key of a section or aspect (A, A1, B2.3 …); marks refer to aspects by it. */
export const SchemeKey = z
  .string()
  .trim()
  .min(1, '请填写编号')
  .max(20, '编号不超过 20 个字符')
  .regex(/^[A-Za-z0-9._-]+$/, '编号只能包含字母、数字、点、下划线和连字符');

/** An event stage's name as in the proposal (理论, 实操 …). */
export const StageName = z.string().trim().min(1, '请填写比赛阶段').max(20, '阶段名称过长');

/** Hundredths of a mark, > 0 (a maximum). 100 marks = 10000. */
const MaxHundredths = z
  .number({ error: '请填写分值' })
  .int('分值应为以 0.01 分计的整数')
  .min(1, '须大于 0')
  .max(100_000_00, '分值过大');

export const SchemeAspectBody = z.object({
  key: SchemeKey,
  title: z.string().trim().min(1, '请填写评分项名称').max(80, '评分项名称过长'),
  kind: AspectKind,
  /** Hundredths: the aspect's full marks, or for a deduction the most it can take off. */
  maxMarks: MaxHundredths,
});
export type SchemeAspectBody = z.infer<typeof SchemeAspectBody>;

/** A section of the scheme: its aspects, then its subsections (a tree). */
export const SchemeSectionBody = z.object({
  key: SchemeKey,
  title: z.string().trim().min(1, '请填写评分部分名称').max(80, '评分部分名称过长'),
  aspects: z.array(SchemeAspectBody).max(200, '一个部分最多 200 个评分项').default([]),
  get sections() {
    return z.array(SchemeSectionBody).max(50, '一个部分最多 50 个子部分').default([]);
  },
});
export type SchemeSectionBody = z.infer<typeof SchemeSectionBody>;

/** PUT /events/:id/schemes/:stage — the whole scheme of one stage. */
export const MarkingSchemeBody = z.object({
  /** The version the editor saw; required when the stage already has a scheme. */
  version: z.number().int().min(1).optional(),
  method: AggregationMethod,
  /** Hundredths: the sum of the measurement and judgement maxima. */
  totalMarks: MaxHundredths,
  sections: z.array(SchemeSectionBody).min(1, '评分表至少要有一个评分部分').max(50, '评分部分过多'),
});
export type MarkingSchemeBody = z.infer<typeof MarkingSchemeBody>;

export const MarkingSchemeView = z.object({
  eventId: Uuid,
  stage: z.string(),
  method: AggregationMethod,
  totalMarks: z.number().int(),
  sections: z.array(SchemeSectionBody),
  version: z.number().int(),
  updatedAt: IsoDateTime,
});
export type MarkingSchemeView = z.infer<typeof MarkingSchemeView>;

export const StageParam = z.object({ id: Uuid, stage: StageName });

/**
 * An entry's anonymous judging code (加密编号, e.g. J007), drawn with the workstations. Judges
 * name entries by it and never by entry id: the public draw pairs entry ids with (masked) names
 * and workstations, so an id on a judge's tablet would undo blind judging.
 */
export const JudgingCode = z
  .string({ error: '请填写选手的加密编号' })
  .trim()
  .min(1, '请填写选手的加密编号')
  .max(20, '加密编号过长')
  .regex(/^[A-Za-z0-9-]+$/, '加密编号只能包含字母、数字和连字符');
export type StageParam = z.infer<typeof StageParam>;

// ── Judges and recusal (回避) ───────────────────────────────────────────────

export const JUDGE_ROLES = ['judge', 'chief'] as const;
export const JudgeRole = z.enum(JUDGE_ROLES, { message: '裁判角色须为裁判或裁判长' });
export type JudgeRole = z.infer<typeof JudgeRole>;
export const JUDGE_ROLE_LABELS: Record<JudgeRole, string> = { judge: '裁判', chief: '裁判长' };

/**
 * POST /events/:id/judges — assigns (or re-assigns) a judge. Scope: null means all; an entry is
 * the judge's when it is in `entryIds` (if given) and at one of `stations` (if given).
 */
export const AssignJudgeBody = z.object({
  judgeUserId: Uuid,
  role: JudgeRole.default('judge'),
  entryIds: z.array(Uuid).max(2000, '选手过多').nullable().default(null),
  stations: z.array(z.number().int().min(1, '工位号从 1 开始')).max(2000, '工位过多').nullable().default(null),
  aspectKeys: z.array(SchemeKey).max(500, '评分项过多').nullable().default(null),
  /** The judge's employer or school, for recusal; defaults to the organisation of their judge grant. */
  employer: z.string().trim().min(2, '单位名称至少 2 个字').max(60, '单位名称过长').nullable().default(null),
});
export type AssignJudgeBody = z.infer<typeof AssignJudgeBody>;

/** POST /events/:id/judges/overrides — the bureau lifts a judge's recusal, with a recorded reason. */
export const RecusalOverrideBody = z.object({
  judgeUserId: Uuid,
  reason: z.string({ error: '请填写不回避的理由' }).trim().min(2, '请填写不回避的理由').max(200, '理由不超过 200 字'),
});
export type RecusalOverrideBody = z.infer<typeof RecusalOverrideBody>;

export const Recusal = z.object({
  entryId: Uuid,
  judgingCode: z.string().nullable(),
  /** Why, in Chinese (e.g. 与选手同属单位「达州钢铁集团」). */
  reasons: z.array(z.string()),
});
export type Recusal = z.infer<typeof Recusal>;

export const AssignmentView = z.object({
  id: Uuid,
  eventId: Uuid,
  judgeUserId: Uuid,
  judgeName: z.string(),
  role: JudgeRole,
  entryIds: z.array(Uuid).nullable(),
  stations: z.array(z.number().int()).nullable(),
  aspectKeys: z.array(z.string()).nullable(),
  employer: z.string().nullable(),
  /** True while a recusal applies (some contestant shares the judge's employer or school, no override). */
  recused: z.boolean(),
  recusals: z.array(Recusal),
  override: z.object({ reason: z.string(), byUserId: Uuid, byName: z.string(), at: IsoDateTime }).nullable(),
  updatedAt: IsoDateTime,
});
export type AssignmentView = z.infer<typeof AssignmentView>;

export const AssignmentList = z.object({ items: z.array(AssignmentView) });
export type AssignmentList = z.infer<typeof AssignmentList>;

// ── Marks ───────────────────────────────────────────────────────────────────

/** Marks as typed: ≥ 0, at most two decimals (converted exactly to hundredths). */
export const MarkValue = z
  .number({ error: '请填写分值' })
  .min(0, '分值不能为负')
  .max(100_000, '分值过大')
  .refine(
    (v) => hasAtMostTwoDecimals(v),
    { message: '分值最多两位小数' },
  );

/** `mark.submit` (socket) and POST /events/:id/marks: one judge's mark on one aspect of one entry. */
export const MarkSubmit = z.object({
  /** Generated by the tablet once per mark and sent again unchanged on every resend. */
  idempotencyKey: Uuid,
  eventId: Uuid,
  /** The entry, by its anonymous code (never its id: see JudgingCode). */
  judgingCode: JudgingCode,
  stage: StageName,
  aspectKey: SchemeKey,
  /** Marks (measurement, deduction) or points 0–3 (judgement). */
  value: MarkValue,
});
export type MarkSubmit = z.infer<typeof MarkSubmit>;

/** The ack of a stored mark; `duplicate` when the key had been stored before (a resend). */
export const MarkAck = z.object({
  markId: Uuid,
  /** The mark's place in its event's chain, from 1. */
  seq: z.number().int(),
  duplicate: z.boolean(),
});
export type MarkAck = z.infer<typeof MarkAck>;

/** The kinds of rows in an event's marks (libs/domain mark-chain). */
export const MarkKind = z.enum(MARK_RECORD_KINDS);
export type MarkKind = z.infer<typeof MarkKind>;
export const MARK_KIND_LABELS: Record<MarkKind, string> = {
  original: '评分',
  correction: '更正申请',
  correction_approval: '批准更正',
  correction_rejection: '驳回更正',
};

const Reason = (what: string) => z.string({ error: `请填写${what}` }).trim().min(2, `请填写${what}`).max(200, '理由不超过 200 字');

/** POST /events/:id/corrections — a new value for a submitted mark, with a reason. */
export const CorrectionBody = z.object({
  /** The mark to correct (its original row, or a correction of it). */
  markId: Uuid,
  value: MarkValue,
  reason: Reason('更正理由'),
  /** Optional: a resend with the same key returns the same correction. */
  idempotencyKey: Uuid.optional(),
  /** During the notice period (成绩公示) marks change only for an upheld appeal about the entry. */
  appealId: Uuid.optional(),
});
export type CorrectionBody = z.infer<typeof CorrectionBody>;

export const ApproveCorrectionBody = z.object({ note: z.string().trim().max(200, '备注不超过 200 字').optional() });
export type ApproveCorrectionBody = z.infer<typeof ApproveCorrectionBody>;

export const RejectCorrectionBody = z.object({ reason: Reason('驳回理由') });
export type RejectCorrectionBody = z.infer<typeof RejectCorrectionBody>;

/** POST /events/:id/signoffs — the chief judge signs off one entry's sheet of one stage. */
export const SignoffBody = z.object({ judgingCode: JudgingCode, stage: StageName });
export type SignoffBody = z.infer<typeof SignoffBody>;

/** Longest time a stage may take (用时): a week, in seconds. */
export const MAX_STAGE_SECONDS = 7 * 24 * 3600;

/** POST /events/:id/times — the time an entry took on a stage (用时), recorded by the chief judge before sign-off. */
export const StageTimeBody = z.object({
  judgingCode: JudgingCode,
  stage: StageName,
  seconds: z.number({ error: '用时须为秒数' }).int('用时须为整秒').min(1, '用时须大于 0 秒').max(MAX_STAGE_SECONDS, '用时不能超过 7 天'),
});
export type StageTimeBody = z.infer<typeof StageTimeBody>;

export const StageTimeView = z.object({
  eventId: Uuid,
  judgingCode: z.string(),
  stage: z.string(),
  seconds: z.number().int(),
  recordedBy: Uuid,
  recordedAt: IsoDateTime,
});
export type StageTimeView = z.infer<typeof StageTimeView>;

export const SignoffView = z.object({
  id: Uuid,
  eventId: Uuid,
  judgingCode: z.string(),
  stage: z.string(),
  chiefUserId: Uuid,
  at: IsoDateTime,
});
export type SignoffView = z.infer<typeof SignoffView>;

/**
 * One row of an event's marks as stored (append-only), for the history view. The entry is named
 * by its judging code only (judges read this too); a mark is only accepted for an entry with one.
 */
export const MarkRow = z.object({
  id: Uuid,
  seq: z.number().int(),
  judgingCode: z.string().nullable(),
  stage: z.string(),
  aspectKey: z.string(),
  judgeUserId: Uuid,
  judgeName: z.string(),
  /** Hundredths (judgement: 0–300); on an approval or rejection, the value of the correction decided. */
  value: z.number().int(),
  kind: MarkKind,
  refersTo: Uuid.nullable(),
  reason: z.string().nullable(),
  createdAt: IsoDateTime,
  prevHash: z.string().nullable(),
  hash: z.string(),
});
export type MarkRow = z.infer<typeof MarkRow>;

export const MarkHistoryQuery = z.object({ judgingCode: JudgingCode.optional(), stage: StageName.optional() });
export type MarkHistoryQuery = z.infer<typeof MarkHistoryQuery>;

export const MarkHistory = z.object({ items: z.array(MarkRow) });
export type MarkHistory = z.infer<typeof MarkHistory>;

/** The chain check of an event's marks; `brokenAt` names the first row that does not verify. */
export const ChainVerification = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  brokenAt: z.object({ seq: z.number().int(), markId: Uuid, reason: z.string() }).optional(),
});
export type ChainVerification = z.infer<typeof ChainVerification>;

export const StageQuery = z.object({ stage: StageName.optional() });
export type StageQuery = z.infer<typeof StageQuery>;

/** An aspect as a sheet shows it. */
export const SheetAspect = z.object({
  key: z.string(),
  title: z.string(),
  kind: AspectKind,
  /** Hundredths. */
  maxMarks: z.number().int(),
  /** Titles of the sections that hold it, outermost first. */
  sectionTitles: z.array(z.string()),
  /** Whether the viewing judge marks it (their assignment's aspects). */
  assigned: z.boolean(),
});
export type SheetAspect = z.infer<typeof SheetAspect>;

export const SheetMark = z.object({
  aspectKey: z.string(),
  /** The original mark. */
  markId: Uuid,
  seq: z.number().int(),
  /** Hundredths as submitted. */
  submitted: z.number().int(),
  /** Hundredths in effect: the last approved correction, else as submitted. */
  effective: z.number().int(),
  corrected: z.boolean(),
  pendingCorrection: z.object({ markId: Uuid, value: z.number().int(), reason: z.string().nullable() }).nullable(),
});
export type SheetMark = z.infer<typeof SheetMark>;

/** What a judge sees: entries by judging code only (no name, no ID number, no workstation, no entry id). */
export const JudgeSheet = z.object({
  eventId: Uuid,
  eventTitle: z.string(),
  eventStatus: z.string(),
  stage: z.string(),
  /** Stages that have a scheme. */
  stages: z.array(z.string()),
  role: JudgeRole,
  method: AggregationMethod,
  aspects: z.array(SheetAspect),
  entries: z.array(
    z.object({
      judgingCode: z.string(),
      signedOff: z.boolean(),
      /** Recused from this entry (and the override, if the bureau lifted it, is not shown). */
      recused: z.boolean(),
      recusalReasons: z.array(z.string()),
      marks: z.array(SheetMark),
    }),
  ),
});
export type JudgeSheet = z.infer<typeof JudgeSheet>;

/** The chief judge's board: every judge's marks side by side, judgement spreads flagged. */
export const MarkBoard = z.object({
  eventId: Uuid,
  stage: z.string(),
  method: AggregationMethod,
  aspects: z.array(SheetAspect.omit({ assigned: true })),
  judges: z.array(z.object({ userId: Uuid, name: z.string(), role: JudgeRole })),
  entries: z.array(
    z.object({
      judgingCode: z.string(),
      signedOff: z.boolean(),
      /** Some judgement aspect's points differ by more than 1 between judges. */
      flagged: z.boolean(),
      pendingCorrections: z.number().int(),
      /** Seconds the entry took on the stage (用时), as the chief judge recorded it; null before. */
      timeUsed: z.number().int().nullable(),
      cells: z.array(
        z.object({
          aspectKey: z.string(),
          marks: z.array(z.object({ judgeUserId: Uuid, markId: Uuid, effective: z.number().int(), corrected: z.boolean(), pending: z.boolean() })),
          /** Judgement only: highest minus lowest, in hundredths of a point. */
          spread: z.number().int().nullable(),
          flagged: z.boolean(),
          /** The judges' marks combined by the scheme's method, in hundredths of a mark; null without marks. */
          combined: z.number().int().nullable(),
        }),
      ),
    }),
  ),
});
export type MarkBoard = z.infer<typeof MarkBoard>;

export const CorrectionView = z.object({ row: MarkRow, effective: z.number().int().nullable() });
export type CorrectionView = z.infer<typeof CorrectionView>;
