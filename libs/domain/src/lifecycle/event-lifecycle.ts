import {
  ErrorCode,
  EVENT_STATUS_LABELS,
  type EventStatus,
  type Role,
  ROLE_LABELS,
} from '@dz/contracts';

/**
 * The lifecycle of an event (赛项), DOMAIN.md "The pipeline and its states".
 *
 * | action             | from                  | to                  | who            | reason |
 * |--------------------|-----------------------|---------------------|----------------|--------|
 * | submit             | draft                 | submitted           | dept           |        |
 * | resubmit           | returned              | submitted           | dept           |        |
 * | return             | submitted             | returned            | bureau, review | yes    |
 * | approve            | submitted             | approved            | bureau, review |        |
 * | reject             | submitted             | rejected            | bureau, review | yes    |
 * | publish            | approved              | published           | bureau         |        |
 * | close_registration | published             | registration_closed | dept, bureau   |        |
 * | start              | registration_closed   | running             | dept, bureau   |        |
 * | close_scoring      | running               | scoring_closed      | dept, bureau   |        |
 * | announce           | scoring_closed        | under_notice        | bureau         |        |
 * | finalise           | under_notice          | final               | bureau         |        |
 * | archive            | final                 | archived            | bureau         |        |
 * | cancel             | draft                 | cancelled           | dept           | yes    |
 * | cancel             | submitted, returned   | cancelled           | dept, bureau   | yes    |
 * | cancel             | approved…under_notice | cancelled           | bureau         | yes    |
 *
 * - "dept" is `department_organizer`, and only of the proposing organisation: a department acts
 *   on its own events, never on another department's. "bureau" is `bureau_admin`. "dept,
 *   bureau" means either of them.
 * - "review" transitions are forbidden to anyone in the proposing organisation, whatever roles
 *   they hold: nobody approves, rejects or returns their own organisation's proposal.
 * - The department runs the competition day (DOMAIN.md), so it may close registration, start
 *   and close scoring itself; the bureau may too, as a fallback. Putting scores under notice
 *   (成绩公示) publishes results, which is the bureau's job, as are confirming them and archiving.
 * - A draft has not reached the bureau yet, so only its department may cancel it. Once the
 *   event is approved, participants and budget are committed, so only the bureau may cancel.
 * - `rejected`, `archived` and `cancelled` are terminal; `final` leads only to `archived`.
 */

export type EventAction =
  | 'submit'
  | 'resubmit'
  | 'return'
  | 'approve'
  | 'reject'
  | 'publish'
  | 'close_registration'
  | 'start'
  | 'close_scoring'
  | 'announce'
  | 'finalise'
  | 'archive'
  | 'cancel';

/** Chinese names of the actions, for messages and buttons. */
export const EVENT_ACTION_LABELS: Readonly<Record<EventAction, string>> = {
  submit: '提交申报',
  resubmit: '重新提交申报',
  return: '退回修改',
  approve: '批准',
  reject: '不予批准',
  publish: '发布并开放报名',
  close_registration: '截止报名',
  start: '开始比赛',
  close_scoring: '结束评分',
  announce: '公示成绩',
  finalise: '确定成绩',
  archive: '归档',
  cancel: '取消赛项',
};

export interface EventTransition {
  from: EventStatus;
  to: EventStatus;
  action: EventAction;
  /** Any one suffices; `department_organizer` counts only in the proposing organisation. */
  roles: readonly Role[];
  /** A non-blank reason must be recorded with the transition. */
  reasonRequired: boolean;
  /** A review of the proposal: forbidden to the proposing organisation. */
  review: boolean;
}

export interface EventActor {
  roles: readonly Role[];
  organisationId: string;
}

export interface EventTransitionContext {
  /** The organisation (department) that proposed the event. */
  proposerOrganisationId: string;
  reason?: string;
}

export type EventTransitionErrorCode =
  | typeof ErrorCode.InvalidTransition
  | typeof ErrorCode.Forbidden
  | 'REASON_REQUIRED';

export type TransitionEventResult =
  | { ok: true; transition: EventTransition }
  | { ok: false; code: EventTransitionErrorCode; message: string };

const DEPT: Role = 'department_organizer';
const BUREAU: Role = 'bureau_admin';

function rule(
  from: EventStatus,
  to: EventStatus,
  action: EventAction,
  roles: readonly Role[],
  options: { reasonRequired?: boolean; review?: boolean } = {},
): EventTransition {
  return Object.freeze({
    from,
    to,
    action,
    roles: Object.freeze([...roles]),
    reasonRequired: options.reasonRequired ?? false,
    review: options.review ?? false,
  });
}

