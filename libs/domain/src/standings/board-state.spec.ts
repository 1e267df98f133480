import type { BoardMode, StaffStandingRow } from '@dz/contracts';
import fc from 'fast-check';

import { publicBoardState, publicRowOf, publicRowsOf } from './board-state';

const FREEZE_AT = '2025-06-01T15:00:00+08:00';
const FREEZE_MS = Date.parse(FREEZE_AT);

const staffRow = (more: Partial<StaffStandingRow> = {}): StaffStandingRow => ({
  entryId: '0b6f0b8e-8d52-4f55-9d2b-6d1a3c0f5e11',
  number: 12,
  name: '张三明',
  employer: '达州钢铁集团',
  judgingCode: 'J07',
  workstation: 4,
  total: 8650,
  stageTotals: { 理论: 8000, 实操: 8929 },
  aspectScores: { '实操/weld': 2500 },
  deductions: 150,
  marksIn: 6,
  marksExpected: 9,
  signedOff: ['理论'],
  ...more,
});

/** Every string value in `value`, at any depth (object keys left out). */
const stringValues = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : value !== null && typeof value === 'object'
      ? Object.values(value).flatMap(stringValues)
      : [];

describe('publicBoardState', () => {
  it.each<[BoardMode, string | null, number, boolean, string]>([
    ['live', null, FREEZE_MS, false, 'live'],
    ['live', null, FREEZE_MS, true, 'published'],
    ['hidden', null, FREEZE_MS, false, 'hidden'],
    ['hidden', null, FREEZE_MS, true, 'published'],
    ['freeze', FREEZE_AT, FREEZE_MS - 1, false, 'live'],
    ['freeze', FREEZE_AT, FREEZE_MS, false, 'frozen'],
    ['freeze', FREEZE_AT, FREEZE_MS + 3_600_000, false, 'frozen'],
    ['freeze', FREEZE_AT, FREEZE_MS + 3_600_000, true, 'published'],
    ['freeze', null, FREEZE_MS, false, 'live'],
  ])('should make mode %s (freezeAt %s) at %d, published %s, %s', (publicMode, freezeAt, now, published, state) => {
    expect(publicBoardState({ publicMode, freezeAt }, { now, published })).toBe(state);
  });

  it('should read the freeze time with its offset', () => {
    // 15:00 in Beijing is 07:00 UTC.
    const setting = { publicMode: 'freeze' as const, freezeAt: '2025-06-01T15:00:00+08:00' };
    expect(publicBoardState(setting, { now: Date.parse('2025-06-01T06:59:59Z'), published: false })).toBe('live');
    expect(publicBoardState(setting, { now: Date.parse('2025-06-01T07:00:00Z'), published: false })).toBe('frozen');
  });

  it('should refuse a freeze time that is not a time', () => {
    expect(() => publicBoardState({ publicMode: 'freeze', freezeAt: 'tomorrow' }, { now: 0, published: false })).toThrow(RangeError);
  });
});

describe('publicRowOf', () => {
  it('should show the masked name, 报名序号 and employer on an open board', () => {
    expect(publicRowOf(staffRow(), { blind: false, published: false })).toEqual({
      key: '12',
      label: '张*明',
      employer: '达州钢铁集团',
      total: 8650,
      stageTotals: { 理论: 8000, 实操: 8929 },
      aspectScores: { '实操/weld': 2500 },
      deductions: 150,
    });
  });

  it('should show only the judging code on a blind board before publication', () => {
    expect(publicRowOf(staffRow(), { blind: true, published: false })).toEqual(
      expect.objectContaining({ key: 'J07', label: 'J07', employer: null, total: 8650 }),
    );
  });

  it('should show names on a blind board once results are published', () => {
    expect(publicRowOf(staffRow(), { blind: true, published: true })).toEqual(
      expect.objectContaining({ key: '12', label: '张*明', employer: '达州钢铁集团' }),
    );
  });

  it('should leave out an entry without a judging code on a blind board', () => {
    expect(publicRowOf(staffRow({ judgingCode: null }), { blind: true, published: false })).toBeNull();
    expect(publicRowOf(staffRow({ judgingCode: null }), { blind: false, published: false })).not.toBeNull();
  });

  it('should carry no staff-only field', () => {
    const shown = publicRowOf(staffRow(), { blind: false, published: true });
    expect(Object.keys(shown ?? {}).sort()).toEqual(['aspectScores', 'deductions', 'employer', 'key', 'label', 'stageTotals', 'total']);
  });

  it('should carry the time used where recorded, so the public board ranks ties as the staff board does', () => {
    const staff = staffRow({ timeUsed: { 实操: 3000 } });
    const shown = publicRowOf(staff, { blind: true, published: false });
    expect(shown?.timeUsed).toEqual({ 实操: 3000 });
    expect(shown?.timeUsed).not.toBe(staff.timeUsed);
  });

  it('should copy the score maps, not share them with the staff row', () => {
    const staff = staffRow();
    const shown = publicRowOf(staff, { blind: false, published: false });
    expect(shown?.stageTotals).not.toBe(staff.stageTotals);
    expect(shown?.aspectScores).not.toBe(staff.aspectScores);
  });

  it('should never show a name or employer on a blind board before publication', () => {
    const staffArb = fc.record({
      number: fc.integer({ min: 1, max: 9999 }),
      name: fc.string({ minLength: 2, maxLength: 8 }),
      employer: fc.option(fc.string({ minLength: 1, maxLength: 12 })),
      judgingCode: fc.option(fc.stringMatching(/^J\d{2,4}$/)),
    });
    fc.assert(
      fc.property(staffArb, (fields) => {
        const staff = staffRow(fields);
        const shown = publicRowOf(staff, { blind: true, published: false });
        if (staff.judgingCode === null) {
          expect(shown).toBeNull();
          return;
        }
        expect(shown).not.toBeNull();
        expect(shown?.employer).toBeNull();
        expect(shown?.key).toBe(staff.judgingCode);
        expect(shown?.label).toBe(staff.judgingCode);
        // Every string the row carries (values, not the stage and aspect names keying the
        // score maps) is the judging code: no name, masked name, employer or entry id.
        expect(stringValues(shown).filter((value) => value !== staff.judgingCode)).toEqual([]);
      }),
    );
  });
});

describe('publicRowsOf', () => {
  it('should map every row and leave out the uncoded ones on a blind board', () => {
    const rows = [staffRow(), staffRow({ number: 13, judgingCode: null }), staffRow({ number: 14, judgingCode: 'J02' })];
    expect(publicRowsOf(rows, { blind: true, published: false }).map((r) => r.key)).toEqual(['J07', 'J02']);
    expect(publicRowsOf(rows, { blind: false, published: false }).map((r) => r.key)).toEqual(['12', '13', '14']);
  });
});
