import { County, IsoDateTime, Uuid } from './common';
import { EventStatus, PublicEventSummary, Series } from './events';
import { z } from './zod';

/** The 八级工 ladder, lowest first (DOMAIN.md). */
export const SKILL_LEVELS = [
  'apprentice',
  'junior',
  'intermediate',
  'senior',
  'technician',
  'senior_technician',
  'special_technician',
  'chief_technician',
] as const;
export const SkillLevel = z.enum(SKILL_LEVELS, { message: '请选择职业技能等级' });
export type SkillLevel = z.infer<typeof SkillLevel>;
export const SKILL_LEVEL_LABELS: Record<SkillLevel, string> = {
  apprentice: '学徒工',
  junior: '初级工',
  intermediate: '中级工',
  senior: '高级工',
  technician: '技师',
  senior_technician: '高级技师',
  special_technician: '特级技师',
  chief_technician: '首席技师',
};

/** Competition levels of the seed policy. */
export const COMPETITION_LEVELS = ['municipal_industry', 'municipal_county', 'special', 'enterprise_school'] as const;
export const CompetitionLevel = z.enum(COMPETITION_LEVELS, { message: '请选择竞赛级别' });
export type CompetitionLevel = z.infer<typeof CompetitionLevel>;
export const COMPETITION_LEVEL_LABELS: Record<CompetitionLevel, string> = {
  municipal_industry: '市级行业竞赛',
  municipal_county: '市/县级技能竞赛',
  special: '技能专项赛',
  enterprise_school: '企业和院校比赛',
};

export const ROUNDS = ['preliminary', 'semifinal', 'final'] as const;
export const Round = z.enum(ROUNDS);
export type Round = z.infer<typeof Round>;
export const ROUND_LABELS: Record<Round, string> = { preliminary: '初赛', semifinal: '复赛', final: '决赛' };

/** Occupation code of the national classification 《职业分类大典》, e.g. 6-18-02-04. */
export const OccupationCode = z.string().regex(/^\d-\d{2}-\d{2}-\d{2}$/, '职业编码格式应为 6-18-02-04');

export const Stage = z.object({
  name: z.string().trim().min(1, '请填写阶段名称').max(20, '阶段名称过长'),
  /** Percent of the total; the stages of an event add up to 100. */
  weight: z.number().int('权重应为整数').min(1, '权重至少为 1').max(100, '权重不能超过 100'),
});
export type Stage = z.infer<typeof Stage>;

export const ScheduleItem = z
  .object({
    title: z.string().trim().min(1, '请填写日程名称').max(40, '日程名称过长'),
    startsAt: IsoDateTime,
    endsAt: IsoDateTime,
    venue: z.string().trim().max(60, '地点过长').default(''),
  })
  .refine((s) => s.endsAt > s.startsAt, { message: '结束时间应晚于开始时间', path: ['endsAt'] });
export type ScheduleItem = z.infer<typeof ScheduleItem>;

/** Eligibility kept as data; registration evaluates it (libs/domain). */
export const EligibilityRules = z
  .object({
    ageMin: z.number().int().min(14, '最低年龄不能小于 14 岁').max(80).nullable().default(null),
    ageMax: z.number().int().min(14).max(80, '最高年龄不能超过 80 岁').nullable().default(null),
    skillLevelMin: SkillLevel.nullable().default(null),
    skillLevelMax: SkillLevel.nullable().default(null),
    counties: z.array(County).max(9).default([]),
    requireDazhouEmployer: z.boolean().default(false),
    occupationCodes: z.array(OccupationCode).max(20).default([]),
  })
  .refine((e) => e.ageMin === null || e.ageMax === null || e.ageMin <= e.ageMax, { message: '最低年龄不能大于最高年龄', path: ['ageMax'] })
  .refine(
    (e) => !e.skillLevelMin || !e.skillLevelMax || SKILL_LEVELS.indexOf(e.skillLevelMin) <= SKILL_LEVELS.indexOf(e.skillLevelMax),
    { message: '最低等级不能高于最高等级', path: ['skillLevelMax'] },
  );
export type EligibilityRules = z.infer<typeof EligibilityRules>;