/** Statuses from which `cancel` is allowed, with who may cancel there (all before `final`). */
const CANCELLABLE: ReadonlyArray<readonly [EventStatus, readonly Role[]]> = [
  ['draft', [DEPT]],
  ['submitted', [DEPT, BUREAU]],
  ['returned', [DEPT, BUREAU]],
  ['approved', [BUREAU]],
  ['published', [BUREAU]],
  ['registration_closed', [BUREAU]],
  ['running', [BUREAU]],
  ['scoring_closed', [BUREAU]],
  ['under_notice', [BUREAU]],
];

/** Every allowed transition, as data: at most one per (from, to) pair. */
export const EVENT_TRANSITIONS: readonly EventTransition[] = Object.freeze([
  rule('draft', 'submitted', 'submit', [DEPT]),
  rule('returned', 'submitted', 'resubmit', [DEPT]),
  rule('submitted', 'returned', 'return', [BUREAU], { reasonRequired: true, review: true }),
  rule('submitted', 'approved', 'approve', [BUREAU], { review: true }),
  rule('submitted', 'rejected', 'reject', [BUREAU], { reasonRequired: true, review: true }),
  rule('approved', 'published', 'publish', [BUREAU]),
  rule('published', 'registration_closed', 'close_registration', [DEPT, BUREAU]),
  rule('registration_closed', 'running', 'start', [DEPT, BUREAU]),
  rule('running', 'scoring_closed', 'close_scoring', [DEPT, BUREAU]),
  rule('scoring_closed', 'under_notice', 'announce', [BUREAU]),
  rule('under_notice', 'final', 'finalise', [BUREAU]),
  rule('final', 'archived', 'archive', [BUREAU]),
  ...CANCELLABLE.map(([from, roles]) =>
    rule(from, 'cancelled', 'cancel', roles, { reasonRequired: true }),
  ),
]);

/** Statuses with no way out. */
export const TERMINAL_EVENT_STATUSES = ['rejected', 'archived', 'cancelled'] as const satisfies
  readonly EventStatus[];

function findTransition(from: EventStatus, to: EventStatus): EventTransition | undefined {
  return EVENT_TRANSITIONS.find((t) => t.from === from && t.to === to);
}

function isProposer(actor: EventActor, proposerOrganisationId: string): boolean {
  return actor.organisationId === proposerOrganisationId;
}

/** Why `actor` may not make `transition`, in Chinese, or null when the actor may. */
function permissionProblem(
  transition: EventTransition,
  actor: EventActor,
  proposerOrganisationId: string,
): string | null {
  const label = EVENT_ACTION_LABELS[transition.action];
  if (transition.review && isProposer(actor, proposerOrganisationId)) {
    return `不能${label}本单位申报的赛项`;
  }
  const permitted = transition.roles.some(
    (role) =>
      actor.roles.includes(role) &&
      (role !== DEPT || isProposer(actor, proposerOrganisationId)),
  );
  if (permitted) {
    return null;
  }
  const who = transition.roles
    .map((role) => (role === DEPT ? `申报单位的${ROLE_LABELS[DEPT]}` : ROLE_LABELS[role]))
    .join('或');
  return `无权${label}：仅${who}可以操作`;
}

/**
 * Checks one status change of an event: it must be in EVENT_TRANSITIONS, made by an allowed
 * role (never a review by the proposing organisation), with a non-blank reason where required.
 */
export function transitionEvent(
  from: EventStatus,
  to: EventStatus,
  actor: EventActor,
  ctx: EventTransitionContext,
): TransitionEventResult {
  const transition = findTransition(from, to);
  if (transition === undefined) {
    return {
      ok: false,
      code: ErrorCode.InvalidTransition,
      message: `赛项不能从「${EVENT_STATUS_LABELS[from]}」变为「${EVENT_STATUS_LABELS[to]}」`,
    };
  }
  const problem = permissionProblem(transition, actor, ctx.proposerOrganisationId);
  if (problem !== null) {
    return { ok: false, code: ErrorCode.Forbidden, message: problem };
  }
  if (transition.reasonRequired && (ctx.reason ?? '').trim().length === 0) {
    return {
      ok: false,
      code: 'REASON_REQUIRED',
      message: `${EVENT_ACTION_LABELS[transition.action]}须填写原因`,
    };
  }
  return { ok: true, transition };
}

/**
 * The transitions out of `from` (0–4 of them), optionally only those `who` is permitted to
 * make, e.g. to decide which buttons to show; the reason is not checked here.
 */
export function allowedTransitions(
  from: EventStatus,
  who?: { actor: EventActor; proposerOrganisationId: string },
): EventTransition[] {
  return EVENT_TRANSITIONS.filter(
    (t) =>
      t.from === from &&
      (who === undefined || permissionProblem(t, who.actor, who.proposerOrganisationId) === null),
  );
}
