import { AppError, ErrorCode } from '@dz/contracts';
import { recusalReasons } from '@dz/domain';
import { JudgingRepository, type AssignmentRow, type JudgingEntry, type JudgingEvent } from '@dz/persistence';
import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';

/** Who is looking at an event's judging: its staff (organiser, bureau), an auditor, or an assigned judge. */
export type JudgingViewer = { kind: 'staff' } | { kind: 'auditor' } | { kind: 'judge'; assignment: AssignmentRow };

/**
 * Why the judge must not mark the entry, in Chinese (libs/domain recusalReasons), or nothing
 * when they may: the same employer or school, or their own entry. A bureau override lifts it.
 */
export function recusalOf(assignment: Pick<AssignmentRow, 'judgeUserId' | 'judgeEmployer' | 'overrideReason'>, entry: JudgingEntry): string[] {
  if (assignment.overrideReason !== null) return [];
  return recusalReasons(
    { userId: assignment.judgeUserId, employer: assignment.judgeEmployer, organisationIds: [] },
    { employers: entry.employers, registrantUserId: entry.registrantUserId, memberUserIds: entry.memberUserIds },
  );
}

/** Whether the entry is within the assignment's scope (its entries and stations; null is all). */
export function entryInScope(assignment: Pick<AssignmentRow, 'entryIds' | 'stations'>, entry: Pick<JudgingEntry, 'id' | 'workstation'>): boolean {
  if (assignment.entryIds !== null && !assignment.entryIds.includes(entry.id)) return false;
  if (assignment.stations !== null && (entry.workstation === null || !assignment.stations.includes(entry.workstation))) return false;
  return true;
}

export function aspectInScope(assignment: Pick<AssignmentRow, 'aspectKeys'>, aspectKey: string): boolean {
  return assignment.aspectKeys === null || assignment.aspectKeys.includes(aspectKey);
}

/**
 * The judging half of authorization. Route policies (@Roles) admit the roles; judges hold no
 * organisation, so their scope is their assignment to the event, checked here. An unassigned
 * judge gets 404: the event's judging is not theirs to know about.
 */
@Injectable()
export class JudgingAccess {
  constructor(private readonly judging: JudgingRepository) {}

  async event(eventId: string): Promise<JudgingEvent> {
    const event = await this.judging.eventFor(eventId);
    if (!event || ['draft', 'submitted', 'returned', 'rejected'].includes(event.status)) throw new AppError(ErrorCode.NotFound, '赛项不存在');
    return event;
  }

  /** The event, when it has the stage (404 naming the stages it has otherwise). */
  async eventWithStage(eventId: string, stage: string): Promise<JudgingEvent> {
    const event = await this.event(eventId);
    if (!event.stages.some((s) => s.name === stage)) {
      throw new AppError(ErrorCode.NotFound, `赛项没有「${stage}」阶段（现有：${event.stages.map((s) => s.name).join('、')}）`);
    }
    return event;
  }

  isStaff(principal: Principal, event: Pick<JudgingEvent, 'organizerOrgId'>): boolean {
    return principal.grants.some((g) => g.role === 'bureau_admin' || (g.role === 'department_organizer' && g.organisationId === event.organizerOrgId));
  }

  /** The caller's assignment to the event; 404 when they have none. */
  async assignment(principal: Principal, eventId: string): Promise<AssignmentRow> {
    const assignment = principal.roles.includes('judge') ? await this.judging.assignment(eventId, principal.user.id) : null;
    if (!assignment) throw new AppError(ErrorCode.NotFound, '您未被分配到该赛项的评分工作');
    return assignment;
  }

  /** The caller as the event's chief judge (裁判长); `what` completes "只有裁判长可以…". */
  async chief(principal: Principal, eventId: string, what: string): Promise<AssignmentRow> {
    const assignment = await this.assignment(principal, eventId);
    if (assignment.role !== 'chief') throw new AppError(ErrorCode.Forbidden, `只有本赛项的裁判长可以${what}`);
    return assignment;
  }

  /**
   * Staff of the event, an auditor (when `auditor`), or an assigned judge — the chief only when
   * `chiefOnly` (`what` says for what).
   */
  async viewer(principal: Principal, event: JudgingEvent, options: { chiefOnly: boolean; auditor?: boolean; what: string }): Promise<JudgingViewer> {
    if (this.isStaff(principal, event)) return { kind: 'staff' };
    if (options.auditor && principal.roles.includes('auditor')) return { kind: 'auditor' };
    const assignment = options.chiefOnly ? await this.chief(principal, event.id, options.what) : await this.assignment(principal, event.id);
    return { kind: 'judge', assignment };
  }
}
