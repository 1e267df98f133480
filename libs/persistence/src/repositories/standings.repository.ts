import type { BoardMode, BoardSettingsBody, MarkKind, StaffStandingRow, StaffStandingsDelta, TieBreak } from '@dz/contracts';
import { effectiveMarks, entryScore, flattenAspects, isScoredAspect, updatedEntryScore, type EntryScore, type MarkingScheme } from '@dz/domain';
import { BaseRepository, queryPrepared, type Tx } from '../transaction';
import type { AssignmentRow, Statement } from './judging.repository';

/** An event's board setting as stored; the defaults when it has none. */
export interface BoardSettings {
  publicMode: BoardMode;
  freezeAt: Date | null;
  blind: boolean;
  tieBreaks: TieBreak[];
  updatedAt: Date | null;
}

/** No setting yet: the public board is live and blind (judging codes, no names). */
export const DEFAULT_BOARD: BoardSettings = { publicMode: 'live', freezeAt: null, blind: true, tieBreaks: [], updatedAt: null };

/** What changes an event's standings (kept with each delta). */
export type StandingsCause = 'marks' | 'correction' | 'signoff' | 'time' | 'rebuild';

interface EntryInfo {
  id: string;
  number: number;
  name: string;
  employer: string | null;
  judgingCode: string | null;
  workstation: number | null;
}

/** A mark row as record() reads it (what effectiveMarks and the scores need). */
export interface RecordMark {
  id: string;
  entryId: string;
  stage: string;
  aspectKey: string;
  judgeUserId: string;
  value: number;
  kind: MarkKind;
  refersTo: string | null;
}

/** The assignment fields that say whether a judge marks an aspect of an entry. */
type AssignmentScope = Pick<AssignmentRow, 'entryIds' | 'stations' | 'aspectKeys' | 'recusals' | 'overrideReason'>;

/** What record() reads in its one query. */
export interface RecordInput {
  stages: { name: string; weight: number }[] | null;
  entries: EntryInfo[];
  schemes: MarkingScheme[];
  assignments: AssignmentScope[];
  marks: RecordMark[];
  signoffs: { entryId: string; stage: string }[];
  current: { entryId: string; row: StaffStandingRow }[];
  /** Time used (用时) recorded for the entries' stages, seconds. */
  times?: { entryId: string; stage: string; seconds: number }[];
  lastSeq: string | number;
  /**
   * Read for a batch of marks (readForMarks): the (judging code, stage, aspect) they mark. The
   * marks read are then, for an entry with a current row, only those of these aspects, and its
   * row is that row with these aspects combined again (updatedEntryScore); for an entry without
   * one yet, all its marks.
   */
  touched?: readonly MarkedAspect[];
}

/** An aspect of an entry that a batch of marks marks. */
export interface MarkedAspect {
  judgingCode: string;
  stage: string;
  aspectKey: string;
}

interface DeltaRecord {
  seq: string;
  at: Date;
  rows: StaffStandingRow[];
}

/** JSON with object keys sorted: jsonb does not keep key order, so rows compare by this. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** Whether the assignment has the judge mark this aspect of this entry (scope, recusal and its override). */
function marksAspect(a: AssignmentScope, entry: EntryInfo, aspectKey: string): boolean {
  if (a.entryIds !== null && !a.entryIds.includes(entry.id)) return false;
  if (a.stations !== null && (entry.workstation === null || !a.stations.includes(entry.workstation))) return false;
  if (a.aspectKeys !== null && !a.aspectKeys.includes(aspectKey)) return false;
  return a.overrideReason !== null || !a.recusals.some((r) => r.entryId === entry.id && r.reasons.length > 0);
}

/**
 * The statement reading what the standings rows of `entries` need: all approved entries when
 * null, else those with these ids, or (`touched`: a batch of marks, before its entries are
 * resolved) those with these judging codes, reading of an entry that has a current row only the
 * marks of the aspects touched. One text for each case, so that each keeps its own plan when
 * prepared: a generic plan of one text for all could not use the entries' key for the list.
 */
