import { AppError, ErrorCode, type ChainVerification, type MarkAck, type MarkHistory, type MarkHistoryQuery, type MarkRow, type MarkSubmit } from '@dz/contracts';
import { checkMarkValue, originalIdOf, toHundredths, verifyChain, type SchemeAspect } from '@dz/domain';
import { chainRowOf, JudgingRepository, StandingsRepository, TransactionRunner, type AssignmentRow, type JudgingEntry, type StoredMark, type StoredScheme } from '@dz/persistence';
import { Injectable } from '@nestjs/common';
import type { RequestMeta } from '../auth/auth.types';
import type { Principal } from '../auth/principal';
import { StandingsBroadcaster } from '../standings/standings.broadcaster';
import { MarkAppender } from './mark-appender';
import { aspectInScope, entryInScope, JudgingAccess, recusalOf } from './judging-access';
import { schemeAspects } from './scheme.service';

/** Where a mark came in: the socket, or the HTTP fallback when the socket is down. */
export interface MarkMeta extends RequestMeta {
  via: 'socket' | 'http';
}

const CHAIN_REASONS = {
  link: '与前一条记录的哈希不相接（记录被删除、插入或调换）',
  hash: '记录内容与其哈希不符（记录被改动）',
  seq: '序号不连续（记录被删除或插入）',
  tail: '审计日志中登记的评分记录已不在评分表中（链尾记录被删除）',
} as const;

/** A scheme's aspects by key, worked out once per scheme object (a batch of marks shares one). */
const aspectCache = new WeakMap<StoredScheme, Map<string, SchemeAspect>>();
function aspectsOf(scheme: StoredScheme): Map<string, SchemeAspect> {
  let aspects = aspectCache.get(scheme);
  if (!aspects) {
    aspects = new Map(schemeAspects(scheme).map((a) => [a.key, a]));
    aspectCache.set(scheme, aspects);
  }
  return aspects;
}

/** A PostgreSQL unique violation, with the constraint it hit. */
function uniqueViolation(error: unknown): string | null {
  const e = error as { driverError?: { code?: string; constraint?: string }; code?: string; constraint?: string } | null;
  const code = e?.driverError?.code ?? e?.code;
  return code === '23505' ? (e?.driverError?.constraint ?? e?.constraint ?? '') : null;
}

export function markRow(mark: StoredMark, codes: ReadonlyMap<string, string | null>, names: ReadonlyMap<string, string>): MarkRow {
  return {
    id: mark.id,
    seq: mark.seq,
    judgingCode: codes.get(mark.entryId) ?? null,
    stage: mark.stage,
    aspectKey: mark.aspectKey,
    judgeUserId: mark.judgeUserId,
    judgeName: names.get(mark.judgeUserId) ?? '',
    value: mark.value,
    kind: mark.kind,
    refersTo: mark.refersTo,
    reason: mark.reason,
    createdAt: mark.createdAt.toISOString(),
    prevHash: mark.prevHash,
    hash: mark.hash,
  };
}

/**
 * Marks (评分): stored at most once per (judge, idempotency key), one original per judge and
 * aspect, appended to the event's hash chain under its lock, each with its audit record in the
 * same transaction. The socket gateway and the HTTP fallback share `submit`.
 */
@Injectable()
export class MarkService {
  /** Marks of one event wait here, not on pooled connections, and go into the chain in batches. */
  private readonly appender: MarkAppender;
  /** Marks on their way, by judge and key: a resend meanwhile waits for the same answer. */
  private readonly inflight = new Map<string, { body: MarkSubmit; ack: Promise<MarkAck> }>();

  constructor(
    private readonly judging: JudgingRepository,
    private readonly access: JudgingAccess,
    transactions: TransactionRunner,
    standings: StandingsRepository,
    broadcaster: StandingsBroadcaster,
  ) {
    this.appender = new MarkAppender(judging, transactions, standings, (eventId, delta) => broadcaster.publish(eventId, delta));
  }

  /**
   * Checks that a judge may put `hundredths` on the aspect of the entry now: assigned, in scope,
   * not recused, the stage's scheme has the aspect and the value suits its kind. The entry is
   * named by id (a stored mark's) or by judging code (a judge's message). Returns the assignment,
   * aspect and entry; throws an AppError with the reason in Chinese.
   */
  async checkMarkable(
    principal: Principal,
    m: { eventId: string; stage: string; aspectKey: string } & ({ entryId: string } | { judgingCode: string }),
    hundredths: number,
    options: { forCorrection: boolean },
  ): Promise<{ assignment: AssignmentRow; aspect: SchemeAspect; entry: JudgingEntry & { judgingCode: string } }> {
    const assignment = await this.access.assignment(principal, m.eventId);
    const entry = 'entryId' in m
      ? (await this.judging.judgingEntries(m.eventId, { entryId: m.entryId }))[0]
      : await this.judging.judgingEntryByCode(m.eventId, m.judgingCode);
    const scheme = await this.judging.scheme(m.eventId, m.stage);
    return this.checkAgainst({ assignment, entry: entry ?? null, scheme }, m, hundredths, options);
  }

