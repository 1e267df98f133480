import { fork } from 'node:child_process';
import { join } from 'node:path';

export interface LoadRequest {
  url: string;
  method: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  connections: number;
  warmupSeconds: number;
  seconds: number;
}

export interface LoadSummary {
  /** Mean of autocannon's per-second request counts. */
  requestsPerSecond: number;
  /** Responses received in the measured window (warm-up excluded). */
  requests: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  seconds: number;
}

type WorkerReply = { ok: true; summary: LoadSummary } | { ok: false; error: string };

/** Runs a warm-up then a measured autocannon run from a child process (see load-worker.ts). */
export function runLoad(request: LoadRequest): Promise<LoadSummary> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'load-worker.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      action();
    };
    child.once('message', (reply: WorkerReply) =>
      settle(() => (reply.ok ? resolve(reply.summary) : reject(new Error(`load generator failed: ${reply.error}`)))),
    );
    child.once('error', (error) => settle(() => reject(error)));
    child.once('exit', (code, signal) => settle(() => reject(new Error(`load generator exited (${signal ?? `code ${code}`}) without a result`))));
    child.send(request);
  });
}

/** Waits about as long as the slowest response just seen took (at most 15 s). */
export function settle(slowestMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.min(15_000, Math.ceil(slowestMs) + 50)));
}

/** Responses whose status was not the expected one, plus connection errors. */
export function unexpectedCount(summary: LoadSummary, expectedStatus: number): number {
  let wrong = summary.errors;
  for (const [code, count] of Object.entries(summary.statusCodes)) if (Number(code) !== expectedStatus) wrong += count;
  return wrong;
}
