import {
  type Ack,
  type BoardEvent,
  type PublicBoardState,
  type PublicStandingRow,
  type PublicStandingsDelta,
  type PublicSubscribeReply,
  type StaffStandingsDelta,
  type StaffSubscribeReply,
  type StandingsRoom,
  type StandingsSubscribeReply,
} from '@dz/contracts';
import { FeedFollower, keyedStaffRow, LiveBoard, type KeyedStaffRow, type RankableRow } from '@dz/domain';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { createSocket } from './socket';

/**
 * Live standings (实时排名) on the web: a pure model of one board (snapshot, deltas applied in
 * seq order through a FeedFollower, ranks from a LiveBoard, each row's rank change since the
 * previous update) and the React hook that feeds it from the socket.
 */

/** A gap in the feed older than this (ms) makes the board ask the server again (`since`). */
export const GAP_RESUBSCRIBE_MS = 1000;
/**
 * A held board asks again this often (with `since`) even without a sign: it learns of a state the
 * server did not announce (results published) and of deltas a dropped message took with it.
 */
export const HEARTBEAT_MS = 15_000;
/** After the freeze time, the board asks for the frozen board this much later (ms). */
const FREEZE_MARGIN_MS = 300;
/** How long a subscribe waits for its ack (ms). */
const SUBSCRIBE_TIMEOUT_MS = 10_000;

/** The row type of each room on the client: staff rows are keyed by their entry id. */
export type RoomRow<Room extends StandingsRoom> = Room extends 'staff' ? KeyedStaffRow : PublicStandingRow;

/** A row as a board shows it: its shared rank and how many places it moved at the last update (+ up, − down). */
export interface BoardRow<R> {
  row: R;
  rank: number;
  change: number;
}

export interface BoardView<R> {
  /** False until the first snapshot arrived. */
  loaded: boolean;
  event: BoardEvent | null;
  /** The public board's state (null for the staff room). */
  state: PublicBoardState | null;
  freezeAt: string | null;
  seq: number;
  /** When the last applied update was made on the server. */
  at: string | null;
  rows: BoardRow<R>[];
  /** Bumped at every update that changed the board (animations key on it). */
  version: number;
}

interface Delta<R> {
  seq: number;
  at: string;
  rows: R[];
}

export interface BoardSnapshotInput<R> {
  event: BoardEvent;
  seq: number;
  at: string;
  rows: R[];
  state?: PublicBoardState | null;
  freezeAt?: string | null;
}

/** What a subscribe reply asks of the caller next. */
export type ReplyOutcome = 'applied' | 'need_snapshot';

export const EMPTY_VIEW: BoardView<never> = { loaded: false, event: null, state: null, freezeAt: null, seq: 0, at: null, rows: [], version: 0 };

/**
 * One board's data, framework-free: a snapshot replaces it, deltas go through a FeedFollower
 * (exactly once, in order, out-of-order ones held back). `view()` is an immutable value that
 * changes identity only when the board changed, as useSyncExternalStore wants.
 */
export class BoardModel<R extends RankableRow> {
  private board: LiveBoard<R> = new LiveBoard<R>([]);
  private readonly follower: FeedFollower<Delta<R>>;
  private event: BoardEvent | null = null;
  private state: PublicBoardState | null = null;
  private freezeAt: string | null = null;
  private at: string | null = null;
  private loaded = false;
  private ranks = new Map<string, number>();
  private current: BoardView<R> = EMPTY_VIEW;
  private readonly listeners = new Set<() => void>();
  /** Deltas that arrived before the first snapshot: fed in after it (those it already holds are ignored). */
  private early: { delta: Delta<R>; at: number }[] = [];

  constructor() {
    this.follower = new FeedFollower<Delta<R>>((delta) => {
      for (const row of delta.rows) this.board.upsert(row);
      this.at = delta.at;
    });
  }

  get lastSeq(): number {
    return this.follower.lastSeq;
  }

  get isLoaded(): boolean {
    return this.loaded;
  }

  get heldState(): PublicBoardState | null {
    return this.state;
  }

