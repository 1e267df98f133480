import { createHash } from 'node:crypto';

import fc from 'fast-check';

import {
  canonicalMarkContent,
  chainHash,
  MARK_CHAIN_GENESIS,
  MARK_RECORD_KINDS,
  type MarkChainRow,
  type MarkRecordContent,
  verifyChain,
} from './mark-chain';

const nodeSha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const record = (overrides: Partial<MarkRecordContent> = {}): MarkRecordContent => ({
  id: 'm-1',
  eventId: 'e-1',
  entryId: 'n-1',
  stage: 'practical',
  aspectKey: 'A1',
  judgeId: 'u-judge',
  value: 1850,
  kind: 'original',
  refersTo: null,
  reason: null,
  idempotencyKey: 'k-1',
  createdAt: '2026-11-25T02:30:00.000Z',
  ...overrides,
});

/** Rows chained the way the API stores them. */
function chain(contents: MarkRecordContent[], start: string | null = null): MarkChainRow[] {
  const rows: MarkChainRow[] = [];
  let prevHash = start;
  for (const content of contents) {
    const hash = chainHash(prevHash, canonicalMarkContent(content));
    rows.push({ ...content, prevHash, hash });
    prevHash = hash;
  }
  return rows;
}

/** A day of marking: originals, a correction, and the chief judge approving it. */
const DAY: MarkRecordContent[] = [
  record(),
  record({ id: 'm-2', aspectKey: 'A2', value: 1500, idempotencyKey: 'k-2' }),
  record({
    id: 'm-3',
    value: 1900,
    kind: 'correction',
    refersTo: 'm-1',
    reason: '复核测量数据，原记录抄错',
    idempotencyKey: 'k-3',
    createdAt: '2026-11-25T03:00:00.000Z',
  }),
  record({
    id: 'm-4',
    judgeId: 'u-chief',
    value: 1900,
    kind: 'correction_approval',
    refersTo: 'm-3',
    reason: '同意更正',
    idempotencyKey: 'k-4',
    createdAt: '2026-11-25T03:05:00.000Z',
  }),
];

const contentArb: fc.Arbitrary<MarkRecordContent> = fc.record({
  id: fc.uuid(),
  eventId: fc.uuid(),
  entryId: fc.uuid(),
  stage: fc.constantFrom('theory', 'practical'),
  aspectKey: fc.string({ minLength: 1, maxLength: 6 }),
  judgeId: fc.uuid(),
  value: fc.integer({ min: 0, max: 10000 }),
  kind: fc.constantFrom(...MARK_RECORD_KINDS),
  refersTo: fc.option(fc.uuid(), { nil: null }),
  reason: fc.option(fc.string({ unit: 'grapheme', maxLength: 20 }), { nil: null }),
  idempotencyKey: fc.string({ minLength: 1, maxLength: 12 }),
  createdAt: fc
    .integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2030, 0, 1) })
    .map((ms) => new Date(ms).toISOString()),
});

describe('canonicalMarkContent', () => {
  it('should write the fields as JSON, in a fixed order', () => {
    expect(canonicalMarkContent(DAY[2])).toBe(
      '{"id":"m-3","eventId":"e-1","entryId":"n-1","stage":"practical","aspectKey":"A1",' +
        '"judgeId":"u-judge","value":1900,"kind":"correction","refersTo":"m-1",' +
        '"reason":"复核测量数据，原记录抄错","idempotencyKey":"k-3","createdAt":"2026-11-25T03:00:00.000Z"}',
    );
  });

  it('should not depend on the order of the row’s fields, and leave out hash and prevHash', () => {
    const row = record();
    const reversed = Object.fromEntries(Object.entries(row).reverse()) as unknown as MarkRecordContent;
    const stored = { ...row, hash: 'x', prevHash: 'y' };
    expect(canonicalMarkContent(reversed)).toBe(canonicalMarkContent(row));
    expect(canonicalMarkContent(stored)).toBe(canonicalMarkContent(row));
  });

  it('should escape quotes, line breaks and separators in text', () => {
    const text = canonicalMarkContent(record({ reason: '"},\n"value":0,"x":"' }));
    expect(JSON.parse(text)).toEqual(record({ reason: '"},\n"value":0,"x":"' }));
  });

  it.each<[string, Partial<MarkRecordContent>, string]>([
    ['a fractional value', { value: 18.5 }, '评分记录的分值应为以 0.01 分计的整数（收到 18.5）'],
    ['a NaN value', { value: Number.NaN }, '评分记录的分值应为以 0.01 分计的整数（收到 NaN）'],
    ['an unknown kind', { kind: 'edit' as MarkRecordContent['kind'] }, '未知的评分记录类型：edit'],
    ['a missing id', { id: undefined as unknown as string }, '评分记录的 id 应为字符串'],
    ['a numeric reason', { reason: 5 as unknown as string }, '评分记录的 reason 应为字符串'],
  ])('should refuse %s', (_label, overrides, message) => {
    expect(() => canonicalMarkContent(record(overrides))).toThrow(message);
  });

  it('should round-trip through JSON.parse and tell different records apart', () => {
    fc.assert(
      fc.property(contentArb, contentArb, (a, b) => {
        expect(JSON.parse(canonicalMarkContent(a))).toEqual(a);
        const same = JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
        expect(canonicalMarkContent(a) === canonicalMarkContent(b)).toBe(same);
      }),
    );
  });
});

