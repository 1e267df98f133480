import { AppError, ErrorCode, type ArenaMarkAck, type ArenaMarkSubmit, type ArenaSetupBody, type ArenaState, type ArenaSubscribeReply } from '@dz/contracts';
import { boutOutcome, challengerOrder, checkMarkValue, formatHundredths, playArena, toHundredths } from '@dz/domain';
import { ArenaRepository, AuditRepository, JudgingRepository, TransactionRunner, type ArenaEvent, type ArenaMarkRow, type JudgingEntry, type Tx } from '@dz/persistence';
import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { RequestMeta } from '../auth/auth.types';
import { actorOf, type Principal } from '../auth/principal';
import { aspectInScope, entryInScope, JudgingAccess, recusalOf } from '../judging/judging-access';
import { schemeAspects } from '../judging/scheme.service';
import { ArenaBroadcaster } from './arena.broadcaster';
import { ArenaViews, expectedSlots, sideScore, slotKey } from './arena-views';

const FIRST_HOLDER_TEXT = { qualifying_top: '资格赛第一名', last_champion: '上届冠军' } as const;

/** Where a bout mark came in. */
export interface ArenaMarkMeta extends RequestMeta {
  via: 'socket' | 'http';
}

/** A PostgreSQL unique violation. */
const isUniqueViolation = (error: unknown) => {
  const e = error as { driverError?: { code?: string }; code?: string } | null;
  return (e?.driverError?.code ?? e?.code) === '23505';
};

/**
 * The arena (擂台赛): setup, opening bouts, judges' bout marks and closing a bout with the
 * domain's outcome. Every write takes the arena lock, bumps the arena's seq and writes its audit
 * record in one transaction; the rooms get the new state after the commit.
 */
@Injectable()
export class ArenaService {
  constructor(
    private readonly arena: ArenaRepository,
    private readonly judging: JudgingRepository,
    private readonly audit: AuditRepository,
    private readonly transactions: TransactionRunner,
    private readonly access: JudgingAccess,
    private readonly views: ArenaViews,
    private readonly broadcaster: ArenaBroadcaster,
  ) {}

  private async arenaEvent(eventId: string): Promise<ArenaEvent> {
    const event = await this.views.staffEvent(eventId);
    if (event.format !== 'arena') throw new AppError(ErrorCode.Conflict, '该赛项的赛制不是擂台赛');
    return event;
  }

  /** Under the lock: the event must be running. */
  private async lockRunning(eventId: string, tx: Tx, what: string): Promise<void> {
    const status = await this.arena.lock(eventId, tx);
    if (status !== 'running') throw new AppError(ErrorCode.InvalidTransition, `赛项不在比赛中，不能${what}`);
  }

