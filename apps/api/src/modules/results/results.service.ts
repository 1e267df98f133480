import {
  AppError,
  APPEAL_FILE_TYPES,
  ErrorCode,
  MAX_APPEAL_FILE_BYTES,
  MAX_APPEAL_FILES,
  SERIES_LABELS,
  SKILL_LEVEL_LABELS,
  type AppealDecisionBody,
  type AppealView,
  type ComputeResultsBody,
  type DisqualifyBody,
  type EventStatus,
  type FileAppealBody,
  type FinaliseResultsBody,
  type OpenNoticeBody,
  type PublicResults,
  type ResultsJobView,
  type ResultsOverview,
  type ResultVersionView,
  type Series,
} from '@dz/contracts';
import { maskName } from '@dz/domain';
import {
  AuditRepository,
  computeLoaded,
  InboxRepository,
  JudgingRepository,
  ResultsRepository,
  TransactionRunner,
  type AppealRecord,
  type NoticeRecord,
  type StoredVersion,
  type StoredVersionFull,
} from '@dz/persistence';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { RequestMeta } from '../auth/auth.types';
import { actorOf, type Principal } from '../auth/principal';
import { ProposalsService } from '../proposals/proposals.service';
import { JobQueue } from '../queue/job-queue';
import type { ResultsSheet } from './exports/results-sheet';

/** Statuses in which results may be computed: after scoring, and during the notice (an appeal upheld). */
const COMPUTABLE: readonly EventStatus[] = ['scoring_closed', 'under_notice'];
/** Statuses with results the public may see. */
const PUBLISHED: readonly EventStatus[] = ['under_notice', 'final', 'archived'];
const ISSUER = '达州市人力资源和社会保障局';

