import {
  AppError,
  ErrorCode,
  type ApproveCorrectionBody,
  type CorrectionBody,
  type CorrectionView,
  type JudgeSheet,
  type MarkBoard,
  type RejectCorrectionBody,
  type SignoffBody,
  type SignoffView,
  type StageTimeBody,
  type StageTimeView,
} from '@dz/contracts';
import { aspectScore, effectiveMarks, isScoredAspect, judgementSpread, toHundredths, type EffectiveMark as DomainEffectiveMark } from '@dz/domain';
import {
  AuditRepository,
  JudgingRepository,
  StandingsRepository,
  ResultsRepository,
  TransactionRunner,
  type JudgingEntry,
  type JudgingEvent,
  type StoredMark,
  type StoredScheme,
  type Tx,
} from '@dz/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { RequestMeta } from '../auth/auth.types';
import type { Principal } from '../auth/principal';
import { StandingsBroadcaster } from '../standings/standings.broadcaster';
import { aspectInScope, entryInScope, JudgingAccess, recusalOf } from './judging-access';
import { MarkService, markRow } from './mark.service';
import { schemeAspects } from './scheme.service';

/** Event states in which the chief judge signs off. */
const SIGNABLE = ['running', 'scoring_closed'];
/** Event states in which a mark may be corrected (appeals run while results are under notice). */
const CORRECTABLE = ['running', 'scoring_closed', 'under_notice'];

type Aspect = ReturnType<typeof schemeAspects>[number];
type EffectiveMark = DomainEffectiveMark<StoredMark>;

interface Cell {
  aspectKey: string;
  marks: EffectiveMark[];
  spread: number | null;
  flagged: boolean;
  combined: number | null;
}

/** One entry's marks on one stage, aspect by aspect, with judgement spreads flagged. */
function cellsOf(aspects: readonly Aspect[], method: StoredScheme['method'], marks: readonly EffectiveMark[]): Cell[] {
  return aspects.map((aspect) => {
    const own = marks.filter((m) => m.original.aspectKey === aspect.key);
    const values = own.map((m) => ({ judgeId: m.original.judgeUserId, aspectKey: aspect.key, value: m.effective }));
    const spread = aspect.kind === 'judgement' ? judgementSpread(values) : null;
    return {
      aspectKey: aspect.key,
      marks: own,
      spread: spread && spread.min !== null && spread.max !== null ? spread.max - spread.min : null,
      flagged: spread?.flagged ?? false,
      combined: aspectScore(aspect, values, method),
    };
  });
}

/**
 * What judges and the chief judge (裁判长) do with marks once they are in: the judge's own
 * sheet, the chief's board with judges side by side, sign-off, and corrections that count only
 * once the chief approves them. Every change is a new row in the chain, never an update.
 */
@Injectable()
export class ReviewService {
  constructor(
    private readonly judging: JudgingRepository,
    private readonly access: JudgingAccess,
    private readonly marks: MarkService,
    private readonly audit: AuditRepository,
    private readonly transactions: TransactionRunner,
    private readonly standings: StandingsRepository,
    private readonly broadcaster: StandingsBroadcaster,
    private readonly results: ResultsRepository,
  ) {}

  /** The stage asked for, else the first of the event's stages that has a scheme. */
  private async schemeFor(event: JudgingEvent, stage: string | undefined): Promise<{ scheme: StoredScheme; stages: string[] }> {
    const schemes = await this.judging.schemes(event.id);
    const order = event.stages.map((s) => s.name);
    const stages = schemes.map((s) => s.stage).sort((a, b) => order.indexOf(a) - order.indexOf(b));
    const name = stage ?? stages[0];
    const scheme = schemes.find((s) => s.stage === name);
    if (!scheme) throw new AppError(ErrorCode.NotFound, name ? `「${name}」阶段尚未设置评分表` : '该赛项尚未设置评分表');
    return { scheme, stages };
  }

