import { AppError, ErrorCode, PUBLIC_EVENT_STATUSES, type ArenaContestant, type ArenaSheet, type ArenaState } from '@dz/contracts';
import { isScoredAspect, maskName, playArena, publicStateOf, RESULTS_PUBLIC_STATUSES, stageScore, type MarkingScheme } from '@dz/domain';
import {
  ArenaRepository,
  JudgingRepository,
  StandingsRepository,
  type ArenaBoutRow,
  type ArenaEvent,
  type ArenaMarkRow,
  type ArenaSettingRow,
  type AssignmentRow,
  type JudgingEntry,
  type StoredScheme,
} from '@dz/persistence';
import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { aspectInScope, entryInScope, JudgingAccess, recusalOf } from '../judging/judging-access';
import { schemeAspects } from '../judging/scheme.service';

/** Event states in which an arena may be seen at all by staff (after approval). */
const HIDDEN_STATES = ['draft', 'submitted', 'returned', 'rejected'];

export const toMarkingScheme = (s: StoredScheme): MarkingScheme => ({ stage: s.stage, method: s.method, totalMarks: s.totalMarks, sections: s.sections as MarkingScheme['sections'] });

/** The (judge, entry, aspect) slots a bout expects: every assigned judge, on each scored aspect in scope, for each side not recused. */
export function expectedSlots(scheme: StoredScheme, assignments: readonly AssignmentRow[], sides: readonly JudgingEntry[]): Set<string> {
  const scored = schemeAspects(scheme).filter(isScoredAspect);
  const slots = new Set<string>();
  for (const a of assignments) {
    for (const entry of sides) {
      if (!entryInScope(a, entry) || recusalOf(a, entry).length > 0) continue;
      for (const aspect of scored) if (aspectInScope(a, aspect.key)) slots.add(slotKey(a.judgeUserId, entry.id, aspect.key));
    }
  }
  return slots;
}

export const slotKey = (judgeUserId: string, entryId: string, aspectKey: string) => `${judgeUserId}|${entryId}|${aspectKey}`;

/** One side's stage score (hundredths) from its bout marks, on the scheme (the event's aggregation). */
export function sideScore(scheme: StoredScheme | null, marks: readonly ArenaMarkRow[], entryId: string): number {
  if (!scheme) return 0;
  const own = marks.filter((m) => m.entryId === entryId).map((m) => ({ judgeId: m.judgeUserId, aspectKey: m.aspectKey, value: m.value }));
  return stageScore(toMarkingScheme(scheme), own).total;
}

/** Everything one arena view is built from, read at once. */
interface ArenaData {
  event: ArenaEvent;
  setting: ArenaSettingRow | null;
  bouts: ArenaBoutRow[];
  marks: ArenaMarkRow[];
  scheme: StoredScheme | null;
  assignments: AssignmentRow[];
  entries: Map<string, { code: string; name: string; judging: JudgingEntry | undefined }>;
  blind: boolean;
  hidden: boolean;
  published: boolean;
  stages: string[];
}

/**
 * The arena's reads: the state each room sees (staff: names; public: codes on a blind board
 * until results are published, masked names otherwise, nothing while the board is hidden) and
 * the judge's bout sheet. Scores of an open bout are live: the scheme's aggregation of the marks in.
 */
@Injectable()
export class ArenaViews {
  constructor(
    private readonly arena: ArenaRepository,
    private readonly judging: JudgingRepository,
    private readonly standings: StandingsRepository,
    private readonly access: JudgingAccess,
  ) {}

  async staffEvent(eventId: string): Promise<ArenaEvent> {
    const event = await this.arena.event(eventId);
    if (!event || HIDDEN_STATES.includes(event.status)) throw new AppError(ErrorCode.NotFound, '赛项不存在');
    return event;
  }

  async publicEvent(eventId: string): Promise<ArenaEvent> {
    const event = await this.arena.event(eventId);
    if (!event || !(PUBLIC_EVENT_STATUSES as readonly string[]).includes(event.status)) throw new AppError(ErrorCode.NotFound, '赛项不存在或尚未发布');
    return event;
  }

  private async read(event: ArenaEvent): Promise<ArenaData> {
    // The setting (with seq) first: a change committed while the rest is read makes the content
    // newer than its seq, never older, so a client holding this seq still applies the next push.
    const setting = await this.arena.setting(event.id);
    const [bouts, marks, entries, judgingEntries, assignments, board, judgingEvent] = await Promise.all([
      this.arena.bouts(event.id),
      this.arena.marks(event.id),
      this.arena.entries(event.id),
      this.judging.judgingEntries(event.id),
      this.judging.assignments(event.id),
      this.standings.settings(event.id),
      this.judging.eventFor(event.id),
    ]);
    const scheme = setting ? await this.judging.scheme(event.id, setting.stage) : null;
    const judgingById = new Map(judgingEntries.map((e) => [e.id, e]));
    const published = RESULTS_PUBLIC_STATUSES.includes(event.status);
    const hidden = publicStateOf({ publicMode: board.publicMode, freezeAt: board.freezeAt, blind: board.blind, status: event.status, now: new Date() }) === 'hidden';
    return {
      event,
      setting,
      bouts,
      marks,
      scheme,
      assignments,
      entries: new Map(entries.map((e) => [e.id, { code: e.judgingCode ?? '', name: e.name, judging: judgingById.get(e.id) }])),
      blind: board.blind,
      hidden,
      published,
      stages: judgingEvent?.stages.map((s) => s.name) ?? [],
    };
  }

