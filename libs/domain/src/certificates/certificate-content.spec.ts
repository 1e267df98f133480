import { CertificateContentSchema, CERTIFICATE_KIND_VALUES } from '@dz/contracts';
import fc from 'fast-check';

import {
  canonicalCertificate,
  CERTIFICATE_CONTENT_FIELDS,
  CERTIFICATE_KIND_LABELS,
  CERTIFICATE_KINDS,
  type CertificateContent,
  formatCertificateDate,
  honoursText,
} from './certificate-content';
import { exampleCertificateContent } from './content.fixture';

/** The fields that are always strings (award may be null, so it is checked apart). */
const STRING_FIELDS = CERTIFICATE_CONTENT_FIELDS.filter((f) => f !== 'award' && f !== 'kind' && typeof exampleCertificateContent()[f] === 'string');

/** Arbitrary contents: any text in every string field, including empty and non-BMP characters. */
const content: fc.Arbitrary<CertificateContent> = fc.record({
  number: fc.string({ unit: 'grapheme' }),
  kind: fc.constantFrom(...CERTIFICATE_KINDS),
  series: fc.string({ unit: 'grapheme' }),
  eventTitle: fc.string({ unit: 'grapheme' }),
  occupationName: fc.string(),
  occupationCode: fc.string(),
  issuer: fc.string(),
  organiser: fc.string({ unit: 'grapheme' }),
  personName: fc.string({ unit: 'grapheme' }),
  idNumberMasked: fc.string(),
  award: fc.option(fc.string({ unit: 'grapheme' })),
  titles: fc.array(fc.string({ unit: 'grapheme' })),
  rank: fc.option(fc.integer({ min: 1, max: 1000 })),
  issuedOn: fc.string(),
  resultsVersion: fc.integer({ min: 1, max: 1000 }),
  keyId: fc.string(),
});

/** The same object with its keys inserted in the order given by `order` (a permutation seed). */
function reordered(value: CertificateContent, order: number[]): CertificateContent {
  const keys = [...CERTIFICATE_CONTENT_FIELDS].sort((a, b) => (order[CERTIFICATE_CONTENT_FIELDS.indexOf(a)] ?? 0) - (order[CERTIFICATE_CONTENT_FIELDS.indexOf(b)] ?? 0));
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = value[k];
  return out as unknown as CertificateContent;
}

describe('canonicalCertificate', () => {
  it('should give sorted keys and no whitespace', () => {
    const text = canonicalCertificate(exampleCertificateContent());
    expect(text.startsWith('{"award":"一等奖","eventTitle":"2026年达州技能大赛焊工赛项","idNumberMasked":')).toBe(true);
    expect(text).not.toMatch(/[\n\t]|": |, "/);
    expect(Object.keys(JSON.parse(text))).toEqual([...CERTIFICATE_CONTENT_FIELDS].sort());
  });

  it('should not depend on the order of the keys', () => {
    fc.assert(
      fc.property(content, fc.array(fc.integer(), { minLength: CERTIFICATE_CONTENT_FIELDS.length, maxLength: CERTIFICATE_CONTENT_FIELDS.length }), (c, order) => {
        const shuffled = reordered(c, order);
        expect(Object.keys(shuffled)).toHaveLength(CERTIFICATE_CONTENT_FIELDS.length);
        expect(canonicalCertificate(shuffled)).toBe(canonicalCertificate(c));
      }),
    );
  });

  it('should change when any one character of any string field changes', () => {
    fc.assert(
      fc.property(content, fc.constantFrom(...STRING_FIELDS), fc.nat(), fc.string({ minLength: 1, maxLength: 1 }), (c, field, at, replacement) => {
        const text = c[field] as string;
        // Replace one character, or append one when the field is empty.
        const i = text.length === 0 ? 0 : at % text.length;
        const changed = text.slice(0, i) + replacement + text.slice(i + 1);
        fc.pre(changed !== text);
        expect(canonicalCertificate({ ...c, [field]: changed })).not.toBe(canonicalCertificate(c));
      }),
    );
  });

  it('should change when an award, a title, the rank or the version changes', () => {
    const base = exampleCertificateContent();
    const text = canonicalCertificate(base);
    expect(canonicalCertificate({ ...base, award: null })).not.toBe(text);
    expect(canonicalCertificate({ ...base, titles: ['技能达人', '巴渠工匠'] })).not.toBe(text);
    expect(canonicalCertificate({ ...base, rank: 2 })).not.toBe(text);
    expect(canonicalCertificate({ ...base, resultsVersion: 3 })).not.toBe(text);
  });

  it('should ignore properties that are not part of the content', () => {
    const base = exampleCertificateContent();
    expect(canonicalCertificate({ ...base, id: 'row-1', createdAt: new Date() } as CertificateContent)).toBe(canonicalCertificate(base));
  });
});

describe('certificate kinds', () => {
  it('should agree with the contracts and label every kind in Chinese', () => {
    expect([...CERTIFICATE_KIND_VALUES]).toEqual([...CERTIFICATE_KINDS]);
    expect(CERTIFICATE_KIND_LABELS).toEqual({ award: '获奖证书', champion: '擂主证书', participation: '参赛证明' });
  });

  it('should accept the example content in the contract schema and refuse an added field', () => {
    expect(CertificateContentSchema.safeParse(exampleCertificateContent()).success).toBe(true);
    expect(CertificateContentSchema.safeParse({ ...exampleCertificateContent(), extra: 1 }).success).toBe(false);
    expect(CertificateContentSchema.safeParse({ ...exampleCertificateContent(), number: 'DZ2026A0001234' }).success).toBe(false);
  });
});

describe('formatCertificateDate', () => {
  it('should write dates as 年月日 without leading zeros', () => {
    expect(formatCertificateDate('2026-12-08')).toBe('2026年12月8日');
    expect(formatCertificateDate('2027-01-01')).toBe('2027年1月1日');
  });
});

describe('honoursText', () => {
  it('should join the award and titles with 、', () => {
    expect(honoursText({ award: '一等奖', titles: ['技能达人'] })).toBe('一等奖、技能达人');
    expect(honoursText({ award: null, titles: ['擂主', '技能达人'] })).toBe('擂主、技能达人');
    expect(honoursText({ award: null, titles: [] })).toBe('');
  });
});