  async setup(principal: Principal, eventId: string, body: ArenaSetupBody, meta: RequestMeta): Promise<ArenaState> {
    const event = await this.arenaEvent(eventId);
    if (!['registration_closed', 'running'].includes(event.status)) throw new AppError(ErrorCode.InvalidTransition, '擂台赛须在报名截止后、比赛结束前设置');
    if (event.arenaFirstHolder !== null && body.firstHolder.mode !== event.arenaFirstHolder) {
      throw new AppError(ErrorCode.ValidationFailed, `本赛项申报时确定首任擂主为${FIRST_HOLDER_TEXT[event.arenaFirstHolder]}`, [
        { path: 'firstHolder.mode', message: `应为${FIRST_HOLDER_TEXT[event.arenaFirstHolder]}` },
      ]);
    }
    const stages = new Set((await this.judging.eventFor(eventId))?.stages.map((s) => s.name) ?? []);
    if (!stages.has(body.stage)) throw new AppError(ErrorCode.ValidationFailed, `本赛项没有「${body.stage}」阶段`, [{ path: 'stage', message: `现有阶段：${[...stages].join('、')}` }]);
    if (!(await this.judging.scheme(eventId, body.stage))) throw new AppError(ErrorCode.Conflict, `「${body.stage}」阶段尚未设置评分表，擂台赛每场按该评分表评分`);

    const entries = (await this.arena.entries(eventId)).filter((e) => e.judgingCode !== null);
    if (entries.length < 2) throw new AppError(ErrorCode.Conflict, '擂台赛至少需要两名已抽签（有加密编号）的选手');
    const byCode = new Map(entries.map((e) => [e.judgingCode as string, e.id]));
    const codeOf = new Map(entries.map((e) => [e.id, e.judgingCode as string]));

    let holder: string;
    if (body.firstHolder.mode === 'last_champion') {
      const id = byCode.get(body.firstHolder.judgingCode);
      if (!id) throw new AppError(ErrorCode.NotFound, `本赛项没有加密编号为 ${body.firstHolder.judgingCode} 的选手`);
      holder = id;
    } else {
      const qualifying = body.firstHolder.stage;
      if (!stages.has(qualifying)) throw new AppError(ErrorCode.ValidationFailed, `本赛项没有「${qualifying}」阶段`, [{ path: 'firstHolder.stage', message: '请选择资格赛阶段' }]);
      const scores = (await this.arena.stageStanding(eventId, qualifying)).filter((s) => codeOf.has(s.entryId));
      if (scores.length === 0) throw new AppError(ErrorCode.Conflict, `资格赛「${qualifying}」尚无成绩，无法确定首任擂主`);
      const best = Math.max(...scores.map((s) => s.score));
      const top = scores.filter((s) => s.score === best);
      if (top.length > 1) {
        throw new AppError(ErrorCode.Conflict, `资格赛「${qualifying}」并列第一（${top.map((t) => codeOf.get(t.entryId)).join('、')}，${formatHundredths(best)} 分），请先决出首任擂主`);
      }
      holder = top[0].entryId;
    }

    const seed = body.order.mode === 'drawn' ? randomBytes(32).toString('hex') : null;
    let order: string[];
    try {
      if (body.order.mode === 'drawn') {
        order = challengerOrder(holder, { mode: 'drawn', seedHex: seed as string, challengers: entries.map((e) => e.id).filter((id) => id !== holder) });
      } else {
        const unknown = body.order.judgingCodes.filter((c) => !byCode.has(c));
        if (unknown.length > 0) throw new AppError(ErrorCode.ValidationFailed, `本赛项没有这些加密编号的选手：${unknown.join('、')}`, [{ path: 'order.judgingCodes', message: '请核对加密编号' }]);
        order = challengerOrder(holder, { mode: 'set', challengers: body.order.judgingCodes.map((c) => byCode.get(c) as string) });
      }
    } catch (error) {
      if (error instanceof RangeError) throw new AppError(ErrorCode.ValidationFailed, error.message, [{ path: 'order', message: error.message }]);
      throw error;
    }

    await this.transactions.run(async (tx) => {
      const status = await this.arena.lock(eventId, tx);
      if (!['registration_closed', 'running'].includes(status ?? '')) throw new AppError(ErrorCode.InvalidTransition, '擂台赛须在报名截止后、比赛结束前设置');
      if ((await this.arena.bouts(eventId, tx)).length > 0) throw new AppError(ErrorCode.Conflict, '擂台赛已开赛，设置不能再修改');
      await this.arena.saveSetting(
        {
          eventId,
          stage: body.stage,
          tieRule: body.tieRule,
          firstHolderMode: body.firstHolder.mode,
          firstHolderEntryId: holder,
          qualifyingStage: body.firstHolder.mode === 'qualifying_top' ? body.firstHolder.stage : null,
          orderMode: body.order.mode,
          orderSeed: seed,
          challengerEntryIds: order,
        },
        principal.user.id,
        tx,
      );
      await this.audit.append(
        {
          ...actorOf(principal),
          action: 'arena.configured',
          entityType: 'event',
          entityId: eventId,
          detail: { stage: body.stage, tieRule: body.tieRule, firstHolderMode: body.firstHolder.mode, firstHolder: codeOf.get(holder), orderMode: body.order.mode, seed, order: order.map((id) => codeOf.get(id)) },
          ...meta,
        },
        tx,
      );
    });
    this.broadcaster.publish(eventId);
    return this.views.state(eventId, 'staff');
  }