  async state(eventId: string, room: 'public' | 'staff'): Promise<ArenaState> {
    const event = room === 'staff' ? await this.staffEvent(eventId) : await this.publicEvent(eventId);
    return this.build(await this.read(event), room);
  }

  private build(d: ArenaData, room: 'public' | 'staff'): ArenaState {
    const { event, setting } = d;
    const who = (entryId: string): ArenaContestant => {
      const e = d.entries.get(entryId);
      const code = e?.code ?? '';
      if (room === 'staff') return { judgingCode: code, label: e?.name ?? code, name: e?.name ?? null };
      return { judgingCode: code, label: d.blind && !d.published ? code : maskName(e?.name ?? ''), name: null };
    };
    const base: ArenaState = {
      eventId: event.id,
      title: event.title,
      seq: setting?.seq ?? 0,
      at: new Date().toISOString(),
      room,
      configured: setting !== null,
      hidden: room === 'public' && d.hidden,
      blind: d.blind,
      stage: setting?.stage ?? null,
      stageMax: d.scheme?.totalMarks ?? null,
      tieRule: setting?.tieRule ?? null,
      firstHolderMode: setting?.firstHolderMode ?? null,
      orderMode: setting?.orderMode ?? null,
      orderSeed: setting?.orderSeed ?? null,
      firstHolder: null,
      order: [],
      holder: null,
      holderDefences: 0,
      bouts: [],
      runs: [],
      finished: false,
      champion: null,
      longestDefence: null,
      setupOptions:
        room === 'staff'
          ? {
              stages: d.stages,
              firstHolderRule: event.arenaFirstHolder,
              entrants: [...d.entries.entries()].filter(([, e]) => e.code !== '').map(([id]) => who(id)),
            }
          : null,
    };
    if (!setting || base.hidden) return base;
    const decided = d.bouts.filter((b) => b.status === 'decided');
    const played = playArena(
      setting.firstHolderEntryId,
      decided.map((b) => ({ challenger: b.challengerEntryId, holderScore: b.holderScore ?? 0, challengerScore: b.challengerScore ?? 0 })),
      setting.tieRule,
    );
    const current = played.runs[played.runs.length - 1];
    return {
      ...base,
      firstHolder: who(setting.firstHolderEntryId),
      order: setting.challengerEntryIds.map(who),
      holder: who(played.champion),
      holderDefences: current.defences,
      bouts: d.bouts.map((b) => {
        const marks = d.marks.filter((m) => m.boutId === b.id);
        const sides = [d.entries.get(b.holderEntryId)?.judging, d.entries.get(b.challengerEntryId)?.judging].filter((e): e is JudgingEntry => e !== undefined);
        const slots = d.scheme ? expectedSlots(d.scheme, d.assignments, sides) : new Set<string>();
        const open = b.status === 'open';
        return {
          number: b.number,
          status: b.status,
          holder: who(b.holderEntryId),
          challenger: who(b.challengerEntryId),
          holderScore: open ? sideScore(d.scheme, marks, b.holderEntryId) : (b.holderScore ?? 0),
          challengerScore: open ? sideScore(d.scheme, marks, b.challengerEntryId) : (b.challengerScore ?? 0),
          marksIn: marks.filter((m) => slots.has(slotKey(m.judgeUserId, m.entryId, m.aspectKey))).length,
          marksExpected: slots.size,
          outcome: b.outcome,
          decidedAt: b.decidedAt?.toISOString() ?? null,
        };
      }),
      runs: played.runs.map((r) => ({ holder: who(r.holder), fromBout: r.fromBout, toBout: r.toBout, defences: r.defences, current: r.current })),
      finished: decided.length === setting.challengerEntryIds.length,
      champion: decided.length > 0 ? who(played.champion) : null,
      longestDefence: played.longestDefence
        ? { holder: who(played.longestDefence.holder), defences: played.longestDefence.defences, fromBout: played.longestDefence.fromBout }
        : null,
    };
  }

  /** A judge's bout sheet: the open bout's two codes, the scheme's aspects in their scope, their own marks in it. */
  async sheet(principal: Principal, eventId: string): Promise<ArenaSheet> {
    const event = await this.staffEvent(eventId);
    const assignment = await this.access.assignment(principal, eventId);
    const d = await this.read(event);
    const open = d.bouts.find((b) => b.status === 'open') ?? null;
    const aspects = d.scheme ? schemeAspects(d.scheme).filter((a) => aspectInScope(assignment, a.key)) : [];
    const state = d.setting ? this.build(d, 'staff') : null;
    const openView = open ? state?.bouts.find((b) => b.number === open.number) : undefined;
    return {
      eventId,
      title: event.title,
      stage: d.setting?.stage ?? null,
      role: assignment.role,
      bout:
        open && openView
          ? { number: open.number, holderCode: openView.holder.judgingCode, challengerCode: openView.challenger.judgingCode, marksIn: openView.marksIn, marksExpected: openView.marksExpected }
          : null,
      aspects: aspects.map((a) => ({ key: a.key, title: a.title, kind: a.kind, maxMarks: a.maxMarks })),
      marks: open
        ? d.marks
            .filter((m) => m.boutId === open.id && m.judgeUserId === principal.user.id)
            .map((m) => ({ judgingCode: d.entries.get(m.entryId)?.code ?? '', aspectKey: m.aspectKey, value: m.value }))
        : [],
    };
  }
}
