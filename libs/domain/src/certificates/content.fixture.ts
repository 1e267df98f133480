import type { CertificateContent } from './certificate-content';

/** A valid certificate content for tests; fields overridable. */
export function exampleCertificateContent(overrides: Partial<CertificateContent> = {}): CertificateContent {
  return {
    number: 'DZ2026A00012345',
    kind: 'award',
    series: '达州技能大赛',
    eventTitle: '2026年达州技能大赛焊工赛项',
    occupationName: '焊工',
    occupationCode: '6-18-02-04',
    issuer: '达州市人力资源和社会保障局',
    organiser: '达州市经济和信息化局',
    personName: '欧阳晓梅',
    idNumberMasked: '5117**********1234',
    award: '一等奖',
    titles: ['技能达人'],
    rank: 1,
    issuedOn: '2026-12-08',
    resultsVersion: 2,
    keyId: '0123456789abcdef',
    ...overrides,
  };
}
