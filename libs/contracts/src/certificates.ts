import { IsoDateTime, Uuid } from './common';
import { Series } from './events';
import { CalendarDay } from './results';
import { z } from './zod';

/**
 * Certificates (证书): award certificates, 擂主 certificates and participation proofs of an
 * event whose results are final. Each carries a unique number, a QR code to the public
 * verification page and an Ed25519 signature over its canonical content (libs/domain
 * certificates). The bureau issues an event's certificates in one batch; the worker renders
 * them in chunks, at most one per (person, kind) in an event.
 */

export const CERTIFICATE_KIND_VALUES = ['award', 'champion', 'participation'] as const;
export const CertificateKind = z.enum(CERTIFICATE_KIND_VALUES, { message: '证书类型应为 award、champion 或 participation' });
export type CertificateKind = z.infer<typeof CertificateKind>;
export const CERTIFICATE_KIND_NAMES: Record<CertificateKind, string> = { award: '获奖证书', champion: '擂主证书', participation: '参赛证明' };

export const CertificateKindSchema = CertificateKind;

/** A certificate number: DZ, year, kind letter (A/C/P), 7-digit sequence, MOD 11-2 check (0–9/X). */
export const CertificateNumberText = z.string().regex(/^DZ\d{4}[ACP]\d{7}[\dX]$/, '证书编号格式不正确');

/** Exactly what is signed and shown; strict, so a record with an added field is not accepted. */
export const CertificateContentSchema = z.strictObject({
  number: CertificateNumberText,
  kind: CertificateKindSchema,
  series: z.string().min(1),
  eventTitle: z.string().min(1),
  occupationName: z.string().min(1),
  occupationCode: z.string(),
  issuer: z.string().min(1),
  organiser: z.string().min(1),
  personName: z.string().min(1),
  idNumberMasked: z.string(),
  award: z.string().min(1).nullable(),
  titles: z.array(z.string().min(1)),
  rank: z.number().int().min(1).nullable(),
  issuedOn: CalendarDay,
  resultsVersion: z.number().int().min(1),
  keyId: z.string().regex(/^[0-9a-f]{16}$/, '密钥编号应为 16 位十六进制字符'),
});

/** A certificate as the public API returns it and as a PDF carries it: content, base64 signature, key id. */
export const SignedCertificateSchema = z.strictObject({
  content: CertificateContentSchema,
  signature: z.string().min(1),
  keyId: z.string().regex(/^[0-9a-f]{16}$/, '密钥编号应为 16 位十六进制字符'),
});
export type SignedCertificate = z.infer<typeof SignedCertificateSchema>;

/** What is signed and shown (the domain's CertificateContent). */
export const CertificateContentView = CertificateContentSchema;
export type CertificateContentView = z.infer<typeof CertificateContentView>;

export const CertificateView = z.object({
  id: Uuid,
  eventId: Uuid,
  entryId: Uuid,
  number: z.string(),
  kind: CertificateKind,
  personName: z.string(),
  idNumberMasked: z.string(),
  award: z.string().nullable(),
  titles: z.array(z.string()),
  issuedAt: IsoDateTime,
  revoked: z.object({ at: IsoDateTime, reason: z.string(), byName: z.string().nullable() }).nullable(),
});
export type CertificateView = z.infer<typeof CertificateView>;

export const CERTIFICATE_BATCH_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export const CertificateBatchStatus = z.enum(CERTIFICATE_BATCH_STATUSES);
export type CertificateBatchStatus = z.infer<typeof CertificateBatchStatus>;
export const CERTIFICATE_BATCH_STATUS_LABELS: Record<CertificateBatchStatus, string> = { queued: '排队中', running: '生成中', done: '已完成', failed: '失败' };

/** One bulk issue of an event's certificates, with its progress. */
export const CertificateBatchView = z.object({
  id: Uuid,
  eventId: Uuid,
  status: CertificateBatchStatus,
  resultsVersion: z.number().int(),
  /** Certificates this batch had to issue (those not issued before). */
  total: z.number().int(),
  issued: z.number().int(),
  chunks: z.number().int(),
  chunksDone: z.number().int(),
  message: z.string().nullable(),
  createdAt: IsoDateTime,
  createdByName: z.string().nullable(),
  finishedAt: IsoDateTime.nullable(),
});
export type CertificateBatchView = z.infer<typeof CertificateBatchView>;

/** Pushed to the bureau's user room and the event's staff room after each chunk. */
export const CertificateBatchProgress = CertificateBatchView.pick({ id: true, eventId: true, status: true, total: true, issued: true, chunks: true, chunksDone: true });
export type CertificateBatchProgress = z.infer<typeof CertificateBatchProgress>;