export const AwardTier = z.object({
  name: z.string().trim().min(1, '请填写奖项名称').max(20),
  /** `ratio`: percent of valid contestants; `count`: a fixed number of places. */
  mode: z.enum(['ratio', 'count']),
  value: z.number().int('应为整数').min(1, '至少为 1').max(10_000),
  /** Lowest total score (0–100) for the tier. */
  minScore: z.number().min(0).max(100).default(0),
});
export type AwardTier = z.infer<typeof AwardTier>;

/**
 * How a ratio tier's share (validCount × value%) becomes whole places: `floor` never exceeds the
 * ratio, `round` rounds halves up, `ceil` never falls short of it.
 */
export const AWARD_ROUNDINGS = ['floor', 'round', 'ceil'] as const;
export const AwardRounding = z.enum(AWARD_ROUNDINGS, { message: '名额取整方式须为向下取整、四舍五入或向上取整' });
export type AwardRounding = z.infer<typeof AwardRounding>;
export const AWARD_ROUNDING_LABELS: Record<AwardRounding, string> = {
  floor: '向下取整（不超过比例）',
  round: '四舍五入',
  ceil: '向上取整',
};

/**
 * Entries tied (same rank) across a tier boundary: `higher` puts them all in the tier where the
 * tie starts (that tier may exceed its places, the next loses as many); `lower` moves them all
 * down to the next tier with room for all of them, so no tier exceeds its places.
 */
export const BOUNDARY_TIE_RULES = ['higher', 'lower'] as const;
export const BoundaryTies = z.enum(BOUNDARY_TIE_RULES, { message: '等次分界并列处理须为均获较高等次或均降入下一等次' });
export type BoundaryTies = z.infer<typeof BoundaryTies>;
export const BOUNDARY_TIE_LABELS: Record<BoundaryTies, string> = {
  higher: '并列者均获较高等次',
  lower: '并列者均降入下一等次',
};

export const AwardsPlan = z
  .object({
    tiers: z.array(AwardTier).min(1, '至少设置一个奖项等次').max(6),
    titles: z.array(z.string().trim().min(1).max(20)).max(5).default([]),
    upgradeRecommendation: z.boolean().default(false),
    craftsmanNominations: z.number().int().min(0).max(50).default(0),
    /** How a ratio tier's percentage of valid contestants becomes a number of places (AWARD_ROUNDING_LABELS). */
    rounding: AwardRounding.default('floor'),
    /** Entries tied across a tier boundary: all in the higher tier, or all moved down (BOUNDARY_TIE_LABELS). */
    boundaryTies: BoundaryTies.default('higher'),
  })
  .refine((p) => p.tiers.filter((t) => t.mode === 'ratio').reduce((sum, t) => sum + t.value, 0) <= 100, {
    message: '按比例设奖的比例合计不能超过 100%',
    path: ['tiers'],
  });
export type AwardsPlan = z.infer<typeof AwardsPlan>;

export const BudgetLine = z.object({
  item: z.string().trim().min(1, '请填写预算项目').max(40),
  /** Amount in fen (分), so money never passes through floats. */
  amountFen: z.number().int('金额应精确到分').min(0, '金额不能为负').max(10_000_000_00),
});
export type BudgetLine = z.infer<typeof BudgetLine>;

