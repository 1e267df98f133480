import {
  AppError,
  ErrorCode,
  type CodeMapping,
  type DrawCommitBody,
  type DrawHistory,
  type DrawVerification,
  type PublicDraw,
} from '@dz/contracts';
import { DRAW_ALGORITHM, DRAW_ALGORITHM_DESCRIPTION, maskName, RESULTS_PUBLIC_STATUSES, runDraw, seedCommitment } from '@dz/domain';
import { AuditRepository, RegistrationRepository, TransactionRunner, type DrawAssignmentRow, type DrawEntity } from '@dz/persistence';
import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { RequestMeta } from '../auth/auth.types';
import { actorOf, type Principal } from '../auth/principal';

export const TWO_SEED_NOTE =
  '判分编号（加密编号）用第二个种子（判分种子）按同一算法的 judging-code 流生成：抽签前只公布它的 SHA-256 承诺值，成绩公示时揭示种子，届时任何人都可复核判分编号；在此之前，检录编号与判分编号的对应关系只有主办单位可见。';

/**
 * The draw (抽签): commit to two secret seeds (their SHA-256 hashes) over the frozen list of
 * approved entries, then draw workstations and codes with libs/domain's algorithm and reveal
 * the workstation seed. Anyone can re-run it; a redraw needs a recorded reason.
 */
@Injectable()
export class DrawService {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly audit: AuditRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  async commit(principal: Principal, eventId: string, body: DrawCommitBody, meta: RequestMeta): Promise<PublicDraw> {
    const draw = await this.transactions.run(async (tx) => {
      const event = await this.registrations.lockEvent(eventId, tx);
      if (!event) throw new AppError(ErrorCode.NotFound, '赛项不存在');
      if (event.status !== 'registration_closed') throw new AppError(ErrorCode.InvalidTransition, '报名截止后、比赛开始前才能抽签');
      const live = await this.registrations.liveDraw(eventId, tx);
      if (live?.status === 'drawn' && !(body.reason && body.reason.length >= 2)) {
        throw new AppError(ErrorCode.ValidationFailed, '已抽过签，重新抽签须填写理由', [{ path: 'reason', message: '请填写重新抽签的理由' }]);
      }
      const approved = await this.registrations.approvedEntries(eventId, tx);
      if (approved.length === 0) throw new AppError(ErrorCode.InvalidTransition, '还没有审核通过的报名，不能抽签');
      const members = await this.registrations.membersOf(approved.map((e) => e.id), tx);
      if (live) await this.registrations.updateDraw(live.id, { status: 'superseded', supersededAt: new Date() }, tx);
      const seed = randomBytes(32).toString('hex');
      const codeSeed = randomBytes(32).toString('hex');
      const saved = await this.registrations.saveDraw(
        {
          eventId,
          round: await this.registrations.nextDrawRound(eventId, tx),
          status: 'committed',
          algorithm: DRAW_ALGORITHM,
          twoStage: body.twoStage,
          seed,
          seedCommitment: seedCommitment(seed),
          codeSeed,
          codeSeedCommitment: seedCommitment(codeSeed),
          entries: approved.map((e) => {
            const first = members.get(e.id)?.[0];
            return { entryId: e.id, number: e.number, name: e.teamName ?? maskName(first?.name ?? '') };
          }),
          reason: body.reason ?? null,
          committedBy: principal.user.id,
        },
        tx,
      );
      await this.audit.append(
        {
          ...actorOf(principal),
          action: live ? 'draw.recommitted' : 'draw.committed',
          entityType: 'draw',
          entityId: saved.id,
          detail: { eventId, round: saved.round, entries: saved.entries.length, seedCommitment: saved.seedCommitment, supersedes: live?.id ?? null, reason: body.reason ?? null },
          ...meta,
        },
        tx,
      );
      return saved;
    });
    return this.toPublic(draw, null);
  }

  async run(principal: Principal, drawId: string, meta: RequestMeta): Promise<PublicDraw> {
    const found = await this.registrations.findDraw(drawId);
    if (!found) throw new AppError(ErrorCode.NotFound, '抽签记录不存在');
    const draw = await this.transactions.run(async (tx) => {
      const event = await this.registrations.lockEvent(found.eventId, tx);
      const current = await this.registrations.findDraw(drawId, tx);
      if (!event || !current) throw new AppError(ErrorCode.NotFound, '抽签记录不存在');
      if (current.status !== 'committed') throw new AppError(ErrorCode.InvalidTransition, current.status === 'drawn' ? '本轮已抽签' : '本轮抽签已作废');
      if (event.status !== 'registration_closed') throw new AppError(ErrorCode.InvalidTransition, '报名截止后、比赛开始前才能抽签');
      const approved = (await this.registrations.approvedEntries(current.eventId, tx)).map((e) => e.id).sort();
      const frozen = current.entries.map((e) => e.entryId).sort();
      if (approved.join() !== frozen.join()) {
        throw new AppError(ErrorCode.Conflict, '公布名单后审核结果有变化，请重新公布名单再抽签');
      }
      const assignments = assign(current.seed, current.codeSeed, frozen, current.twoStage);
      await this.registrations.saveDrawResult(current.eventId, assignments, tx);
      const drawn = await this.registrations.updateDraw(drawId, { status: 'drawn', assignments, drawnAt: new Date(), seedRevealed: true }, tx);
      await this.audit.append(
        {
          ...actorOf(principal),
          action: 'draw.drawn',
          entityType: 'draw',
          entityId: drawId,
          detail: { eventId: current.eventId, round: current.round, seed: current.seed, entries: frozen.length },
          ...meta,
        },
        tx,
      );
      return drawn;
    });
    return this.toPublic(draw, null);
  }