  /** Replaces the board by a snapshot; buffered deltas after it are then applied. */
  applySnapshot(snapshot: BoardSnapshotInput<R>): void {
    this.event = snapshot.event;
    this.state = snapshot.state ?? null;
    this.freezeAt = snapshot.freezeAt ?? null;
    this.at = snapshot.at;
    this.board = new LiveBoard<R>(snapshot.event.tieBreaks);
    for (const row of snapshot.rows) this.board.upsert(row);
    this.follower.reset(snapshot.seq);
    for (const { delta, at } of this.early) this.follower.receive(delta, at);
    this.early = [];
    this.loaded = true;
    this.publish();
  }

  /** Takes deltas that arrived at `now` (ms); returns how many were applied (0: duplicates or held back). */
  receive(deltas: readonly Delta<R>[], now: number): number {
    if (!this.loaded) {
      this.early.push(...deltas.map((delta) => ({ delta, at: now })));
      return 0;
    }
    const before = this.follower.applied;
    for (const delta of deltas) this.follower.receive(delta, now);
    const applied = this.follower.applied - before;
    if (applied > 0) this.publish();
    return applied;
  }

  /** True when a gap in the feed has been open longer than GAP_RESUBSCRIBE_MS. */
  gapTooOld(now: number): boolean {
    const waited = this.follower.gapSince(now);
    return waited !== null && waited > GAP_RESUBSCRIBE_MS;
  }

  /**
   * Whether the board should ask the server now (with `since`), the last ask having been at
   * `askedAt`: a gap older than GAP_RESUBSCRIBE_MS, a live board past its freeze time, or the heartbeat.
   */
  shouldAsk(now: number, askedAt: number): boolean {
    if (!this.loaded) return false;
    if (this.gapTooOld(now)) return true;
    const freeze = this.state === 'live' && this.freezeAt ? Date.parse(this.freezeAt) + FREEZE_MARGIN_MS : null;
    if (freeze !== null && now >= freeze && askedAt < freeze) return true;
    return now - askedAt >= HEARTBEAT_MS;
  }

  view(): BoardView<R> {
    return this.current;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getView = (): BoardView<R> => this.current;

  /** Recomputes the view, with each row's rank change against the previous view. */
  private publish(): void {
    const ranked = this.board.rows();
    const next = new Map<string, number>();
    const rows = ranked.map(({ row, rank }) => {
      next.set(row.key, rank);
      const before = this.ranks.get(row.key);
      return { row, rank, change: before === undefined ? 0 : before - rank };
    });
    this.ranks = next;
    this.current = {
      loaded: this.loaded,
      event: this.event,
      state: this.state,
      freezeAt: this.freezeAt,
      seq: this.follower.lastSeq,
      at: this.at,
      rows,
      version: this.current.version + 1,
    };
    for (const listener of this.listeners) listener();
  }
}

/** Applies a public subscribe reply; a reply in another state than the one held needs a snapshot. */
export function applyPublicReply(model: BoardModel<PublicStandingRow>, reply: PublicSubscribeReply, now: number): ReplyOutcome {
  if (reply.snapshot) {
    model.applySnapshot(reply.snapshot);
    return 'applied';
  }
  if (!model.isLoaded || reply.state !== model.heldState || reply.deltas === null) return 'need_snapshot';
  model.receive(reply.deltas, now);
  return 'applied';
}

/** Applies a staff subscribe reply (rows keyed by entry id). */
export function applyStaffReply(model: BoardModel<KeyedStaffRow>, reply: StaffSubscribeReply, now: number): ReplyOutcome {
  if (reply.snapshot) {
    model.applySnapshot({ ...reply.snapshot, rows: reply.snapshot.rows.map(keyedStaffRow) });
    return 'applied';
  }
  if (!model.isLoaded || reply.deltas === null) return 'need_snapshot';
  model.receive(keyedDeltas(reply.deltas), now);
  return 'applied';
}

export function keyedDeltas(deltas: readonly StaffStandingsDelta[]): Delta<KeyedStaffRow>[] {
  return deltas.map((d) => ({ ...d, rows: d.rows.map(keyedStaffRow) }));
}

/** A score in hundredths with two decimals: 8725 → `87.25`. */
export function formatScore(hundredths: number): string {
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(hundredths));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** The rows whose label or key contains `query` (case-insensitive, spaces ignored). */
export function searchRows<R extends { key: string; label: string }>(rows: readonly BoardRow<R>[], query: string): BoardRow<R>[] {
  const q = query.replace(/\s+/g, '').toLowerCase();
  if (!q) return [...rows];
  return rows.filter(({ row }) => row.label.toLowerCase().includes(q) || row.key.toLowerCase().includes(q));
}

/** `count` rows a page; the page shown at `tick` (wrapping). */
export function pageOf<T>(items: readonly T[], size: number, tick: number): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const page = ((tick % pages) + pages) % pages;
  return { items: items.slice(page * size, page * size + size), page, pages };
}

