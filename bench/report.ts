import { cpus, release, totalmem, type as osType } from 'node:os';
import type { LoadSummary } from './load';

/** One side of a comparison, as measured. */
export interface Side {
  label: string;
  summary: LoadSummary;
  /** Connection errors plus responses whose status was not the expected one. */
  unexpected: number;
}

export interface CaseResult {
  title: string;
  /** What each side does, one line each, shown under the table. */
  notes: string[];
  expectedStatus: number;
  api: Side;
  baseline: Side;
  /** Extra informational rows (no ratio), e.g. the bare argon2 loop. */
  extras?: { label: string; perSecond: number; count: number; p50Ms: number; p99Ms: number }[];
}

/**
 * A case that is not a plain HTTP load (the live-standings cases): its own columns, one row per
 * side, the ratio row last; `problems` counts what went wrong (refused marks, undelivered
 * deltas), and the run exits non-zero when it is not 0.
 */
export interface TableCase {
  title: string;
  notes: string[];
  header: string[];
  /** Right-aligned columns (numbers), by index. */
  numeric: number[];
  rows: string[][];
  problems: { label: string; count: number }[];
}

export type AnyCase = CaseResult | TableCase;

export const isTableCase = (c: AnyCase): c is TableCase => 'header' in c;

export interface RunInfo {
  date: Date;
  command: string;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  postgres: string;
  redis: string;
  commit: string | null;
  /** The 1/5/15-minute load average at the start and the end of the run. */
  load?: string;
}

export function machine(): string {
  const list = cpus();
  const model = list[0]?.model.trim().replace(/\s+/g, ' ') ?? 'unknown CPU';
  return `${model} × ${list.length}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, ${osType()} ${release()}`;
}

export const int = (n: number) => Math.round(n).toLocaleString('en-US');
/** Rates below 100/s keep one decimal (login is a handful per second). */
export const rate = (n: number) => (n < 100 ? n.toFixed(1) : int(n));
export const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
export const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');

function statuses(summary: LoadSummary): string {
  const parts = Object.entries(summary.statusCodes)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([code, count]) => `${code}: ${int(count)}`);
  return parts.join(', ') || '—';
}

/** The Markdown table of one case (also what is printed to stdout). */
export function caseTable(result: CaseResult): string {
  const { api, baseline } = result;
  const row = (side: Side) =>
    `| ${side.label} | ${rate(side.summary.requestsPerSecond)} | ${ms(side.summary.p50Ms)} | ${ms(side.summary.p99Ms)} | ${int(side.summary.requests)} | ${statuses(side.summary)} | ${int(side.summary.errors)} | ${int(side.unexpected)} |`;
  const lines = [
    `| side | req/s | p50 ms | p99 ms | requests | status codes | conn. errors | unexpected (≠${result.expectedStatus}) |`,
    '|---|--:|--:|--:|--:|---|--:|--:|',
    row(api),
    row(baseline),
    `| **ratio API / baseline** | **${ratio(api.summary.requestsPerSecond, baseline.summary.requestsPerSecond)}** | ${ratio(api.summary.p50Ms, baseline.summary.p50Ms)} | ${ratio(api.summary.p99Ms, baseline.summary.p99Ms)} | | | | |`,
  ];
  for (const extra of result.extras ?? []) {
    lines.push(`| ${extra.label} | ${rate(extra.perSecond)} ops/s | ${ms(extra.p50Ms)} | ${ms(extra.p99Ms)} | ${int(extra.count)} | — | — | — |`);
  }
  return lines.join('\n');
}

/** The Markdown table of a TableCase. */
export function tableOf(result: TableCase): string {
  const align = result.header.map((_, i) => (result.numeric.includes(i) ? '--:' : '---'));
  return [`| ${result.header.join(' | ')} |`, `|${align.join('|')}|`, ...result.rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function anyTable(result: AnyCase): string {
  return isTableCase(result) ? tableOf(result) : caseTable(result);
}

export function renderMarkdown(info: RunInfo, results: AnyCase[]): string {
  const out: string[] = [];
  out.push('# Benchmarks', '');
  out.push('<!-- Written by `npm run bench` (bench/run.ts) and overwritten on every run: edit bench/report.ts, not this file. -->', '');
  out.push('| | |', '|---|---|');
  out.push(`| Date | ${info.date.toISOString()} |`);
  out.push(`| Machine | ${machine()} |`);
  out.push(`| Node | ${process.version} (${process.platform}/${process.arch}) |`);
  if (info.commit) out.push(`| Commit | \`${info.commit}\` |`);
  out.push(`| Command | \`${info.command}\` |`);
  out.push(
    `| Load | HTTP cases: autocannon, ${info.connections} connections, pipelining 1, ${info.warmupSeconds} s warm-up (discarded) + ${info.seconds} s measured per side; live-standings cases: socket.io-client judges in this process, viewers in a child process, same warm-up and seconds; sides and cases run one after another, never together |`,
  );
  if (info.load) out.push(`| Load average | ${info.load} |`);
  out.push(`| PostgreSQL | ${info.postgres} |`);
  out.push(`| Redis | ${info.redis} |`);
  out.push('');
  out.push('## How to read', '');
  out.push(
    '- Every case runs the real API and a bare baseline **in the same process, in the same run**, one after the other. Absolute figures depend on the machine and on whatever else it was doing; compare runs by the **ratios**, not by req/s.',
    '- **req/s ratio** = API ÷ baseline: 0.25× means the full stack serves a quarter of what bare `node:http` does for the same answer. **Latency ratios** are the other way round: 2.00× means twice as slow.',
    '- p50 / p99 are taken from every measured response time (sub-millisecond precision), warm-up excluded. Latency under closed-loop load is roughly connections ÷ req/s, so it moves with throughput.',
    '- The load generator (autocannon) runs in a child process, but on the same machine: it competes for CPU with the servers, PostgreSQL and Redis. The fastest baseline (the constant health answer) may be limited by the generator rather than by the server, in which case its ratio understates the gap. Between sides the run waits for work left in flight to drain.',
    '- "unexpected" counts connection errors and responses whose status was not the expected one; the run exits non-zero when any side has one. Tests never assert on time: this file is the only place speed is recorded.',
    '',
  );
  results.forEach((result, index) => {
    out.push(`## ${index + 1}. ${result.title}`, '');
    out.push(anyTable(result), '');
    for (const note of result.notes) out.push(`- ${note}`);
    out.push('');
  });
  return out.join('\n');
}
