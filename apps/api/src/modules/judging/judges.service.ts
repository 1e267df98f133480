import type { JudgeCandidateList, JudgeCandidateQuery, MyJudgingTasks } from '@dz/contracts';
import { maskPhone } from '@dz/domain';
import { JudgingRepository } from '@dz/persistence';
import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { entryInScope, JudgingAccess } from './judging-access';

/**
 * Around the assignments: the judge accounts the event's staff pick from (裁判安排), and the
 * events a judge is assigned to (我的评分任务). Reads only, so no audit record.
 */
@Injectable()
export class JudgesService {
  constructor(
    private readonly judging: JudgingRepository,
    private readonly access: JudgingAccess,
  ) {}

  /** Judge accounts to assign; a list, so every phone is masked, whoever asks. */
  async candidates(eventId: string, query: JudgeCandidateQuery): Promise<JudgeCandidateList> {
    await this.access.event(eventId);
    const rows = await this.judging.judgeCandidates(eventId, query.q || undefined, query.limit);
    return { items: rows.map((r) => ({ ...r, phone: r.phone === null ? null : maskPhone(r.phone) })) };
  }

  /** The caller's assignments: each event with its stages, role, and entries in scope and signed off. */
  async mine(principal: Principal): Promise<MyJudgingTasks> {
    const events = await this.judging.assignmentsOfJudge(principal.user.id);
    const items = await Promise.all(
      events.map(async (event) => {
        const [entries, signoffs] = await Promise.all([this.judging.judgingEntries(event.id), this.judging.signoffs(event.id)]);
        const scope = entries.filter((e) => e.judgingCode !== null && entryInScope(event.assignment, e));
        const stages = event.stages.map((s) => ({ name: s.name, hasScheme: event.schemeStages.includes(s.name) }));
        const marked = stages.filter((s) => s.hasScheme).map((s) => s.name);
        const signed = new Map<string, Set<string>>();
        for (const s of signoffs) signed.set(s.entryId, (signed.get(s.entryId) ?? new Set()).add(s.stage));
        const signedOff = marked.length === 0 ? 0 : scope.filter((e) => marked.every((stage) => signed.get(e.id)?.has(stage))).length;
        return { eventId: event.id, title: event.title, status: event.status, role: event.assignment.role, format: event.format, stages, entries: scope.length, signedOff };
      }),
    );
    return { items };
  }
}
