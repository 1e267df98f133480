import {
  AwardsPlan,
  type AppealStatus,
  type ArenaResultView,
  type EventStatus,
  type ResultCause,
  type ResultRow,
  type SkillLevel,
  type Stage,
  type TieBreak,
} from '@dz/contracts';
import { computeResults, inputsHash, resultsInputs, type ResultEntry, type Results } from '@dz/domain';
import { randomUUID } from 'node:crypto';
import { BaseRepository, type Tx } from '../transaction';
import { ArenaRepository } from './arena.repository';
import { recordReadStatement, standingRowsOf, type RecordInput } from './standings.repository';

/** What a results computation reads of an event. */
export interface ResultsEvent {
  id: string;
  title: string;
  status: EventStatus;
  series: string;
  occupationCode: string;
  occupationName: string;
  organizerOrgId: string;
  organiserName: string;
  format: 'rounds' | 'arena';
  stages: Stage[];
  /** Parsed: a plan stored before a field existed gets its default. */
  awardsPlan: AwardsPlan;
  tieBreaks: TieBreak[];
}

/** An entry as a result row shows it (before any masking). */
export interface ResultsEntryInfo {
  entryId: string;
  number: number;
  name: string;
  judgingCode: string | null;
  employer: string | null;
  county: string | null;
  idMasked: string | null;
  skillLevel: SkillLevel | null;
  attendance: string;
  disqualifiedReason: string | null;
  /** The registrant (who may appeal for the entry). */
  registrantUserId: string | null;
}

/** Everything a version is computed from, read in one snapshot. */
export interface LoadedResultsInputs {
  event: ResultsEvent;
  entries: ResultsEntryInfo[];
  /** The domain's input rows, key = entry id. */
  rows: ResultEntry[];
  arena: ArenaResultView | null;
}

/** The computation of loaded inputs: what is hashed, the hash and the outcome. */
export interface ComputedResults {
  inputs: Record<string, unknown>;
  hash: string;
  algorithm: string;
  results: Results;
  rows: ResultRow[];
}

export interface StoredVersion {
  version: number;
  inputsHash: string;
  algorithm: string;
  cause: ResultCause;
  createdAt: Date;
  createdByName: string | null;
  validCount: number;
}

export interface StoredVersionFull extends StoredVersion {
  rows: ResultRow[];
  tiers: Results['tiers'];
  arena: ArenaResultView | null;
}

export interface NoticeRecord {
  version: number;
  startsOn: string;
  endsOn: string;
  openedAt: Date;
  openedByName: string | null;
  finalVersion: number | null;
  finalAt: Date | null;
  finalByName: string | null;
}

export interface AppealRecord {
  id: string;
  eventId: string;
  eventTitle: string;
  entryId: string;
  entryNumber: number;
  judgingCode: string | null;
  contestantName: string;
  filedBy: string;
  reason: string;
  status: AppealStatus;
  answer: string | null;
  decidedByName: string | null;
  decidedAt: Date | null;
  createdAt: Date;
  filedAgainstVersion: number | null;
  attachments: { id: string; fileName: string; sizeBytes: number; contentType: string }[];
}

export interface NewAttachment {
  fileName: string;
  contentType: string;
  content: Buffer;
  sha256: string;
}

const standingOf = (e: ResultsEntryInfo): ResultEntry['standing'] =>
  e.disqualifiedReason !== null ? 'disqualified' : e.attendance === 'no_show' ? 'absent' : 'valid';

/**
 * Computes loaded inputs with libs/domain (ranking, awards, titles, recommendations) and builds
 * the rows a version stores. Pure given its argument: the job and the API's staleness check
 * both call it, so they agree on the hash.
 */
