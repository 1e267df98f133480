import {
  AppError,
  ErrorCode,
  FEED_REPLAY_LIMIT,
  PUBLIC_EVENT_STATUSES,
  type BoardEvent,
  type BoardSettingsBody,
  type BoardSettingsView,
  type PublicStandingsSnapshot,
  type PublicSubscribeReply,
  type StaffStandingsDelta,
  type StaffStandingsSnapshot,
  type StaffSubscribeReply,
} from '@dz/contracts';
import { publicDeltas, publicRows, publicStateOf, type PublicView } from '@dz/domain';
import { AuditRepository, JudgingRepository, StandingsRepository, TransactionRunner, type BoardSettings, type JudgingEvent } from '@dz/persistence';
import { Injectable } from '@nestjs/common';
import type { RequestMeta } from '../auth/auth.types';
import { actorOf, type Principal } from '../auth/principal';

/** Event states whose judging has begun: the boards have something to show. */
const BOARD_STATES = ['running', 'scoring_closed', 'under_notice', 'final', 'archived'];

function settingsView(eventId: string, s: BoardSettings): BoardSettingsView {
  return { eventId, publicMode: s.publicMode, freezeAt: s.freezeAt?.toISOString() ?? null, blind: s.blind, tieBreaks: s.tieBreaks, updatedAt: s.updatedAt?.toISOString() ?? null };
}

/**
 * The boards' reads (snapshots, replays of the feed) and the board setting. Writing the feed is
 * StandingsRepository.record, called in the transactions that change marks; the broadcaster
 * sends what they committed.
 */
