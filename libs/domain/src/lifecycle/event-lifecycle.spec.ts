import fc from 'fast-check';

import { EVENT_STATUSES, type EventStatus, type Role, ROLES } from '@dz/contracts';

import {
  allowedTransitions,
  type EventActor,
  EVENT_TRANSITIONS,
  TERMINAL_EVENT_STATUSES,
  transitionEvent,
} from './event-lifecycle';

const PROPOSER = 'org-dept-economy';
const OTHER_DEPT = 'org-dept-housing';
const BUREAU_ORG = 'org-bureau';

const dept: EventActor = { roles: ['department_organizer'], organisationId: PROPOSER };
const otherDept: EventActor = { roles: ['department_organizer'], organisationId: OTHER_DEPT };
const bureau: EventActor = { roles: ['bureau_admin'], organisationId: BUREAU_ORG };
/** Someone in the proposing department who also holds bureau_admin. */
const deptWithBureauRole: EventActor = {
  roles: ['department_organizer', 'bureau_admin'],
  organisationId: PROPOSER,
};
const ctx = { proposerOrganisationId: PROPOSER };
const withReason = { proposerOrganisationId: PROPOSER, reason: '材料不全' };

const REVIEW_TARGETS = ['approved', 'rejected', 'returned'] as const satisfies EventStatus[];
const BEFORE_FINAL: EventStatus[] = [
  'draft',
  'submitted',
  'returned',
  'approved',
  'published',
  'registration_closed',
  'running',
  'scoring_closed',
  'under_notice',
];

const status = fc.constantFrom(...EVENT_STATUSES);
const actorArb: fc.Arbitrary<EventActor> = fc.record({
  roles: fc.subarray([...ROLES] as Role[]),
  organisationId: fc.constantFrom(PROPOSER, OTHER_DEPT, BUREAU_ORG),
});
const reasonArb = fc.option(fc.constantFrom('', '  ', '不符合申报条件', '场地不可用'), {
  nil: undefined,
});

function reachableFrom(start: EventStatus): Set<EventStatus> {
  const seen = new Set<EventStatus>([start]);
  const queue = [start];
  while (queue.length > 0) {
    const from = queue.shift() as EventStatus;
    for (const t of allowedTransitions(from)) {
      if (!seen.has(t.to)) {
        seen.add(t.to);
        queue.push(t.to);
      }
    }
  }
  return seen;
}