export type ConnectionStatus = 'connecting' | 'online' | 'offline';

export interface LiveBoardResult<R> extends BoardView<R> {
  connection: ConnectionStatus;
  /** A Chinese message when the board cannot be followed (unknown event, no right to the staff room). */
  error: string | null;
}

function isPublicReply(reply: StandingsSubscribeReply): reply is PublicSubscribeReply {
  return reply.room === 'public';
}

/**
 * Follows one board live: subscribes on every (re)connect with the last seq held, applies the
 * reply and the `standings.delta` batches, asks again when a gap has waited over a second, and
 * takes a snapshot on `standings.reset` or when the public board changed state.
 */
export function useLiveBoard<Room extends StandingsRoom>(eventId: string | undefined, room: Room): LiveBoardResult<RoomRow<Room>> {
  const [model, setModel] = useState(() => new BoardModel<RoomRow<Room>>());
  const [connection, setConnection] = useState<ConnectionStatus>('connecting');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!eventId) return;
    const board = new BoardModel<RoomRow<Room>>();
    setModel(board);
    setError(null);
    setConnection('connecting');
    const socket = createSocket();
    let closed = false;
    let inFlight = false;
    let retryTimer: number | undefined;
    /** A refusal that asking again will not change (unknown event, no right to the room). */
    let refused = false;
    let askedAt = 0;

    const subscribe = (since: number | undefined) => {
      if (closed || inFlight || refused || !socket.connected) return;
      inFlight = true;
      askedAt = Date.now();
      socket
        .timeout(SUBSCRIBE_TIMEOUT_MS)
        .emitWithAck('standings.subscribe', { eventId, room, ...(since === undefined ? {} : { since }) })
        .then((ack: Ack<StandingsSubscribeReply>) => {
          inFlight = false;
          if (closed) return;
          if (!ack.ok) {
            if (ack.error.code === 'TOO_MANY_REQUESTS') {
              retryTimer = window.setTimeout(() => subscribe(since), 2000);
            } else {
              refused = true;
              setError(ack.error.message);
            }
            return;
          }
          setError(null);
          const reply = ack.data;
          const outcome = isPublicReply(reply)
            ? applyPublicReply(board as unknown as BoardModel<PublicStandingRow>, reply, Date.now())
            : applyStaffReply(board as unknown as BoardModel<KeyedStaffRow>, reply, Date.now());
          if (outcome === 'need_snapshot') subscribe(undefined);
        })
        .catch(() => {
          // No ack in time: the next tick (or reconnect) asks again.
          inFlight = false;
        });
    };
    const resume = () => subscribe(board.isLoaded ? board.lastSeq : undefined);

    socket.on('connect', () => {
      setConnection('online');
      resume();
    });
    socket.on('disconnect', () => setConnection('offline'));
    socket.on('connect_error', () => setConnection('offline'));
    socket.on('standings.delta', (batch) => {
      if (batch.eventId !== eventId || batch.room !== room) return;
      const deltas = batch.room === 'staff' ? keyedDeltas(batch.deltas) : (batch.deltas as PublicStandingsDelta[]);
      board.receive(deltas as Delta<RoomRow<Room>>[], Date.now());
    });
    socket.on('standings.reset', (reset) => {
      if (reset.eventId === eventId && reset.room === room) subscribe(undefined);
    });
    const timer = window.setInterval(() => {
      const now = Date.now();
      if (!board.isLoaded) {
        if (now - askedAt > 3000) resume();
      } else if (board.shouldAsk(now, askedAt)) {
        subscribe(board.lastSeq);
      }
    }, 500);
    socket.connect();
    return () => {
      closed = true;
      window.clearInterval(timer);
      window.clearTimeout(retryTimer);
      socket.disconnect();
    };
  }, [eventId, room]);

  const view = useSyncExternalStore(model.subscribe, model.getView);
  return { ...view, connection, error };
}
