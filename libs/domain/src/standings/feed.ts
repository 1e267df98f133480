import type { LiveBoard } from './live-board';
import type { RankableRow } from './ranking';

/**
 * The client side of the standings feed. Deltas carry a seq (1, 2, 3 … without gaps per event)
 * and may arrive twice (a replay overlapping the live push) or out of order (two API processes
 * push through the Redis adapter). The follower applies each seq exactly once, in order, holds
 * back what comes after a gap, and tells the caller how long the gap has been open so it can ask
 * the server for a replay (`standings.subscribe` with `since: lastSeq`).
 */

/** What `receive` did with a delta. */
export type FeedOutcome = 'applied' | 'duplicate' | 'buffered';

interface Buffered<D> {
  delta: D;
  /** When it arrived, ms (the caller's clock). */
  at: number;
}

function assertSeq(seq: number, what: string): void {
  if (!Number.isSafeInteger(seq) || seq < 0) {
    throw new RangeError(`${what}应为非负整数（收到 ${seq}）`);
  }
}

export class FeedFollower<D extends { seq: number }> {
  private last: number;
  private readonly buffer = new Map<number, Buffered<D>>();
  private appliedCount = 0;
  private duplicateCount = 0;

  /**
   * @param apply applies one delta to the caller's board; called in seq order, once per seq.
   * @param lastSeq the seq of the snapshot the board starts from (0 before any mark).
   */
  constructor(
    private readonly apply: (delta: D) => void,
    lastSeq = 0,
  ) {
    assertSeq(lastSeq, '排名快照序号');
    this.last = lastSeq;
  }

  /** The seq of the last delta applied (or of the snapshot reset to). */
  get lastSeq(): number {
    return this.last;
  }

  /** How many deltas have been applied. */
  get applied(): number {
    return this.appliedCount;
  }

  /** How many deltas were ignored as already applied or already buffered. */
  get duplicates(): number {
    return this.duplicateCount;
  }

  /** How many deltas wait behind a gap. */
  get pending(): number {
    return this.buffer.size;
  }

  /**
   * Takes one delta that arrived at `now` (ms): applies it when it is the next seq (and then any
   * buffered ones that follow on), ignores it when its seq is already applied or buffered, and
   * buffers it when an earlier seq is missing.
   */
  receive(delta: D, now: number): FeedOutcome {
    assertSeq(delta.seq, '排名更新序号');
    if (delta.seq <= this.last || this.buffer.has(delta.seq)) {
      this.duplicateCount += 1;
      return 'duplicate';
    }
    if (delta.seq > this.last + 1) {
      this.buffer.set(delta.seq, { delta, at: now });
      return 'buffered';
    }
    this.applyNext(delta);
    this.drain();
    return 'applied';
  }

  /**
   * How long (ms, up to `now`) the oldest buffered delta has waited for the gap before it to
   * fill, or null when nothing waits. Past a few seconds the caller should ask for a replay.
   */
  gapSince(now: number): number | null {
    let oldest: number | null = null;
    for (const { at } of this.buffer.values()) {
      oldest = oldest === null ? at : Math.min(oldest, at);
    }
    return oldest === null ? null : now - oldest;
  }

  /**
   * The caller has replaced its board by a snapshot at `snapshotSeq`: buffered deltas up to it
   * are dropped, and those that follow on from it are applied.
   */
  reset(snapshotSeq: number): void {
    assertSeq(snapshotSeq, '排名快照序号');
    this.last = snapshotSeq;
    for (const seq of [...this.buffer.keys()]) {
      if (seq <= snapshotSeq) {
        this.buffer.delete(seq);
      }
    }
    this.drain();
  }

  private applyNext(delta: D): void {
    this.apply(delta);
    this.last = delta.seq;
    this.appliedCount += 1;
  }

  private drain(): void {
    for (let next = this.buffer.get(this.last + 1); next !== undefined; next = this.buffer.get(this.last + 1)) {
      this.buffer.delete(this.last + 1);
      this.applyNext(next.delta);
    }
  }
}

/**
 * Puts every row of a delta on the board. Rows carry absolute standings, so applying the same
 * rows twice leaves the board as it was.
 */
export function applyRows<R extends RankableRow>(board: LiveBoard<R>, rows: readonly R[]): void {
  for (const row of rows) {
    board.upsert(row);
  }
}