export function computeLoaded(loaded: LoadedResultsInputs): ComputedResults {
  const rules = { tieBreaks: loaded.event.tieBreaks, awards: loaded.event.awardsPlan };
  const domainInputs = resultsInputs(loaded.rows, rules);
  const inputs = { ...domainInputs, arena: loaded.arena };
  const hash = inputsHash(inputs);
  const results = computeResults(loaded.rows, rules);
  const info = new Map(loaded.entries.map((e) => [e.entryId, e]));
  const byKey = new Map(loaded.rows.map((r) => [r.key, r]));
  const rowOf = (key: string, rank: number | null, place: Results['places'][number] | null): ResultRow => {
    const e = info.get(key) as ResultsEntryInfo;
    const r = byKey.get(key) as ResultEntry;
    return {
      entryId: key,
      number: e.number,
      name: e.name,
      judgingCode: e.judgingCode,
      employer: e.employer,
      county: e.county,
      standing: r.standing,
      rank,
      total: r.total,
      stageTotals: r.stageTotals,
      deductions: r.deductions,
      award: place?.award ?? null,
      tier: place?.tier ?? null,
      titles: place?.titles ?? [],
      skillLevel: e.skillLevel,
      upgradeTo: place?.upgradeTo ?? null,
      upgradeNote: place?.upgradeNote ?? null,
      nominated: place?.nominated ?? false,
      disqualifiedReason: e.disqualifiedReason,
    };
  };
  const rows = [...results.places.map((p) => rowOf(p.key, p.rank, p)), ...results.apart.map((a) => rowOf(a.key, null, null))];
  // The arena's champion holds the 擂主 title.
  const champion = loaded.arena?.champion?.entryId;
  if (champion) for (const row of rows) if (row.entryId === champion && !row.titles.includes('擂主')) row.titles = [...row.titles, '擂主'];
  return { inputs, hash, algorithm: domainInputs.algorithm, results, rows };
}

/** Results versions, the notice period, disqualification and appeals. */
export class ResultsRepository extends BaseRepository {
  /** Serialises an event's results writes (versions, notice, final, appeals decided). */
  async lock(eventId: string, tx: Tx): Promise<EventStatus | null> {
    const rows: { status: EventStatus }[] = await tx.manager.query(`SELECT status FROM competition_event WHERE id = $1 FOR UPDATE`, [eventId]);
    return rows[0]?.status ?? null;
  }

  /**
   * The arena's outcome for the results (擂台赛 events): the champion, the longest defence and the
   * bouts decided (ArenaRepository.summary, with names); null for other formats and before any
   * bout is decided.
   */
  async arenaSummary(eventId: string, tx?: Tx): Promise<ArenaResultView | null> {
    const format: { format: string }[] = await this.manager(tx).query(`SELECT format FROM competition_event WHERE id = $1`, [eventId]);
    if (format[0]?.format !== 'arena') return null;
    const summary = await new ArenaRepository(this.dataSource).summary(eventId, tx);
    if (summary.bouts === 0) return null;
    const ids = [summary.champion, summary.longestDefence?.entryId].filter((id): id is string => id !== null && id !== undefined);
    const names: { id: string; name: string }[] = await this.manager(tx).query(
      `SELECT e.id, COALESCE(e.team_name, (SELECT name FROM entry_member WHERE entry_id = e.id AND active ORDER BY position LIMIT 1), '') AS name
         FROM entry e WHERE e.id = ANY($1::uuid[])`,
      [ids],
    );
    const nameOf = new Map(names.map((n) => [n.id, n.name]));
    return {
      bouts: summary.bouts,
      champion: summary.champion ? { entryId: summary.champion, name: nameOf.get(summary.champion) ?? '' } : null,
      longestDefence: summary.longestDefence
        ? { entryId: summary.longestDefence.entryId, name: nameOf.get(summary.longestDefence.entryId) ?? '', defences: summary.longestDefence.defences }
        : null,
    };
  }

