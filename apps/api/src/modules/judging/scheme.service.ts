import { AppError, ErrorCode, type MarkingSchemeBody, type MarkingSchemeView, type SchemeSectionBody } from '@dz/contracts';
import { flattenAspects, validateScheme, type MarkingScheme, type SchemeAspect } from '@dz/domain';
import { AuditRepository, JudgingRepository, TransactionRunner, type StoredScheme } from '@dz/persistence';
import { Injectable } from '@nestjs/common';
import type { RequestMeta } from '../auth/auth.types';
import { actorOf, type Principal } from '../auth/principal';
import { StandingsBroadcaster } from '../standings/standings.broadcaster';
import { StandingsService } from '../standings/standings.service';
import { JudgingAccess } from './judging-access';

/** Event states in which the scheme may still be set (until its stage has marks). */
export const EDITABLE = ['approved', 'published', 'registration_closed', 'running'];

export function domainScheme(scheme: StoredScheme): MarkingScheme {
  return { stage: scheme.stage, method: scheme.method, totalMarks: scheme.totalMarks, sections: scheme.sections };
}

/** Every aspect of a scheme with the titles of the sections that hold it, outermost first. */
export function schemeAspects(scheme: Pick<StoredScheme, 'sections'>): (SchemeAspect & { sectionTitles: string[] })[] {
  const titles = new Map<string, string>();
  const walk = (sections: readonly SchemeSectionBody[]) => {
    for (const s of sections) {
      titles.set(s.key, s.title);
      walk(s.sections);
    }
  };
  walk(scheme.sections);
  return flattenAspects(scheme).map(({ sectionPath, ...aspect }) => ({ ...aspect, sectionTitles: sectionPath.map((k) => titles.get(k) ?? k) }));
}

export function schemeView(scheme: StoredScheme): MarkingSchemeView {
  return {
    eventId: scheme.eventId,
    stage: scheme.stage,
    method: scheme.method,
    totalMarks: scheme.totalMarks,
    sections: scheme.sections,
    version: scheme.version,
    updatedAt: scheme.updatedAt.toISOString(),
  };
}

/** Marking schemes (评分表): one per event stage, checked by libs/domain, frozen once marked. */
@Injectable()
export class SchemeService {
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

  async get(eventId: string, stage: string): Promise<MarkingSchemeView> {
    const scheme = await this.judging.scheme(eventId, stage);
    if (!scheme) throw new AppError(ErrorCode.NotFound, `「${stage}」阶段尚未设置评分表`);
    return schemeView(scheme);
  }

  async save(principal: Principal, eventId: string, stage: string, body: MarkingSchemeBody, meta: RequestMeta): Promise<MarkingSchemeView> {
    const event = await this.access.eventWithStage(eventId, stage);
    if (!EDITABLE.includes(event.status)) throw new AppError(ErrorCode.InvalidTransition, '赛项评分已结束，评分表不能再修改');
    const problems = validateScheme({ stage, method: body.method, totalMarks: body.totalMarks, sections: body.sections });
    if (problems.length > 0) {
      throw new AppError(ErrorCode.ValidationFailed, `评分表有误：${problems.map((p) => p.message).join('；')}`, problems);
    }
    const saved = await this.transactions.run(async (tx) => {
      // Under the mark lock: no mark of the stage can slip in while the scheme changes.
      await this.judging.lockForMarks(eventId, tx);
      if (await this.judging.hasMarks(eventId, stage, tx)) throw new AppError(ErrorCode.Conflict, `「${stage}」阶段已有评分，评分表不能再修改`);
      const existing = await this.judging.scheme(eventId, stage, tx);
      if (existing && body.version === undefined) {
        throw new AppError(ErrorCode.Conflict, '该阶段已有评分表，请带上当前版本号修改', [{ path: 'version', message: `当前版本为 ${existing.version}` }]);
      }
      const scheme = await this.judging.saveScheme(
        { eventId, stage, method: body.method, totalMarks: body.totalMarks, sections: body.sections },
        existing ? body.version : undefined,
        principal.user.id,
        tx,
      );
      if (!scheme) throw new AppError(ErrorCode.Conflict, '评分表已被他人修改，请刷新后重试');
      await this.audit.append(
        { ...actorOf(principal), action: 'scheme.saved', entityType: 'event', entityId: eventId, detail: { stage, version: scheme.version, aspects: flattenAspects(scheme).length }, ...meta },
        tx,
      );
      return scheme;
    });
    await this.refreshBoards(eventId);
    return schemeView(saved);
  }
}
