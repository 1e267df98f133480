import { AppError, ErrorCode, type MarkAck, type StaffStandingsDelta } from '@dz/contracts';
import type { JudgingRepository, MarkAudit, MarkedAspect, MarkSubmission, NewMark, StandingsRepository, StoredMark, SubmissionState, TransactionRunner } from '@dz/persistence';

/** A judge's original mark waiting for its turn in the event's chain, checked when its batch runs. */
export interface PendingMark {
  eventId: string;
  submission: MarkSubmission;
  audit: MarkAudit;
  /**
   * The row to append, checked against what its batch read under the lock (assignment, scope,
   * recusal, scheme, value); throws an AppError saying why not.
   */
  check(state: SubmissionState): NewMark;
  /** The answer when the judge already stored a row under this key (`code`: its entry's judging code): the same mark, or a refusal. */
  replay(stored: StoredMark, code: string | null): MarkAck;
}

type Outcome = { ack: MarkAck } | { error: unknown } | { sameAs: number };

/** Marks appended in one transaction at most; a batch is what queued while the last one ran. */
const MAX_BATCH = 200;

/** The (judging code, stage, aspect) a batch marks, each once. */
function markedAspects(batch: readonly PendingMark[]): MarkedAspect[] {
  const seen = new Map<string, MarkedAspect>();
  for (const { submission: s } of batch) seen.set(`${s.judgingCode}\u0000${s.stage}\u0000${s.aspectKey}`, { judgingCode: s.judgingCode, stage: s.stage, aspectKey: s.aspectKey });
  return [...seen.values()];
}

const slotOf = (m: NewMark) => `${m.entryId}|${m.stage}|${m.aspectKey}|${m.judgeUserId}`;

/**
 * Appends judges' original marks to their event's chain in batches (group commit): while one
 * transaction holds the event's lock, the marks arriving queue in memory, and the next
 * transaction takes them all: one lock, one read of everything they are checked against
 * (resends, assignments, entries, schemes, sign-offs, originals), one insert. Each mark still
 * gets its own answer (stored, a resend of a stored one, or a refusal). A mark costs the
 * database no statement of its own, so throughput per event grows with load, which matters
 * when a venue's tablets reconnect and resend at once.
 */
export class MarkAppender {
  private readonly queues = new Map<string, { item: PendingMark; settle: (outcome: { ack: MarkAck } | { error: unknown }) => void }[]>();

  constructor(
    private readonly judging: JudgingRepository,
    private readonly transactions: TransactionRunner,
    /** Records the standings the batch changed, in its transaction (the event feed). */
    private readonly standings?: Pick<StandingsRepository, 'readForMarks' | 'writeDelta'>,
    /** Called once the batch has committed, with the standings delta it wrote. */
    private readonly committed?: (eventId: string, delta: StaffStandingsDelta | null) => void,
  ) {}

  append(item: PendingMark): Promise<MarkAck> {
    return new Promise((resolve, reject) => {
      const eventId = item.eventId;
      const queue = this.queues.get(eventId);
      const entry = { item, settle: (o: { ack: MarkAck } | { error: unknown }) => ('ack' in o ? resolve(o.ack) : reject(o.error)) };
      if (queue) {
        queue.push(entry);
        return;
      }
      this.queues.set(eventId, [entry]);
      void this.drain(eventId);
    });
  }

  private async drain(eventId: string): Promise<void> {
    for (;;) {
      const queue = this.queues.get(eventId) ?? [];
      if (queue.length === 0) {
        this.queues.delete(eventId);
        return;
      }
      const batch = queue.splice(0, MAX_BATCH);
      const outcomes = await this.flush(eventId, batch.map((b) => b.item));
      batch.forEach((b, i) => b.settle(outcomes[i]));
    }
  }

  /** One transaction for the batch; never throws: each mark gets its outcome. */
  private async flush(eventId: string, batch: readonly PendingMark[]): Promise<({ ack: MarkAck } | { error: unknown })[]> {
    let outcomes: Outcome[];
    let delta: StaffStandingsDelta | null = null;
    try {
      outcomes = await this.transactions.run(async (tx) => {
        const status = await this.judging.lockForMarks(eventId, tx);
        // Read even when the event is not running: a resend of a stored mark is acknowledged
        // whatever has happened since (sign-off, end of scoring); the tablet only needs to learn
        // that it arrived. Then what the standings of the entries marked need: of an entry with
        // a row, only the marks of the aspects this batch marks.
        const states = await this.judging.submissionStates(eventId, batch.map((b) => b.submission), tx);
        const standingsInput = await this.standings?.readForMarks(eventId, markedAspects(batch), tx);
        const result: Outcome[] = [];
        const rows: NewMark[] = [];
        const audits: MarkAudit[] = [];
        const rowOf = new Map<number, number>();
        const keys = new Map<string, number>();
        const slots = new Set<string>();
        batch.forEach((item, i) => {
          const state = states.items[i];
          const byKey = state.byKey;
          const key = `${item.submission.judgeUserId}|${item.submission.idempotencyKey}`;
          const earlier = keys.get(key);
          if (byKey) {
            result.push(this.settled(() => item.replay(byKey.mark, byKey.judgingCode)));
            return;
          }
          if (earlier !== undefined) {
            result.push({ sameAs: earlier });
            return;
          }
          let mark: NewMark;
          try {
            mark = item.check(state);
          } catch (error) {
            result.push({ error });
            return;
          }
          if (status !== 'running') {
            result.push({ error: new AppError(ErrorCode.InvalidTransition, '赛项不在比赛中，不能提交评分') });
          } else if (state.signedOff) {
            result.push({ error: new AppError(ErrorCode.Conflict, '该选手本阶段的评分已由裁判长签核，修改须走更正流程') });
          } else if (state.originalId !== null || slots.has(slotOf(mark))) {
            result.push({ error: new AppError(ErrorCode.Conflict, '已提交，修改须走更正流程') });
          } else {
            keys.set(key, i);
            slots.add(slotOf(mark));
            rowOf.set(i, rows.length);
            rows.push(mark);
            audits.push(item.audit);
            result.push({ sameAs: i });
          }
        });
        const stored = await this.judging.appendMarks(rows, states.tip, audits, tx);
        // The standings of the entries marked (read before the marks, which count as extra), as
        // one delta of the feed, in this transaction.
        if (stored.length > 0 && this.standings) delta = await this.standings.writeDelta(eventId, standingsInput, stored, 'marks', tx);
        // Rows stored now answer duplicate: false; a second copy of one in the batch, true.
        return result.map((outcome, i) => {
          if (!('sameAs' in outcome)) return outcome;
          const row = stored[rowOf.get(outcome.sameAs) as number];
          return outcome.sameAs === i
            ? { ack: { markId: row.id, seq: row.seq, duplicate: false } }
            : this.settled(() => batch[i].replay(row, batch[outcome.sameAs].submission.judgingCode));
        });
      });
    } catch (error) {
      // A unique violation (a key stored for another event at this moment) fails the whole
      // statement: retry one by one, so only the mark concerned gets the error.
      if (batch.length > 1) {
        const single: ({ ack: MarkAck } | { error: unknown })[] = [];
        for (const item of batch) single.push(...(await this.flush(eventId, [item])));
        return single;
      }
      return [{ error }];
    }
    this.committed?.(eventId, delta);
    return outcomes as ({ ack: MarkAck } | { error: unknown })[];
  }

  private settled(answer: () => MarkAck): { ack: MarkAck } | { error: unknown } {
    try {
      return { ack: answer() };
    } catch (error) {
      return { error };
    }
  }
}