  /** checkMarkable on what has been read already (for a new mark, by its batch under the lock). */
  private checkAgainst(
    context: { assignment: AssignmentRow; entry: JudgingEntry | null; scheme: StoredScheme | null },
    m: { stage: string; aspectKey: string } & ({ entryId: string } | { judgingCode: string }),
    hundredths: number,
    options: { forCorrection: boolean },
  ): { assignment: AssignmentRow; aspect: SchemeAspect; entry: JudgingEntry & { judgingCode: string } } {
    const { assignment, entry, scheme } = context;
    if (!entry || entry.judgingCode === null) {
      throw new AppError(ErrorCode.NotFound, 'judgingCode' in m ? `本赛项的评分名单中没有选手 ${m.judgingCode}` : '该选手不在本赛项的评分名单中');
    }
    const canCorrectOthers = options.forCorrection && assignment.role === 'chief';
    if (!canCorrectOthers) {
      if (!entryInScope(assignment, entry)) throw new AppError(ErrorCode.Forbidden, `选手 ${entry.judgingCode} 不在您的评分范围内`);
      if (!aspectInScope(assignment, m.aspectKey)) throw new AppError(ErrorCode.Forbidden, `评分项「${m.aspectKey}」不在您的评分范围内`);
    }
    const recusal = recusalOf(assignment, entry);
    if (recusal.length > 0) throw new AppError(ErrorCode.Forbidden, `您须回避选手 ${entry.judgingCode}：${recusal.join('；')}`);
    if (!scheme) throw new AppError(ErrorCode.NotFound, `「${m.stage}」阶段尚未设置评分表`);
    const aspect = aspectsOf(scheme).get(m.aspectKey);
    if (!aspect) {
      throw new AppError(ErrorCode.ValidationFailed, `评分表中没有评分项「${m.aspectKey}」`, [{ path: 'aspectKey', message: '评分表中没有该评分项' }]);
    }
    const problem = checkMarkValue(aspect, hundredths);
    if (problem !== null) throw new AppError(ErrorCode.ValidationFailed, `「${aspect.title}」${problem}`, [{ path: 'value', message: problem }]);
    return { assignment, aspect, entry: { ...entry, judgingCode: entry.judgingCode } };
  }

  /**
   * A stored row answering a resend: the same mark (duplicate) or, for another mark, a refusal.
   * `storedCode` is the judging code of the stored row's entry.
   */
  private replay(
    stored: Pick<StoredMark, 'id' | 'seq' | 'kind' | 'eventId' | 'stage' | 'aspectKey' | 'value'>,
    storedCode: string | null,
    body: MarkSubmit,
    hundredths: number,
  ): MarkAck {
    const same =
      stored.kind === 'original' &&
      stored.eventId === body.eventId &&
      storedCode === body.judgingCode &&
      stored.stage === body.stage &&
      stored.aspectKey === body.aspectKey &&
      stored.value === hundredths;
    if (!same) throw new AppError(ErrorCode.Conflict, '该幂等键已用于另一条评分，每条评分须使用新的幂等键');
    return { markId: stored.id, seq: stored.seq, duplicate: true };
  }

  /** POST /events/:id/marks: the socket's message over HTTP; the address must name the mark's event. */
  submitOverHttp(principal: Principal, eventId: string, body: MarkSubmit, meta: RequestMeta): Promise<MarkAck> {
    if (body.eventId !== eventId) {
      throw new AppError(ErrorCode.ValidationFailed, '评分所属赛项与地址不一致', [{ path: 'eventId', message: '应与地址中的赛项相同' }]);
    }
    return this.submit(principal, body, { ...meta, via: 'http' });
  }

  async submit(principal: Principal, body: MarkSubmit, meta: MarkMeta): Promise<MarkAck> {
    const judgeUserId = principal.user.id;
    const hundredths = toHundredths(body.value);
    // A resend while the first copy is still on its way joins it (no second trip through the
    // checks and the queue); it answers as the resend it is.
    const key = `${judgeUserId}|${body.idempotencyKey}`;
    const inflight = this.inflight.get(key);
    if (inflight) {
      const first = await inflight.ack;
      const { body: was } = inflight;
      return this.replay({ ...was, kind: 'original', value: toHundredths(was.value), id: first.markId, seq: first.seq }, was.judgingCode, body, hundredths);
    }
    const ack = this.store(principal, body, hundredths, meta);
    this.inflight.set(key, { body, ack });
    try {
      return await ack;
    } finally {
      this.inflight.delete(key);
    }
  }

  /** The stored row under the judge's key, if any, with the judging code of its entry. */
  private async storedUnder(judgeUserId: string, idempotencyKey: string): Promise<{ row: StoredMark; code: string | null } | null> {
    const row = await this.judging.markByKey(judgeUserId, idempotencyKey);
    if (!row) return null;
    return { row, code: (await this.judging.judgingCodes([row.entryId])).get(row.entryId) ?? null };
  }

