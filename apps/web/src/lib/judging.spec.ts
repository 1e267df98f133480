import type { MarkRow } from '@dz/contracts';
import { boardTotal, formatMark, originalOf, parseMarkInput, pendingCorrections } from './judging';

const measurement = { key: 'A1', title: '尺寸1', kind: 'measurement' as const, maxMarks: 1000 };
const judgement = { key: 'B1', title: '外观1', kind: 'judgement' as const, maxMarks: 1000 };
const deduction = { key: 'C1', title: '安全', kind: 'deduction' as const, maxMarks: 500 };

describe('parseMarkInput', () => {
  it('should accept marks within the maximum, with at most two decimals', () => {
    expect(parseMarkInput(measurement, 8.25)).toEqual({ ok: true, value: 8.25 });
    expect(parseMarkInput(measurement, '10')).toEqual({ ok: true, value: 10 });
  });

  it('should say in Chinese what is wrong', () => {
    expect(parseMarkInput(measurement, null)).toEqual({ ok: false, message: '请填写分值' });
    expect(parseMarkInput(measurement, 12)).toMatchObject({ ok: false, message: expect.stringContaining('满分 10.00') });
    expect(parseMarkInput(measurement, 1.234)).toEqual({ ok: false, message: '最多两位小数' });
    expect(parseMarkInput(deduction, 6)).toMatchObject({ ok: false, message: expect.stringContaining('最多扣 5.00') });
    expect(parseMarkInput(measurement, 'abc')).toEqual({ ok: false, message: '分数不是有效数字' });
  });

  it('should take only 0, 1, 2 or 3 points on a judgement aspect', () => {
    for (const p of [0, 1, 2, 3]) expect(parseMarkInput(judgement, p)).toEqual({ ok: true, value: p });
    expect(parseMarkInput(judgement, 2.5)).toMatchObject({ ok: false });
    expect(parseMarkInput(judgement, 4)).toMatchObject({ ok: false });
  });
});

describe('formatMark', () => {
  it('should show points for judgement, marks otherwise', () => {
    expect(formatMark('judgement', 200)).toBe('2 分');
    expect(formatMark('measurement', 750)).toBe('7.50');
    expect(formatMark('deduction', 100)).toBe('扣 1.00');
  });
});

describe('boardTotal', () => {
  const aspects = [
    { ...measurement, sectionTitles: ['测量'] },
    { ...judgement, sectionTitles: ['评价'] },
    { ...deduction, sectionTitles: ['评价'] },
  ];

  it('should be null before any mark', () => {
    expect(boardTotal(aspects, [{ aspectKey: 'A1', combined: null }])).toBeNull();
  });

  it('should add scores and take deductions off section by section, never below 0', () => {
    expect(boardTotal(aspects, [{ aspectKey: 'A1', combined: 800 }, { aspectKey: 'B1', combined: 667 }])).toBe(1467);
    expect(boardTotal(aspects, [{ aspectKey: 'A1', combined: 800 }, { aspectKey: 'B1', combined: 200 }, { aspectKey: 'C1', combined: 500 }])).toBe(800);
  });
});

describe('pendingCorrections', () => {
  const row = (id: string, kind: MarkRow['kind'], refersTo: string | null): MarkRow => ({
    id,
    seq: 1,
    judgingCode: 'J001',
    stage: '实操',
    aspectKey: 'A1',
    judgeUserId: id,
    judgeName: '裁判',
    value: 800,
    kind,
    refersTo,
    reason: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    prevHash: null,
    hash: 'h',
  });

  it('should list the corrections nobody has decided yet, and find their original', () => {
    const rows = [row('o1', 'original', null), row('c1', 'correction', 'o1'), row('a1', 'correction_approval', 'c1'), row('c2', 'correction', 'o1')];
    expect(pendingCorrections(rows).map((r) => r.id)).toEqual(['c2']);
    expect(originalOf(rows[2], rows)?.id).toBe('o1');
  });
});