describe('EVENT_TRANSITIONS', () => {
  it('should hold at most one transition per pair of statuses', () => {
    const pairs = EVENT_TRANSITIONS.map((t) => `${t.from}→${t.to}`);
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  it('should name only known statuses and roles, and no self-loops', () => {
    for (const t of EVENT_TRANSITIONS) {
      expect(EVENT_STATUSES).toContain(t.from);
      expect(EVENT_STATUSES).toContain(t.to);
      expect(t.from).not.toBe(t.to);
      expect(t.roles.length).toBeGreaterThan(0);
      for (const role of t.roles) {
        expect(ROLES).toContain(role);
      }
    }
  });

  it('should make every status reachable from draft', () => {
    expect([...reachableFrom('draft')].sort()).toEqual([...EVENT_STATUSES].sort());
  });

  it('should leave no way out of rejected, archived and cancelled only', () => {
    const deadEnds = EVENT_STATUSES.filter((s) => allowedTransitions(s).length === 0);
    expect(deadEnds.sort()).toEqual([...TERMINAL_EVENT_STATUSES].sort());
  });

  it('should let every status reach an end', () => {
    for (const s of EVENT_STATUSES) {
      const ends = [...reachableFrom(s)].filter((r) =>
        (TERMINAL_EVENT_STATUSES as readonly EventStatus[]).includes(r),
      );
      expect(ends.length).toBeGreaterThan(0);
    }
  });

  it('should allow cancelling from exactly the statuses before final', () => {
    const cancellable = EVENT_TRANSITIONS.filter((t) => t.to === 'cancelled').map((t) => t.from);
    expect(cancellable.sort()).toEqual([...BEFORE_FINAL].sort());
  });

  it('should require a reason exactly for return, reject and cancel', () => {
    const withReasons = new Set(
      EVENT_TRANSITIONS.filter((t) => t.reasonRequired).map((t) => t.action),
    );
    expect([...withReasons].sort()).toEqual(['cancel', 'reject', 'return']);
  });

  it('should mark exactly the decisions on a submitted proposal as reviews', () => {
    const reviews = EVENT_TRANSITIONS.filter((t) => t.review);
    expect(reviews.map((t) => t.action).sort()).toEqual(['approve', 'reject', 'return']);
    expect(reviews.every((t) => t.from === 'submitted' && t.roles.includes('bureau_admin'))).toBe(
      true,
    );
  });

  it('should be frozen', () => {
    expect(Object.isFrozen(EVENT_TRANSITIONS)).toBe(true);
    expect(EVENT_TRANSITIONS.every((t) => Object.isFrozen(t) && Object.isFrozen(t.roles))).toBe(
      true,
    );
  });
});

describe('transitionEvent', () => {
  it('should take an event from draft to archived with the expected people', () => {
    const steps: Array<[EventStatus, EventStatus, EventActor]> = [
      ['draft', 'submitted', dept],
      ['submitted', 'approved', bureau],
      ['approved', 'published', bureau],
      ['published', 'registration_closed', dept],
      ['registration_closed', 'running', dept],
      ['running', 'scoring_closed', dept],
      ['scoring_closed', 'under_notice', bureau],
      ['under_notice', 'final', bureau],
      ['final', 'archived', bureau],
    ];
    for (const [from, to, actor] of steps) {
      const result = transitionEvent(from, to, actor, ctx);
      expect({ from, to, ok: result.ok }).toEqual({ from, to, ok: true });
    }
  });

  it('should return the transition it allowed', () => {
    const result = transitionEvent('submitted', 'approved', bureau, ctx);
    expect(result).toEqual({
      ok: true,
      transition: expect.objectContaining({ from: 'submitted', to: 'approved', action: 'approve' }),
    });
  });

  it('should allow returning and resubmitting a proposal again and again', () => {
    for (let round = 0; round < 3; round += 1) {
      expect(transitionEvent('submitted', 'returned', bureau, withReason).ok).toBe(true);
      expect(transitionEvent('returned', 'submitted', dept, ctx).ok).toBe(true);
    }
    expect(transitionEvent('submitted', 'approved', bureau, ctx).ok).toBe(true);
  });

  it('should let the bureau also run the competition steps', () => {
    expect(transitionEvent('published', 'registration_closed', bureau, ctx).ok).toBe(true);
    expect(transitionEvent('registration_closed', 'running', bureau, ctx).ok).toBe(true);
    expect(transitionEvent('running', 'scoring_closed', bureau, ctx).ok).toBe(true);
  });

  it('should reject skipping a step', () => {
    expect(transitionEvent('draft', 'approved', bureau, ctx)).toEqual({
      ok: false,
      code: 'INVALID_TRANSITION',
      message: '赛项不能从「草稿」变为「已批准」',
    });
    expect(transitionEvent('approved', 'running', bureau, ctx).ok).toBe(false);
  });

  it('should reject going back, and staying in place', () => {
    expect(transitionEvent('published', 'approved', bureau, ctx)).toMatchObject({
      ok: false,
      code: 'INVALID_TRANSITION',
    });
    expect(transitionEvent('running', 'running', bureau, ctx)).toMatchObject({
      ok: false,
      code: 'INVALID_TRANSITION',
    });
  });

  it.each(REVIEW_TARGETS)(
    'should forbid the proposing department to move its own proposal to %s, even as bureau_admin',
    (to) => {
      expect(transitionEvent('submitted', to, deptWithBureauRole, withReason)).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
      });
    },
  );

  it('should say why a department cannot approve its own proposal', () => {
    expect(transitionEvent('submitted', 'approved', deptWithBureauRole, ctx)).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message: '不能批准本单位申报的赛项',
    });
  });

  it('should forbid the bureau to approve a proposal of its own', () => {
    const bureauProposal = { proposerOrganisationId: BUREAU_ORG };
    expect(transitionEvent('submitted', 'approved', bureau, bureauProposal)).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
  });

  it("should forbid a department to submit another department's draft", () => {
    expect(transitionEvent('draft', 'submitted', otherDept, ctx)).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message: '无权提交申报：仅申报单位的行业主管部门可以操作',
    });
  });

  it('should forbid the bureau to submit a draft for a department', () => {
    expect(transitionEvent('draft', 'submitted', bureau, ctx)).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
  });

  it('should forbid a department to approve or publish', () => {
    expect(transitionEvent('submitted', 'approved', otherDept, ctx)).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(transitionEvent('approved', 'published', dept, ctx)).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message: '无权发布并开放报名：仅人社局管理员可以操作',
    });
  });

  it('should forbid a department to put scores under notice or confirm them', () => {
    expect(transitionEvent('scoring_closed', 'under_notice', dept, ctx).ok).toBe(false);
    expect(transitionEvent('under_notice', 'final', dept, ctx).ok).toBe(false);
    expect(transitionEvent('final', 'archived', dept, ctx).ok).toBe(false);
  });

  it.each(['security_admin', 'auditor', 'judge', 'contestant'] as const)(
    'should forbid a %s to change an event',
    (role) => {
      const actor: EventActor = { roles: [role], organisationId: BUREAU_ORG };
      for (const t of EVENT_TRANSITIONS) {
        expect(transitionEvent(t.from, t.to, actor, withReason)).toMatchObject({
          ok: false,
          code: 'FORBIDDEN',
        });
      }
    },
  );

  it.each([
    ['return', 'submitted', 'returned', bureau, '退回修改须填写原因'],
    ['reject', 'submitted', 'rejected', bureau, '不予批准须填写原因'],
    ['cancel', 'published', 'cancelled', bureau, '取消赛项须填写原因'],
    ['cancel a draft', 'draft', 'cancelled', dept, '取消赛项须填写原因'],
  ] as const)('should require a reason to %s', (_label, from, to, actor, message) => {
    for (const reason of [undefined, '', '   \n']) {
      expect(transitionEvent(from, to, actor, { ...ctx, reason })).toEqual({
        ok: false,
        code: 'REASON_REQUIRED',
        message,
      });
    }
    expect(transitionEvent(from, to, actor, withReason).ok).toBe(true);
  });

  it('should check the role before the reason', () => {
    expect(transitionEvent('published', 'cancelled', otherDept, ctx)).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('should let only the department cancel its draft', () => {
    expect(transitionEvent('draft', 'cancelled', dept, withReason).ok).toBe(true);
    expect(transitionEvent('draft', 'cancelled', bureau, withReason)).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('should let the department or the bureau withdraw a proposal under review', () => {
    expect(transitionEvent('submitted', 'cancelled', dept, withReason).ok).toBe(true);
    expect(transitionEvent('returned', 'cancelled', bureau, withReason).ok).toBe(true);
  });

  it.each(BEFORE_FINAL.slice(BEFORE_FINAL.indexOf('approved')))(
    'should let only the bureau cancel an event that is %s',
    (from) => {
      expect(transitionEvent(from, 'cancelled', bureau, withReason).ok).toBe(true);
      expect(transitionEvent(from, 'cancelled', dept, withReason)).toMatchObject({
        code: 'FORBIDDEN',
      });
    },
  );

  it.each(['final', 'archived', 'rejected', 'cancelled'] as const)(
    'should never cancel an event that is %s',
    (from) => {
      expect(transitionEvent(from, 'cancelled', bureau, withReason)).toMatchObject({
        ok: false,
        code: 'INVALID_TRANSITION',
      });
    },
  );

  it('should only ever allow a transition listed in EVENT_TRANSITIONS', () => {
    fc.assert(
      fc.property(status, status, actorArb, reasonArb, (from, to, actor, reason) => {
        const result = transitionEvent(from, to, actor, { ...ctx, reason });
        const listed = EVENT_TRANSITIONS.find((t) => t.from === from && t.to === to);
        if (listed === undefined) {
          expect(result).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
        }
        if (result.ok) {
          expect(result.transition).toBe(listed);
          expect(actor.roles.some((r) => listed?.roles.includes(r))).toBe(true);
          if (listed?.reasonRequired) {
            expect((reason ?? '').trim()).not.toBe('');
          }
        } else {
          expect(result.message).toMatch(/[\u4e00-\u9fff]/);
        }
      }),
    );
  });

  it('should never let the proposing organisation decide on its own proposal', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...REVIEW_TARGETS),
        fc.subarray([...ROLES] as Role[]),
        fc.string({ minLength: 1, maxLength: 8 }),
        reasonArb,
        (to, roles, organisationId, reason) => {
          const actor = { roles, organisationId };
          const result = transitionEvent('submitted', to, actor, {
            proposerOrganisationId: organisationId,
            reason,
          });
          expect(result.ok).toBe(false);
        },
      ),
    );
  });

  it('should never let an event out of rejected, archived or cancelled', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TERMINAL_EVENT_STATUSES),
        status,
        actorArb,
        reasonArb,
        (from, to, actor, reason) => {
          expect(transitionEvent(from, to, actor, { ...ctx, reason })).toMatchObject({
            ok: false,
            code: 'INVALID_TRANSITION',
          });
        },
      ),
    );
  });

  it('should keep every random walk from draft within the lifecycle', () => {
    const attempt = fc.record({ to: status, actor: actorArb, reason: reasonArb });
    fc.assert(
      fc.property(fc.array(attempt, { maxLength: 60 }), (attempts) => {
        let current: EventStatus = 'draft';
        for (const { to, actor, reason } of attempts) {
          const before: EventStatus = current;
          const result = transitionEvent(before, to, actor, { ...ctx, reason });
          if (!result.ok) {
            continue;
          }
          current = to;
          expect(EVENT_STATUSES).toContain(current);
          expect(before).not.toBe('cancelled');
          expect(before === 'final' && current === 'cancelled').toBe(false);
          if (before === 'submitted' && (REVIEW_TARGETS as readonly string[]).includes(current)) {
            expect(actor.organisationId).not.toBe(PROPOSER);
          }
        }
      }),
    );
  });

  it('should succeed at every listed move and never leave cancelled on such a walk', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 30, maxLength: 30 }), (choices) => {
        let current: EventStatus = 'draft';
        const visited: EventStatus[] = [current];
        for (const choice of choices) {
          const options = allowedTransitions(current);
          if (options.length === 0) {
            break;
          }
          const next = options[choice % options.length];
          const actor = next.roles.includes('department_organizer') ? dept : bureau;
          expect(transitionEvent(current, next.to, actor, withReason).ok).toBe(true);
          current = next.to;
          visited.push(current);
        }
        const cancelledAt = visited.indexOf('cancelled');
        if (cancelledAt >= 0) {
          expect(visited.slice(cancelledAt).every((s) => s === 'cancelled')).toBe(true);
          expect(visited[cancelledAt - 1]).not.toBe('final');
        }
        expect(EVENT_STATUSES).toEqual(expect.arrayContaining(visited));
      }),
    );
  });
});