  private async store(principal: Principal, body: MarkSubmit, hundredths: number, meta: MarkMeta): Promise<MarkAck> {
    const judgeUserId = principal.user.id;
    try {
      // Checked in its batch, against what the batch reads under the event's lock in one
      // statement; a resend of a stored mark is answered first, whatever has happened since.
      return await this.appender.append({
        eventId: body.eventId,
        submission: { judgeUserId, idempotencyKey: body.idempotencyKey, judgingCode: body.judgingCode, stage: body.stage, aspectKey: body.aspectKey },
        audit: { action: 'mark.submitted', actorRoles: principal.roles, detail: { via: meta.via }, correlationId: meta.correlationId, ip: meta.ip },
        check: (state) => {
          // As JudgingAccess.assignment: without a judge role or an assignment, the event is not theirs.
          if (!principal.roles.includes('judge') || !state.assignment) throw new AppError(ErrorCode.NotFound, '您未被分配到该赛项的评分工作');
          const { entry } = this.checkAgainst({ ...state, assignment: state.assignment }, body, hundredths, { forCorrection: false });
          return {
            eventId: body.eventId,
            entryId: entry.id,
            stage: body.stage,
            aspectKey: body.aspectKey,
            judgeUserId,
            value: hundredths,
            kind: 'original',
            refersTo: null,
            reason: null,
            idempotencyKey: body.idempotencyKey,
          };
        },
        replay: (row, code) => this.replay(row, code, body, hundredths),
      });
    } catch (error) {
      const constraint = uniqueViolation(error);
      if (constraint === null) throw error;
      // The database's own guards, should two requests slip past the checks (another replica,
      // or the key used for another event at the same moment).
      const again = await this.storedUnder(judgeUserId, body.idempotencyKey);
      if (again) return this.replay(again.row, again.code, body, hundredths);
      if (constraint === 'uq_mark_original') throw new AppError(ErrorCode.Conflict, '已提交，修改须走更正流程');
      throw error;
    }
  }

  /**
   * Every row of the event (optionally of one entry or stage), in chain order. Staff and the
   * chief judge see all; a judge sees the rows about their own marks.
   */
  async history(principal: Principal, eventId: string, query: MarkHistoryQuery): Promise<MarkHistory> {
    const event = await this.access.event(eventId);
    const viewer = await this.access.viewer(principal, event, { chiefOnly: false, what: '查看评分记录' });
    let entryId: string | undefined;
    if (query.judgingCode !== undefined) {
      const entry = await this.judging.judgingEntryByCode(eventId, query.judgingCode);
      if (!entry) throw new AppError(ErrorCode.NotFound, `本赛项的评分名单中没有选手 ${query.judgingCode}`);
      entryId = entry.id;
    }
    let rows = await this.judging.marks(eventId, { entryId, stage: query.stage });
    if (viewer.kind === 'judge' && viewer.assignment.role !== 'chief') {
      const byId = new Map(rows.map((r) => [r.id, r]));
      const own = new Set(rows.filter((r) => r.kind === 'original' && r.judgeUserId === principal.user.id).map((r) => r.id));
      rows = rows.filter((r) => r.judgeUserId === principal.user.id || own.has(originalIdOf(r, byId) ?? ''));
    }
    const [codes, names] = await Promise.all([
      this.judging.judgingCodes([...new Set(rows.map((r) => r.entryId))]),
      this.judging.userNames([...new Set(rows.map((r) => r.judgeUserId))]),
    ]);
    return { items: rows.map((r) => markRow(r, codes, names)) };
  }

  /**
   * Re-checks the event's chain (libs/domain verifyChain): each row's hash against its content
   * and the previous row's hash, seq without gaps, and the audit log's record of the last
   * mark, so a deleted tail shows too. Names the first row that fails.
   */
  async verify(principal: Principal, eventId: string): Promise<ChainVerification> {
    const event = await this.access.event(eventId);
    await this.access.viewer(principal, event, { chiefOnly: true, auditor: true, what: '核验评分链' });
    const rows = await this.judging.marks(eventId);
    const gap = rows.findIndex((r, i) => r.seq !== i + 1);
    const chain = verifyChain(rows.map(chainRowOf));
    const broken = chain.ok ? gap : gap === -1 ? chain.brokenAt : Math.min(gap, chain.brokenAt);
    if (broken !== -1) {
      const row = rows[broken];
      const reason = !chain.ok && chain.brokenAt === broken ? CHAIN_REASONS[chain.reason] : CHAIN_REASONS.seq;
      return { ok: false, checked: rows.length, brokenAt: { seq: row.seq, markId: row.id, reason } };
    }
    const missing = await this.judging.auditedMarkAfter(eventId, rows.at(-1)?.seq ?? 0);
    if (missing) return { ok: false, checked: rows.length, brokenAt: { seq: missing.seq, markId: missing.markId, reason: CHAIN_REASONS.tail } };
    return { ok: true, checked: rows.length };
  }
}
