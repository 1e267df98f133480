import { County, IsoDateTime, Uuid } from './common';
import { Phone } from './identity';
import { OccupationCode, SkillLevel } from './proposals';
import { z } from './zod';

/**
 * Registration (报名): entries, eligibility, bulk import, the draw (抽签) and check-in (检录).
 * Personal data crosses the wire unmasked only in a person's own registration form; every list
 * and every staff view carries masked ID numbers and phones.
 */

export const ENTRY_STATUSES = ['submitted', 'approved', 'rejected', 'waitlisted', 'withdrawn'] as const;
export const EntryStatus = z.enum(ENTRY_STATUSES);
export type EntryStatus = z.infer<typeof EntryStatus>;
export const ENTRY_STATUS_LABELS: Record<EntryStatus, string> = {
  submitted: '待审核',
  approved: '已通过',
  rejected: '未通过',
  waitlisted: '候补',
  withdrawn: '已退出',
};

/** Attendance on the day (检录). */
export const ATTENDANCES = ['pending', 'checked_in', 'late', 'no_show'] as const;
export const Attendance = z.enum(ATTENDANCES);
export type Attendance = z.infer<typeof Attendance>;
export const ATTENDANCE_LABELS: Record<Attendance, string> = {
  pending: '未检录',
  checked_in: '已检录',
  late: '迟到入场',
  no_show: '缺考',
};

/** An 18-character resident ID as typed; the API checks the check digit and region (libs/domain). */
export const IdNumberInput = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .pipe(z.string().regex(/^\d{17}[\dX]$/, '身份证号应为 18 位（最后一位可为 X）'));

/** One person of an entry (an individual, or one member of a team). */
export const EntryPersonBody = z
  .object({
    name: z.string().trim().min(2, '请填写姓名').max(32, '姓名过长'),
    idNumber: IdNumberInput,
    phone: Phone,
    county: County,
    employer: z.string().trim().min(2, '请填写工作单位或学校').max(60, '单位名称过长'),
    /** The employer or school is in Dazhou (eligibility may require it). */
    employerInDazhou: z.boolean({ error: '请选择单位是否在达州市内' }),
    skillLevel: SkillLevel.nullable().default(null),
    certificateNo: z.string().trim().max(40, '证书编号过长').nullable().default(null),
    occupationCode: OccupationCode,
  })
  .refine((p) => p.skillLevel === null || (p.certificateNo !== null && p.certificateNo.length >= 4), {
    message: '填写了职业技能等级，请同时填写证书编号',
    path: ['certificateNo'],
  });
export type EntryPersonBody = z.infer<typeof EntryPersonBody>;

/** A registration: one person, or a team whose first member is its captain (the person registering). */
export const RegisterBody = z.object({
  teamName: z.string().trim().min(2, '团队名称至少 2 个字').max(30, '团队名称过长').nullable().default(null),
  members: z.array(EntryPersonBody).min(1, '至少填写一名选手').max(10, '团队不超过 10 人'),
});
export type RegisterBody = z.infer<typeof RegisterBody>;

export const EligibilityRule = z.enum(['resident_id', 'age', 'skill_level', 'county', 'employer', 'occupation']);
export const EligibilityFailure = z.object({ rule: EligibilityRule, message: z.string() });
export type EligibilityFailure = z.infer<typeof EligibilityFailure>;

/** The check before submitting: each member, with why they would not qualify. */
export const EligibilityReply = z.object({
  eligible: z.boolean(),
  members: z.array(z.object({ index: z.number().int(), name: z.string(), failures: z.array(EligibilityFailure) })),
  /** Seats left now; 0 means a new entry goes to the waitlist. */
  seatsLeft: z.number().int(),
});
export type EligibilityReply = z.infer<typeof EligibilityReply>;

/** A member as staff and lists see them: ID number and phone masked. */
export const EntryMember = z.object({
  name: z.string(),
  idNumberMasked: z.string(),
  phoneMasked: z.string(),
  county: z.string(),
  employer: z.string(),
  skillLevel: SkillLevel.nullable(),
  certificateNo: z.string().nullable(),
  occupationCode: z.string(),
});
export type EntryMember = z.infer<typeof EntryMember>;