  /** The approved entry with this judging code (404 when the event's list has none). */
  private async codedEntry(eventId: string, judgingCode: string): Promise<JudgingEntry & { judgingCode: string }> {
    const entry = await this.judging.judgingEntryByCode(eventId, judgingCode);
    if (!entry || entry.judgingCode === null) throw new AppError(ErrorCode.NotFound, `本赛项的评分名单中没有选手 ${judgingCode}`);
    return { ...entry, judgingCode: entry.judgingCode };
  }

  /** The judge's own sheet: entries by judging code only, aspects with maxima, their marks. */
  async sheet(principal: Principal, eventId: string, stage: string | undefined): Promise<JudgeSheet> {
    const event = await this.access.event(eventId);
    const assignment = await this.access.assignment(principal, eventId);
    const { scheme, stages } = await this.schemeFor(event, stage);
    const aspects = schemeAspects(scheme);
    const [entries, rows, signoffs] = await Promise.all([
      this.judging.judgingEntries(eventId),
      this.judging.marks(eventId, { stage: scheme.stage }),
      this.judging.signoffs(eventId, scheme.stage),
    ]);
    const signed = new Set(signoffs.map((s) => s.entryId));
    const mine = [...effectiveMarks(rows).values()].filter((m) => m.original.judgeUserId === principal.user.id);
    return {
      eventId,
      eventTitle: event.title,
      eventStatus: event.status,
      stage: scheme.stage,
      stages,
      role: assignment.role,
      method: scheme.method,
      aspects: aspects.map((a) => ({ key: a.key, title: a.title, kind: a.kind, maxMarks: a.maxMarks, sectionTitles: a.sectionTitles, assigned: aspectInScope(assignment, a.key) })),
      entries: entries
        // Only entries with a judging code: without the draw there is no anonymous code to show.
        .filter((e): e is JudgingEntry & { judgingCode: string } => e.judgingCode !== null && entryInScope(assignment, e))
        .map((e) => {
          const reasons = recusalOf(assignment, e);
          return {
            judgingCode: e.judgingCode,
            signedOff: signed.has(e.id),
            recused: reasons.length > 0,
            recusalReasons: reasons,
            marks: mine
              .filter((m) => m.original.entryId === e.id)
              .map((m) => ({
                aspectKey: m.original.aspectKey,
                markId: m.original.id,
                seq: m.original.seq,
                submitted: m.original.value,
                effective: m.effective,
                corrected: m.corrected,
                pendingCorrection: m.pending ? { markId: m.pending.id, value: m.pending.value, reason: m.pending.reason } : null,
              })),
          };
        }),
    };
  }

  /** The chief judge's (or staff's) board: every judge's marks side by side, spreads flagged. */
  async board(principal: Principal, eventId: string, stage: string | undefined): Promise<MarkBoard> {
    const event = await this.access.event(eventId);
    await this.access.viewer(principal, event, { chiefOnly: true, what: '查看评分汇总' });
    const { scheme } = await this.schemeFor(event, stage);
    const aspects = schemeAspects(scheme);
    const [entries, rows, signoffs, assignments, times] = await Promise.all([
      this.judging.judgingEntries(eventId),
      this.judging.marks(eventId, { stage: scheme.stage }),
      this.judging.signoffs(eventId, scheme.stage),
      this.judging.assignments(eventId),
      this.judging.stageTimes(eventId, scheme.stage),
    ]);
    const signed = new Set(signoffs.map((s) => s.entryId));
    const effective = [...effectiveMarks(rows).values()];
    return {
      eventId,
      stage: scheme.stage,
      method: scheme.method,
      aspects: aspects.map((a) => ({ key: a.key, title: a.title, kind: a.kind, maxMarks: a.maxMarks, sectionTitles: a.sectionTitles })),
      judges: assignments.map((a) => ({ userId: a.judgeUserId, name: a.judgeName, role: a.role })),
      entries: entries
        .filter((e): e is JudgingEntry & { judgingCode: string } => e.judgingCode !== null)
        .map((e) => {
          const marks = effective.filter((m) => m.original.entryId === e.id);
          const cells = cellsOf(aspects, scheme.method, marks);
          return {
            judgingCode: e.judgingCode,
            signedOff: signed.has(e.id),
            flagged: cells.some((c) => c.flagged),
            pendingCorrections: marks.filter((m) => m.pending !== null).length,
            timeUsed: times.get(e.id) ?? null,
            cells: cells.map((c) => ({
              aspectKey: c.aspectKey,
              marks: c.marks.map((m) => ({ judgeUserId: m.original.judgeUserId, markId: m.original.id, effective: m.effective, corrected: m.corrected, pending: m.pending !== null })),
              spread: c.spread,
              flagged: c.flagged,
              combined: c.combined,
            })),
          };
        }),
    };
  }

