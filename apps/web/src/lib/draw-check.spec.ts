import type { PublicDraw } from '@dz/contracts';
import { DRAW_ALGORITHM, DRAW_ALGORITHM_DESCRIPTION, runDraw, seedCommitment } from '@dz/domain';
import { assignmentRows, checkDrawLocally, currentDraw } from './draw-check';

const SEED = 'a'.repeat(63) + '1';
const CODE_SEED = 'b'.repeat(63) + '2';
const entryId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const ENTRIES = [3, 1, 2, 5, 4].map((n) => ({ entryId: entryId(n), number: n, name: `选手${n}` }));

/** A draw as the server would publish it, made with the domain's own algorithm. */
function publishedDraw(overrides: Partial<PublicDraw> = {}, twoStage = true): PublicDraw {
  const result = runDraw({ seedHex: SEED, entryIds: ENTRIES.map((e) => e.entryId), twoStage });
  return {
    id: '0f8fad5b-d9cb-469f-a165-70867728950e',
    eventId: '00000000-0000-4000-a000-000000000001',
    round: 1,
    status: 'drawn',
    algorithm: DRAW_ALGORITHM,
    algorithmDescription: DRAW_ALGORITHM_DESCRIPTION,
    twoStage,
    seedCommitment: seedCommitment(SEED),
    seed: SEED,
    codeSeedCommitment: seedCommitment(CODE_SEED),
    codeSeed: null,
    entries: ENTRIES,
    assignments: result.assignments.map((a) => ({ entryId: a.entryId, workstation: a.workstation, checkinCode: a.checkinCode, judgingCode: null })),
    reason: null,
    committedAt: '2026-12-01T00:00:00.000Z',
    drawnAt: '2026-12-01T01:00:00.000Z',
    ...overrides,
  };
}

describe('checkDrawLocally', () => {
  it('should agree with a draw made from the revealed seed', () => {
    const check = checkDrawLocally(publishedDraw());
    expect(check).toMatchObject({ matches: true, commitmentOk: true, codeCommitmentOk: null, mismatches: [] });
  });

  it('should have nothing to check before the seed is revealed', () => {
    expect(checkDrawLocally(publishedDraw({ status: 'committed', seed: null, assignments: [] }))).toBeNull();
  });

  it('should find two swapped workstations', () => {
    const draw = publishedDraw();
    const [a, b] = draw.assignments;
    const swapped = { ...draw, assignments: [{ ...a, workstation: b.workstation }, { ...b, workstation: a.workstation }, ...draw.assignments.slice(2)] };
    const check = checkDrawLocally(swapped);
    expect(check?.matches).toBe(false);
    expect(check?.mismatches.filter((m) => m.field === 'workstation')).toHaveLength(2);
  });

  it('should refuse a seed that does not match the commitment published before', () => {
    const check = checkDrawLocally(publishedDraw({ seedCommitment: seedCommitment(CODE_SEED) }));
    expect(check?.commitmentOk).toBe(false);
    expect(check?.matches).toBe(false);
  });

  it('should check the judging codes once their seed is revealed', () => {
    const codes = runDraw({ seedHex: CODE_SEED, entryIds: ENTRIES.map((e) => e.entryId), twoStage: false });
    const byId = new Map(codes.assignments.map((a) => [a.entryId, a.judgingCode]));
    const draw = publishedDraw({ codeSeed: CODE_SEED });
    const revealed = { ...draw, assignments: draw.assignments.map((a) => ({ ...a, judgingCode: byId.get(a.entryId) ?? null })) };
    expect(checkDrawLocally(revealed)).toMatchObject({ matches: true, codeCommitmentOk: true });
    const tampered = { ...revealed, assignments: revealed.assignments.map((a, i) => (i === 0 ? { ...a, judgingCode: 'J999' } : a)) };
    expect(checkDrawLocally(tampered)?.mismatches).toEqual([expect.objectContaining({ field: 'judgingCode', stored: 'J999' })]);
  });

  it('should notice an entry of the frozen list left out of the assignments', () => {
    const draw = publishedDraw();
    const check = checkDrawLocally({ ...draw, assignments: draw.assignments.slice(1) });
    expect(check?.matches).toBe(false);
    expect(check?.mismatches).toEqual([expect.objectContaining({ field: 'entry', stored: null })]);
  });

  it('should report a malformed seed instead of throwing', () => {
    const check = checkDrawLocally(publishedDraw({ seed: 'not-hex' }));
    expect(check?.matches).toBe(false);
    expect(check?.error).toBeTruthy();
  });
});

describe('currentDraw', () => {
  it('should pick the newest draw that is not superseded', () => {
    const old = publishedDraw({ round: 1, status: 'superseded' });
    const live = publishedDraw({ round: 2, status: 'committed', id: '00000000-0000-4000-8000-000000000077' });
    expect(currentDraw([old, live])?.round).toBe(2);
    expect(currentDraw([old])?.round).toBe(1);
    expect(currentDraw([])).toBeNull();
  });
});

describe('assignmentRows', () => {
  it('should list the workstations in order with each entry number and name', () => {
    const rows = assignmentRows(publishedDraw());
    expect(rows.map((r) => r.workstation)).toEqual([1, 2, 3, 4, 5]);
    for (const r of rows) expect(r.name).toBe(`选手${r.number}`);
  });
});
