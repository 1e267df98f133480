import fc from 'fast-check';

import {
  admissionStatus,
  allowedEntryActions,
  ENTRY_ACTIONS,
  ENTRY_ACTORS,
  ENTRY_STATUS_LABELS,
  ENTRY_STATUSES,
  ENTRY_TRANSITIONS,
  type EntryAction,
  type EntryActor,
  type EntryStatus,
  freeSeats,
  holdsSeat,
  promotionsAfter,
  TERMINAL_ENTRY_STATUSES,
  transitionEntry,
  waitlistPosition,
} from './entry-lifecycle';

const statusArb = fc.constantFrom(...ENTRY_STATUSES);
const actionArb = fc.constantFrom(...ENTRY_ACTIONS);
const actorArb = fc.constantFrom(...ENTRY_ACTORS);
const ctxArb = fc.record(
  {
    seatFree: fc.boolean(),
    reason: fc.constantFrom('', '  ', '资格不符', '材料不全'),
  },
  { requiredKeys: [] },
);

const withReason = { reason: '资格审核不通过' };

describe('ENTRY_STATUS_LABELS', () => {
  it('should name every status in Chinese', () => {
    expect(ENTRY_STATUSES.map((s) => ENTRY_STATUS_LABELS[s])).toEqual([
      '待审核',
      '已通过',
      '未通过',
      '候补',
      '已退出',
    ]);
  });
});

describe('holdsSeat', () => {
  it.each([
    ['submitted', true],
    ['approved', true],
    ['waitlisted', false],
    ['rejected', false],
    ['withdrawn', false],
  ] as const)('should say whether %s holds a seat', (status, expected) => {
    expect(holdsSeat(status)).toBe(expected);
  });
});

