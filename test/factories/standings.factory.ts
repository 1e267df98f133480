import type {
  Ack,
  ClientToServerEvents,
  PublicStandingsBatch,
  ServerToClientEvents,
  StaffStandingsBatch,
  StandingsReset,
  StandingsSubscribeReply,
  StaffStandingRow,
} from '@dz/contracts';
import { recordReadStatement, standingRowsOf, type RecordInput } from '@dz/persistence';
import { io, type Socket } from 'socket.io-client';
import type { DataSource } from 'typeorm';

export type ViewerSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Everything a viewer's socket received, raw, in arrival order. */
export interface Received {
  deltas: (StaffStandingsBatch | PublicStandingsBatch)[];
  resets: StandingsReset[];
  /** The raw JSON of every message, for leak checks. */
  raw: string[];
}

/** A board's socket as a phone or big screen opens it (no token: the audience). */
export function viewerSocket(baseUrl: string, token?: string, options: { reconnection?: boolean } = {}): ViewerSocket & { received: Received } {
  const socket = io(baseUrl, {
    transports: ['websocket'],
    auth: token ? { token } : {},
    extraHeaders: { origin: baseUrl },
    reconnection: options.reconnection ?? true,
    reconnectionDelay: 20,
    reconnectionDelayMax: 300,
    forceNew: true,
  }) as ViewerSocket & { received: Received };
  const received: Received = { deltas: [], resets: [], raw: [] };
  socket.received = received;
  socket.on('standings.delta', (batch) => {
    received.deltas.push(batch);
    received.raw.push(JSON.stringify(batch));
  });
  socket.on('standings.reset', (reset) => {
    received.resets.push(reset);
    received.raw.push(JSON.stringify(reset));
  });
  return socket;
}

export function socketConnected(socket: ViewerSocket, timeoutMs = 10_000): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket did not connect')), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export async function subscribeBoard(socket: ViewerSocket, body: unknown, timeoutMs = 10_000): Promise<Ack<StandingsSubscribeReply>> {
  return (await socket.timeout(timeoutMs).emitWithAck('standings.subscribe', body)) as Ack<StandingsSubscribeReply>;
}

/** Waits until `check` holds, polling every 25 ms; fails with `what` after the timeout. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Every approved entry's stored standings row (what the boards fold to) next to the row a full
 * recomputation from all the event's marks gives (recordReadStatement of every entry, then
 * standingRowsOf): marks update rows incrementally, aspect by aspect, and this is their truth.
 * An entry gets its stored row with its first mark or the board's first snapshot, so only the
 * entries with one are compared; every entry with a mark must have one.
 */
export async function storedAndRecomputedStandings(dataSource: DataSource, eventId: string): Promise<{ stored: StaffStandingRow[]; recomputed: StaffStandingRow[] }> {
  const read = recordReadStatement(eventId, null);
  const [input]: RecordInput[] = await dataSource.query(read.sql, read.params);
  const recomputed = standingRowsOf(input, []).sort((a, b) => (a.entryId < b.entryId ? -1 : 1));
  const rows: { row: StaffStandingRow }[] = await dataSource.query(
    `SELECT s.row FROM standing s JOIN entry e ON e.id = s.entry_id WHERE s.event_id = $1 AND e.status = 'approved' ORDER BY s.entry_id`,
    [eventId],
  );
  const stored = rows.map((r) => r.row).sort((a, b) => (a.entryId < b.entryId ? -1 : 1));
  const has = new Set(stored.map((r) => r.entryId));
  const [{ unstored }]: { unstored: number }[] = await dataSource.query(
    `SELECT count(DISTINCT m.entry_id)::int AS unstored FROM mark m WHERE m.event_id = $1 AND NOT (m.entry_id = ANY($2::uuid[]))`,
    [eventId, [...has]],
  );
  if (unstored > 0) throw new Error(`${unstored} marked entries have no stored standings row`);
  return { stored, recomputed: recomputed.filter((r) => has.has(r.entryId)) };
}
