import type { Ack, ClientToServerEvents, MarkAck, ServerToClientEvents } from '@dz/contracts';
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';

// Child process holding the marks case's judge tablets, so that 50 socket.io clients encoding,
// sending and awaiting acks never share an event loop with the API under test (which lives in
// the parent), as the viewers (viewers-worker.ts) and autocannon (load-worker.ts) do. Each
// judge sends `mark.submit` and awaits its ack before the next (closed loop).

export type JudgesRun = {
  type: 'run';
  url: string;
  tokens: string[];
  eventId: string;
  stage: string;
  /** Every (judging code, aspect key) pair of the event; judge j starts at its own offset. */
  pairs: { code: string; aspectKey: string }[];
  warmupSeconds: number;
  seconds: number;
};

export type JudgesReply =
  | { type: 'error'; error: string }
  | {
      type: 'result';
      accepted: number;
      duplicates: number;
      refused: [string, number][];
      timeouts: number;
      latencies: number[];
      exhausted: number;
      /** This process's CPU over the run, as a share of one core. */
      cpu: number;
    };

type JudgeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const send = (reply: JudgesReply) => process.send?.(reply);

function connect(url: string, token: string): Promise<JudgeSocket> {
  const socket: JudgeSocket = io(url, { transports: ['websocket'], auth: { token }, extraHeaders: { origin: url }, reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('a judge socket did not connect')), 30_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

async function run(request: JudgesRun): Promise<void> {
  const sockets = await Promise.all(request.tokens.map((t) => connect(request.url, t)));
  const result = { accepted: 0, duplicates: 0, refused: new Map<string, number>(), timeouts: 0, latencies: [] as number[], exhausted: 0 };
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const measureFrom = start + request.warmupSeconds * 1000;
  const end = measureFrom + request.seconds * 1000;
  const lane = async (socket: JudgeSocket, j: number) => {
    // One original mark per judge and aspect is all the chain accepts: each judge walks every
    // (entry, aspect) pair once, from its own offset.
    const offset = Math.floor((j * request.pairs.length) / sockets.length);
    for (let k = 0; ; k++) {
      if (performance.now() >= end) return;
      if (k >= request.pairs.length) {
        result.exhausted += 1;
        return;
      }
      const pair = request.pairs[(offset + k) % request.pairs.length];
      const body = { idempotencyKey: randomUUID(), eventId: request.eventId, judgingCode: pair.code, stage: request.stage, aspectKey: pair.aspectKey, value: (k % 1000) / 100 };
      const sent = performance.now();
      const reply = (await socket
        .timeout(30_000)
        .emitWithAck('mark.submit', body)
        .catch(() => null)) as Ack<MarkAck> | null;
      const now = performance.now();
      if (now < measureFrom || now > end) continue;
      if (!reply) result.timeouts += 1;
      else if (!reply.ok) result.refused.set(reply.error.code, (result.refused.get(reply.error.code) ?? 0) + 1);
      else if (reply.data.duplicate) result.duplicates += 1;
      else {
        result.accepted += 1;
        result.latencies.push(now - sent);
      }
    }
  };
  await Promise.all(sockets.map((s, j) => lane(s, j)));
  const used = process.cpuUsage(cpuBefore);
  const cpu = (used.user + used.system) / 1000 / (performance.now() - start);
  for (const s of sockets) s.close();
  send({ type: 'result', ...result, refused: [...result.refused], cpu });
}

process.on('message', (message: JudgesRun) => {
  if (message.type !== 'run') return;
  run(message).then(
    () => process.exit(0),
    (error: unknown) => {
      send({ type: 'error', error: (error as Error)?.stack ?? String(error) });
      process.exit(1);
    },
  );
});
