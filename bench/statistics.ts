import { createDataSource, insertStatisticsDemo, parseKey, PiiCipher, planStatisticsDemo, StatisticsRepository, type StatisticsDemoOptions, type StatisticsFilter } from '@dz/persistence';
import { DEMO_ORG } from '@dz/persistence';
import { ms, type TableCase } from './report';
import type { BenchStack } from './stack';

type Say = (line: string) => void;

/** The bench's volume: 200 events (5 years × 40) and about 50,000 entries (BENCH_STAT_ENTRIES). */
export function statisticsOptions(entries: number): StatisticsDemoOptions {
  return { seed: 20260, years: [2021, 2022, 2023, 2024, 2025], eventsPerYear: 40, entries, idSpace: 2 };
}

const RUNS = 7;

async function time(run: () => Promise<unknown>): Promise<{ medianMs: number; maxMs: number; rows: number }> {
  const times: number[] = [];
  let rows = 0;
  await run(); // warm-up: plans and buffers
  for (let i = 0; i < RUNS; i += 1) {
    const start = process.hrtime.bigint();
    const out = await run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    rows = Array.isArray(out) ? out.length : 1;
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], maxMs: times[times.length - 1], rows };
}

/**
 * Each statistics query (StatisticsRepository, the SQL the dashboard runs) on the bench volume:
 * the demo generator's past editions at 200 events and ~50,000 entries, the views refreshed
 * once, then every query timed RUNS times (after one warm-up) with no filter, a year, and a
 * department + county; the baseline is a bare `SELECT count(*)` over stat_member.
 */
export async function statisticsCase(stack: BenchStack, entries: number, say: Say): Promise<TableCase> {
  const options = statisticsOptions(entries);
  const plan = planStatisticsDemo(options);
  const people = plan.events.reduce((s, e) => s + e.entries.length, 0);
  const cipher = new PiiCipher({
    encryptionKey: parseKey(stack.secrets.PII_ENCRYPTION_KEY, 'PII_ENCRYPTION_KEY'),
    hmacKey: parseKey(stack.secrets.PII_HMAC_KEY, 'PII_HMAC_KEY', Buffer.from(stack.secrets.PII_HMAC_KEY, 'base64').length),
  });
  const dataSource = createDataSource({ url: stack.databaseUrl, poolSize: 4, applicationName: 'dz-bench-statistics' });
  await dataSource.initialize();
  try {
    say(`statistics: inserting ${plan.events.length} events and ${people} entries…`);
    await dataSource.transaction((manager) => insertStatisticsDemo(manager, cipher, plan));
    const repo = new StatisticsRepository(dataSource);
    const refreshStart = process.hrtime.bigint();
    await repo.refresh();
    const refreshMs = Number(process.hrtime.bigint() - refreshStart) / 1e6;
    await dataSource.query('ANALYZE stat_event; ANALYZE stat_member');
    const [{ count: factRows }] = await dataSource.query(`SELECT count(*)::int AS count FROM stat_member`);
    say(`statistics: views refreshed in ${refreshMs.toFixed(0)} ms (${factRows} person rows)`);

    const filters: [string, StatisticsFilter][] = [
      ['none', {}],
      ['year 2024', { year: 2024 }],
      ['dept + county + year', { year: 2024, organizerOrgIds: [DEMO_ORG.jingxin], county: '渠县' }],
    ];
    const queries: [string, (f: StatisticsFilter) => Promise<unknown>][] = [
      ['eventTotals', (f) => repo.eventTotals(f)],
      ['eventsByDepartment', (f) => repo.eventsByDepartment(f)],
      ['eventsByStatus', (f) => repo.eventsByStatus(f)],
      ['approvalMedian', (f) => repo.approvalMedian(f)],
      ['contestantTotals', (f) => repo.contestantTotals(f)],
      ...(['county', 'industry', 'occupation', 'age_band', 'sex', 'employer_type', 'skill_level'] as const).map(
        (d) => [`contestantsBy(${d})`, (f: StatisticsFilter) => repo.contestantsBy(f, d)] as [string, (f: StatisticsFilter) => Promise<unknown>],
      ),
      ['prizesByTier', (f) => repo.prizesByTier(f)],
      ['titles', (f) => repo.titles(f)],
      ['upgrades', (f) => repo.upgrades(f)],
      ['nominations', (f) => repo.nominations(f)],
      ['arenaChampions', (f) => repo.arenaChampions(f)],
      ['yearOverYear', (f) => repo.yearOverYear(f)],
    ];
    const rows: string[][] = [];
    let slowest = 0;
    const baseline = await time(() => dataSource.query(`SELECT count(*) FROM stat_member`));
    rows.push(['baseline: SELECT count(*) FROM stat_member', '—', '1', ms(baseline.medianMs), ms(baseline.maxMs)]);
    for (const [label, filter] of filters) {
      for (const [name, run] of queries) {
        const t = await time(() => run(filter));
        slowest = Math.max(slowest, t.maxMs);
        rows.push([name, label, String(t.rows), ms(t.medianMs), ms(t.maxMs)]);
      }
      // All of them at once, as the service runs them for one dashboard request.
      const all = await time(() => Promise.all(queries.map(([, run]) => run(filter))));
      rows.push([`**whole dashboard (${queries.length} queries, concurrently)**`, label, '—', ms(all.medianMs), ms(all.maxMs)]);
    }
    return {
      title: `Statistics queries on ${plan.events.length} events, ${people.toLocaleString('en-US')} entries`,
      notes: [
        `Data: \`planStatisticsDemo\` (the demo's generator) with ${JSON.stringify(options)}, written by \`insertStatisticsDemo\`, then \`statistics_refresh()\` once: ${refreshMs.toFixed(0)} ms for ${factRows} person rows of stat_member (REFRESH … CONCURRENTLY of both views).`,
        `Each query is StatisticsRepository's, on the repository's own pool, run once to warm up and then ${RUNS} times one after another; median and max of those ${RUNS}. The pool has 4 connections, so "whole dashboard" runs the queries 4 at a time.`,
        'Baseline: a bare `SELECT count(*)` over the same view, the floor of any query over it.',
        `Slowest single query (max of all runs): ${ms(slowest)} ms.`,
      ],
      header: ['query', 'filters', 'rows', 'median ms', 'max ms'],
      numeric: [2, 3, 4],
      rows,
      problems: [{ label: 'queries slower than 1 s', count: rows.filter((r) => Number(r[4]) >= 1000).length }],
    };
  } finally {
    await dataSource.destroy();
  }
}
