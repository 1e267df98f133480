import { canonicalJson } from '../results/results';

/**
 * Certificates (证书) an event issues: 获奖证书 (an award or a title), 擂主证书 (the arena
 * champion) and 参赛证明 (everyone who competed with a valid standing). A certificate's content
 * is one flat, JSON-safe record; what is signed is exactly its canonical JSON.
 */

export const CERTIFICATE_KINDS = ['award', 'champion', 'participation'] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

export const CERTIFICATE_KIND_LABELS: Record<CertificateKind, string> = {
  award: '获奖证书',
  champion: '擂主证书',
  participation: '参赛证明',
};

/** The two series (赛事品牌) a certificate can belong to. */
export const CERTIFICATE_SERIES = ['达州技能大赛', '技能达人擂台赛'] as const;

/** The body that issues every certificate. */
export const CERTIFICATE_ISSUER = '达州市人力资源和社会保障局';

/** Exactly what a certificate shows and what its signature covers. */
export interface CertificateContent {
  /** e.g. `DZ2026A00012345` (see formatCertificateNumber). */
  number: string;
  kind: CertificateKind;
  /** e.g. '达州技能大赛' or '技能达人擂台赛'. */
  series: string;
  eventTitle: string;
  /** The occupation (工种) and its code in the national classification, e.g. 焊工, 6-18-02-04. */
  occupationName: string;
  occupationCode: string;
  /** e.g. '达州市人力资源和社会保障局'. */
  issuer: string;
  /** The organising department's name, e.g. '达州市经济和信息化局'. */
  organiser: string;
  personName: string;
  /** Never the whole number: e.g. '5117**********1234'. */
  idNumberMasked: string;
  /** e.g. '一等奖'; null when none. */
  award: string | null;
  /** e.g. ['技能达人']; empty when none. */
  titles: string[];
  /** Shared rank, 1-based; null when not shown. */
  rank: number | null;
  /** China civil date of issue, `YYYY-MM-DD`. */
  issuedOn: string;
  /** The results version the certificate was issued from (≥ 1). */
  resultsVersion: number;
  /** Which signing key signed it: 16 lowercase hex characters (see certificateKeyId). */
  keyId: string;
}

/** The fields of CertificateContent, in the order they are documented. */
export const CERTIFICATE_CONTENT_FIELDS = [
  'number', 'kind', 'series', 'eventTitle', 'occupationName', 'occupationCode', 'issuer', 'organiser',
  'personName', 'idNumberMasked', 'award', 'titles', 'rank', 'issuedOn', 'resultsVersion', 'keyId',
] as const satisfies readonly (keyof CertificateContent)[];

/**
 * The canonical JSON of a certificate's content (keys sorted, no whitespace): the bytes that are
 * signed. Only the documented fields are taken, so a caller's object with extra properties (an
 * entity, say) signs the same as the bare content.
 */
export function canonicalCertificate(content: CertificateContent): string {
  const picked: Record<string, unknown> = {};
  for (const field of CERTIFICATE_CONTENT_FIELDS) picked[field] = content[field];
  return canonicalJson(picked);
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `2026-12-08` → `2026年12月8日` (no leading zeros), as dates are written on certificates. */
export function formatCertificateDate(isoDay: string): string {
  const match = ISO_DAY.exec(isoDay);
  if (!match) return isoDay;
  return `${Number(match[1])}年${Number(match[2])}月${Number(match[3])}日`;
}

/** The award and titles as one phrase: `一等奖、技能达人`; empty when there are none. */
export function honoursText(content: Pick<CertificateContent, 'award' | 'titles'>): string {
  return [...(content.award ? [content.award] : []), ...content.titles].join('、');
}