  /**
   * Everything a computation needs, in one statement (one snapshot): the event and its rules,
   * the approved entries, and each entry's scores recomputed from the marks (not the live
   * board's copy). Null when there is no such event.
   */
  async loadInputs(eventId: string, tx?: Tx, arena: ArenaResultView | null = null): Promise<LoadedResultsInputs | null> {
    const read = recordReadStatement(eventId, null);
    const [row]: { event: (Omit<ResultsEvent, 'awardsPlan' | 'tieBreaks'> & { awardsPlan: unknown; tieBreaks: TieBreak[] | null }) | null; entries: ResultsEntryInfo[]; standings: RecordInput }[] =
      await this.manager(tx).query(
        `WITH standings AS (${read.sql})
         SELECT (SELECT jsonb_build_object('id', e.id, 'title', e.title, 'status', e.status, 'series', e.series, 'occupationCode', e.occupation_code,
                                           'occupationName', e.occupation_name, 'organizerOrgId', e.organizer_org_id,
                                           'organiserName', (SELECT name FROM organisation WHERE id = e.organizer_org_id),
                                           'format', e.format, 'stages', e.stages, 'awardsPlan', e.awards_plan,
                                           'tieBreaks', (SELECT tie_breaks FROM event_board WHERE event_id = e.id))
                   FROM competition_event e WHERE e.id = $1) AS event,
                (SELECT COALESCE(jsonb_agg(jsonb_build_object(
                          'entryId', e.id, 'number', e.number, 'name', COALESCE(e.team_name, m.name, ''), 'judgingCode', e.judging_code,
                          'employer', m.employer, 'county', m.county, 'idMasked', m.id_number_masked, 'skillLevel', m.skill_level,
                          'attendance', e.attendance, 'disqualifiedReason', e.disqualified_reason, 'registrantUserId', e.registrant_user_id)
                          ORDER BY e.number), '[]')
                   FROM entry e
                   LEFT JOIN LATERAL (SELECT name, employer, county, id_number_masked, skill_level FROM entry_member
                                       WHERE entry_id = e.id AND active ORDER BY position LIMIT 1) m ON true
                  WHERE e.event_id = $1 AND e.status = 'approved') AS entries,
                (SELECT to_jsonb(s) FROM standings s) AS standings`,
        read.params,
      );
    if (!row?.event) return null;
    const event: ResultsEvent = { ...row.event, awardsPlan: AwardsPlan.parse(row.event.awardsPlan), tieBreaks: row.event.tieBreaks ?? [] };
    const scores = new Map(standingRowsOf(row.standings, []).map((r) => [r.entryId, r]));
    const rows: ResultEntry[] = row.entries.map((e) => {
      const s = scores.get(e.entryId);
      return {
        key: e.entryId,
        total: s?.total ?? 0,
        stageTotals: s?.stageTotals ?? {},
        aspectScores: s?.aspectScores ?? {},
        deductions: s?.deductions ?? 0,
        // Only where recorded, so the inputs (and their hash) of an event without times are as before.
        ...(s?.timeUsed ? { timeUsed: s.timeUsed } : {}),
        standing: standingOf(e),
        skillLevel: e.skillLevel,
      };
    });
    return { event, entries: row.entries, rows, arena };
  }

  /**
   * Stores a computation as the event's next version, unless a version with the same inputs'
   * hash exists: then that one is returned (computing twice stores one version). Under lock().
   */
  async storeVersion(eventId: string, computed: ComputedResults, cause: ResultCause, createdBy: string | null, tx: Tx): Promise<{ version: number; created: boolean }> {
    const existing: { version: number }[] = await tx.manager.query(`SELECT version FROM result_version WHERE event_id = $1 AND inputs_hash = $2`, [eventId, computed.hash]);
    if (existing[0]) return { version: existing[0].version, created: false };
    const stored: { version: number }[] = await tx.manager.query(
      `INSERT INTO result_version (event_id, version, inputs_hash, algorithm, cause, inputs, results, created_by)
       SELECT $1, COALESCE(max(version), 0) + 1, $2, $3, $4, $5::jsonb, $6::jsonb, $7 FROM result_version WHERE event_id = $1
       RETURNING version`,
      [
        eventId,
        computed.hash,
        computed.algorithm,
        cause,
        JSON.stringify(computed.inputs),
        JSON.stringify({ validCount: computed.results.validCount, tiers: computed.results.tiers, rows: computed.rows, arena: computed.inputs.arena ?? null }),
        createdBy,
      ],
    );
    return { version: stored[0].version, created: true };
  }

  async versions(eventId: string): Promise<StoredVersion[]> {
    const rows: (Omit<StoredVersion, 'validCount'> & { validCount: number })[] = await this.manager().query(
      `SELECT v.version, v.inputs_hash AS "inputsHash", v.algorithm, v.cause, v.created_at AS "createdAt", u.display_name AS "createdByName",
              (v.results->>'validCount')::int AS "validCount"
         FROM result_version v LEFT JOIN app_user u ON u.id = v.created_by
        WHERE v.event_id = $1 ORDER BY v.version`,
      [eventId],
    );
    return rows;
  }