export function recordReadStatement(eventId: string, entries: readonly string[] | null, touched?: readonly MarkedAspect[]): Statement & { name: string } {
  // A list of entries is looked up by key, one by one (a join to the list, not a filter over the
  // event's entries): the cost of a batch does not grow with the number of contestants.
  const entriesOf = touched
    ? `(SELECT DISTINCT code FROM unnest($2::text[]) AS want(code)) want JOIN entry e ON e.event_id = $1 AND e.judging_code = want.code`
    : entries === null
      ? 'entry e'
      : `unnest($2::uuid[]) AS want(id) JOIN entry e ON e.id = want.id`;
  const marksOf = touched
    ? `AND (NOT EXISTS (SELECT 1 FROM standing s WHERE s.event_id = $1 AND s.entry_id = mk.entry_id)
              OR (mk.entry_id, mk.stage, mk.aspect_key) IN (SELECT es.id, t.stage, t.aspect FROM es
                    JOIN unnest($2::text[], $3::text[], $4::text[]) AS t(code, stage, aspect) ON t.code = es."judgingCode"))`
    : '';
  return {
    name: touched ? 'dz_standings_read_marked' : entries === null ? 'dz_standings_read_all' : 'dz_standings_read',
    sql: `WITH es AS (
         SELECT e.id, e.number, COALESCE(e.team_name, m.name, '') AS name, m.employer, e.judging_code AS "judgingCode", e.workstation
           FROM ${entriesOf}
           LEFT JOIN LATERAL (SELECT name, employer FROM entry_member WHERE entry_id = e.id ORDER BY position LIMIT 1) m ON true
          WHERE e.event_id = $1 AND e.status = 'approved')
       SELECT (SELECT stages FROM competition_event WHERE id = $1) AS stages,
              (SELECT COALESCE(json_agg(to_json(es) ORDER BY es.number), '[]') FROM es) AS entries,
              (SELECT COALESCE(json_agg(json_build_object('stage', stage, 'method', method, 'totalMarks', total_marks, 'sections', scheme)), '[]')
                 FROM marking_scheme WHERE event_id = $1) AS schemes,
              (SELECT COALESCE(json_agg(json_build_object('entryIds', entry_ids, 'stations', stations, 'aspectKeys', aspect_keys,
                                                            'recusals', recusals, 'overrideReason', override_reason)), '[]')
                 FROM judge_assignment WHERE event_id = $1) AS assignments,
              (SELECT COALESCE(json_agg(json_build_object('id', id, 'entryId', entry_id, 'stage', stage, 'aspectKey', aspect_key,
                                                            'judgeUserId', judge_user_id, 'value', value, 'kind', kind, 'refersTo', refers_to) ORDER BY seq), '[]')
                 FROM mark mk WHERE event_id = $1 AND entry_id IN (SELECT id FROM es) ${marksOf}) AS marks,
              (SELECT COALESCE(json_agg(json_build_object('entryId', entry_id, 'stage', stage)), '[]')
                 FROM signoff WHERE event_id = $1 AND entry_id IN (SELECT id FROM es)) AS signoffs,
              (SELECT COALESCE(json_agg(json_build_object('entryId', entry_id, 'row', row)), '[]')
                 FROM standing WHERE event_id = $1 AND entry_id IN (SELECT id FROM es)) AS current,
              (SELECT COALESCE(json_agg(json_build_object('entryId', entry_id, 'stage', stage, 'seconds', seconds)), '[]')
                 FROM stage_time WHERE event_id = $1 AND entry_id IN (SELECT id FROM es)) AS times,
              (SELECT COALESCE(max(seq), 0) FROM standing_delta WHERE event_id = $1) AS "lastSeq"`,
    params: touched
      ? [eventId, touched.map((t) => t.judgingCode), touched.map((t) => t.stage), touched.map((t) => t.aspectKey)]
      : entries === null
        ? [eventId]
        : [eventId, entries],
  };
}

/**
 * The rows of the entries read that differ from their current rows, with `extra` marks (rows
 * just appended in the same transaction, after those read) counted too. Only changed rows go
 * into a delta, so recording twice changes nothing the second time.
 */
export function changedStandingRows(input: RecordInput | undefined, extra: readonly RecordMark[]): StaffStandingRow[] {
  if (!input) return [];
  const current = new Map(input.current.map((c) => [c.entryId, c.row]));
  return standingRowsOf(input, extra).filter((row) => {
    const before = current.get(row.entryId);
    return !before || canonical(before) !== canonical(row);
  });
}

