/** A request slower than this is named when a test file closes its API or browser. */
export const SLOW_REQUEST_MS = 5_000;

/** At most this many lines a report; the rest are counted. */
const SHOWN = 10;

/**
 * Writes `[source] slow requests: …` to stderr (as the chaos tests write their figures): the
 * slowest first, then the ones never answered, so a step that timed out on a button says which
 * request it waited for and whether the server had it.
 */
export function reportSlowRequests(source: string, slow: { line: string; ms: number }[], pending: string[]): void {
  if (slow.length + pending.length === 0) return;
  const lines = [...pending, ...[...slow].sort((a, b) => b.ms - a.ms).map((s) => s.line)];
  const more = lines.length > SHOWN ? [`… and ${lines.length - SHOWN} more`] : [];
  process.stderr.write(`[${source}] slow requests (${slow.length} over ${SLOW_REQUEST_MS} ms, ${pending.length} unanswered):\n  ${[...lines.slice(0, SHOWN), ...more].join('\n  ')}\n`);
}
