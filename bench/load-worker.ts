import autocannon from 'autocannon';
import { settle, type LoadRequest, type LoadSummary } from './load';

// Child process that generates the load, so autocannon never shares an event loop with the
// servers under test (they all live in the parent). One request from the parent, one answer.

/** One autocannon run; `latencies` (if given) receives every response time in ms, unrounded. */
function run(options: autocannon.Options, latencies?: number[]): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    // autocannon's own histogram keeps whole milliseconds, too coarse for sub-millisecond
    // answers, so percentiles are taken from the raw per-response durations instead.
    if (latencies) instance.on('response', (_client, _status, _bytes, responseTime: number) => latencies.push(responseTime));
  });
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

async function measure(request: LoadRequest): Promise<LoadSummary> {
  const base: autocannon.Options = {
    url: request.url,
    method: request.method,
    body: request.body,
    headers: request.headers,
    connections: request.connections,
    pipelining: 1,
    timeout: 10,
  };
  if (request.warmupSeconds > 0) {
    const warm: number[] = [];
    await run({ ...base, duration: request.warmupSeconds }, warm);
    // autocannon drops its sockets when time is up, but the server still finishes what it had
    // accepted (an argon2 verify takes seconds under load): let that drain before measuring.
    await settle(warm.reduce((a, b) => Math.max(a, b), 0));
  }
  const latencies: number[] = [];
  const result = await run({ ...base, duration: request.seconds }, latencies);
  latencies.sort((a, b) => a - b);
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat?.count ?? 0;
  return {
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    maxMs: latencies.length ? latencies[latencies.length - 1] : 0,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes,
    seconds: result.duration,
  };
}

process.once('message', (message: LoadRequest) => {
  measure(message).then(
    (summary) => process.send?.({ ok: true, summary }, () => process.exit(0)),
    (error: unknown) => process.send?.({ ok: false, error: String((error as Error)?.stack ?? error) }, () => process.exit(1)),
  );
});