/** GET /events/:id/certificates — an event's certificates, a page at a time, and its batches. */
export const EventCertificates = z.object({
  eventId: Uuid,
  eventTitle: z.string(),
  /** Results are final: certificates may be issued. */
  issuable: z.boolean(),
  /** Why not, when not (Chinese). */
  notIssuableReason: z.string().nullable(),
  /** How many the final results call for, how many exist, how many are revoked. */
  planned: z.number().int(),
  issued: z.number().int(),
  revoked: z.number().int(),
  byKind: z.record(CertificateKind, z.number().int()),
  batches: z.array(CertificateBatchView),
  items: z.array(CertificateView),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
});
export type EventCertificates = z.infer<typeof EventCertificates>;

export const CertificateListQuery = z.object({
  page: z.coerce.number().int().min(1, '页码从 1 开始').default(1),
  pageSize: z.coerce.number().int().min(1).max(200, '每页最多 200 条').default(50),
  kind: CertificateKind.optional(),
  /** A number or a name fragment. */
  q: z.string().trim().max(50, '搜索内容不超过 50 字').optional(),
});
export type CertificateListQuery = z.infer<typeof CertificateListQuery>;

/** POST /certificates/:id/revocation (bureau). */
export const RevokeCertificateBody = z.object({
  reason: z.string().trim().min(4, '撤销原因至少 4 个字').max(500, '撤销原因不超过 500 字'),
});
export type RevokeCertificateBody = z.infer<typeof RevokeCertificateBody>;

/** GET /certificates/mine — the signed-in person's certificates. */
export const MyCertificates = z.object({
  items: z.array(CertificateView.extend({ eventTitle: z.string() })),
});
export type MyCertificates = z.infer<typeof MyCertificates>;

// ── public verification ──

export const VERIFICATION_STATUSES = ['valid', 'revoked', 'tampered', 'unknown', 'malformed'] as const;
export const VerificationStatus = z.enum(VERIFICATION_STATUSES);
export type VerificationStatus = z.infer<typeof VerificationStatus>;
export const VERIFICATION_STATUS_LABELS: Record<VerificationStatus, string> = {
  valid: '证书有效',
  revoked: '证书已撤销',
  tampered: '证书数据校验失败',
  unknown: '查无此证书',
  malformed: '证书编号格式不正确',
};

/**
 * GET /public/certificates/:number — what the QR code's page shows. `content` and the signature
 * are given for valid, revoked and tampered certificates, so anyone can check the signature
 * offline against the published key (`npm run verify-certificate`).
 */
export const CertificateVerification = z.object({
  number: z.string(),
  status: VerificationStatus,
  message: z.string(),
  content: CertificateContentView.nullable(),
  signature: z.string().nullable(),
  keyId: z.string().nullable(),
  revoked: z.object({ at: IsoDateTime, reason: z.string() }).nullable(),
});
export type CertificateVerification = z.infer<typeof CertificateVerification>;

/** GET /public/certificates/keys — every signing key ever used (a key stays to verify old certificates). */
export const CertificateKeys = z.object({
  keys: z.array(z.object({ keyId: z.string(), algorithm: z.literal('Ed25519'), publicKeyPem: z.string(), createdAt: IsoDateTime })),
});
export type CertificateKeys = z.infer<typeof CertificateKeys>;

// ── templates (per series and kind, edited by the bureau) ──

/** Largest background image (PNG or JPEG). */
export const CERTIFICATE_BACKGROUND_MAX_BYTES = 2 * 1024 * 1024;

export const CertificateTemplateView = z.object({
  series: Series,
  kind: CertificateKind,
  title: z.string(),
  body: z.string(),
  signatureLine: z.string(),
  hasBackground: z.boolean(),
  version: z.number().int(),
  updatedAt: IsoDateTime.nullable(),
  updatedByName: z.string().nullable(),
});
export type CertificateTemplateView = z.infer<typeof CertificateTemplateView>;
export const CertificateTemplateList = z.object({ items: z.array(CertificateTemplateView), placeholders: z.array(z.string()) });
export type CertificateTemplateList = z.infer<typeof CertificateTemplateList>;

/** PUT /certificate-templates/:series/:kind (multipart: these fields, an optional `background` file, `removeBackground`). */
export const CertificateTemplateBody = z.object({
  title: z.string().trim().min(2, '标题至少 2 个字').max(20, '标题不超过 20 字'),
  body: z.string().trim().min(10, '正文至少 10 个字').max(400, '正文不超过 400 字'),
  signatureLine: z.string().trim().min(2, '落款至少 2 个字').max(40, '落款不超过 40 字'),
  version: z.coerce.number().int().min(0),
  removeBackground: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});
export type CertificateTemplateBody = z.infer<typeof CertificateTemplateBody>;