/** What every row of one read needs, worked out once. */
function rowContext(input: RecordInput & { stages: NonNullable<RecordInput['stages']> }) {
  const schemes: MarkingScheme[] = input.schemes;
  const scoredAspects = schemes.flatMap((s) => flattenAspects(s).filter(isScoredAspect).map((a) => ({ stage: s.stage, key: a.key })));
  const scored = new Set(scoredAspects.map((a) => `${a.stage}/${a.key}`));
  const signoffs = new Map<string, string[]>();
  for (const so of input.signoffs) signoffs.set(so.entryId, [...(signoffs.get(so.entryId) ?? []), so.stage]);
  const times = new Map<string, Record<string, number>>();
  for (const t of input.times ?? []) times.set(t.entryId, { ...times.get(t.entryId), [t.stage]: t.seconds });
  /** Marks in effect on scored aspects among `rows` (one entry's, in chain order). */
  const scoredInEffect = (rows: readonly RecordMark[]) => {
    let n = 0;
    for (const m of effectiveMarks(rows).values()) if (scored.has(`${m.original.stage}/${m.original.aspectKey}`)) n += 1;
    return n;
  };
  const row = (entry: EntryInfo, score: EntryScore, marksIn: number): StaffStandingRow => ({
    entryId: entry.id,
    number: entry.number,
    name: entry.name,
    employer: entry.employer,
    judgingCode: entry.judgingCode,
    workstation: entry.workstation,
    ...score,
    // Only where recorded: a row without times stays as it was before time was kept.
    ...(times.has(entry.id) ? { timeUsed: times.get(entry.id) } : {}),
    marksIn,
    marksExpected: scoredAspects.reduce((n, a) => n + input.assignments.filter((j) => marksAspect(j, entry, a.key)).length, 0),
    signedOff: [...(signoffs.get(entry.id) ?? [])].sort(),
  });
  return { stages: input.stages, schemes, scoredInEffect, row };
}

/** Each entry's rows read (and `extra` rows after them), by entry, in chain order. */
function marksByEntry(input: RecordInput, extra: readonly RecordMark[]): Map<string, RecordMark[]> {
  const marks = new Map<string, RecordMark[]>();
  for (const m of [...input.marks, ...extra]) {
    const list = marks.get(m.entryId);
    if (list) list.push(m);
    else marks.set(m.entryId, [m]);
  }
  return marks;
}

/**
 * Every entry's row from what recordReadStatement read (and `extra` marks after those read). For
 * a batch of marks (`input.touched`), an entry with a current row is that row with the aspects
 * marked combined again from their marks (all of them were read, see recordReadStatement); the
 * others, from all their marks. Both give the row a full recomputation gives (updatedEntryScore
 * is property-tested against entryScore, and the standings specs compare the two on stored data).
 */
export function standingRowsOf(input: RecordInput | undefined, extra: readonly RecordMark[]): StaffStandingRow[] {
  if (!input || input.stages === null || input.entries.length === 0) return [];
  const ctx = rowContext({ ...input, stages: input.stages });
  const marks = marksByEntry(input, extra);
  // A batch of marks (touched) read of an entry with a current row only the aspects it marks.
  const current = new Map(input.touched ? input.current.map((c) => [c.entryId, c.row]) : []);
  const touchedByCode = new Map<string, MarkedAspect[]>();
  for (const t of input.touched ?? []) touchedByCode.set(t.judgingCode, [...(touchedByCode.get(t.judgingCode) ?? []), t]);
  const extraIds = new Set(extra.map((m) => m.id));
  return input.entries.map((entry) => {
    const rows = marks.get(entry.id) ?? [];
    const before = current.get(entry.id);
    if (before) {
      // Recombine the marked aspects from their rows, keep the rest of the row.
      const changed = (touchedByCode.get(entry.judgingCode ?? '') ?? []).map((t) => ({
        stage: t.stage,
        aspectKey: t.aspectKey,
        marks: [...effectiveMarks(rows.filter((m) => m.stage === t.stage && m.aspectKey === t.aspectKey)).values()].map((m) => ({
          judgeId: m.original.judgeUserId,
          value: m.effective,
        })),
      }));
      const score = updatedEntryScore(before, { stages: ctx.stages, schemes: ctx.schemes, changed });
      const marksIn = before.marksIn - ctx.scoredInEffect(rows.filter((m) => !extraIds.has(m.id))) + ctx.scoredInEffect(rows);
      return ctx.row(entry, score, marksIn);
    }
    const inEffect = [...effectiveMarks(rows).values()];
    const score = entryScore({
      stages: ctx.stages,
      schemes: ctx.schemes,
      marks: inEffect.map((m) => ({ stage: m.original.stage, aspectKey: m.original.aspectKey, judgeId: m.original.judgeUserId, value: m.effective })),
    });
    return ctx.row(entry, score, ctx.scoredInEffect(rows));
  });
}