  /** One version with its rows; the latest when `version` is null. */
  async version(eventId: string, version: number | null, tx?: Tx): Promise<StoredVersionFull | null> {
    const rows: (StoredVersion & { results: { validCount: number; tiers: Results['tiers']; rows: ResultRow[]; arena: ArenaResultView | null } })[] = await this.manager(tx).query(
      `SELECT v.version, v.inputs_hash AS "inputsHash", v.algorithm, v.cause, v.created_at AS "createdAt", u.display_name AS "createdByName", v.results
         FROM result_version v LEFT JOIN app_user u ON u.id = v.created_by
        WHERE v.event_id = $1 AND ($2::int IS NULL OR v.version = $2)
        ORDER BY v.version DESC LIMIT 1`,
      [eventId, version],
    );
    const r = rows[0];
    if (!r) return null;
    const { results, ...summary } = r;
    return { ...summary, validCount: results.validCount, rows: results.rows, tiers: results.tiers, arena: results.arena };
  }

  /** The inputs a version was computed from, as stored (to reproduce it). */
  async versionInputs(eventId: string, version: number): Promise<Record<string, unknown> | null> {
    const rows: { inputs: Record<string, unknown> }[] = await this.manager().query(`SELECT inputs FROM result_version WHERE event_id = $1 AND version = $2`, [eventId, version]);
    return rows[0]?.inputs ?? null;
  }

  // ── the notice period and the final results ──

  async notice(eventId: string, tx?: Tx): Promise<NoticeRecord | null> {
    const rows: NoticeRecord[] = await this.manager(tx).query(
      `SELECT n.version, to_char(n.starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(n.ends_on, 'YYYY-MM-DD') AS "endsOn", n.opened_at AS "openedAt",
              o.display_name AS "openedByName", n.final_version AS "finalVersion", n.final_at AS "finalAt", f.display_name AS "finalByName"
         FROM result_notice n LEFT JOIN app_user o ON o.id = n.opened_by LEFT JOIN app_user f ON f.id = n.final_by
        WHERE n.event_id = $1`,
      [eventId],
    );
    return rows[0] ?? null;
  }

  async saveNotice(eventId: string, notice: { version: number; startsOn: string; endsOn: string }, userId: string, tx: Tx): Promise<void> {
    await tx.manager.query(
      `INSERT INTO result_notice (event_id, version, starts_on, ends_on, opened_by, opened_at) VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (event_id) DO UPDATE SET version = $2, starts_on = $3, ends_on = $4, opened_by = $5, opened_at = now()`,
      [eventId, notice.version, notice.startsOn, notice.endsOn, userId],
    );
  }

  async saveFinal(eventId: string, version: number, userId: string, tx: Tx): Promise<void> {
    await tx.manager.query(`UPDATE result_notice SET final_version = $2, final_by = $3, final_at = now() WHERE event_id = $1 AND final_version IS NULL`, [eventId, version, userId]);
  }

  // ── disqualification (取消资格) ──

  async setDisqualified(eventId: string, entryId: string, reason: string | null, userId: string, tx: Tx): Promise<{ before: string | null } | null> {
    // As a CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
    const rows: { before: string | null }[] = await tx.manager.query(
      `WITH u AS (UPDATE entry e SET disqualified_reason = $3, disqualified_at = CASE WHEN $3::text IS NULL THEN NULL ELSE now() END,
              disqualified_by = CASE WHEN $3::text IS NULL THEN NULL ELSE $4::uuid END, updated_at = now(), version = e.version + 1
         FROM (SELECT id, disqualified_reason AS before FROM entry WHERE id = $2 AND event_id = $1 AND status = 'approved' FOR UPDATE) old
        WHERE e.id = old.id
        RETURNING old.before) SELECT before FROM u`,
      [eventId, entryId, reason, userId],
    );
    return rows[0] ?? null;
  }

  // ── appeals (申诉) ──

  /** Who registered an approved entry of the event (who may appeal for it); null when none. */
  async registrantOf(eventId: string, entryId: string): Promise<string | null> {
    const rows: { registrant: string | null }[] = await this.manager().query(
      `SELECT registrant_user_id AS registrant FROM entry WHERE id = $1 AND event_id = $2 AND status = 'approved'`,
      [entryId, eventId],
    );
    return rows[0]?.registrant ?? null;
  }