  /** Opens the next bout: the current holder against the next challenger in the order. */
  async openBout(principal: Principal, eventId: string, meta: RequestMeta): Promise<ArenaState> {
    await this.arenaEvent(eventId);
    await this.transactions.run(async (tx) => {
      await this.lockRunning(eventId, tx, '开始新一场');
      const setting = await this.arena.setting(eventId, tx);
      if (!setting) throw new AppError(ErrorCode.Conflict, '尚未设置擂台赛');
      const bouts = await this.arena.bouts(eventId, tx);
      const open = bouts.find((b) => b.status === 'open');
      if (open) throw new AppError(ErrorCode.Conflict, `第 ${open.number} 场尚未判定，不能开始下一场`);
      if (bouts.length >= setting.challengerEntryIds.length) throw new AppError(ErrorCode.Conflict, '所有攻擂者均已上场，擂台赛已结束');
      const { champion: holder } = playArena(
        setting.firstHolderEntryId,
        bouts.map((b) => ({ challenger: b.challengerEntryId, holderScore: b.holderScore ?? 0, challengerScore: b.challengerScore ?? 0 })),
        setting.tieRule,
      );
      const challenger = setting.challengerEntryIds[bouts.length];
      const bout = await this.arena.openBout({ eventId, number: bouts.length + 1, holderEntryId: holder, challengerEntryId: challenger }, principal.user.id, tx);
      await this.arena.bumpSeq(eventId, tx);
      const codes = await this.judging.judgingCodes([holder, challenger], tx);
      await this.audit.append(
        { ...actorOf(principal), action: 'arena.bout_opened', entityType: 'event', entityId: eventId, detail: { bout: bout.number, holder: codes.get(holder), challenger: codes.get(challenger) }, ...meta },
        tx,
      );
    });
    this.broadcaster.publish(eventId);
    return this.views.state(eventId, 'staff');
  }

  /** The ack for a row already stored under the judge's key: the same mark, or a refusal. */
  private replay(stored: ArenaMarkRow, boutNumber: number | null, entryCode: string | null, body: ArenaMarkSubmit): ArenaMarkAck {
    const same = stored.eventId === body.eventId && boutNumber === body.bout && entryCode === body.judgingCode && stored.aspectKey === body.aspectKey && stored.value === toHundredths(body.value);
    if (!same) throw new AppError(ErrorCode.Conflict, '该幂等键已用于另一条评分，每条评分须使用新的幂等键');
    return { markId: stored.id, duplicate: true };
  }

  private async storedAck(stored: ArenaMarkRow, body: ArenaMarkSubmit, tx?: Tx): Promise<ArenaMarkAck> {
    const bouts = await this.arena.bouts(stored.eventId, tx);
    const code = (await this.judging.judgingCodes([stored.entryId], tx)).get(stored.entryId) ?? null;
    return this.replay(stored, bouts.find((b) => b.id === stored.boutId)?.number ?? null, code, body);
  }