const hashArb = fc.option(
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }),
  { nil: null },
);

describe('chainHash', () => {
  it('should be SHA-256 of the previous hash, a line break and the content', () => {
    expect(chainHash(null, 'abc')).toBe(nodeSha256('GENESIS\nabc'));
    expect(chainHash('ff', '评分')).toBe(nodeSha256('ff\n评分'));
    expect(MARK_CHAIN_GENESIS).toBe('GENESIS');
    expect(chainHash(null, '')).toBe('741d772c2c79fe41356302cc1cb548b15eb071dee8849c5278d0269a5bc36e71');
  });

  it('should agree with node:crypto for any text', () => {
    fc.assert(
      fc.property(hashArb, fc.string({ unit: 'binary', maxLength: 200 }), (prev, content) => {
        expect(chainHash(prev, content)).toBe(nodeSha256(`${prev ?? 'GENESIS'}\n${content}`));
      }),
    );
  });
});

describe('verifyChain', () => {
  it('should accept an intact chain, and an empty one', () => {
    expect(verifyChain(chain(DAY))).toEqual({ ok: true });
    expect(verifyChain([])).toEqual({ ok: true });
  });

  it('should link the first row to null and each row to the hash before it', () => {
    const rows = chain(DAY);
    expect(rows[0].prevHash).toBeNull();
    expect(rows[0].hash).toBe(nodeSha256(`GENESIS\n${canonicalMarkContent(DAY[0])}`));
    expect(rows[1].prevHash).toBe(rows[0].hash);
    expect(rows[1].hash).toBe(nodeSha256(`${rows[0].hash}\n${canonicalMarkContent(DAY[1])}`));
  });

  it('should find a changed value', () => {
    const rows = chain(DAY);
    rows[1] = { ...rows[1], value: 2000 };
    expect(verifyChain(rows)).toEqual({ ok: false, brokenAt: 1, id: 'm-2', reason: 'hash' });
  });

  it('should find a changed reason on a correction', () => {
    const rows = chain(DAY);
    rows[2] = { ...rows[2], reason: '裁判长要求修改' };
    expect(verifyChain(rows)).toEqual({ ok: false, brokenAt: 2, id: 'm-3', reason: 'hash' });
  });

  it('should find a removed row at the row after it', () => {
    const rows = chain(DAY);
    rows.splice(1, 1);
    expect(verifyChain(rows)).toEqual({ ok: false, brokenAt: 1, id: 'm-3', reason: 'link' });
  });

  it('should find a removed first row', () => {
    expect(verifyChain(chain(DAY).slice(1))).toEqual({ ok: false, brokenAt: 0, id: 'm-2', reason: 'link' });
  });

  it('should find swapped rows', () => {
    const rows = chain(DAY);
    [rows[1], rows[2]] = [rows[2], rows[1]];
    expect(verifyChain(rows)).toEqual({ ok: false, brokenAt: 1, id: 'm-3', reason: 'link' });
  });

  it('should find a row whose hash was recomputed after a change, at the row after it', () => {
    const rows = chain(DAY);
    const forged = { ...rows[1], value: 2000 };
    forged.hash = chainHash(forged.prevHash, canonicalMarkContent(forged));
    rows[1] = forged;
    expect(verifyChain(rows)).toEqual({ ok: false, brokenAt: 2, id: 'm-3', reason: 'link' });
  });

  it('should find a row that cannot be written canonically', () => {
    const rows = chain(DAY);
    rows[3] = { ...rows[3], value: 19.5 };
    expect(verifyChain(rows)).toEqual({ ok: false, brokenAt: 3, id: 'm-4', reason: 'hash' });
  });

  it('should check a tail of the chain from the hash before it', () => {
    const rows = chain(DAY);
    expect(verifyChain(rows.slice(2), rows[1].hash)).toEqual({ ok: true });
    expect(verifyChain(rows.slice(2), rows[0].hash)).toEqual({
      ok: false,
      brokenAt: 0,
      id: 'm-3',
      reason: 'link',
    });
  });

  it('should accept any chain built by chainHash, and find any single change', () => {
    fc.assert(
      fc.property(
        fc.array(contentArb, { minLength: 1, maxLength: 8 }),
        fc.nat(),
        fc.integer({ min: 1, max: 10000 }),
        (contents, at, delta) => {
          const rows = chain(contents);
          expect(verifyChain(rows)).toEqual({ ok: true });
          const i = at % rows.length;
          rows[i] = { ...rows[i], value: rows[i].value + delta };
          expect(verifyChain(rows)).toEqual({ ok: false, brokenAt: i, id: rows[i].id, reason: 'hash' });
        },
      ),
    );
  });
});
