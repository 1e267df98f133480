import type { ContestantCell, DepartmentEventsRow, StatCell } from '@dz/contracts';
import { BaseRepository, type Tx } from '../transaction';

/**
 * Filters of the statistics as SQL sees them. `organizerOrgIds` limits to the events of these
 * organisations (a department's own); null or absent: every organiser.
 */
export interface StatisticsFilter {
  year?: number;
  series?: string;
  level?: string;
  organizerOrgIds?: readonly string[] | null;
  industryId?: string;
  county?: string;
}

/** Person dimensions of stat_member, by the column they group on. */
export const PERSON_DIMENSIONS = ['county', 'industry', 'occupation', 'age_band', 'sex', 'employer_type', 'skill_level'] as const;
export type PersonDimension = (typeof PERSON_DIMENSIONS)[number];

export interface EventTotals {
  proposed: number;
  approved: number;
  rejected: number;
  held: number;
  final: number;
}

export interface ContestantTotals {
  registered: number;
  approved: number;
  present: number;
  awarded: number;
}

export interface ArenaChampionRecord {
  eventId: string;
  eventTitle: string;
  year: number;
  name: string;
  county: string | null;
  defences: number;
  bouts: number;
}

export interface YearSeriesRecord {
  series: string;
  year: number;
  events: number;
  registered: number;
  present: number;
  awarded: number;
  nominated: number;
}

type Where = { sql: string; params: unknown[] };

/**
 * The WHERE clause of a filter over stat_event (`kind` event) or stat_member (`kind` member),
 * numbered from $1. The county is the event's county for event figures and the person's for
 * person figures; the industry is the node and all below it in the "3+3+N" tree.
 */