@Injectable()
export class StandingsService {
  constructor(
    private readonly standings: StandingsRepository,
    private readonly judging: JudgingRepository,
    private readonly audit: AuditRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  /** An event the public may see the board of (published and not withdrawn). */
  async publicEvent(eventId: string): Promise<JudgingEvent> {
    const event = await this.judging.eventFor(eventId);
    if (!event || !(PUBLIC_EVENT_STATUSES as readonly string[]).includes(event.status)) throw new AppError(ErrorCode.NotFound, '赛项不存在或尚未发布');
    return event;
  }

  async staffEvent(eventId: string): Promise<JudgingEvent> {
    const event = await this.judging.eventFor(eventId);
    if (!event || ['draft', 'submitted', 'returned', 'rejected'].includes(event.status)) throw new AppError(ErrorCode.NotFound, '赛项不存在');
    return event;
  }

  /** What decides the public board now. */
  async publicView(eventId: string, event?: JudgingEvent): Promise<PublicView> {
    const [e, settings] = await Promise.all([event ?? this.judging.eventFor(eventId), this.standings.settings(eventId)]);
    return { publicMode: settings.publicMode, freezeAt: settings.freezeAt, blind: settings.blind, status: e?.status ?? 'draft', now: new Date() };
  }

  private async boardEvent(event: JudgingEvent, settings: BoardSettings): Promise<BoardEvent> {
    return {
      id: event.id,
      title: event.title,
      status: event.status,
      stages: event.stages.map((s) => ({ name: s.name, weight: s.weight })),
      stageMaxima: await this.standings.stageMaxima(event.id),
      tieBreaks: settings.tieBreaks,
      blind: settings.blind,
    };
  }

  /**
   * The first look at a running event's board writes its baseline (every approved entry, all
   * at 0) as a delta, so boards list every contestant before the first mark.
   */
  async ensureBaseline(event: JudgingEvent): Promise<StaffStandingsDelta | null> {
    if (!BOARD_STATES.includes(event.status)) return null;
    if ((await this.standings.lastSeq(event.id)) > 0) return null;
    return this.rebuild(event.id);
  }

  /** Recomputes every entry's row under the event's mark lock; the delta of what changed, if anything. */
  rebuild(eventId: string): Promise<StaffStandingsDelta | null> {
    return this.transactions.run(async (tx) => {
      await this.judging.lockForMarks(eventId, tx);
      return this.standings.record(eventId, null, 'rebuild', tx);
    });
  }

  /**
   * After a scheme or the judges changed: a board already started is recomputed now (progress
   * counts and stage maxima move), and its boards get the delta.
   */
  async refresh(eventId: string, publish: (delta: StaffStandingsDelta | null) => void): Promise<void> {
    if ((await this.standings.lastSeq(eventId)) === 0) return;
    publish(await this.rebuild(eventId));
  }

  async staffSnapshot(eventId: string): Promise<StaffStandingsSnapshot> {
    const event = await this.staffEvent(eventId);
    const settings = await this.standings.settings(eventId);
    const snap = await this.standings.snapshot(eventId);
    return { event: await this.boardEvent(event, settings), seq: snap.seq, at: (snap.at ?? new Date()).toISOString(), rows: snap.rows };
  }

  async publicSnapshot(eventId: string): Promise<PublicStandingsSnapshot> {
    const event = await this.publicEvent(eventId);
    const settings = await this.standings.settings(eventId);
    const view = await this.publicView(eventId, event);
    const state = publicStateOf(view);
    const board = await this.boardEvent(event, settings);
    if (state === 'hidden') {
      return { event: board, state, freezeAt: null, seq: 0, at: view.now.toISOString(), rows: [] };
    }
    const snap = state === 'frozen' && view.freezeAt ? await this.standings.snapshotAt(eventId, view.freezeAt) : await this.standings.snapshot(eventId);
    return {
      event: board,
      state,
      freezeAt: settings.publicMode === 'freeze' ? (settings.freezeAt?.toISOString() ?? null) : null,
      seq: snap.seq,
      at: (snap.at ?? view.now).toISOString(),
      rows: publicRows(snap.rows, view),
    };
  }

  /** The staff room's answer to a subscription: the deltas after `since`, or a snapshot. */
  async staffSubscribe(eventId: string, since: number | undefined): Promise<StaffSubscribeReply> {
    const event = await this.staffEvent(eventId);
    await this.ensureBaseline(event);
    if (since !== undefined) {
      const deltas = await this.standings.deltasSince(eventId, since, FEED_REPLAY_LIMIT);
      if (deltas) return { room: 'staff', deltas, snapshot: null };
    }
    return { room: 'staff', deltas: null, snapshot: await this.staffSnapshot(eventId) };
  }

  async publicSubscribe(eventId: string, since: number | undefined): Promise<PublicSubscribeReply> {
    const event = await this.publicEvent(eventId);
    await this.ensureBaseline(event);
    const view = await this.publicView(eventId, event);
    const state = publicStateOf(view);
    if (since !== undefined && state !== 'hidden') {
      const until = state === 'frozen' ? (view.freezeAt ?? undefined) : undefined;
      const deltas = await this.standings.deltasSince(eventId, since, FEED_REPLAY_LIMIT, until);
      if (deltas) return { room: 'public', state, deltas: publicDeltas(deltas, view), snapshot: null };
    }
    const snapshot = await this.publicSnapshot(eventId);
    return { room: 'public', state: snapshot.state, deltas: null, snapshot };
  }

  async settings(eventId: string): Promise<BoardSettingsView> {
    await this.staffEvent(eventId);
    return settingsView(eventId, await this.standings.settings(eventId));
  }

  async saveSettings(principal: Principal, eventId: string, body: BoardSettingsBody, meta: RequestMeta): Promise<BoardSettingsView> {
    const event = await this.staffEvent(eventId);
    if (['final', 'archived', 'cancelled'].includes(event.status)) throw new AppError(ErrorCode.InvalidTransition, '赛项已结束，排名公开设置不能再修改');
    const stages = new Set(event.stages.map((s) => s.name));
    const unknown = body.tieBreaks.filter((t) => t.kind !== 'fewer_deductions' && !stages.has(t.stage));
    if (unknown.length > 0) {
      throw new AppError(ErrorCode.ValidationFailed, `并列处理规则中的阶段不存在：${unknown.map((t) => ('stage' in t ? t.stage : '')).join('、')}`, [
        { path: 'tieBreaks', message: `现有阶段：${[...stages].join('、')}` },
      ]);
    }
    const saved = await this.transactions.run(async (tx) => {
      const row = await this.standings.saveSettings(eventId, body, principal.user.id, tx);
      await this.audit.append(
        { ...actorOf(principal), action: 'board.settings_saved', entityType: 'event', entityId: eventId, detail: { ...body }, ...meta },
        tx,
      );
      return row;
    });
    return settingsView(eventId, saved);
  }
}