/** Everything a department fills in for a proposal (申报). */
export const EventDraftBody = z
  .object({
    title: z.string().trim().min(4, '赛项名称至少 4 个字').max(60, '赛项名称不超过 60 个字'),
    series: Series,
    edition: z.number().int().min(2020).max(2100).nullable().default(null),
    level: CompetitionLevel,
    industryId: Uuid,
    occupationCode: OccupationCode,
    teamSize: z.number().int().min(1, '至少 1 人').max(10, '团队不超过 10 人').default(1),
    capacity: z.number().int().min(1, '名额至少为 1').max(10_000, '名额过多'),
    format: z.enum(['rounds', 'arena']),
    rounds: z.array(Round).max(3).default([]),
    arenaFirstHolder: z.enum(['qualifying_top', 'last_champion']).nullable().default(null),
    stages: z.array(Stage).min(1, '至少设置一个比赛阶段').max(5),
    schedule: z.array(ScheduleItem).max(20).default([]),
    venue: z.string().trim().min(2, '请填写比赛地点').max(60),
    county: County.nullable().default(null),
    registrationClosesAt: IsoDateTime,
    startsAt: IsoDateTime,
    eligibility: EligibilityRules.default({
      ageMin: null,
      ageMax: null,
      skillLevelMin: null,
      skillLevelMax: null,
      counties: [],
      requireDazhouEmployer: false,
      occupationCodes: [],
    }),
    awardsPlan: AwardsPlan,
    budget: z.array(BudgetLine).max(50).default([]),
    coOrganizerIds: z.array(Uuid).max(10).default([]),
    description: z.string().trim().max(2000, '说明不超过 2000 字').default(''),
  })
  .refine((e) => e.stages.reduce((sum, s) => sum + s.weight, 0) === 100, { message: '各阶段权重之和应为 100', path: ['stages'] })
  .refine((e) => e.registrationClosesAt < e.startsAt, { message: '报名截止时间应早于比赛开始时间', path: ['registrationClosesAt'] })
  .refine((e) => e.series !== 'dazhou_skills_competition' || e.edition !== null, { message: '达州技能大赛须填写届次年份', path: ['edition'] })
  .refine((e) => e.format !== 'arena' || e.arenaFirstHolder !== null, { message: '擂台赛须选择首任擂主的产生方式', path: ['arenaFirstHolder'] })
  .refine((e) => e.format !== 'rounds' || e.rounds.length > 0, { message: '请选择比赛轮次', path: ['rounds'] });
export type EventDraftBody = z.infer<typeof EventDraftBody>;

/** Field labels for diffs and per-field review comments. */
export const EVENT_FIELD_LABELS: Record<keyof EventDraftBody, string> = {
  title: '赛项名称',
  series: '赛事品牌',
  edition: '届次',
  level: '竞赛级别',
  industryId: '所属产业',
  occupationCode: '职业（工种）',
  teamSize: '每队人数',
  capacity: '名额',
  format: '赛制',
  rounds: '轮次',
  arenaFirstHolder: '首任擂主',
  stages: '比赛阶段与权重',
  schedule: '日程',
  venue: '比赛地点',
  county: '所在区县',
  registrationClosesAt: '报名截止时间',
  startsAt: '比赛开始时间',
  eligibility: '参赛条件',
  awardsPlan: '奖项设置',
  budget: '经费预算',
  coOrganizerIds: '协办单位',
  description: '赛项说明',
};
export const EventField = z.enum(Object.keys(EVENT_FIELD_LABELS) as [keyof EventDraftBody, ...(keyof EventDraftBody)[]]);

export const UpdateDraftBody = z.object({ version: z.number().int().min(1), draft: EventDraftBody });
export type UpdateDraftBody = z.infer<typeof UpdateDraftBody>;

export const FieldComment = z.object({ field: EventField, comment: z.string().trim().min(1, '请填写意见').max(500) });
export type FieldComment = z.infer<typeof FieldComment>;

export const TransitionBody = z.object({
  to: EventStatus,
  /** The version the actor saw: a stale one loses with 409. */
  version: z.number().int().min(1),
  reason: z.string().trim().max(500).optional(),
  comments: z.array(FieldComment).max(30).default([]),
});
export type TransitionBody = z.infer<typeof TransitionBody>;

export const TransitionRecord = z.object({
  id: Uuid,
  from: EventStatus,
  to: EventStatus,
  actorName: z.string(),
  actorRoles: z.array(z.string()),
  reason: z.string().nullable(),
  comments: z.array(FieldComment),
  at: IsoDateTime,
});
export type TransitionRecord = z.infer<typeof TransitionRecord>;

export const AllowedAction = z.object({ to: EventStatus, label: z.string(), reasonRequired: z.boolean() });
export type AllowedAction = z.infer<typeof AllowedAction>;

export const ProposalAttachment = z.object({ id: Uuid, filename: z.string(), sizeBytes: z.number().int(), uploadedAt: IsoDateTime });

export const ProposalDetail = z.object({
  id: Uuid,
  status: EventStatus,
  version: z.number().int(),
  organizerOrgId: Uuid,
  organizerName: z.string(),
  occupationName: z.string(),
  industryName: z.string().nullable(),
  draft: EventDraftBody,
  attachment: ProposalAttachment.nullable(),
  history: z.array(TransitionRecord),
  /** Submitted versions, for the difference view. */
  versions: z.array(z.object({ number: z.number().int(), submittedAt: IsoDateTime })),
  allowedActions: z.array(AllowedAction),
  updatedAt: IsoDateTime,
});
export type ProposalDetail = z.infer<typeof ProposalDetail>;