export function statisticsWhere(filter: StatisticsFilter, kind: 'event' | 'member', options: { ignoreYear?: boolean; alias?: string } = {}): Where {
  const a = options.alias ? `${options.alias}.` : '';
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    clauses.push(sql(`$${params.length}`));
  };
  if (filter.year !== undefined && !options.ignoreYear) add((p) => `${a}year = ${p}`, filter.year);
  if (filter.series !== undefined) add((p) => `${a}series = ${p}`, filter.series);
  if (filter.level !== undefined) add((p) => `${a}level = ${p}`, filter.level);
  if (filter.organizerOrgIds) add((p) => `${a}organizer_org_id = ANY(${p}::uuid[])`, [...filter.organizerOrgIds]);
  if (filter.industryId !== undefined) {
    add(
      (p) => `${a}industry_id IN (WITH RECURSIVE sub(id) AS (SELECT ${p}::uuid UNION ALL SELECT i.id FROM industry i JOIN sub ON i.parent_id = sub.id) SELECT id FROM sub)`,
      filter.industryId,
    );
  }
  if (filter.county !== undefined) add((p) => `${a}county = ${p}`, filter.county);
  return { sql: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

const n = (v: unknown): number => Number(v ?? 0);

/**
 * The statistics, read from the materialized views stat_event and stat_member (see the
 * CreateStatistics migration): every figure is one GROUP BY in SQL; nothing loads rows into
 * Node beyond the chart's bars.
 */
export class StatisticsRepository extends BaseRepository {
  /** Rebuilds the views (CONCURRENTLY: readers keep the old figures meanwhile); returns when. */
  async refresh(tx?: Tx): Promise<Date> {
    const rows: { at: Date }[] = await this.manager(tx).query(`SELECT statistics_refresh() AS at`);
    return rows[0].at;
  }

  async refreshedAt(): Promise<Date | null> {
    const rows: { at: Date }[] = await this.manager().query(`SELECT refreshed_at AS at FROM statistics_refresh_state WHERE id = 1`);
    return rows[0]?.at ?? null;
  }

  async eventTotals(filter: StatisticsFilter): Promise<EventTotals> {
    const w = statisticsWhere(filter, 'event');
    const [row] = await this.manager().query(
      `SELECT count(*) FILTER (WHERE proposed) AS proposed, count(*) FILTER (WHERE approved) AS approved,
              count(*) FILTER (WHERE rejected) AS rejected, count(*) FILTER (WHERE held) AS held, count(*) FILTER (WHERE final) AS final
         FROM stat_event ${w.sql}`,
      w.params,
    );
    return { proposed: n(row.proposed), approved: n(row.approved), rejected: n(row.rejected), held: n(row.held), final: n(row.final) };
  }

  async eventsByDepartment(filter: StatisticsFilter): Promise<DepartmentEventsRow[]> {
    const w = statisticsWhere(filter, 'event', { alias: 's' });
    const rows: Record<string, unknown>[] = await this.manager().query(
      `SELECT s.organizer_org_id AS key, o.name AS label,
              count(*) FILTER (WHERE s.proposed) AS proposed, count(*) FILTER (WHERE s.approved) AS approved,
              count(*) FILTER (WHERE s.rejected) AS rejected, count(*) FILTER (WHERE s.held) AS held
         FROM stat_event s JOIN organisation o ON o.id = s.organizer_org_id ${w.sql}
        GROUP BY s.organizer_org_id, o.name ORDER BY proposed DESC, o.name`,
      w.params,
    );
    return rows.map((r) => ({ key: String(r.key), label: String(r.label), proposed: n(r.proposed), approved: n(r.approved), rejected: n(r.rejected), held: n(r.held) }));
  }

  /** Events by their current status (key: the status). */
  async eventsByStatus(filter: StatisticsFilter): Promise<{ key: string; count: number }[]> {
    const w = statisticsWhere(filter, 'event');
    const rows: { key: string; count: string }[] = await this.manager().query(`SELECT status AS key, count(*) AS count FROM stat_event ${w.sql} GROUP BY status`, w.params);
    return rows.map((r) => ({ key: r.key, count: n(r.count) }));
  }

  /** Median days from first submission to approval, and how many proposals it is taken over. */
  async approvalMedian(filter: StatisticsFilter): Promise<{ medianDays: number | null; samples: number }> {
    const w = statisticsWhere(filter, 'event');
    const [row] = await this.manager().query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY approval_days) AS median, count(approval_days) AS samples FROM stat_event ${w.sql}`,
      w.params,
    );
    return { medianDays: row.median === null ? null : Number(row.median), samples: n(row.samples) };
  }

  async contestantTotals(filter: StatisticsFilter): Promise<ContestantTotals> {
    const w = statisticsWhere(filter, 'member');
    const [row] = await this.manager().query(
      `SELECT count(*) AS registered, count(*) FILTER (WHERE approved) AS approved, count(*) FILTER (WHERE present) AS present,
              count(*) FILTER (WHERE award IS NOT NULL) AS awarded
         FROM stat_member ${w.sql}`,
      w.params,
    );
    return { registered: n(row.registered), approved: n(row.approved), present: n(row.present), awarded: n(row.awarded) };
  }

  /**
   * People by one dimension: registered, approved and present. Labels: the industry node's path
   * ("支柱产业 / 能源化工"), the occupation's name; others are keys the service labels.
   */
  async contestantsBy(filter: StatisticsFilter, dimension: PersonDimension): Promise<ContestantCell[]> {
    const w = statisticsWhere(filter, 'member', { alias: 'm' });
    const counts = `count(*) AS registered, count(*) FILTER (WHERE m.approved) AS approved, count(*) FILTER (WHERE m.present) AS present`;
    let sql: string;
    if (dimension === 'industry') {
      sql = `SELECT COALESCE(m.industry_id::text, 'unknown') AS key,
                    COALESCE((SELECT CASE WHEN p.id IS NULL THEN i.name ELSE p.name || ' / ' || i.name END
                                FROM industry i LEFT JOIN industry p ON p.id = i.parent_id WHERE i.id = m.industry_id), '未分类') AS label, ${counts}
               FROM stat_member m ${w.sql} GROUP BY m.industry_id ORDER BY registered DESC`;
    } else if (dimension === 'occupation') {
      sql = `SELECT m.occupation_code AS key, COALESCE(o.name, m.occupation_code) AS label, ${counts}
               FROM stat_member m LEFT JOIN occupation o ON o.code = m.occupation_code ${w.sql}
              GROUP BY m.occupation_code, o.name ORDER BY registered DESC, m.occupation_code`;
    } else {
      sql = `SELECT m.${dimension} AS key, m.${dimension} AS label, ${counts} FROM stat_member m ${w.sql} GROUP BY m.${dimension} ORDER BY registered DESC`;
    }
    const rows: Record<string, unknown>[] = await this.manager().query(sql, w.params);
    return rows.map((r) => ({ key: String(r.key), label: String(r.label), registered: n(r.registered), approved: n(r.approved), present: n(r.present) }));
  }

  /** People with each award of final results, in the order of the tiers (一等奖 first). */
  async prizesByTier(filter: StatisticsFilter): Promise<StatCell[]> {
    const w = statisticsWhere(filter, 'member');
    const rows: { key: string; count: string }[] = await this.manager().query(
      `SELECT award AS key, count(*) AS count FROM stat_member ${w.sql ? `${w.sql} AND` : 'WHERE'} award IS NOT NULL GROUP BY award ORDER BY min(tier), award`,
      w.params,
    );
    return rows.map((r) => ({ key: r.key, label: r.key, count: n(r.count) }));
  }

  async titles(filter: StatisticsFilter): Promise<StatCell[]> {
    const w = statisticsWhere(filter, 'member', { alias: 'm' });
    const rows: { key: string; count: string }[] = await this.manager().query(
      `SELECT t AS key, count(*) AS count FROM stat_member m CROSS JOIN LATERAL unnest(m.titles) t ${w.sql} GROUP BY t ORDER BY count DESC, t`,
      w.params,
    );
    return rows.map((r) => ({ key: r.key, label: r.key, count: n(r.count) }));
  }

  /** Recommended upgrades by step, key `from>to` (from: the level before, `unknown` when none was recorded). */
  async upgrades(filter: StatisticsFilter): Promise<StatCell[]> {
    const w = statisticsWhere(filter, 'member');
    const rows: { key: string; count: string }[] = await this.manager().query(
      `SELECT skill_level || '>' || upgrade_to AS key, count(*) AS count FROM stat_member ${w.sql ? `${w.sql} AND` : 'WHERE'} upgrade_to IS NOT NULL
        GROUP BY skill_level, upgrade_to ORDER BY key`,
      w.params,
    );
    return rows.map((r) => ({ key: r.key, label: r.key, count: n(r.count) }));
  }

  /** "巴渠工匠" nominations: under the filters, in every year, and by year. */
  async nominations(filter: StatisticsFilter): Promise<{ count: number; cumulative: number; byYear: { year: number; count: number }[] }> {
    const w = statisticsWhere(filter, 'member', { ignoreYear: true });
    const rows: { year: number; count: string }[] = await this.manager().query(
      `SELECT year, count(*) AS count FROM stat_member ${w.sql ? `${w.sql} AND` : 'WHERE'} nominated GROUP BY year ORDER BY year`,
      w.params,
    );
    const byYear = rows.map((r) => ({ year: Number(r.year), count: n(r.count) }));
    const cumulative = byYear.reduce((s, r) => s + r.count, 0);
    const count = filter.year === undefined ? cumulative : (byYear.find((r) => r.year === filter.year)?.count ?? 0);
    return { count, cumulative, byYear };
  }

  /** Arena champions of final results: the event, the champion (first member's name, unmasked) and the run. */
  async arenaChampions(filter: StatisticsFilter): Promise<ArenaChampionRecord[]> {
    const w = statisticsWhere(filter, 'event', { alias: 's' });
    const rows: Record<string, unknown>[] = await this.manager().query(
      `SELECT s.event_id AS "eventId", s.title AS "eventTitle", s.year, s.champion_defences AS defences, s.arena_bouts AS bouts,
              COALESCE(en.team_name, m.name, '') AS name, m.county
         FROM stat_event s
         JOIN entry en ON en.id = s.champion_entry_id
         LEFT JOIN LATERAL (SELECT name, county FROM entry_member WHERE entry_id = en.id ORDER BY position LIMIT 1) m ON true
         ${w.sql ? `${w.sql} AND` : 'WHERE'} s.champion_entry_id IS NOT NULL
        ORDER BY s.year DESC, s.champion_defences DESC, s.title`,
      w.params,
    );
    return rows.map((r) => ({
      eventId: String(r.eventId),
      eventTitle: String(r.eventTitle),
      year: n(r.year),
      name: String(r.name),
      county: (r.county as string | null) ?? null,
      defences: n(r.defences),
      bouts: n(r.bouts),
    }));
  }

  /** Per series and year (the year filter not applied): events held and the people's figures. */
  async yearOverYear(filter: StatisticsFilter): Promise<YearSeriesRecord[]> {
    const we = statisticsWhere(filter, 'event', { ignoreYear: true });
    const wm = statisticsWhere(filter, 'member', { ignoreYear: true });
    const shift = (sql: string, by: number) => sql.replace(/\$(\d+)/g, (_, d: string) => `$${Number(d) + by}`);
    const rows: Record<string, unknown>[] = await this.manager().query(
      `WITH ev AS (SELECT series, year, count(*) FILTER (WHERE held) AS events FROM stat_event ${we.sql} GROUP BY series, year),
            pe AS (SELECT series, year, count(*) AS registered, count(*) FILTER (WHERE present) AS present,
                          count(*) FILTER (WHERE award IS NOT NULL) AS awarded, count(*) FILTER (WHERE nominated) AS nominated
                     FROM stat_member ${shift(wm.sql, we.params.length)} GROUP BY series, year)
       SELECT COALESCE(ev.series, pe.series) AS series, COALESCE(ev.year, pe.year) AS year, COALESCE(ev.events, 0) AS events,
              COALESCE(pe.registered, 0) AS registered, COALESCE(pe.present, 0) AS present, COALESCE(pe.awarded, 0) AS awarded,
              COALESCE(pe.nominated, 0) AS nominated
         FROM ev FULL JOIN pe ON pe.series = ev.series AND pe.year = ev.year
        WHERE COALESCE(ev.year, pe.year) IS NOT NULL
        ORDER BY series, year`,
      [...we.params, ...wm.params],
    );
    return rows.map((r) => ({ series: String(r.series), year: n(r.year), events: n(r.events), registered: n(r.registered), present: n(r.present), awarded: n(r.awarded), nominated: n(r.nominated) }));
  }

  /** The years that have events, newest first. */
  async years(): Promise<number[]> {
    const rows: { year: number }[] = await this.manager().query(`SELECT DISTINCT year FROM stat_event WHERE year IS NOT NULL ORDER BY year DESC`);
    return rows.map((r) => Number(r.year));
  }

  /** Departments that may organise events (for the filter). */
  async departments(ids?: readonly string[] | null): Promise<{ id: string; name: string }[]> {
    const rows: { id: string; name: string }[] = ids
      ? await this.manager().query(`SELECT id, name FROM organisation WHERE id = ANY($1::uuid[]) ORDER BY name`, [[...ids]])
      : await this.manager().query(`SELECT id, name FROM organisation WHERE kind = 'department' ORDER BY name`);
    return rows;
  }
}