  /**
   * The chief judge signs off one entry's stage: refused while a judgement spread is flagged,
   * a scored aspect has no mark, or a correction awaits a decision. Under the mark lock, so no
   * mark arrives between the check and the sign-off.
   */
  async signoff(principal: Principal, eventId: string, body: SignoffBody, meta: RequestMeta): Promise<SignoffView> {
    const event = await this.access.event(eventId);
    await this.access.chief(principal, eventId, '签核评分');
    if (!SIGNABLE.includes(event.status)) throw new AppError(ErrorCode.InvalidTransition, '赛项不在比赛或评分阶段，不能签核');
    const entry = await this.codedEntry(eventId, body.judgingCode);
    const entryId = entry.id;
    const scheme = await this.judging.scheme(eventId, body.stage);
    if (!scheme) throw new AppError(ErrorCode.NotFound, `「${body.stage}」阶段尚未设置评分表`);
    const aspects = schemeAspects(scheme);
    const saved = await this.transactions.run(async (tx) => {
      await this.judging.lockForMarks(eventId, tx);
      if (await this.judging.signoff(eventId, entryId, body.stage, tx)) throw new AppError(ErrorCode.Conflict, `选手 ${entry.judgingCode} 的「${body.stage}」评分已签核`);
      const marks = [...effectiveMarks(await this.judging.marks(eventId, { entryId: entryId, stage: body.stage }, tx)).values()];
      const cells = cellsOf(aspects, scheme.method, marks);
      const flagged = cells.filter((c) => c.flagged).map((c) => c.aspectKey);
      if (flagged.length > 0) {
        throw new AppError(ErrorCode.Conflict, `以下评价项裁判打分相差超过 1 分，须先核查更正：${flagged.join('、')}`);
      }
      const missing = aspects.filter((a) => isScoredAspect(a) && !marks.some((m) => m.original.aspectKey === a.key)).map((a) => a.key);
      if (missing.length > 0) throw new AppError(ErrorCode.Conflict, `以下评分项尚无评分：${missing.join('、')}`);
      const pending = marks.filter((m) => m.pending !== null).length;
      if (pending > 0) throw new AppError(ErrorCode.Conflict, `有 ${pending} 条更正尚待裁判长处理`);
      const row = await this.judging.addSignoff({ eventId, entryId: entryId, stage: body.stage, chiefUserId: principal.user.id }, tx);
      await this.audit.append(
        {
          actorUserId: principal.user.id,
          actorRoles: principal.roles,
          action: 'marks.signed_off',
          entityType: 'signoff',
          entityId: row.id,
          detail: { eventId, entryId: entryId, stage: body.stage, marks: marks.length },
          ...meta,
        },
        tx,
      );
      // The staff board shows the sign-off: one delta of the feed, in this transaction.
      return { row, delta: await this.standings.record(eventId, [entryId], 'signoff', tx) };
    });
    this.broadcaster.publish(eventId, saved.delta);
    return { id: saved.row.id, eventId, judgingCode: entry.judgingCode, stage: saved.row.stage, chiefUserId: saved.row.chiefUserId, at: saved.row.at.toISOString() };
  }

