import { AppError, ErrorCode, type AssignJudgeBody, type AssignmentList, type AssignmentView, type Recusal, type RecusalOverrideBody } from '@dz/contracts';
import { AuditRepository, JudgingRepository, TransactionRunner, type AssignmentRow } from '@dz/persistence';
import { Injectable } from '@nestjs/common';
import type { RequestMeta } from '../auth/auth.types';
import { actorOf, type Principal } from '../auth/principal';
import { StandingsBroadcaster } from '../standings/standings.broadcaster';
import { StandingsService } from '../standings/standings.service';
import { entryInScope, JudgingAccess, recusalOf } from './judging-access';

/** Event states in which judges may be assigned. */
const ASSIGNABLE = ['approved', 'published', 'registration_closed', 'running', 'scoring_closed'];

function assignmentView(row: AssignmentRow): AssignmentView {
  return {
    id: row.id,
    eventId: row.eventId,
    judgeUserId: row.judgeUserId,
    judgeName: row.judgeName,
    role: row.role,
    entryIds: row.entryIds,
    stations: row.stations,
    aspectKeys: row.aspectKeys,
    employer: row.judgeEmployer,
    recused: row.recused,
    recusals: row.recusals,
    override: row.overrideReason !== null && row.overrideBy !== null && row.overrideAt !== null
      ? { reason: row.overrideReason, byUserId: row.overrideBy, byName: row.overrideByName ?? '', at: row.overrideAt.toISOString() }
      : null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Judges and the chief judge (裁判长) of an event, with recusal (回避): a judge who shares an
 * employer or school with a contestant in their scope is recused from that contestant, and the
 * assignment says why; the bureau can lift it with a recorded reason. Marks check recusal again
 * when they arrive, so an entry approved later is covered too.
 */
@Injectable()
export class AssignmentService {
  constructor(
    private readonly judging: JudgingRepository,
    private readonly access: JudgingAccess,
    private readonly audit: AuditRepository,
    private readonly transactions: TransactionRunner,
    private readonly standings: StandingsService,
    private readonly broadcaster: StandingsBroadcaster,
  ) {}

  /** Boards already showing the event follow the change (progress counts, stage maxima). */
  private refreshBoards(eventId: string): Promise<void> {
    return this.standings.refresh(eventId, (delta) => this.broadcaster.publish(eventId, delta));
  }

  async list(eventId: string): Promise<AssignmentList> {
    await this.access.event(eventId);
    return { items: (await this.judging.assignments(eventId)).map(assignmentView) };
  }

  async assign(principal: Principal, eventId: string, body: AssignJudgeBody, meta: RequestMeta): Promise<AssignmentView> {
    const event = await this.access.event(eventId);
    if (!ASSIGNABLE.includes(event.status)) throw new AppError(ErrorCode.InvalidTransition, '该赛项当前不能安排裁判');
    const judge = await this.judging.judgeProfile(body.judgeUserId);
    if (!judge || !judge.isJudge || judge.disabled) {
      throw new AppError(ErrorCode.ValidationFailed, '该用户不是可用的裁判账号', [{ path: 'judgeUserId', message: '请选择持有裁判角色的账号' }]);
    }
    const entries = await this.judging.judgingEntries(eventId);
    const known = new Set(entries.map((e) => e.id));
    const unknown = (body.entryIds ?? []).filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new AppError(ErrorCode.ValidationFailed, `有 ${unknown.length} 名选手不是本赛项审核通过的选手`, [{ path: 'entryIds', message: '只能分配本赛项审核通过的选手' }]);
    }
    // The employer for recusal: as given, else the organisation of the judge's grant.
    const employer = body.employer ?? judge.organisations[0]?.name ?? null;
    const scope = { entryIds: body.entryIds, stations: body.stations, judgeUserId: judge.id, judgeEmployer: employer, overrideReason: null };
    const recusals: Recusal[] = entries
      .filter((e) => entryInScope(scope, e))
      .map((e) => ({ entryId: e.id, judgingCode: e.judgingCode, reasons: recusalOf(scope, e) }))
      .filter((r) => r.reasons.length > 0);

    const saved = await this.transactions.run(async (tx) => {
      if (body.role === 'chief') {
        const chief = await this.judging.chiefOf(eventId, tx);
        if (chief !== null && chief !== judge.id) {
          const name = (await this.judging.userNames([chief])).get(chief) ?? '';
          throw new AppError(ErrorCode.Conflict, `本赛项已有裁判长（${name}），请先将其改为裁判`);
        }
      }
      const row = await this.judging.saveAssignment(
        eventId,
        judge.id,
        { role: body.role, entryIds: body.entryIds, stations: body.stations, aspectKeys: body.aspectKeys, judgeEmployer: employer, recused: recusals.length > 0, recusals },
        principal.user.id,
        tx,
      );
      await this.audit.append(
        {
          ...actorOf(principal),
          action: 'judge.assigned',
          entityType: 'event',
          entityId: eventId,
          detail: { judgeUserId: judge.id, role: body.role, recusals: recusals.map((r) => ({ entryId: r.entryId, reasons: r.reasons })) },
          ...meta,
        },
        tx,
      );
      return row;
    });
    await this.refreshBoards(eventId);
    return assignmentView(saved);
  }

  /** The bureau lifts a judge's recusal for the event, with the reason on record. */
  async override(principal: Principal, eventId: string, body: RecusalOverrideBody, meta: RequestMeta): Promise<AssignmentView> {
    await this.access.event(eventId);
    const saved = await this.transactions.run(async (tx) => {
      const row = await this.judging.overrideRecusal(eventId, body.judgeUserId, body.reason, principal.user.id, tx);
      if (!row) throw new AppError(ErrorCode.NotFound, '该裁判未被分配到本赛项');
      await this.audit.append(
        { ...actorOf(principal), action: 'judge.recusal_overridden', entityType: 'event', entityId: eventId, detail: { judgeUserId: body.judgeUserId, reason: body.reason, recusals: row.recusals.length }, ...meta },
        tx,
      );
      return row;
    });
    await this.refreshBoards(eventId);
    return assignmentView(saved);
  }
}