  async fileAppeal(
    a: { eventId: string; entryId: string; filedBy: string; reason: string; filedAgainstVersion: number | null; attachments: NewAttachment[] },
    tx: Tx,
  ): Promise<string> {
    const id = randomUUID();
    await tx.manager.query(
      `INSERT INTO appeal (id, event_id, entry_id, filed_by, reason, filed_against_version) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, a.eventId, a.entryId, a.filedBy, a.reason, a.filedAgainstVersion],
    );
    for (const file of a.attachments) {
      await tx.manager.query(
        `INSERT INTO appeal_attachment (id, appeal_id, file_name, content_type, size_bytes, sha256, content) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [randomUUID(), id, file.fileName, file.contentType, file.content.length, file.sha256, file.content],
      );
    }
    return id;
  }

  private appealSelect(where: string): string {
    return `SELECT a.id, a.event_id AS "eventId", ev.title AS "eventTitle", a.entry_id AS "entryId", e.number AS "entryNumber", e.judging_code AS "judgingCode",
                   COALESCE(e.team_name, (SELECT name FROM entry_member WHERE entry_id = e.id AND active ORDER BY position LIMIT 1), '') AS "contestantName",
                   a.filed_by AS "filedBy", a.reason, a.status, a.answer, d.display_name AS "decidedByName", a.decided_at AS "decidedAt", a.created_at AS "createdAt",
                   a.filed_against_version AS "filedAgainstVersion",
                   (SELECT COALESCE(jsonb_agg(jsonb_build_object('id', f.id, 'fileName', f.file_name, 'sizeBytes', f.size_bytes, 'contentType', f.content_type)
                                              ORDER BY f.created_at, f.file_name), '[]')
                      FROM appeal_attachment f WHERE f.appeal_id = a.id) AS attachments
              FROM appeal a JOIN entry e ON e.id = a.entry_id JOIN competition_event ev ON ev.id = a.event_id
              LEFT JOIN app_user d ON d.id = a.decided_by
             WHERE ${where}`;
  }

  async appeals(filter: { eventId?: string; filedBy?: string }): Promise<AppealRecord[]> {
    return this.manager().query(
      `${this.appealSelect('($1::uuid IS NULL OR a.event_id = $1) AND ($2::uuid IS NULL OR a.filed_by = $2)')} ORDER BY a.created_at`,
      [filter.eventId ?? null, filter.filedBy ?? null],
    );
  }

  async appeal(id: string, tx?: Tx): Promise<AppealRecord | null> {
    const rows: AppealRecord[] = await this.manager(tx).query(this.appealSelect('a.id = $1'), [id]);
    return rows[0] ?? null;
  }

  async openAppeals(eventId: string, tx?: Tx): Promise<number> {
    const rows: { n: number }[] = await this.manager(tx).query(`SELECT count(*)::int AS n FROM appeal WHERE event_id = $1 AND status = 'open'`, [eventId]);
    return rows[0].n;
  }

  /** Decides an open appeal; false when it was decided meanwhile. */
  async decideAppeal(id: string, outcome: 'upheld' | 'rejected', answer: string, userId: string, tx: Tx): Promise<boolean> {
    const rows: unknown[] = await tx.manager.query(
      `WITH u AS (UPDATE appeal SET status = $2, answer = $3, decided_by = $4, decided_at = now() WHERE id = $1 AND status = 'open' RETURNING id) SELECT id FROM u`,
      [id, outcome, answer, userId],
    );
    return rows.length > 0;
  }

  /** Whether an upheld appeal about the entry allows its marks to change during the notice. */
  async upheldAppealFor(appealId: string, eventId: string, entryId: string, tx?: Tx): Promise<boolean> {
    const rows: unknown[] = await this.manager(tx).query(`SELECT 1 FROM appeal WHERE id = $1 AND event_id = $2 AND entry_id = $3 AND status = 'upheld'`, [appealId, eventId, entryId]);
    return rows.length > 0;
  }

  async attachment(appealId: string, attachmentId: string): Promise<{ fileName: string; contentType: string; content: Buffer } | null> {
    const rows: { fileName: string; contentType: string; content: Buffer }[] = await this.manager().query(
      `SELECT file_name AS "fileName", content_type AS "contentType", content FROM appeal_attachment WHERE id = $1 AND appeal_id = $2`,
      [attachmentId, appealId],
    );
    return rows[0] ?? null;
  }
}