  /**
   * The chief judge records how long an entry took on a stage (用时), for the tie-break "less
   * time used"; recording again replaces it, until the stage is signed off. Under the mark lock,
   * with its audit record (the time it replaced, if any) and the entry's standings row.
   */
  async recordTime(principal: Principal, eventId: string, body: StageTimeBody, meta: RequestMeta): Promise<StageTimeView> {
    await this.access.chief(principal, eventId, '记录用时');
    const event = await this.access.eventWithStage(eventId, body.stage);
    if (!SIGNABLE.includes(event.status)) throw new AppError(ErrorCode.InvalidTransition, '赛项不在比赛或评分阶段，不能记录用时');
    const entry = await this.codedEntry(eventId, body.judgingCode);
    const entryId = entry.id;
    const saved = await this.transactions.run(async (tx) => {
      await this.judging.lockForMarks(eventId, tx);
      if (await this.judging.signoff(eventId, entryId, body.stage, tx)) {
        throw new AppError(ErrorCode.Conflict, `选手 ${entry.judgingCode} 的「${body.stage}」评分已签核，用时不能再修改`);
      }
      const { row, previous } = await this.judging.saveStageTime({ eventId, entryId, stage: body.stage, seconds: body.seconds, recordedBy: principal.user.id }, tx);
      await this.audit.append(
        {
          actorUserId: principal.user.id,
          actorRoles: principal.roles,
          action: 'marks.time_recorded',
          entityType: 'entry',
          entityId: entryId,
          detail: { eventId, stage: body.stage, seconds: body.seconds, previous },
          ...meta,
        },
        tx,
      );
      return { row, delta: await this.standings.record(eventId, [entryId], 'time', tx) };
    });
    this.broadcaster.publish(eventId, saved.delta);
    const { row } = saved;
    return { eventId, judgingCode: entry.judgingCode, stage: row.stage, seconds: row.seconds, recordedBy: row.recordedBy, recordedAt: row.recordedAt.toISOString() };
  }

  /**
   * A correction: a new row referring to the original mark, with a reason. The mark's own judge
   * or the chief judge proposes it; it counts once the chief approves.
   */
  async propose(principal: Principal, eventId: string, body: CorrectionBody, meta: RequestMeta): Promise<CorrectionView> {
    const event = await this.access.event(eventId);
    const assignment = await this.access.assignment(principal, eventId);
    if (!CORRECTABLE.includes(event.status)) throw new AppError(ErrorCode.InvalidTransition, '赛项当前不能更正评分');
    const target = await this.judging.findMark(body.markId);
    if (!target || target.eventId !== eventId) throw new AppError(ErrorCode.NotFound, '评分记录不存在');
    const original = target.kind === 'original' ? target : target.kind === 'correction' && target.refersTo ? await this.judging.findMark(target.refersTo) : null;
    if (!original) throw new AppError(ErrorCode.ValidationFailed, '只能更正评分，不能更正审批记录', [{ path: 'markId', message: '请选择一条评分' }]);
    if (original.judgeUserId !== principal.user.id && assignment.role !== 'chief') {
      throw new AppError(ErrorCode.Forbidden, '只能更正本人的评分（裁判长除外）');
    }
    // During the notice period (成绩公示) a mark changes only for an upheld appeal about its entry.
    if (event.status === 'under_notice') {
      if (!body.appealId) throw new AppError(ErrorCode.ValidationFailed, '成绩公示期间只能依据成立的申诉更正评分', [{ path: 'appealId', message: '请选择成立的申诉' }]);
      if (!(await this.results.upheldAppealFor(body.appealId, eventId, original.entryId))) {
        throw new AppError(ErrorCode.Forbidden, '该申诉未成立或与该选手无关，不能据此更正评分');
      }
    }
    const hundredths = toHundredths(body.value);
    await this.marks.checkMarkable(principal, original, hundredths, { forCorrection: true });
    const key = body.idempotencyKey ?? randomUUID();
    const saved = await this.transactions.run(async (tx) => {
      await this.judging.lockForMarks(eventId, tx);
      const again = await this.judging.markByKey(principal.user.id, key, tx);
      if (again) {
        if (again.kind !== 'correction' || again.refersTo !== original.id || again.value !== hundredths) {
          throw new AppError(ErrorCode.Conflict, '该幂等键已用于另一条记录，每条更正须使用新的幂等键');
        }
        return again;
      }
      const current = effectiveMarks(await this.judging.marks(eventId, { entryId: original.entryId, stage: original.stage }, tx)).get(original.id);
      if (current?.pending) throw new AppError(ErrorCode.Conflict, '该评分已有一条更正待裁判长处理');
      if (current?.effective === hundredths) {
        throw new AppError(ErrorCode.ValidationFailed, '更正后的分值与现行分值相同', [{ path: 'value', message: '分值没有变化' }]);
      }
      return this.append(
        principal,
        {
          ...original,
          judgeUserId: principal.user.id,
          value: hundredths,
          kind: 'correction',
          refersTo: original.id,
          reason: body.appealId ? `${body.reason}（依据申诉 ${body.appealId}）` : body.reason,
          idempotencyKey: key,
        },
        'mark.correction_proposed',
        meta,
        tx,
      );
    });
    return this.correctionView(saved);
  }