  /**
   * A judge's bout mark: assigned to the event, the bout open, the entry one of its two sides and
   * in the judge's scope, not recused, the aspect on the stage's scheme and the value fit for its
   * kind. Stored at most once per (judge, key) and once per (bout, entry, aspect, judge).
   */
  async submitMark(principal: Principal, body: ArenaMarkSubmit, meta: ArenaMarkMeta): Promise<ArenaMarkAck> {
    const judgeUserId = principal.user.id;
    const earlier = await this.arena.markByKey(judgeUserId, body.idempotencyKey);
    if (earlier) return this.storedAck(earlier, body);
    const assignment = await this.access.assignment(principal, body.eventId);
    const hundredths = toHundredths(body.value);
    let ack: ArenaMarkAck;
    try {
      ack = await this.transactions.run(async (tx) => {
        await this.lockRunning(body.eventId, tx, '提交评分');
        const again = await this.arena.markByKey(judgeUserId, body.idempotencyKey, tx);
        if (again) return this.storedAck(again, body, tx);
        const setting = await this.arena.setting(body.eventId, tx);
        if (!setting) throw new AppError(ErrorCode.Conflict, '尚未设置擂台赛');
        const bout = await this.arena.bout(body.eventId, body.bout, tx);
        if (!bout) throw new AppError(ErrorCode.NotFound, `第 ${body.bout} 场不存在`);
        if (bout.status !== 'open') throw new AppError(ErrorCode.Conflict, `第 ${body.bout} 场已判定，不能再评分`);
        const entry = await this.judging.judgingEntryByCode(body.eventId, body.judgingCode, tx);
        if (!entry) throw new AppError(ErrorCode.NotFound, `本赛项的评分名单中没有选手 ${body.judgingCode}`);
        if (entry.id !== bout.holderEntryId && entry.id !== bout.challengerEntryId) {
          throw new AppError(ErrorCode.ValidationFailed, `选手 ${body.judgingCode} 不在第 ${body.bout} 场`, [{ path: 'judgingCode', message: '应为本场擂主或攻擂者的加密编号' }]);
        }
        if (!entryInScope(assignment, entry)) throw new AppError(ErrorCode.Forbidden, `选手 ${body.judgingCode} 不在您的评分范围内`);
        if (!aspectInScope(assignment, body.aspectKey)) throw new AppError(ErrorCode.Forbidden, `评分项「${body.aspectKey}」不在您的评分范围内`);
        const recusal = recusalOf(assignment, entry);
        if (recusal.length > 0) throw new AppError(ErrorCode.Forbidden, `您须回避选手 ${body.judgingCode}：${recusal.join('；')}`);
        const scheme = await this.judging.scheme(body.eventId, setting.stage, tx);
        if (!scheme) throw new AppError(ErrorCode.NotFound, `「${setting.stage}」阶段尚未设置评分表`);
        const aspect = schemeAspects(scheme).find((a) => a.key === body.aspectKey);
        if (!aspect) throw new AppError(ErrorCode.ValidationFailed, `评分表中没有评分项「${body.aspectKey}」`, [{ path: 'aspectKey', message: '评分表中没有该评分项' }]);
        const problem = checkMarkValue(aspect, hundredths);
        if (problem !== null) throw new AppError(ErrorCode.ValidationFailed, `「${aspect.title}」${problem}`, [{ path: 'value', message: problem }]);
        if (await this.arena.markInSlot({ boutId: bout.id, entryId: entry.id, aspectKey: body.aspectKey, judgeUserId }, tx)) {
          throw new AppError(ErrorCode.Conflict, `您已为第 ${body.bout} 场选手 ${body.judgingCode} 的「${aspect.title}」评过分`);
        }
        const row = await this.arena.insertMark(
          { eventId: body.eventId, boutId: bout.id, entryId: entry.id, aspectKey: body.aspectKey, judgeUserId, value: hundredths, idempotencyKey: body.idempotencyKey },
          tx,
        );
        await this.arena.bumpSeq(body.eventId, tx);
        await this.audit.append(
          {
            ...actorOf(principal),
            action: 'arena.mark_submitted',
            entityType: 'event',
            entityId: body.eventId,
            detail: { markId: row.id, bout: body.bout, judgingCode: body.judgingCode, aspectKey: body.aspectKey, value: hundredths, via: meta.via },
            correlationId: meta.correlationId,
            ip: meta.ip,
          },
          tx,
        );
        return { markId: row.id, duplicate: false };
      });
    } catch (error) {
      // The key used at the same moment for another event's mark (whose lock this one did not hold).
      if (!isUniqueViolation(error)) throw error;
      const stored = await this.arena.markByKey(judgeUserId, body.idempotencyKey);
      if (!stored) throw error;
      return this.storedAck(stored, body);
    }
    if (!ack.duplicate) this.broadcaster.publish(body.eventId);
    return ack;
  }