describe('ENTRY_TRANSITIONS', () => {
  it('should hold at most one transition per status and action', () => {
    const keys = ENTRY_TRANSITIONS.map((t) => `${t.from}:${t.action}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('should leave no way out of exactly rejected and withdrawn', () => {
    const deadEnds = ENTRY_STATUSES.filter((s) => allowedEntryActions(s).length === 0);
    expect(deadEnds.sort()).toEqual([...TERMINAL_ENTRY_STATUSES].sort());
  });

  it('should need a seat exactly to leave the waitlist onto a seat', () => {
    for (const t of ENTRY_TRANSITIONS) {
      expect({ ...t, needsSeat: t.needsSeat }).toEqual({
        ...t,
        needsSeat: !holdsSeat(t.from) && holdsSeat(t.to),
      });
    }
  });

  it('should be frozen', () => {
    expect(Object.isFrozen(ENTRY_TRANSITIONS)).toBe(true);
    expect(ENTRY_TRANSITIONS.every((t) => Object.isFrozen(t) && Object.isFrozen(t.actors))).toBe(true);
  });
});

describe('transitionEntry', () => {
  it.each([
    // [from, action, actor, ctx, to, freesSeat, takesSeat]
    ['submitted', 'approve', 'organiser', {}, 'approved', false, false],
    ['waitlisted', 'approve', 'organiser', { seatFree: true }, 'approved', false, true],
    ['submitted', 'reject', 'organiser', withReason, 'rejected', true, false],
    ['approved', 'reject', 'organiser', withReason, 'rejected', true, false],
    ['waitlisted', 'reject', 'organiser', withReason, 'rejected', false, false],
    ['submitted', 'withdraw', 'contestant', {}, 'withdrawn', true, false],
    ['approved', 'withdraw', 'contestant', {}, 'withdrawn', true, false],
    ['waitlisted', 'withdraw', 'contestant', {}, 'withdrawn', false, false],
    ['approved', 'withdraw', 'organiser', {}, 'withdrawn', true, false],
    ['waitlisted', 'promote', 'system', { seatFree: true }, 'submitted', false, true],
  ] as const)(
    'should take a %s entry through %s by the %s',
    (from, action, actor, ctx, to, freesSeat, takesSeat) => {
      expect(transitionEntry(from, action, actor, ctx)).toEqual({ ok: true, to, freesSeat, takesSeat });
    },
  );

  it.each([
    ['approved', 'approve', 'organiser', '「已通过」的报名不能审核通过'],
    ['rejected', 'approve', 'organiser', '「未通过」的报名不能审核通过'],
    ['withdrawn', 'withdraw', 'contestant', '「已退出」的报名不能退出报名'],
    ['rejected', 'reject', 'organiser', '「未通过」的报名不能审核不通过'],
    ['submitted', 'promote', 'system', '「待审核」的报名不能候补递补'],
    ['approved', 'promote', 'system', '「已通过」的报名不能候补递补'],
    ['withdrawn', 'promote', 'system', '「已退出」的报名不能候补递补'],
  ] as const)('should refuse to move a %s entry by %s', (from, action, actor, message) => {
    expect(transitionEntry(from, action, actor, { seatFree: true, ...withReason })).toEqual({
      ok: false,
      code: 'INVALID_TRANSITION',
      message,
    });
  });

  it.each([
    ['submitted', 'approve', 'contestant', '无权审核通过：仅赛项组织方可以操作'],
    ['submitted', 'approve', 'system', '无权审核通过：仅赛项组织方可以操作'],
    ['approved', 'reject', 'contestant', '无权审核不通过：仅赛项组织方可以操作'],
    ['approved', 'withdraw', 'system', '无权退出报名：仅报名选手本人或赛项组织方可以操作'],
    ['waitlisted', 'promote', 'organiser', '无权候补递补：仅系统可以操作'],
    ['waitlisted', 'promote', 'contestant', '无权候补递补：仅系统可以操作'],
  ] as const)('should forbid a %s entry to be moved by %s by the %s', (from, action, actor, message) => {
    expect(transitionEntry(from, action, actor, { seatFree: true, ...withReason })).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message,
    });
  });

  it.each(['submitted', 'approved', 'waitlisted'] as const)(
    'should require a reason to reject a %s entry',
    (from) => {
      for (const reason of [undefined, '', '  \n\t']) {
        expect(transitionEntry(from, 'reject', 'organiser', { reason })).toEqual({
          ok: false,
          code: 'REASON_REQUIRED',
          message: '审核不通过须填写原因',
        });
      }
    },
  );

  it.each([
    ['approve', 'organiser', '名额已满，候补报名暂不能审核通过'],
    ['promote', 'system', '名额已满，候补报名暂不能候补递补'],
  ] as const)('should need a free seat to %s a waitlisted entry', (action, actor, message) => {
    for (const ctx of [{}, { seatFree: false }]) {
      expect(transitionEntry('waitlisted', action, actor, ctx)).toEqual({
        ok: false,
        code: 'NO_SEAT',
        message,
      });
    }
  });

  it('should not need a seat to approve an entry that already holds one', () => {
    expect(transitionEntry('submitted', 'approve', 'organiser', { seatFree: false }).ok).toBe(true);
  });

  it('should check the actor before the reason and the seat', () => {
    expect(transitionEntry('submitted', 'reject', 'contestant')).toMatchObject({ code: 'FORBIDDEN' });
    expect(transitionEntry('waitlisted', 'promote', 'organiser')).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('should only ever allow a listed transition, and report seats consistently', () => {
    fc.assert(
      fc.property(statusArb, actionArb, actorArb, ctxArb, (from, action, actor, ctx) => {
        const result = transitionEntry(from, action, actor, ctx);
        const listed = ENTRY_TRANSITIONS.find((t) => t.from === from && t.action === action);
        if (listed === undefined) {
          expect(result).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
        }
        if (result.ok) {
          expect(result.to).toBe(listed?.to);
          expect(listed?.actors).toContain(actor);
          expect(result.freesSeat).toBe(holdsSeat(from) && !holdsSeat(result.to));
          expect(result.takesSeat).toBe(!holdsSeat(from) && holdsSeat(result.to));
          if (result.takesSeat) {
            expect(ctx.seatFree).toBe(true);
          }
          if (action === 'reject') {
            expect((ctx.reason ?? '').trim()).not.toBe('');
          }
        } else {
          expect(result.message).toMatch(/[\u4e00-\u9fff]/);
        }
      }),
    );
  });

  it('should keep rejected and withdrawn terminal', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TERMINAL_ENTRY_STATUSES),
        actionArb,
        actorArb,
        ctxArb,
        (from, action, actor, ctx) => {
          expect(transitionEntry(from, action, actor, ctx)).toMatchObject({
            ok: false,
            code: 'INVALID_TRANSITION',
          });
        },
      ),
    );
  });
});

describe('allowedEntryActions', () => {
  it.each([
    ['submitted', undefined, ['approve', 'reject', 'withdraw']],
    ['waitlisted', undefined, ['approve', 'reject', 'withdraw', 'promote']],
    ['approved', 'contestant', ['withdraw']],
    ['waitlisted', 'system', ['promote']],
    ['approved', 'organiser', ['reject', 'withdraw']],
    ['rejected', undefined, []],
  ] as const)('should offer on a %s entry to %p: %j', (from, actor, actions) => {
    expect(allowedEntryActions(from, actor).sort()).toEqual([...actions].sort());
  });

  it('should offer exactly what transitionEntry allows with a reason and a seat', () => {
    fc.assert(
      fc.property(statusArb, actionArb, actorArb, (from, action, actor) => {
        const offered = allowedEntryActions(from, actor).includes(action);
        expect(offered).toBe(transitionEntry(from, action, actor, { seatFree: true, ...withReason }).ok);
      }),
    );
  });
});

describe('admissionStatus', () => {
  it.each([
    [10, 0, 'submitted'],
    [10, 9, 'submitted'],
    [10, 10, 'waitlisted'],
    [10, 12, 'waitlisted'],
    [1, 0, 'submitted'],
    [0, 0, 'waitlisted'],
  ] as const)('should admit into capacity %i with %i seats held as %s', (capacity, held, status) => {
    expect(admissionStatus(capacity, held)).toBe(status);
  });

  it.each([
    [-1, 0],
    [10, -1],
    [1.5, 0],
    [10, Number.NaN],
  ])('should refuse capacity %p with %p seats held', (capacity, held) => {
    expect(() => admissionStatus(capacity, held)).toThrow(RangeError);
  });
});

describe('freeSeats', () => {
  it.each([
    [30, 0, 30],
    [30, 29, 1],
    [30, 30, 0],
    [30, 31, 0],
  ])('should leave capacity %i with %i held %i free', (capacity, held, free) => {
    expect(freeSeats(capacity, held)).toBe(free);
  });
});

describe('promotionsAfter', () => {
  const waitlist = [
    { id: 'c', position: 7 },
    { id: 'a', position: 3 },
    { id: 'd', position: 12 },
    { id: 'b', position: 5 },
  ];

  it.each([
    [0, []],
    [1, ['a']],
    [2, ['a', 'b']],
    [3, ['a', 'b', 'c']],
    [4, ['a', 'b', 'c', 'd']],
    [9, ['a', 'b', 'c', 'd']],
  ])('should promote the earliest when %i seats free', (seats, ids) => {
    expect(promotionsAfter(waitlist, seats)).toEqual(ids);
  });

  it('should break ties in position by id, whatever the input order', () => {
    const tied = [
      { id: 'y', position: 1 },
      { id: 'x', position: 1 },
      { id: 'z', position: 0 },
    ];
    expect(promotionsAfter(tied, 2)).toEqual(['z', 'x']);
    expect(promotionsAfter([...tied].reverse(), 2)).toEqual(['z', 'x']);
  });

  it('should not modify the waitlist it is given', () => {
    const copy = waitlist.map((e) => ({ ...e }));
    promotionsAfter(waitlist, 2);
    expect(waitlist).toEqual(copy);
  });

  it('should refuse a negative or fractional number of seats', () => {
    expect(() => promotionsAfter(waitlist, -1)).toThrow(RangeError);
    expect(() => promotionsAfter(waitlist, 0.5)).toThrow(RangeError);
  });

  it('should agree with a naive reference and ignore input order', () => {
    const waitlistArb = fc.uniqueArray(
      fc.record({
        id: fc.string({ minLength: 1, maxLength: 4 }),
        position: fc.integer({ min: 0, max: 20 }),
      }),
      { selector: (e) => e.id, maxLength: 15 },
    );
    fc.assert(
      fc.property(waitlistArb, fc.nat({ max: 20 }), (list, seats) => {
        const promoted = promotionsAfter(list, seats);
        expect(promoted).toHaveLength(Math.min(seats, list.length));
        // Naive: repeatedly take the minimum (position, id) among those not yet taken.
        const rest = [...list];
        const expected: string[] = [];
        while (expected.length < seats && rest.length > 0) {
          let best = 0;
          for (let i = 1; i < rest.length; i += 1) {
            const [p, q] = [rest[i], rest[best]];
            if (p.position < q.position || (p.position === q.position && p.id < q.id)) {
              best = i;
            }
          }
          expected.push(rest.splice(best, 1)[0].id);
        }
        expect(promoted).toEqual(expected);
        expect(promotionsAfter([...list].reverse(), seats)).toEqual(expected);
      }),
    );
  });
});

describe('waitlistPosition', () => {
  const waitlist = [
    { id: 'late', position: 40 },
    { id: 'early', position: 2 },
    { id: 'middle', position: 17 },
  ];

  it.each([
    ['early', 1],
    ['middle', 2],
    ['late', 3],
    ['absent', null],
  ])('should place %s at %p', (id, place) => {
    expect(waitlistPosition(waitlist, id)).toBe(place);
  });

  it('should agree with promotionsAfter', () => {
    const promoted = promotionsAfter(waitlist, waitlist.length);
    expect(promoted.map((id) => waitlistPosition(waitlist, id))).toEqual([1, 2, 3]);
  });
});

// ---------------------------------------------------------------------------------------------
// The seat invariant, under random registration traffic

type Step =
  | { kind: 'enter' }
  | { kind: 'act'; pick: number; action: EntryAction; actor: EntryActor; reason: string };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.constant<Step>({ kind: 'enter' }),
  fc.record({
    kind: fc.constant('act' as const),
    pick: fc.nat(),
    action: actionArb,
    actor: actorArb,
    reason: fc.constantFrom('', '不符合条件'),
  }),
);

const capacityArb = (max: number) => fc.integer({ min: 1, max });

interface SimEntry {
  id: string;
  status: EntryStatus;
  position: number;
}

/**
 * A caller that follows the rules: new entries go through `admissionStatus`, every freed seat is
 * offered to the waitlist through `promotionsAfter`, and `seatFree` is told truthfully.
 */
function simulate(
  capacity: number,
  steps: readonly Step[],
  check: (entries: SimEntry[]) => void,
): void {
  const entries: SimEntry[] = [];
  const held = () => entries.filter((e) => holdsSeat(e.status)).length;
  const promote = () => {
    const waitlist = entries.filter((e) => e.status === 'waitlisted');
    for (const id of promotionsAfter(waitlist, freeSeats(capacity, held()))) {
      const entry = entries.find((e) => e.id === id) as SimEntry;
      const seatFree = freeSeats(capacity, held()) > 0;
      const result = transitionEntry(entry.status, 'promote', 'system', { seatFree });
      expect(result).toMatchObject({ ok: true, to: 'submitted' });
      if (result.ok) {
        entry.status = result.to;
      }
    }
  };
  for (const step of steps) {
    if (step.kind === 'enter') {
      const position = entries.length;
      entries.push({ id: `e${position}`, status: admissionStatus(capacity, held()), position });
    } else if (entries.length > 0) {
      const entry = entries[step.pick % entries.length];
      const seatFree = freeSeats(capacity, held()) > 0;
      const before = entry.status;
      const ctx = { seatFree, reason: step.reason };
      const result = transitionEntry(before, step.action, step.actor, ctx);
      if (result.ok) {
        expect((TERMINAL_ENTRY_STATUSES as readonly EntryStatus[]).includes(before)).toBe(false);
        entry.status = result.to;
        if (result.freesSeat) {
          promote();
        }
      }
    }
    check(entries);
  }
}

describe('seat accounting', () => {
  it('should never seat more entries than the capacity', () => {
    fc.assert(
      fc.property(capacityArb(6), fc.array(stepArb, { maxLength: 80 }), (capacity, steps) => {
        simulate(capacity, steps, (entries) => {
          expect(entries.filter((e) => holdsSeat(e.status)).length).toBeLessThanOrEqual(capacity);
        });
      }),
    );
  });

  it('should never leave anyone waiting while a seat is free', () => {
    fc.assert(
      fc.property(capacityArb(6), fc.array(stepArb, { maxLength: 80 }), (capacity, steps) => {
        simulate(capacity, steps, (entries) => {
          const seated = entries.filter((e) => holdsSeat(e.status)).length;
          const waiting = entries.filter((e) => e.status === 'waitlisted').length;
          expect(seated < capacity && waiting > 0).toBe(false);
        });
      }),
    );
  });

  it('should keep rejected and withdrawn entries where they are', () => {
    fc.assert(
      fc.property(capacityArb(4), fc.array(stepArb, { maxLength: 60 }), (capacity, steps) => {
        const ended = new Map<string, EntryStatus>();
        simulate(capacity, steps, (entries) => {
          for (const [id, status] of ended) {
            expect(entries.find((e) => e.id === id)?.status).toBe(status);
          }
          for (const e of entries) {
            if ((TERMINAL_ENTRY_STATUSES as readonly EntryStatus[]).includes(e.status)) {
              ended.set(e.id, e.status);
            }
          }
        });
      }),
    );
  });

  it('should promote in arrival order', () => {
    // Capacity 2: e0 and e1 seated, e2–e4 waitlisted; e0 withdraws, then e1 is rejected.
    const steps: Step[] = [
      { kind: 'enter' },
      { kind: 'enter' },
      { kind: 'enter' },
      { kind: 'enter' },
      { kind: 'enter' },
      { kind: 'act', pick: 0, action: 'withdraw', actor: 'contestant', reason: '' },
      { kind: 'act', pick: 1, action: 'reject', actor: 'organiser', reason: '不符合条件' },
    ];
    const snapshots: string[][] = [];
    simulate(2, steps, (entries) => snapshots.push(entries.map((e) => e.status)));
    const [S, W, X, R] = ['submitted', 'waitlisted', 'withdrawn', 'rejected'];
    expect(snapshots.at(4)).toEqual([S, S, W, W, W]);
    expect(snapshots.at(5)).toEqual([X, S, S, W, W]);
    expect(snapshots.at(6)).toEqual([X, R, S, S, W]);
  });
});