/** The delta at the next seq and the current rows in one statement; null when no row changed. */
export function deltaWriteStatement(eventId: string, input: RecordInput | undefined, changed: StaffStandingRow[], cause: StandingsCause): (Statement & { delta: StaffStandingsDelta }) | null {
  if (!input || changed.length === 0) return null;
  const seq = Number(input.lastSeq) + 1;
  // A JS Date: the `at` a client sees is the one stored, to the millisecond.
  const at = new Date();
  return {
    sql: `WITH d AS (INSERT INTO standing_delta (event_id, seq, at, cause, rows) VALUES ($1, $2, $3, $4, $5::jsonb))
       INSERT INTO standing (event_id, entry_id, seq, row)
       SELECT $1, r.entry_id, $2, r.row FROM unnest($6::uuid[], $7::jsonb[]) AS r(entry_id, row)
       ON CONFLICT (event_id, entry_id) DO UPDATE SET seq = EXCLUDED.seq, row = EXCLUDED.row`,
    params: [eventId, seq, at.toISOString(), cause, JSON.stringify(changed), changed.map((r) => r.entryId), changed.map((r) => JSON.stringify(r))],
    delta: { seq, at: at.toISOString(), rows: changed },
  };
}

/**
 * The live standings of events (实时排名): each entry's current row, and the event feed of
 * deltas that made it. Writers hold the event's mark lock (JudgingRepository.lockForMarks), so
 * each event's seq runs 1, 2, 3 … without gaps, in the transaction of the change it records.
 * Only changed rows go into a delta, and only the entries concerned are recomputed: the cost
 * of a mark does not grow with the number of contestants.
 */
export class StandingsRepository extends BaseRepository {
  // ── the board setting ──

  async settings(eventId: string, tx?: Tx): Promise<BoardSettings> {
    const rows: { public_mode: BoardMode; freeze_at: Date | null; blind: boolean; tie_breaks: TieBreak[]; updated_at: Date }[] = await this.manager(tx).query(
      `SELECT public_mode, freeze_at, blind, tie_breaks, updated_at FROM event_board WHERE event_id = $1`,
      [eventId],
    );
    const r = rows[0];
    return r ? { publicMode: r.public_mode, freezeAt: r.freeze_at, blind: r.blind, tieBreaks: r.tie_breaks, updatedAt: r.updated_at } : DEFAULT_BOARD;
  }

  async saveSettings(eventId: string, body: BoardSettingsBody, userId: string, tx: Tx): Promise<BoardSettings> {
    await tx.manager.query(
      `INSERT INTO event_board (event_id, public_mode, freeze_at, blind, tie_breaks, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, now())
       ON CONFLICT (event_id) DO UPDATE SET public_mode = $2, freeze_at = $3, blind = $4, tie_breaks = $5::jsonb, updated_by = $6, updated_at = now()`,
      [eventId, body.publicMode, body.freezeAt, body.blind, JSON.stringify(body.tieBreaks), userId],
    );
    return this.settings(eventId, tx);
  }

  // ── writing: under the event's mark lock ──

  /**
   * Recomputes the rows of `entryIds` (all approved entries when null) and, if any changed,
   * appends one delta with them at the next seq and updates the current rows. Returns the delta,
   * or null when nothing changed (so recording twice writes nothing the second time).
   */
  async record(eventId: string, entryIds: readonly string[] | null, cause: StandingsCause, tx: Tx): Promise<StaffStandingsDelta | null> {
    // Everything the rows need in one round trip: this runs under the event's mark lock, so
    // every round trip here is a wait for every judge's next mark.
    const read = recordReadStatement(eventId, entryIds);
    const [input] = await queryPrepared<RecordInput>(tx, read.name, read.sql, read.params);
    return this.writeDelta(eventId, input, [], cause, tx);
  }

  /**
   * What the rows of the entries a batch of marks marks need (by judging code: the batch's entries
   * are not resolved yet), read in one statement: of an entry with a current row, only the marks
   * of the aspects marked, so a mark costs the marks of its aspect, not of its entry.
   */
  async readForMarks(eventId: string, touched: readonly MarkedAspect[], tx: Tx): Promise<RecordInput | undefined> {
    const read = recordReadStatement(eventId, null, touched);
    const [input] = await queryPrepared<RecordInput>(tx, read.name, read.sql, read.params);
    return input && { ...input, touched };
  }