describe('allowedTransitions', () => {
  it('should list the four ways out of submitted', () => {
    expect(allowedTransitions('submitted').map((t) => t.to).sort()).toEqual([
      'approved',
      'cancelled',
      'rejected',
      'returned',
    ]);
  });

  it('should list nothing out of a terminal status', () => {
    for (const s of TERMINAL_EVENT_STATUSES) {
      expect(allowedTransitions(s)).toEqual([]);
    }
  });

  it('should list only archiving out of final', () => {
    expect(allowedTransitions('final').map((t) => t.to)).toEqual(['archived']);
  });

  it('should offer the proposing department only withdrawal of its submitted proposal', () => {
    const who = { actor: deptWithBureauRole, proposerOrganisationId: PROPOSER };
    expect(allowedTransitions('submitted', who).map((t) => t.action)).toEqual(['cancel']);
  });

  it('should offer the bureau the three decisions and withdrawal on a submitted proposal', () => {
    const who = { actor: bureau, proposerOrganisationId: PROPOSER };
    expect(allowedTransitions('submitted', who).map((t) => t.action).sort()).toEqual([
      'approve',
      'cancel',
      'reject',
      'return',
    ]);
  });

  it('should offer the bureau nothing on a draft', () => {
    const who = { actor: bureau, proposerOrganisationId: PROPOSER };
    expect(allowedTransitions('draft', who)).toEqual([]);
  });

  it('should offer exactly what transitionEvent allows when a reason is given', () => {
    fc.assert(
      fc.property(status, status, actorArb, (from, to, actor) => {
        const offered = allowedTransitions(from, { actor, proposerOrganisationId: PROPOSER })
          .map((t) => t.to)
          .includes(to);
        expect(offered).toBe(transitionEvent(from, to, actor, withReason).ok);
      }),
    );
  });
});