/** Today in China (UTC+8), `YYYY-MM-DD`. */
export function chinaToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** A file's type from its first bytes (what it claims is not trusted). */
function sniff(content: Buffer): (typeof APPEAL_FILE_TYPES)[number] | null {
  if (content.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))) return 'image/jpeg';
  if (content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (content.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return null;
}

export interface UploadedAppealFile {
  originalname: string;
  size: number;
  buffer: Buffer;
}


/**
 * Results (成绩): computing versions in the worker, the notice period (成绩公示) with appeals
 * (申诉), the final results, and the exports. Each state change is one transaction with its
 * audit record; the lifecycle steps go through ProposalsService.transition with what the
 * results write in the same transaction.
 */
@Injectable()
export class ResultsService {
  constructor(
    private readonly results: ResultsRepository,
    private readonly judging: JudgingRepository,
    private readonly audit: AuditRepository,
    private readonly inbox: InboxRepository,
    private readonly transactions: TransactionRunner,
    private readonly jobs: JobQueue,
    private readonly proposals: ProposalsService,
  ) {}

  private async event(eventId: string) {
    const event = await this.judging.eventFor(eventId);
    if (!event || ['draft', 'submitted', 'returned', 'rejected', 'approved', 'cancelled'].includes(event.status)) throw new AppError(ErrorCode.NotFound, '赛项不存在');
    return event;
  }

  /** The hash the inputs have now (what a computation would store). */
  private async currentHash(eventId: string): Promise<string | null> {
    const loaded = await this.results.loadInputs(eventId, undefined, await this.results.arenaSummary(eventId));
    return loaded ? computeLoaded(loaded).hash : null;
  }

  private versionView(v: StoredVersionFull): ResultVersionView {
    return { ...this.summary(v), rows: v.rows, tiers: v.tiers, arena: v.arena };
  }

  private summary(v: StoredVersion) {
    return { version: v.version, inputsHash: v.inputsHash, algorithm: v.algorithm, cause: v.cause, createdAt: v.createdAt.toISOString(), createdByName: v.createdByName, validCount: v.validCount };
  }

  private noticeView(n: NoticeRecord) {
    return { version: n.version, startsOn: n.startsOn, endsOn: n.endsOn, openedAt: n.openedAt.toISOString(), openedByName: n.openedByName };
  }

  async overview(eventId: string): Promise<ResultsOverview> {
    await this.event(eventId);
    const [versions, latest, notice, openAppeals, currentInputsHash] = await Promise.all([
      this.results.versions(eventId),
      this.results.version(eventId, null),
      this.results.notice(eventId),
      this.results.openAppeals(eventId),
      this.currentHash(eventId),
    ]);
    return {
      eventId,
      versions: versions.map((v) => this.summary(v)),
      latest: latest ? this.versionView(latest) : null,
      currentInputsHash,
      stale: latest !== null && currentInputsHash !== latest.inputsHash,
      notice: notice ? this.noticeView(notice) : null,
      final: notice?.finalVersion && notice.finalAt ? { version: notice.finalVersion, at: notice.finalAt.toISOString(), byName: notice.finalByName } : null,
      openAppeals,
    };
  }

  async version(eventId: string, version: number): Promise<ResultVersionView> {
    await this.event(eventId);
    const v = await this.results.version(eventId, version);
    if (!v) throw new AppError(ErrorCode.NotFound, `第 ${version} 版成绩不存在`);
    return this.versionView(v);
  }

  /** Queues the computation (results.compute); the job's progress is read with job(). */
  async compute(principal: Principal, eventId: string, body: ComputeResultsBody, meta: RequestMeta): Promise<ResultsJobView> {
    const event = await this.event(eventId);
    if (!COMPUTABLE.includes(event.status)) throw new AppError(ErrorCode.InvalidTransition, '评分结束后才能计算成绩；成绩确定后不再计算');
    const jobId = await this.jobs.enqueue('results.compute', { eventId, cause: body.cause, requestedBy: principal.user.id });
    await this.audit.append({ ...actorOf(principal), action: 'results.compute_requested', entityType: 'event', entityId: eventId, detail: { jobId, cause: body.cause }, ...meta });
    return { jobId, state: 'waiting', progress: 0, version: null, error: null };
  }

  async job(eventId: string, jobId: string): Promise<ResultsJobView> {
    const job = await this.jobs.status('results.compute', jobId);
    if (!job || job.data.eventId !== eventId) throw new AppError(ErrorCode.NotFound, '计算任务不存在或已过期');
    const state = job.state === 'completed' ? 'completed' : job.state === 'failed' ? 'failed' : job.state === 'active' ? 'active' : ['waiting', 'delayed', 'prioritized', 'waiting-children'].includes(job.state) ? 'waiting' : 'unknown';
    const version = (job.returnValue as { version?: number } | null)?.version ?? null;
    return { jobId, state, progress: state === 'completed' ? 100 : job.progress, version, error: state === 'failed' ? (job.failedReason ?? '计算失败') : null };
  }

  /** The latest version, checked current: the one to put under notice or make final. */
  private async latestCurrent(eventId: string, version: number): Promise<StoredVersionFull> {
    const latest = await this.results.version(eventId, null);
    if (!latest) throw new AppError(ErrorCode.InvalidTransition, '尚未计算成绩，请先计算');
    if (latest.version !== version) throw new AppError(ErrorCode.Conflict, `第 ${version} 版不是最新版本（最新为第 ${latest.version} 版），请刷新后重试`);
    if ((await this.currentHash(eventId)) !== latest.inputsHash) {
      throw new AppError(ErrorCode.Conflict, '评分或报名信息在计算后已有变化，请重新计算成绩');
    }
    return latest;
  }

  /**
   * Puts the latest version under notice with its period (scoring_closed → under_notice), or,
   * during the notice, publishes a newer version (after an upheld appeal) or changes the period.
   */
  async openNotice(principal: Principal, eventId: string, body: OpenNoticeBody, meta: RequestMeta): Promise<ResultsOverview> {
    const event = await this.event(eventId);
    if (event.status !== 'scoring_closed' && event.status !== 'under_notice') throw new AppError(ErrorCode.InvalidTransition, '评分结束后才能公示成绩');
    await this.latestCurrent(eventId, body.version);
    const before = await this.results.notice(eventId);
    const write = async (tx: Parameters<Parameters<TransactionRunner['run']>[0]>[0]) => {
      await this.results.saveNotice(eventId, body, principal.user.id, tx);
      await this.audit.append(
        {
          ...actorOf(principal),
          action: before ? 'results.notice_changed' : 'results.notice_opened',
          entityType: 'event',
          entityId: eventId,
          detail: { before: before ? { version: before.version, startsOn: before.startsOn, endsOn: before.endsOn } : null, after: body },
          ...meta,
        },
        tx,
      );
    };
    if (event.status === 'scoring_closed') {
      const current = await this.proposals.detail(principal, eventId);
      await this.proposals.transition(principal, eventId, { to: 'under_notice', version: current.version, comments: [] }, meta, { results: write });
    } else {
      await this.transactions.run(async (tx) => {
        if ((await this.results.lock(eventId, tx)) !== 'under_notice') throw new AppError(ErrorCode.Conflict, '赛项状态已变化，请刷新');
        await write(tx);
      });
    }
    return this.overview(eventId);
  }

  /** Makes the noticed version final once the period is over and no appeal is open. */
  async finalise(principal: Principal, eventId: string, body: FinaliseResultsBody, meta: RequestMeta): Promise<ResultsOverview> {
    const event = await this.event(eventId);
    if (event.status !== 'under_notice') throw new AppError(ErrorCode.InvalidTransition, '只有公示中的成绩可以确定');
    const notice = await this.results.notice(eventId);
    if (!notice || notice.version !== body.version) throw new AppError(ErrorCode.Conflict, `公示的是第 ${notice?.version ?? '—'} 版，请确定公示的版本`);
    const today = chinaToday();
    if (today <= notice.endsOn) throw new AppError(ErrorCode.InvalidTransition, `公示期至 ${notice.endsOn} 结束，期满后才能确定成绩`);
    if ((await this.results.openAppeals(eventId)) > 0) throw new AppError(ErrorCode.InvalidTransition, '仍有未处理的申诉，处理完毕后才能确定成绩');
    await this.latestCurrent(eventId, body.version);
    const current = await this.proposals.detail(principal, eventId);
    await this.proposals.transition(principal, eventId, { to: 'final', version: current.version, comments: [] }, meta, {
      results: async (tx) => {
        if ((await this.results.openAppeals(eventId, tx)) > 0) throw new AppError(ErrorCode.InvalidTransition, '仍有未处理的申诉，处理完毕后才能确定成绩');
        await this.results.saveFinal(eventId, body.version, principal.user.id, tx);
        await this.audit.append({ ...actorOf(principal), action: 'results.finalised', entityType: 'event', entityId: eventId, detail: { version: body.version }, ...meta }, tx);
      },
    });
    // After the commit: the statistics count the final results from the next refresh on.
    await this.jobs.enqueue('statistics.refresh', { reason: 'results_final', eventId, requestedBy: principal.user.id });
    return this.overview(eventId);
  }

  /** 取消资格 (or lifting it) while scoring is on or just closed, with its reason and audit record. */
  async disqualify(principal: Principal, eventId: string, entryId: string, body: DisqualifyBody, meta: RequestMeta): Promise<ResultsOverview> {
    const event = await this.event(eventId);
    if (event.status !== 'running' && event.status !== 'scoring_closed') throw new AppError(ErrorCode.InvalidTransition, '只有比赛中或评分结束后、公示前可以取消资格');
    await this.transactions.run(async (tx) => {
      const changed = await this.results.setDisqualified(eventId, entryId, body.disqualified ? (body.reason as string) : null, principal.user.id, tx);
      if (!changed) throw new AppError(ErrorCode.NotFound, '该选手不在本赛项的参赛名单中');
      await this.audit.append(
        {
          ...actorOf(principal),
          action: body.disqualified ? 'entry.disqualified' : 'entry.disqualification_lifted',
          entityType: 'entry',
          entityId: entryId,
          detail: { eventId, before: changed.before, after: body.disqualified ? body.reason : null },
          ...meta,
        },
        tx,
      );
    });
    return this.overview(eventId);
  }

  // ── public ──

  async publicResults(eventId: string): Promise<PublicResults> {
    const event = await this.judging.eventFor(eventId);
    const notice = event && PUBLISHED.includes(event.status) ? await this.results.notice(eventId) : null;
    if (!event || !notice) throw new AppError(ErrorCode.NotFound, '该赛项的成绩尚未公示');
    const version = await this.results.version(eventId, notice.finalVersion ?? notice.version);
    if (!version) throw new AppError(ErrorCode.NotFound, '该赛项的成绩尚未公示');
    return {
      eventId,
      title: event.title,
      version: version.version,
      final: notice.finalVersion !== null,
      notice: { startsOn: notice.startsOn, endsOn: notice.endsOn },
      stages: event.stages.map((s) => ({ name: s.name, weight: s.weight })),
      rows: version.rows.map((r) => ({
        rank: r.rank,
        standing: r.standing,
        number: r.number,
        name: maskName(r.name),
        employer: r.employer,
        total: r.standing === 'valid' ? r.total : 0,
        stageTotals: r.standing === 'valid' ? r.stageTotals : {},
        award: r.award,
        titles: r.titles,
      })),
      arena: version.arena
        ? {
            bouts: version.arena.bouts,
            champion: version.arena.champion ? maskName(version.arena.champion.name) : null,
            longestDefence: version.arena.longestDefence ? { name: maskName(version.arena.longestDefence.name), defences: version.arena.longestDefence.defences } : null,
          }
        : null,
    };
  }

  // ── exports ──

  /**
   * The sheet both exports draw: `masked` for the public notice (names masked), else the staff's
   * report (names whole, ID numbers masked as everywhere).
   */
  async sheet(eventId: string, version: number | null, audience: 'staff' | 'public'): Promise<{ sheet: ResultsSheet; fileBase: string }> {
    const event = await this.event(eventId);
    const notice = await this.results.notice(eventId);
    if (audience === 'public' && (!PUBLISHED.includes(event.status) || !notice)) throw new AppError(ErrorCode.NotFound, '该赛项的成绩尚未公示');
    const chosen = audience === 'public' ? (notice?.finalVersion ?? notice?.version ?? null) : version;
    const v = await this.results.version(eventId, chosen);
    if (!v) throw new AppError(ErrorCode.NotFound, version ? `第 ${version} 版成绩不存在` : '尚未计算成绩');
    const loaded = await this.results.loadInputs(eventId);
    if (!loaded) throw new AppError(ErrorCode.NotFound, '赛项不存在');
    const ids = new Map(loaded.entries.map((e) => [e.entryId, e.idMasked]));
    const isFinal = notice?.finalVersion === v.version;
    const isNoticed = notice?.version === v.version && PUBLISHED.includes(event.status);
    const sheet: ResultsSheet = {
      eventTitle: event.title,
      seriesLabel: SERIES_LABELS[loaded.event.series as Series] ?? loaded.event.series,
      organiser: loaded.event.organiserName,
      occupation: `${loaded.event.occupationCode} ${loaded.event.occupationName}`,
      stages: event.stages.map((s) => ({ name: s.name, weight: s.weight })),
      version: v.version,
      computedAt: v.createdAt,
      inputsHash: v.inputsHash,
      status: isFinal ? 'final' : isNoticed ? 'notice' : 'draft',
      notice: notice && (isNoticed || isFinal) ? { startsOn: notice.startsOn, endsOn: notice.endsOn } : null,
      issuer: ISSUER,
      rows: v.rows.map((r) => ({
        rank: r.rank,
        standing: r.standing,
        number: r.number,
        judgingCode: r.judgingCode,
        name: audience === 'public' ? maskName(r.name) : r.name,
        idMasked: ids.get(r.entryId) ?? '',
        employer: r.employer,
        county: r.county,
        stageScores: Object.fromEntries(event.stages.map((s) => [s.name, r.stageTotals[s.name] ?? null])),
        total: r.total,
        award: r.award,
        titles: r.titles,
        upgradeTo: r.upgradeTo ? SKILL_LEVEL_LABELS[r.upgradeTo] : null,
        nominated: r.nominated,
      })),
      arena: v.arena
        ? {
            champion: v.arena.champion ? (audience === 'public' ? maskName(v.arena.champion.name) : v.arena.champion.name) : null,
            longestDefence: v.arena.longestDefence
              ? { name: audience === 'public' ? maskName(v.arena.longestDefence.name) : v.arena.longestDefence.name, defences: v.arena.longestDefence.defences }
              : null,
          }
        : null,
    };
    return { sheet, fileBase: `${event.title}-成绩-第${v.version}版` };
  }

  // ── appeals (申诉) ──

  private appealView(a: AppealRecord, principal: Principal | null): AppealView {
    const whole = principal !== null && (principal.roles.includes('bureau_admin') || principal.user.id === a.filedBy);
    return {
      id: a.id,
      eventId: a.eventId,
      eventTitle: a.eventTitle,
      entryId: a.entryId,
      entryNumber: a.entryNumber,
      judgingCode: a.judgingCode,
      contestantName: whole ? a.contestantName : maskName(a.contestantName),
      reason: a.reason,
      status: a.status,
      answer: a.answer,
      decidedByName: a.decidedByName,
      decidedAt: a.decidedAt ? new Date(a.decidedAt).toISOString() : null,
      createdAt: new Date(a.createdAt).toISOString(),
      filedAgainstVersion: a.filedAgainstVersion,
      attachments: a.attachments,
    };
  }

  /** A contestant appeals their entry's result during the notice period, with files. */
  async fileAppeal(principal: Principal, eventId: string, body: FileAppealBody, files: UploadedAppealFile[], meta: RequestMeta): Promise<AppealView> {
    const event = await this.event(eventId);
    if (event.status !== 'under_notice') throw new AppError(ErrorCode.InvalidTransition, '只有成绩公示期间可以申诉');
    const notice = await this.results.notice(eventId);
    const today = chinaToday();
    if (!notice || today < notice.startsOn || today > notice.endsOn) {
      throw new AppError(ErrorCode.InvalidTransition, notice ? `申诉须在公示期内（${notice.startsOn} 至 ${notice.endsOn}）提出` : '成绩尚未公示');
    }
    const registrant = await this.results.registrantOf(eventId, body.entryId);
    if (registrant !== principal.user.id) throw new AppError(ErrorCode.NotFound, '只能对本人的参赛报名提出申诉');
    if (files.length > MAX_APPEAL_FILES) throw new AppError(ErrorCode.ValidationFailed, `附件最多 ${MAX_APPEAL_FILES} 个`, [{ path: 'files', message: `附件最多 ${MAX_APPEAL_FILES} 个` }]);
    const attachments = files.map((f, i) => {
      const type = sniff(f.buffer);
      if (f.size > MAX_APPEAL_FILE_BYTES) throw new AppError(ErrorCode.ValidationFailed, `附件「${f.originalname}」超过 5 MB`, [{ path: `files.${i}`, message: '超过 5 MB' }]);
      if (!type) throw new AppError(ErrorCode.ValidationFailed, `附件「${f.originalname}」不是 JPG、PNG 图片或 PDF 文件`, [{ path: `files.${i}`, message: '只接受 JPG、PNG 或 PDF' }]);
      return { fileName: Buffer.from(f.originalname, 'latin1').toString('utf8').slice(0, 120), contentType: type, content: f.buffer, sha256: createHash('sha256').update(f.buffer).digest('hex') };
    });
    const id = await this.transactions.run(async (tx) => {
      if ((await this.results.lock(eventId, tx)) !== 'under_notice') throw new AppError(ErrorCode.Conflict, '赛项状态已变化，请刷新');
      const open = (await this.results.appeals({ eventId, filedBy: principal.user.id })).some((a) => a.entryId === body.entryId && a.status === 'open');
      if (open) throw new AppError(ErrorCode.Conflict, '您对该成绩的申诉尚在处理中，请等待答复');
      const appealId = await this.results.fileAppeal({ eventId, entryId: body.entryId, filedBy: principal.user.id, reason: body.reason, filedAgainstVersion: notice.version, attachments }, tx);
      await this.audit.append(
        { ...actorOf(principal), action: 'appeal.filed', entityType: 'appeal', entityId: appealId, detail: { eventId, entryId: body.entryId, files: attachments.length, version: notice.version }, ...meta },
        tx,
      );
      return appealId;
    });
    return this.appealView((await this.results.appeal(id)) as AppealRecord, principal);
  }

  /** The event's appeals, for its staff and its chief judge. */
  async appealsOf(principal: Principal, eventId: string): Promise<AppealView[]> {
    const event = await this.event(eventId);
    await this.staffOrChief(principal, event.id, event.organizerOrgId, '查看申诉');
    return (await this.results.appeals({ eventId })).map((a) => this.appealView(a, principal));
  }

  async myAppeals(principal: Principal): Promise<AppealView[]> {
    return (await this.results.appeals({ filedBy: principal.user.id })).map((a) => this.appealView(a, principal));
  }

  /** The event's organisers and the bureau, or its chief judge; `what` says for what. */
  private async staffOrChief(principal: Principal, eventId: string, organizerOrgId: string, what: string, chiefOrBureauOnly = false): Promise<void> {
    if (principal.roles.includes('bureau_admin')) return;
    if (!chiefOrBureauOnly && principal.grants.some((g) => g.role === 'department_organizer' && g.organisationId === organizerOrgId)) return;
    const assignment = principal.roles.includes('judge') ? await this.judging.assignment(eventId, principal.user.id) : null;
    if (assignment?.role === 'chief') return;
    // As JudgingAccess: an event a judge does not judge is not theirs to know about.
    if (principal.roles.includes('judge') && !principal.roles.some((r) => r === 'department_organizer')) throw new AppError(ErrorCode.NotFound, '您不是本赛项的裁判长');
    throw new AppError(ErrorCode.Forbidden, `只有本赛项的裁判长${chiefOrBureauOnly ? '或市人社局' : '、主办部门或市人社局'}可以${what}`);
  }

  /** The chief judge or the bureau decides an appeal with a written answer. */
  async decideAppeal(principal: Principal, appealId: string, body: AppealDecisionBody, meta: RequestMeta): Promise<AppealView> {
    const appeal = await this.results.appeal(appealId);
    if (!appeal) throw new AppError(ErrorCode.NotFound, '申诉不存在');
    const event = await this.event(appeal.eventId);
    await this.staffOrChief(principal, event.id, event.organizerOrgId, '处理申诉', true);
    if (event.status !== 'under_notice') throw new AppError(ErrorCode.InvalidTransition, '只有成绩公示期间可以处理申诉');
    await this.transactions.run(async (tx) => {
      if (!(await this.results.decideAppeal(appealId, body.outcome, body.answer, principal.user.id, tx))) throw new AppError(ErrorCode.Conflict, '该申诉已处理');
      await this.audit.append(
        { ...actorOf(principal), action: `appeal.${body.outcome}`, entityType: 'appeal', entityId: appealId, detail: { eventId: appeal.eventId, entryId: appeal.entryId }, ...meta },
        tx,
      );
      await this.inbox.deliver(
        [appeal.filedBy],
        {
          title: `「${appeal.eventTitle}」成绩申诉已答复`,
          body: `${body.outcome === 'upheld' ? '申诉成立' : '申诉不成立'}：${body.answer}`,
          link: '/me/entries',
        },
        tx,
      );
    });
    return this.appealView((await this.results.appeal(appealId)) as AppealRecord, principal);
  }

  async appealAttachment(principal: Principal, appealId: string, attachmentId: string): Promise<{ fileName: string; contentType: string; content: Buffer }> {
    const appeal = await this.results.appeal(appealId);
    if (!appeal) throw new AppError(ErrorCode.NotFound, '申诉不存在');
    if (appeal.filedBy !== principal.user.id) {
      const event = await this.event(appeal.eventId);
      await this.staffOrChief(principal, event.id, event.organizerOrgId, '查看申诉附件');
    }
    const file = await this.results.attachment(appealId, attachmentId);
    if (!file) throw new AppError(ErrorCode.NotFound, '附件不存在');
    return file;
  }
}