  /**
   * Appends one delta with the rows of the entries read in `input` that differ from their current
   * rows, counting `extra` marks too (rows appended in this transaction after the read), and
   * updates the current rows; null when no row changed.
   */
  async writeDelta(eventId: string, input: RecordInput | undefined, extra: readonly RecordMark[], cause: StandingsCause, tx: Tx): Promise<StaffStandingsDelta | null> {
    const write = deltaWriteStatement(eventId, input, changedStandingRows(input, extra), cause);
    if (!write) return null;
    await queryPrepared(tx, 'dz_standings_write', write.sql, write.params);
    return write.delta;
  }

  // ── reading ──

  /** The event's last seq (0 before any delta). */
  async lastSeq(eventId: string, tx?: Tx): Promise<number> {
    const rows: { seq: string | null }[] = await this.manager(tx).query(`SELECT max(seq) AS seq FROM standing_delta WHERE event_id = $1`, [eventId]);
    return Number(rows[0]?.seq ?? 0);
  }

  /**
   * The board now: every approved entry's current row and the seq it reflects, read in one
   * statement (one snapshot), so the rows are exactly the fold of deltas 1 … seq.
   */
  async snapshot(eventId: string): Promise<{ seq: number; at: Date | null; rows: StaffStandingRow[] }> {
    const rows: { seq: string | null; at: Date | null; rows: StaffStandingRow[] | null }[] = await this.manager().query(
      `SELECT d.seq, d.at,
              (SELECT jsonb_agg(s.row ORDER BY s.entry_id) FROM standing s JOIN entry e ON e.id = s.entry_id
                WHERE s.event_id = $1 AND e.status = 'approved') AS rows
         FROM (SELECT 1) one
         LEFT JOIN LATERAL (SELECT seq, at FROM standing_delta WHERE event_id = $1 ORDER BY seq DESC LIMIT 1) d ON true`,
      [eventId],
    );
    const r = rows[0];
    return { seq: Number(r?.seq ?? 0), at: r?.at ?? null, rows: r?.rows ?? [] };
  }

  /**
   * The board as it stood at `at` (a frozen public board): each entry's row from the last delta
   * at or before then, and that delta's seq.
   */
  async snapshotAt(eventId: string, at: Date): Promise<{ seq: number; at: Date | null; rows: StaffStandingRow[] }> {
    const rows: { seq: string | null; at: Date | null; rows: StaffStandingRow[] | null }[] = await this.manager().query(
      `WITH d AS (SELECT seq, at, rows FROM standing_delta WHERE event_id = $1 AND at <= $2),
            latest AS (
              SELECT DISTINCT ON (r->>'entryId') r AS row FROM d, jsonb_array_elements(d.rows) r
               ORDER BY r->>'entryId', d.seq DESC)
       SELECT (SELECT max(seq) FROM d) AS seq, (SELECT max(at) FROM d) AS at,
              (SELECT jsonb_agg(l.row ORDER BY l.row->>'entryId') FROM latest l JOIN entry e ON e.id = (l.row->>'entryId')::uuid
                WHERE e.status = 'approved') AS rows`,
      [eventId, at.toISOString()],
    );
    const r = rows[0];
    return { seq: Number(r?.seq ?? 0), at: r?.at ?? null, rows: r?.rows ?? [] };
  }

  /**
   * The deltas after `since` (up to `until` when given), in order; null when there are more than
   * `limit` (the client then takes a snapshot).
   */
  async deltasSince(eventId: string, since: number, limit: number, until?: Date): Promise<StaffStandingsDelta[] | null> {
    const rows: DeltaRecord[] = await this.manager().query(
      `SELECT seq, at, rows FROM standing_delta
        WHERE event_id = $1 AND seq > $2 AND ($3::timestamptz IS NULL OR at <= $3::timestamptz)
        ORDER BY seq LIMIT $4`,
      [eventId, since, until?.toISOString() ?? null, limit + 1],
    );
    if (rows.length > limit) return null;
    return rows.map((r) => ({ seq: Number(r.seq), at: r.at.toISOString(), rows: r.rows }));
  }

  /** Full marks of each stage that has a scheme, hundredths. */
  async stageMaxima(eventId: string): Promise<Record<string, number>> {
    const rows: { stage: string; total_marks: number }[] = await this.manager().query(`SELECT stage, total_marks FROM marking_scheme WHERE event_id = $1`, [eventId]);
    return Object.fromEntries(rows.map((r) => [r.stage, r.total_marks]));
  }

}
