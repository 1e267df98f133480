import { effectiveMarks, originalIdOf } from './effective-marks';

/** A stored mark row as libs/persistence has it (the domain works on any row with these fields). */
interface StoredMark {
  id: string;
  seq: number;
  eventId: string;
  entryId: string;
  stage: string;
  aspectKey: string;
  judgeUserId: string;
  value: number;
  kind: 'original' | 'correction' | 'correction_approval' | 'correction_rejection';
  refersTo: string | null;
  reason: string | null;
  idempotencyKey: string;
  createdAt: Date;
  prevHash: string | null;
  hash: string;
}

let seq = 0;
function row(overrides: Partial<StoredMark> & Pick<StoredMark, 'id' | 'kind'>): StoredMark {
  seq += 1;
  return {
    seq,
    eventId: 'e',
    entryId: 'n',
    stage: '实操',
    aspectKey: 'A1',
    judgeUserId: 'j1',
    value: 200,
    refersTo: null,
    reason: null,
    idempotencyKey: `k${seq}`,
    createdAt: new Date(0),
    prevHash: null,
    hash: `h${seq}`,
    ...overrides,
  };
}

describe(effectiveMarks.name, () => {
  it('should keep the original until a correction is approved', () => {
    const original = row({ id: 'o', kind: 'original', value: 100 });
    const correction = row({ id: 'c', kind: 'correction', value: 300, refersTo: 'o', reason: '看错了' });
    const pending = effectiveMarks([original, correction]).get('o');
    expect(pending).toMatchObject({ effective: 100, corrected: false, pending: { id: 'c' } });
    const approval = row({ id: 'a', kind: 'correction_approval', value: 300, refersTo: 'c' });
    expect(effectiveMarks([original, correction, approval]).get('o')).toMatchObject({ effective: 300, corrected: true, pending: null });
  });

  it('should ignore a rejected correction and apply a later approved one', () => {
    const rows = [
      row({ id: 'o', kind: 'original', value: 100 }),
      row({ id: 'c1', kind: 'correction', value: 300, refersTo: 'o', reason: 'x' }),
      row({ id: 'r1', kind: 'correction_rejection', value: 300, refersTo: 'c1', reason: '不同意' }),
      row({ id: 'c2', kind: 'correction', value: 200, refersTo: 'o', reason: 'y' }),
      row({ id: 'a2', kind: 'correction_approval', value: 200, refersTo: 'c2' }),
    ];
    expect(effectiveMarks(rows).get('o')).toMatchObject({ effective: 200, corrected: true, pending: null });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(rows.map((r) => originalIdOf(r, byId))).toEqual(['o', 'o', 'o', 'o', 'o']);
  });
});