  async history(eventId: string): Promise<DrawHistory> {
    const draws = await this.registrations.draws(eventId);
    const event = await this.registrations.eventFor(eventId);
    if (!event) throw new AppError(ErrorCode.NotFound, '赛项不存在');
    return { items: draws.map((d) => this.toPublic(d, event.status)) };
  }

  /** Re-runs a drawn draw from its revealed seeds and compares with what was stored. */
  async verify(drawId: string): Promise<DrawVerification> {
    const draw = await this.registrations.findDraw(drawId);
    if (!draw) throw new AppError(ErrorCode.NotFound, '抽签记录不存在');
    if (!draw.seedRevealed) throw new AppError(ErrorCode.InvalidTransition, '尚未抽签，种子未公布');
    const event = await this.registrations.eventFor(draw.eventId);
    const codesPublic = event !== null && RESULTS_PUBLIC_STATUSES.includes(event.status);
    const recomputed = new Map(assign(draw.seed, draw.codeSeed, draw.entries.map((e) => e.entryId), draw.twoStage).map((a) => [a.entryId, a]));
    const mismatches: DrawVerification['mismatches'] = [];
    for (const stored of draw.assignments) {
      const again = recomputed.get(stored.entryId);
      const fields: (keyof DrawAssignmentRow)[] = codesPublic ? ['workstation', 'checkinCode', 'judgingCode'] : ['workstation', 'checkinCode'];
      for (const field of fields) {
        if (again?.[field] !== stored[field]) mismatches.push({ entryId: stored.entryId, field, stored: stored[field], recomputed: again?.[field] ?? null });
      }
    }
    if (recomputed.size !== draw.assignments.length) mismatches.push({ entryId: draw.id, field: 'count', stored: draw.assignments.length, recomputed: recomputed.size });
    return { drawId, matches: mismatches.length === 0, mismatches };
  }

  /** Check-in code → judging code, for the organiser (and the bureau). */
  async mapping(drawId: string): Promise<CodeMapping> {
    const draw = await this.registrations.findDraw(drawId);
    if (!draw) throw new AppError(ErrorCode.NotFound, '抽签记录不存在');
    if (draw.status !== 'drawn') throw new AppError(ErrorCode.InvalidTransition, '本轮尚未抽签');
    return { items: [...draw.assignments].sort((a, b) => a.workstation - b.workstation) };
  }

  private toPublic(draw: DrawEntity, eventStatus: string | null): PublicDraw {
    const codesPublic = draw.codeSeedRevealed || (eventStatus !== null && RESULTS_PUBLIC_STATUSES.includes(eventStatus));
    return {
      id: draw.id,
      eventId: draw.eventId,
      round: draw.round,
      status: draw.status,
      algorithm: draw.algorithm,
      algorithmDescription: `${DRAW_ALGORITHM_DESCRIPTION}\n${TWO_SEED_NOTE}`,
      twoStage: draw.twoStage,
      seedCommitment: draw.seedCommitment,
      seed: draw.seedRevealed ? draw.seed : null,
      codeSeedCommitment: draw.codeSeedCommitment,
      codeSeed: codesPublic ? draw.codeSeed : null,
      entries: draw.entries,
      assignments: [...draw.assignments]
        .sort((a, b) => a.workstation - b.workstation)
        .map((a) => ({ entryId: a.entryId, workstation: a.workstation, checkinCode: a.checkinCode, judgingCode: codesPublic ? a.judgingCode : null })),
      reason: draw.reason,
      committedAt: draw.committedAt.toISOString(),
      drawnAt: draw.drawnAt?.toISOString() ?? null,
    };
  }
}

/**
 * Workstations and check-in codes from the draw seed; judging codes from the code seed (the
 * same algorithm's judging-code stream), so publishing the first seed reveals no judging code.
 */
export function assign(seed: string, codeSeed: string, entryIds: readonly string[], twoStage: boolean): DrawAssignmentRow[] {
  const stations = runDraw({ seedHex: seed, entryIds, twoStage });
  const codes = new Map(runDraw({ seedHex: codeSeed, entryIds, twoStage: false }).assignments.map((a) => [a.entryId, a.judgingCode]));
  return stations.assignments.map((a) => ({ entryId: a.entryId, workstation: a.workstation, checkinCode: a.checkinCode, judgingCode: codes.get(a.entryId) as string }));
}
