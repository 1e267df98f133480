import { CalendarDay } from './results';
import { z } from './zod';

/**
 * Certificates (证书): award certificates (获奖证书), arena champion certificates (擂主证书) and
 * participation proofs (参赛证明). What a certificate says is one flat record, signed with
 * Ed25519 over its canonical JSON; the public API returns it with its signature so anyone can
 * check it offline against the bureau's published public key.
 */

export const CERTIFICATE_KIND_VALUES = ['award', 'champion', 'participation'] as const;
export const CertificateKindSchema = z.enum(CERTIFICATE_KIND_VALUES);

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
