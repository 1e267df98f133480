import type { ClientToServerEvents, PublicStandingsBatch, ServerToClientEvents, StaffStandingsBatch } from '@dz/contracts';
import { io, type Socket } from 'socket.io-client';

// Child process holding the live-standings case's viewers (or the bare baseline's clients), so
// that 1,000 clients decoding messages never share an event loop with the server under test
// (which lives in the parent), as autocannon runs in load-worker.ts. Times are wall-clock
// milliseconds with sub-millisecond precision (performance.timeOrigin + performance.now()), the
// same clock the parent stamps its emits with.

export type ViewerOpen = {
  type: 'open';
  url: string;
  count: number;
  /** api: `standings.subscribe` to the event's public room and follow `standings.delta`; bare: count `tick`. */
  mode: 'api' | 'bare';
  eventId: string;
  /** api: `${row key}|${stage}/${aspect key}` → the index of the only mark on that pair. */
  markOf: [string, number][];
  total: number;
};

export type ViewerFinish = {
  type: 'finish';
  /** Wall-clock emit time of each mark, by index. */
  sentAt: number[];
  warmupMarks: number;
  windowFrom: number;
  windowTo: number;
  waitMs: number;
};

export type ViewerReply =
  | { type: 'ready' }
  | { type: 'error'; error: string }
  | { type: 'result'; p50: number; p99: number; max: number; deliveries: number; expectedDeliveries: number; messages: number };

type ViewerSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const wall = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const send = (reply: ViewerReply) => process.send?.(reply);

let sockets: ViewerSocket[] = [];
let received: Float64Array = new Float64Array(0);
const messageTimes: number[] = [];
let open: ViewerOpen | null = null;

async function connectAll(request: ViewerOpen): Promise<void> {
  for (let i = 0; i < request.count; i += 100) {
    const batch = Array.from({ length: Math.min(100, request.count - i) }, () => {
      const socket: ViewerSocket = io(request.url, { transports: ['websocket'], extraHeaders: { origin: request.url }, reconnection: false, forceNew: true });
      sockets.push(socket);
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('a viewer socket did not connect')), 30_000);
        socket.once('connect', () => {
          clearTimeout(timer);
          resolve();
        });
        socket.once('connect_error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
      });
    });
    await Promise.all(batch);
  }
}

async function subscribe(socket: ViewerSocket, eventId: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const reply = await socket.timeout(30_000).emitWithAck('standings.subscribe', { eventId, room: 'public' });
    if (reply.ok) {
      if (reply.data.room !== 'public' || reply.data.state !== 'live' || !reply.data.snapshot?.event.blind) {
        throw new Error('the public board must be live and blind (rows keyed by judging code)');
      }
      return;
    }
    if (reply.error.code !== 'TOO_MANY_REQUESTS' || attempt > 50) throw new Error(`subscribe refused: ${reply.error.code} ${reply.error.message}`);
    await sleep(200);
  }
}

async function start(request: ViewerOpen): Promise<void> {
  open = request;
  received = new Float64Array(request.total * request.count).fill(Number.NaN);
  await connectAll(request);
  const count = request.count;
  if (request.mode === 'bare') {
    sockets.forEach((socket, v) => {
      (socket as unknown as Socket).on('tick', (message: { i: number }) => {
        const now = wall();
        messageTimes.push(now);
        received[message.i * count + v] = now;
      });
    });
    return;
  }
  const markOf = new Map(request.markOf);
  // Which marks first appear in each delta (by seq), worked out by the first viewer to get it:
  // every viewer receives the same deltas in the same order.
  const firstIn = new Map<number, number[]>();
  const claimed = new Set<number>();
  const marksOf = (delta: PublicStandingsBatch['deltas'][number]): number[] => {
    let found = firstIn.get(delta.seq);
    if (found) return found;
    found = [];
    for (const row of delta.rows) {
      for (const key of Object.keys(row.aspectScores)) {
        const i = markOf.get(`${row.key}|${key}`);
        if (i !== undefined && !claimed.has(i)) {
          claimed.add(i);
          found.push(i);
        }
      }
    }
    firstIn.set(delta.seq, found);
    return found;
  };
  sockets.forEach((socket, v) => {
    let lastSeq = 0;
    socket.on('standings.delta', (batch: StaffStandingsBatch | PublicStandingsBatch) => {
      if (batch.room !== 'public' || batch.eventId !== request.eventId) return;
      const now = wall();
      messageTimes.push(now);
      for (const delta of batch.deltas) {
        if (delta.seq <= lastSeq) continue;
        lastSeq = delta.seq;
        for (const i of marksOf(delta)) received[i * count + v] = now;
      }
    });
  });
  for (let i = 0; i < sockets.length; i += 100) await Promise.all(sockets.slice(i, i + 100).map((s) => subscribe(s, request.eventId)));
}

function delivered(from: number): number {
  let n = 0;
  for (let k = from; k < received.length; k++) if (!Number.isNaN(received[k])) n += 1;
  return n;
}

async function finish(request: ViewerFinish): Promise<void> {
  if (!open) throw new Error('finish before open');
  const { count, total } = open;
  const from = request.warmupMarks * count;
  const expectedDeliveries = (total - request.warmupMarks) * count;
  const until = wall() + request.waitMs;
  while (delivered(from) < expectedDeliveries && wall() < until) await sleep(100);
  const latencies: number[] = [];
  for (let i = request.warmupMarks; i < total; i++) {
    for (let v = 0; v < count; v++) {
      const at = received[i * count + v];
      if (!Number.isNaN(at)) latencies.push(at - request.sentAt[i]);
    }
  }
  const sorted = Float64Array.from(latencies).sort();
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0);
  const messages = messageTimes.filter((t) => t >= request.windowFrom && t <= request.windowTo).length;
  for (const s of sockets) s.close();
  sockets = [];
  send({ type: 'result', p50: at(0.5), p99: at(0.99), max: sorted.length ? sorted[sorted.length - 1] : 0, deliveries: sorted.length, expectedDeliveries, messages });
}

process.on('message', (message: ViewerOpen | ViewerFinish) => {
  const work = message.type === 'open' ? start(message).then(() => send({ type: 'ready' })) : finish(message).then(() => process.disconnect?.());
  work.catch((error: unknown) => {
    send({ type: 'error', error: (error as Error)?.stack ?? String(error) });
    process.disconnect?.();
  });
});