  /** HTTP fallback: the address must name the mark's event. */
  submitOverHttp(principal: Principal, eventId: string, body: ArenaMarkSubmit, meta: RequestMeta): Promise<ArenaMarkAck> {
    if (body.eventId !== eventId) throw new AppError(ErrorCode.ValidationFailed, '评分所属赛项与地址不一致', [{ path: 'eventId', message: '应与地址中的赛项相同' }]);
    return this.submitMark(principal, body, { ...meta, via: 'http' });
  }

  /**
   * Decides an open bout once every expected mark is in (the chief judge or the event's staff):
   * both sides scored on the stage's scheme, the outcome by the tie rule.
   */
  async closeBout(principal: Principal, eventId: string, number: number, meta: RequestMeta): Promise<ArenaState> {
    const event = await this.arenaEvent(eventId);
    if (!this.access.isStaff(principal, event)) await this.access.chief(principal, eventId, '判定擂台赛每场的结果');
    await this.transactions.run(async (tx) => {
      await this.lockRunning(eventId, tx, '判定本场结果');
      const setting = await this.arena.setting(eventId, tx);
      if (!setting) throw new AppError(ErrorCode.Conflict, '尚未设置擂台赛');
      const bout = await this.arena.bout(eventId, number, tx);
      if (!bout) throw new AppError(ErrorCode.NotFound, `第 ${number} 场不存在`);
      if (bout.status !== 'open') throw new AppError(ErrorCode.Conflict, `第 ${number} 场已判定`);
      const scheme = await this.judging.scheme(eventId, setting.stage, tx);
      if (!scheme) throw new AppError(ErrorCode.Conflict, `「${setting.stage}」阶段尚未设置评分表`);
      const sides = (await this.judging.judgingEntries(eventId, {}, tx)).filter((e: JudgingEntry) => e.id === bout.holderEntryId || e.id === bout.challengerEntryId);
      const slots = expectedSlots(scheme, await this.judging.assignments(eventId, tx), sides);
      if (slots.size === 0) throw new AppError(ErrorCode.Conflict, '本场没有应评分的裁判，请先分配裁判');
      const marks = await this.arena.marks(eventId, bout.id, tx);
      const marksIn = marks.filter((m) => slots.has(slotKey(m.judgeUserId, m.entryId, m.aspectKey))).length;
      if (marksIn < slots.size) throw new AppError(ErrorCode.Conflict, `第 ${number} 场还有 ${slots.size - marksIn} 项评分未提交（已交 ${marksIn}/${slots.size}）`);
      const holderScore = sideScore(scheme, marks, bout.holderEntryId);
      const challengerScore = sideScore(scheme, marks, bout.challengerEntryId);
      const outcome = boutOutcome(holderScore, challengerScore, setting.tieRule);
      await this.arena.decideBout(bout.id, { holderScore, challengerScore, outcome }, principal.user.id, tx);
      await this.arena.bumpSeq(eventId, tx);
      const codes = await this.judging.judgingCodes([bout.holderEntryId, bout.challengerEntryId], tx);
      await this.audit.append(
        {
          ...actorOf(principal),
          action: 'arena.bout_decided',
          entityType: 'event',
          entityId: eventId,
          detail: { bout: number, holder: codes.get(bout.holderEntryId), challenger: codes.get(bout.challengerEntryId), holderScore, challengerScore, outcome, tieRule: setting.tieRule },
          ...meta,
        },
        tx,
      );
    });
    this.broadcaster.publish(eventId);
    return this.views.state(eventId, 'staff');
  }

  /** A room's subscription: the state, or none when the client already holds the current seq. */
  async subscribe(eventId: string, room: 'public' | 'staff', since: number | undefined): Promise<ArenaSubscribeReply> {
    const state = await this.views.state(eventId, room);
    return { seq: state.seq, state: since === state.seq ? null : state };
  }
}