export const EntryView = z.object({
  id: Uuid,
  /** Arrival order within the event (报名序号), 1 for the first. */
  number: z.number().int(),
  eventId: Uuid,
  eventTitle: z.string(),
  status: EntryStatus,
  source: z.enum(['self', 'import']),
  teamName: z.string().nullable(),
  members: z.array(EntryMember),
  /** 1 for the first in line; null unless waitlisted. */
  waitlistPosition: z.number().int().nullable(),
  reason: z.string().nullable(),
  workstation: z.number().int().nullable(),
  /** The code the contestant shows at check-in (two-stage draws) or the one anonymous code (one-stage). */
  checkinCode: z.string().nullable(),
  attendance: Attendance,
  checkedInAt: IsoDateTime.nullable(),
  ticketAvailable: z.boolean(),
  /** What the ticket's QR code encodes; only in the contestant's own view, once approved. */
  ticketPayload: z.string().nullable(),
  createdAt: IsoDateTime,
  version: z.number().int(),
});
export type EntryView = z.infer<typeof EntryView>;

export const MyEntries = z.object({ items: z.array(EntryView) });
export type MyEntries = z.infer<typeof MyEntries>;

export const EntryListQuery = z.object({
  status: EntryStatus.optional(),
  attendance: Attendance.optional(),
  /** Name, entry number, employer or workstation. */
  q: z.string().trim().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type EntryListQuery = z.infer<typeof EntryListQuery>;

export const EntryList = z.object({
  items: z.array(EntryView),
  total: z.number().int(),
  counts: z.record(EntryStatus, z.number().int()),
  capacity: z.number().int(),
});
export type EntryList = z.infer<typeof EntryList>;

export const EntryDecisionBody = z
  .object({
    entryIds: z.array(Uuid).min(1, '请至少选择一条报名').max(500, '一次最多处理 500 条'),
    action: z.enum(['approve', 'reject']),
    reason: z.string().trim().max(200, '理由不超过 200 字').optional(),
  })
  .refine((b) => b.action !== 'reject' || (b.reason !== undefined && b.reason.length >= 2), { message: '不通过须填写理由', path: ['reason'] });
export type EntryDecisionBody = z.infer<typeof EntryDecisionBody>;

export const EntryDecisionReply = z.object({
  updated: z.array(Uuid),
  failed: z.array(z.object({ id: Uuid, message: z.string() })),
  /** Waitlisted entries moved up because a rejection freed their seat. */
  promoted: z.array(Uuid),
});
export type EntryDecisionReply = z.infer<typeof EntryDecisionReply>;

export const WithdrawBody = z.object({ reason: z.string().trim().max(200, '理由不超过 200 字').optional() });
export type WithdrawBody = z.infer<typeof WithdrawBody>;

// ── Bulk import ─────────────────────────────────────────────────────────────

export const IMPORT_MAX_ROWS = 5000;
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
/** The template's columns, in order; the header row must carry exactly these. */
export const IMPORT_COLUMNS = [
  '姓名',
  '身份证号',
  '手机号',
  '区县',
  '工作单位或学校',
  '单位是否在达州',
  '职业技能等级',
  '证书编号',
  '职业编码',
  '团队名称',
] as const;

/** The template's data sheet; the sample row's name carries the marker and is skipped. */
export const IMPORT_DATA_SHEET = '报名表';
export const IMPORT_SAMPLE_MARKER = '（示例）';
/** Columns the error report appends; a corrected report can be uploaded as it is. */
export const IMPORT_REPORT_COLUMNS = ['原文件行号', '错误原因'] as const;

export const ImportMode = z.enum(['valid_rows', 'all_or_nothing'], { error: '请选择导入方式' });
export type ImportMode = z.infer<typeof ImportMode>;
export const IMPORT_MODE_LABELS: Record<ImportMode, string> = { valid_rows: '只导入无误的行', all_or_nothing: '全部无误才导入' };

export const IMPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export const ImportStatus = z.enum(IMPORT_STATUSES);
export type ImportStatus = z.infer<typeof ImportStatus>;

export const ImportUploadBody = z.object({ mode: ImportMode });
export type ImportUploadBody = z.infer<typeof ImportUploadBody>;

export const ImportView = z.object({
  id: Uuid,
  eventId: Uuid,
  filename: z.string(),
  mode: ImportMode,
  status: ImportStatus,
  totalRows: z.number().int(),
  processedRows: z.number().int(),
  imported: z.number().int(),
  /** Rows whose person already has an entry in this event (a re-upload): skipped, not errors. */
  duplicates: z.number().int(),
  errorCount: z.number().int(),
  /** Why the whole file failed, when it did. */
  message: z.string().nullable(),
  createdAt: IsoDateTime,
  finishedAt: IsoDateTime.nullable(),
});
export type ImportView = z.infer<typeof ImportView>;

export const ImportList = z.object({ items: z.array(ImportView) });
export type ImportList = z.infer<typeof ImportList>;

/** Socket event to the uploader and the event's staff room while an import runs. */
export const ImportProgress = ImportView.pick({ id: true, eventId: true, status: true, totalRows: true, processedRows: true, imported: true, duplicates: true, errorCount: true });
export type ImportProgress = z.infer<typeof ImportProgress>;

// ── The draw (抽签) ─────────────────────────────────────────────────────────

export const DrawCommitBody = z.object({
  /** A check-in code and a separate judging code, mapped only for the organiser until results. */
  twoStage: z.boolean().default(false),
  /** Needed when a draw was already run for the event. */
  reason: z.string().trim().max(200, '理由不超过 200 字').optional(),
});
export type DrawCommitBody = z.infer<typeof DrawCommitBody>;

export const DRAW_STATUSES = ['committed', 'drawn', 'superseded'] as const;
export const DrawStatus = z.enum(DRAW_STATUSES);
export type DrawStatus = z.infer<typeof DrawStatus>;

/** What anyone may see of a draw, and re-run. */
export const PublicDraw = z.object({
  id: Uuid,
  eventId: Uuid,
  round: z.number().int(),
  status: DrawStatus,
  algorithm: z.string(),
  algorithmDescription: z.string(),
  twoStage: z.boolean(),
  /** SHA-256 of the seed, published before the draw. */
  seedCommitment: z.string(),
  /** Revealed after the draw. */
  seed: z.string().nullable(),
  /** SHA-256 of the judging-code seed; the seed itself is revealed when results are published. */
  codeSeedCommitment: z.string(),
  codeSeed: z.string().nullable(),
  /** The approved entries the draw is made over, frozen at commitment (masked names). */
  entries: z.array(z.object({ entryId: Uuid, number: z.number().int(), name: z.string() })),
  /** After the draw: workstation (and check-in code) per entry. */
  assignments: z.array(
    z.object({ entryId: Uuid, workstation: z.number().int(), checkinCode: z.string().nullable(), judgingCode: z.string().nullable() }),
  ),
  reason: z.string().nullable(),
  committedAt: IsoDateTime,
  drawnAt: IsoDateTime.nullable(),
});
export type PublicDraw = z.infer<typeof PublicDraw>;

export const DrawHistory = z.object({ items: z.array(PublicDraw) });
export type DrawHistory = z.infer<typeof DrawHistory>;

/** The result of re-running a draw from its revealed seeds. */
export const DrawVerification = z.object({
  drawId: Uuid,
  matches: z.boolean(),
  mismatches: z.array(z.object({ entryId: Uuid, field: z.string(), stored: z.unknown(), recomputed: z.unknown() })),
});
export type DrawVerification = z.infer<typeof DrawVerification>;

/** The organiser's mapping of check-in codes to judging codes (two-stage draws). */
export const CodeMapping = z.object({
  items: z.array(z.object({ entryId: Uuid, workstation: z.number().int(), checkinCode: z.string().nullable(), judgingCode: z.string() })),
});
export type CodeMapping = z.infer<typeof CodeMapping>;

// ── The day: tickets and check-in (检录) ────────────────────────────────────

/** What the ticket's QR code carries: the entry and a signature, nothing personal. */
export const TicketPayload = z.string().trim().regex(/^DZT1\.[0-9a-f-]{36}\.[A-Za-z0-9_-]{16,64}$/, '不是有效的准考证二维码');

/** Check-in by the ticket's QR code, or by the entry picked from a search. */
export const CheckinBody = z
  .object({ ticket: TicketPayload.optional(), entryId: Uuid.optional() })
  .refine((b) => (b.ticket === undefined) !== (b.entryId === undefined), { message: '请扫描准考证二维码或选择一条报名' });
export type CheckinBody = z.infer<typeof CheckinBody>;

export const LateArrivalBody = z.object({ reason: z.string().trim().min(2, '请填写迟到入场的理由').max(200, '理由不超过 200 字') });
export type LateArrivalBody = z.infer<typeof LateArrivalBody>;

export const CheckinReply = z.object({ entry: EntryView, alreadyCheckedIn: z.boolean() });
export type CheckinReply = z.infer<typeof CheckinReply>;

export const CloseCheckinReply = z.object({ noShows: z.number().int() });
export type CloseCheckinReply = z.infer<typeof CloseCheckinReply>;