export const ProposalSummary = z.object({
  id: Uuid,
  title: z.string(),
  status: EventStatus,
  series: Series,
  organizerOrgId: Uuid,
  organizerName: z.string(),
  industryName: z.string().nullable(),
  occupationName: z.string(),
  updatedAt: IsoDateTime,
});
export type ProposalSummary = z.infer<typeof ProposalSummary>;

export const ProposalListQuery = z.object({
  status: EventStatus.optional(),
  organizerOrgId: Uuid.optional(),
  series: Series.optional(),
  industryId: Uuid.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ProposalListQuery = z.infer<typeof ProposalListQuery>;

export const ProposalList = z.object({ items: z.array(ProposalSummary), total: z.number().int() });
export type ProposalList = z.infer<typeof ProposalList>;

export const VersionDiffQuery = z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) });
export type VersionDiffQuery = z.infer<typeof VersionDiffQuery>;

export const VersionDiff = z.object({
  from: z.number().int(),
  to: z.number().int(),
  changes: z.array(z.object({ field: EventField, label: z.string(), before: z.unknown(), after: z.unknown() })),
});
export type VersionDiff = z.infer<typeof VersionDiff>;

export const Industry = z.object({ id: Uuid, parentId: Uuid.nullable(), name: z.string(), sort: z.number().int() });
export type Industry = z.infer<typeof Industry>;
export const Occupation = z.object({ code: OccupationCode, name: z.string() });
export type Occupation = z.infer<typeof Occupation>;

export const Catalogues = z.object({
  industries: z.array(Industry),
  occupations: z.array(Occupation),
});
export type Catalogues = z.infer<typeof Catalogues>;

export const CreateIndustryBody = z.object({ parentId: Uuid.nullable().default(null), name: z.string().trim().min(2, '请填写产业名称').max(30, '产业名称最多 30 个字') });
export type CreateIndustryBody = z.infer<typeof CreateIndustryBody>;
export const CreateOccupationBody = z.object({ code: OccupationCode, name: z.string().trim().min(2, '请填写职业名称').max(30, '职业名称最多 30 个字') });
export type CreateOccupationBody = z.infer<typeof CreateOccupationBody>;
/** Rename, move (parentId; `null` for the top level) or reorder an industry; at least one of them. */
export const UpdateIndustryBody = z
  .object({
    name: z.string().trim().min(2, '请填写产业名称').max(30, '产业名称最多 30 个字').optional(),
    parentId: Uuid.nullable().optional(),
    sort: z.number({ error: '排序须为整数' }).int('排序须为整数').min(0, '排序不能为负数').max(9999, '排序最大为 9999').optional(),
  })
  .refine((b) => b.name !== undefined || b.parentId !== undefined || b.sort !== undefined, { message: '请至少修改一项' });
export type UpdateIndustryBody = z.infer<typeof UpdateIndustryBody>;
export const OccupationCodeParam = z.object({ code: OccupationCode });
export type OccupationCodeParam = z.infer<typeof OccupationCodeParam>;
export const UpdateOccupationBody = z.object({ name: z.string().trim().min(2, '请填写职业名称').max(30, '职业名称最多 30 个字') });
export type UpdateOccupationBody = z.infer<typeof UpdateOccupationBody>;

/** What the public page of one event shows (no budget, no internal comments). */
export const PublicEventDetail = PublicEventSummary.extend({
  level: CompetitionLevel.nullable(),
  industryName: z.string().nullable(),
  stages: z.array(Stage),
  rounds: z.array(Round),
  schedule: z.array(ScheduleItem),
  eligibility: EligibilityRules,
  awardTiers: z.array(z.object({ name: z.string(), mode: z.enum(['ratio', 'count']), value: z.number() })),
  titles: z.array(z.string()),
  coOrganizerNames: z.array(z.string()),
  description: z.string(),
});
export type PublicEventDetail = z.infer<typeof PublicEventDetail>;

export const UserNotification = z.object({
  id: Uuid,
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: IsoDateTime,
  readAt: IsoDateTime.nullable(),
});
export const NotificationList = z.object({ items: z.array(UserNotification), unread: z.number().int() });
export type NotificationList = z.infer<typeof NotificationList>;
