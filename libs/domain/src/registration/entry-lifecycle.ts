/**
 * The lifecycle of an entry (报名) to an event, DOMAIN.md "Registration".
 *
 * | action   | from                           | to         | who                   | needs        |
 * |----------|--------------------------------|------------|-----------------------|--------------|
 * | approve  | submitted                      | approved   | organiser             |              |
 * | approve  | waitlisted                     | approved   | organiser             | a free seat  |
 * | reject   | submitted, approved, waitlisted| rejected   | organiser             | a reason     |
 * | withdraw | submitted, approved, waitlisted| withdrawn  | contestant, organiser |              |
 * | promote  | waitlisted                     | submitted  | system                | a free seat  |
 *
 * - Seats: `submitted` and `approved` hold one of the event's seats (capacity), `waitlisted` does
 *   not. A new entry is `submitted` while a seat is free, else `waitlisted` (`admissionStatus`).
 *   When a seat frees, the earliest waitlisted entries are promoted (`promotionsAfter`).
 * - "organiser" is whoever runs the event's registration; "contestant" is the person the entry
 *   belongs to (the caller checks that it is theirs); "system" is the server itself, promoting
 *   after a seat frees.
 * - `rejected` and `withdrawn` are terminal: a new entry is needed to come back.
 */

export const ENTRY_STATUSES = [
  'submitted',
  'approved',
  'rejected',
  'waitlisted',
  'withdrawn',
] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

export const ENTRY_STATUS_LABELS: Readonly<Record<EntryStatus, string>> = {
  submitted: '待审核',
  approved: '已通过',
  rejected: '未通过',
  waitlisted: '候补',
  withdrawn: '已退出',
};

export const ENTRY_ACTIONS = ['approve', 'reject', 'withdraw', 'promote'] as const;
export type EntryAction = (typeof ENTRY_ACTIONS)[number];

/** Chinese names of the actions, for messages and buttons. */
export const ENTRY_ACTION_LABELS: Readonly<Record<EntryAction, string>> = {
  approve: '审核通过',
  reject: '审核不通过',
  withdraw: '退出报名',
  promote: '候补递补',
};

export const ENTRY_ACTORS = ['organiser', 'contestant', 'system'] as const;
export type EntryActor = (typeof ENTRY_ACTORS)[number];

export const ENTRY_ACTOR_LABELS: Readonly<Record<EntryActor, string>> = {
  organiser: '赛项组织方',
  contestant: '报名选手本人',
  system: '系统',
};

/** Statuses with no way out. */
export const TERMINAL_ENTRY_STATUSES = ['rejected', 'withdrawn'] as const satisfies
  readonly EntryStatus[];

export interface EntryTransition {
  from: EntryStatus;
  to: EntryStatus;
  action: EntryAction;
  /** Any one suffices. */
  actors: readonly EntryActor[];
  reasonRequired: boolean;
  /** Moves a waitlisted entry onto a seat, so a seat must be free. */
  needsSeat: boolean;
}

function rule(
  from: EntryStatus,
  to: EntryStatus,
  action: EntryAction,
  actors: readonly EntryActor[],
  options: { reasonRequired?: boolean; needsSeat?: boolean } = {},
): EntryTransition {
  return Object.freeze({
    from,
    to,
    action,
    actors: Object.freeze([...actors]),
    reasonRequired: options.reasonRequired ?? false,
    needsSeat: options.needsSeat ?? false,
  });
}

const LIVE: readonly EntryStatus[] = ['submitted', 'approved', 'waitlisted'];

/** Every allowed transition, as data: at most one per (from, action) pair. */
export const ENTRY_TRANSITIONS: readonly EntryTransition[] = Object.freeze([
  rule('submitted', 'approved', 'approve', ['organiser']),
  rule('waitlisted', 'approved', 'approve', ['organiser'], { needsSeat: true }),
  ...LIVE.map((from) => rule(from, 'rejected', 'reject', ['organiser'], { reasonRequired: true })),
  ...LIVE.map((from) => rule(from, 'withdrawn', 'withdraw', ['contestant', 'organiser'])),
  rule('waitlisted', 'submitted', 'promote', ['system'], { needsSeat: true }),
]);

/** True for the statuses that occupy one of the event's seats: submitted and approved. */
export function holdsSeat(status: EntryStatus): boolean {
  return status === 'submitted' || status === 'approved';
}

function assertCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what}应为非负整数，实际为 ${value}`);
  }
}

/** Seats still free: capacity minus the seats held, never below 0. Both are integers ≥ 0. */
export function freeSeats(capacity: number, seatsHeld: number): number {
  assertCount(capacity, '名额');
  assertCount(seatsHeld, '已占名额');
  return Math.max(0, capacity - seatsHeld);
}

/** Where a new entry starts: `submitted` while a seat is free, else `waitlisted`. */
export function admissionStatus(capacity: number, seatsHeld: number): 'submitted' | 'waitlisted' {
  return freeSeats(capacity, seatsHeld) > 0 ? 'submitted' : 'waitlisted';
}

export interface EntryTransitionContext {
  /** A seat is free now; required for approving or promoting a waitlisted entry. */
  seatFree?: boolean;
  /** Why; required (non-blank) for `reject`. */
  reason?: string;
}

export type EntryTransitionErrorCode =
  | 'INVALID_TRANSITION'
  | 'FORBIDDEN'
  | 'REASON_REQUIRED'
  | 'NO_SEAT';

export type TransitionEntryResult =
  | {
      ok: true;
      to: EntryStatus;
      /** The entry gives up its seat, so the earliest waitlisted entry may be promoted. */
      freesSeat: boolean;
      /** The entry takes a seat it did not hold (a waitlisted entry approved or promoted). */
      takesSeat: boolean;
    }
  | { ok: false; code: EntryTransitionErrorCode; message: string };

function findTransition(from: EntryStatus, action: EntryAction): EntryTransition | undefined {
  return ENTRY_TRANSITIONS.find((t) => t.from === from && t.action === action);
}

/**
 * Checks one action on an entry: it must be in ENTRY_TRANSITIONS, by an allowed actor, with a
 * non-blank reason where required and a free seat where the entry leaves the waitlist.
 */
export function transitionEntry(
  from: EntryStatus,
  action: EntryAction,
  actor: EntryActor,
  ctx: EntryTransitionContext = {},
): TransitionEntryResult {
  const label = ENTRY_ACTION_LABELS[action];
  const transition = findTransition(from, action);
  if (transition === undefined) {
    return {
      ok: false,
      code: 'INVALID_TRANSITION',
      message: `「${ENTRY_STATUS_LABELS[from]}」的报名不能${label}`,
    };
  }
  if (!transition.actors.includes(actor)) {
    const who = transition.actors.map((a) => ENTRY_ACTOR_LABELS[a]).join('或');
    return { ok: false, code: 'FORBIDDEN', message: `无权${label}：仅${who}可以操作` };
  }
  if (transition.reasonRequired && (ctx.reason ?? '').trim().length === 0) {
    return { ok: false, code: 'REASON_REQUIRED', message: `${label}须填写原因` };
  }
  if (transition.needsSeat && ctx.seatFree !== true) {
    return { ok: false, code: 'NO_SEAT', message: `名额已满，候补报名暂不能${label}` };
  }
  return {
    ok: true,
    to: transition.to,
    freesSeat: holdsSeat(from) && !holdsSeat(transition.to),
    takesSeat: !holdsSeat(from) && holdsSeat(transition.to),
  };
}

/** The actions possible on an entry in `from`, optionally only those `actor` may take. */
export function allowedEntryActions(from: EntryStatus, actor?: EntryActor): EntryAction[] {
  return ENTRY_TRANSITIONS.filter(
    (t) => t.from === from && (actor === undefined || t.actors.includes(actor)),
  ).map((t) => t.action);
}

/** A waitlisted entry; `position` orders arrival (e.g. a sequence number), lower first. */
export interface WaitlistEntry {
  id: string;
  position: number;
}

/** The waitlist in arrival order: by position, then by id so that ties are stable. */
function inArrivalOrder(waitlist: readonly WaitlistEntry[]): WaitlistEntry[] {
  return [...waitlist].sort(
    (a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** Ids of the entries to promote when `seatsFreed` seats free: the earliest, at most that many. */
export function promotionsAfter(waitlist: readonly WaitlistEntry[], seatsFreed: number): string[] {
  assertCount(seatsFreed, '空出的名额');
  return inArrivalOrder(waitlist)
    .slice(0, seatsFreed)
    .map((entry) => entry.id);
}

/** 1-based place of `id` on the waitlist (候补第 n 位), or null when it is not waitlisted. */
export function waitlistPosition(waitlist: readonly WaitlistEntry[], id: string): number | null {
  const index = inArrivalOrder(waitlist).findIndex((entry) => entry.id === id);
  return index < 0 ? null : index + 1;
}