  /** The chief judge approves (the correction counts from now) or rejects a correction. */
  async decide(
    principal: Principal,
    correctionId: string,
    decision: { approve: true; body: ApproveCorrectionBody } | { approve: false; body: RejectCorrectionBody },
    meta: RequestMeta,
  ): Promise<CorrectionView> {
    const correction = await this.judging.findMark(correctionId);
    if (!correction || correction.kind !== 'correction') throw new AppError(ErrorCode.NotFound, '更正申请不存在');
    await this.access.chief(principal, correction.eventId, decision.approve ? '批准更正' : '驳回更正');
    const event = await this.access.event(correction.eventId);
    if (!CORRECTABLE.includes(event.status)) throw new AppError(ErrorCode.InvalidTransition, '赛项当前不能更正评分');
    const saved = await this.transactions.run(async (tx) => {
      await this.judging.lockForMarks(correction.eventId, tx);
      const rows = await this.judging.marks(correction.eventId, { entryId: correction.entryId, stage: correction.stage }, tx);
      if (rows.some((r) => r.refersTo === correction.id && (r.kind === 'correction_approval' || r.kind === 'correction_rejection'))) {
        throw new AppError(ErrorCode.Conflict, '该更正已处理');
      }
      const row = await this.append(
        principal,
        {
          ...correction,
          judgeUserId: principal.user.id,
          kind: decision.approve ? 'correction_approval' : 'correction_rejection',
          refersTo: correction.id,
          reason: decision.approve ? (decision.body.note ?? null) : decision.body.reason,
          idempotencyKey: randomUUID(),
        },
        decision.approve ? 'mark.correction_approved' : 'mark.correction_rejected',
        meta,
        tx,
      );
      // An approved correction moves the standings (a rejected one changes nothing, so no delta).
      return { row, delta: decision.approve ? await this.standings.record(correction.eventId, [correction.entryId], 'correction', tx) : null };
    });
    this.broadcaster.publish(correction.eventId, saved.delta);
    return this.correctionView(saved.row);
  }

  private async append(principal: Principal, mark: StoredMark, action: string, meta: RequestMeta, tx: Tx): Promise<StoredMark> {
    const { eventId, entryId, stage, aspectKey, judgeUserId, value, kind, refersTo, reason, idempotencyKey } = mark;
    const [saved] = await this.judging.appendMarks(
      [{ eventId, entryId, stage, aspectKey, judgeUserId, value, kind, refersTo, reason, idempotencyKey }],
      await this.judging.chainTip(eventId, tx),
      [{ action, actorRoles: principal.roles, detail: { refersTo, reason }, correlationId: meta.correlationId, ip: meta.ip }],
      tx,
    );
    return saved;
  }

  private async correctionView(row: StoredMark): Promise<CorrectionView> {
    const rows = await this.judging.marks(row.eventId, { entryId: row.entryId, stage: row.stage });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const correction = row.kind === 'correction' ? row : row.refersTo ? byId.get(row.refersTo) : undefined;
    const effective = correction?.refersTo ? (effectiveMarks(rows).get(correction.refersTo)?.effective ?? null) : null;
    const [codes, names] = await Promise.all([this.judging.judgingCodes([row.entryId]), this.judging.userNames([row.judgeUserId])]);
    return { row: markRow(row, codes, names), effective };
  }
}
