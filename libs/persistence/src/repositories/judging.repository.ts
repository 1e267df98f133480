import type { AggregationMethod, EventStatus, JudgeRole, MarkKind, Recusal, SchemeSectionBody, Stage } from '@dz/contracts';
import { canonicalMarkContent, chainHash, type MarkChainRow } from '@dz/domain';
import { randomUUID } from 'node:crypto';
import { CompetitionEventEntity, JudgeAssignmentEntity, MarkingSchemeEntity, SignoffEntity } from '../entities';
import { BaseRepository, queryPrepared, type Tx } from '../transaction';

/** What judging needs of an event. */
export interface JudgingEvent {
  id: string;
  title: string;
  status: EventStatus;
  organizerOrgId: string;
  stages: Stage[];
}

/** A stage's scheme as stored (maxima in hundredths). */
export interface StoredScheme {
  eventId: string;
  stage: string;
  method: AggregationMethod;
  totalMarks: number;
  sections: SchemeSectionBody[];
  version: number;
  updatedAt: Date;
}

/** A user as a judge: their live judge grants' organisations. */
export interface JudgeProfile {
  id: string;
  displayName: string;
  disabled: boolean;
  /** Holds a live `judge` grant. */
  isJudge: boolean;
  /** Organisations of their judge grants (ids and names), for recusal. */
  organisations: { id: string; name: string }[];
}

/** An approved entry as judging sees it: no names, only what recusal and the sheet need. */
export interface JudgingEntry {
  id: string;
  workstation: number | null;
  judgingCode: string | null;
  registrantUserId: string | null;
  /** Employers or schools of every member. */
  employers: string[];
  /** Accounts whose ID number is a member's. */
  memberUserIds: string[];
}

export interface AssignmentRow {
  id: string;
  eventId: string;
  judgeUserId: string;
  judgeName: string;
  role: JudgeRole;
  entryIds: string[] | null;
  stations: number[] | null;
  aspectKeys: string[] | null;
  judgeEmployer: string | null;
  recused: boolean;
  recusals: Recusal[];
  overrideReason: string | null;
  overrideBy: string | null;
  overrideAt: Date | null;
  /** Display name of who lifted the recusal. */
  overrideByName: string | null;
  updatedAt: Date;
}

/** A judge account as the assignment search finds it. */
export interface JudgeCandidateRow {
  userId: string;
  name: string;
  phone: string | null;
  organisationName: string | null;
  assignedRole: JudgeRole | null;
}

export type AssignmentInput = Pick<AssignmentRow, 'role' | 'entryIds' | 'stations' | 'aspectKeys' | 'judgeEmployer' | 'recused' | 'recusals'>;

/** A mark row's content before it joins the chain. */
export interface NewMark {
  eventId: string;
  entryId: string;
  stage: string;
  aspectKey: string;
  judgeUserId: string;
  /** Hundredths. */
  value: number;
  kind: MarkKind;
  refersTo: string | null;
  reason: string | null;
  idempotencyKey: string;
}

export interface StoredMark extends NewMark {
  id: string;
  seq: number;
  createdAt: Date;
  prevHash: string | null;
  hash: string;
}

/** The last row of an event's chain. */
export interface ChainTip {
  seq: number;
  hash: string;
}

/** A judge's new mark as it arrives, before its entry is known: what the batch read needs. */
export interface MarkSubmission {
  judgeUserId: string;
  idempotencyKey: string;
  judgingCode: string;
  stage: string;
  aspectKey: string;
}

/** What a new mark is checked and appended against, read under the event's lock. */
export interface SubmissionState {
  /** The row the judge already stored under the key, with its entry's judging code. */
  byKey: { mark: StoredMark; judgingCode: string | null } | null;
  /** The judge's assignment to the event. */
  assignment: AssignmentRow | null;
  /** The approved entry with the judging code. */
  entry: JudgingEntry | null;
  /** The stage's scheme (one object per stage, shared by the batch's marks). */
  scheme: StoredScheme | null;
  /** Whether the entry's stage is signed off. */
  signedOff: boolean;
  /** The judge's original on the aspect of the entry. */
  originalId: string | null;
}

/** The audit record of an appended row (its actor is the row's judge). */
export interface MarkAudit {
  action: string;
  actorRoles: readonly string[];
  detail: Record<string, unknown>;
  correlationId: string | null;
  ip: string | null;
}

/** The time an entry took on a stage (用时), as recorded. */
export interface StageTimeRow {
  eventId: string;
  entryId: string;
  stage: string;
  seconds: number;
  recordedBy: string;
  recordedAt: Date;
}

export interface SignoffRow {
  id: string;
  eventId: string;
  entryId: string;
  stage: string;
  chiefUserId: string;
  at: Date;
}

export interface MarkRecord {
  id: string;
  seq: string;
  event_id: string;
  entry_id: string;
  stage: string;
  aspect_key: string;
  judge_user_id: string;
  value: number;
  kind: MarkKind;
  refers_to: string | null;
  reason: string | null;
  idempotency_key: string;
  created_at: Date;
  prev_hash: string | null;
  hash: string;
}

const MARK_COLUMNS = `id, seq, event_id, entry_id, stage, aspect_key, judge_user_id, value, kind, refers_to, reason, idempotency_key, created_at, prev_hash, hash`;

/** An assignment as AssignmentRow has it; callers add the WHERE. */
const ASSIGNMENT_SELECT = `SELECT a.id, a.event_id AS "eventId", a.judge_user_id AS "judgeUserId", u.display_name AS "judgeName", a.role,
       a.entry_ids AS "entryIds", a.stations, a.aspect_keys AS "aspectKeys", a.judge_employer AS "judgeEmployer",
       a.recused, a.recusals, a.override_reason AS "overrideReason", a.override_by AS "overrideBy",
       a.override_at AS "overrideAt", ob.display_name AS "overrideByName", a.updated_at AS "updatedAt"
  FROM judge_assignment a JOIN app_user u ON u.id = a.judge_user_id LEFT JOIN app_user ob ON ob.id = a.override_by`;

/** An entry as JudgingEntry has it (what recusal and the sheet need, no names); callers add the WHERE. */
const JUDGING_ENTRY_SELECT = `SELECT e.id, e.workstation, e.judging_code, e.registrant_user_id,
       COALESCE((SELECT array_agg(m.employer ORDER BY m.position) FROM entry_member m WHERE m.entry_id = e.id), '{}') AS employers,
       COALESCE((SELECT array_agg(u.id) FROM app_user u JOIN entry_member mm ON mm.id_number_hmac = u.id_number_hmac
                  WHERE mm.entry_id = e.id), '{}') AS member_user_ids
  FROM entry e`;

interface JudgingEntryRecord {
  id: string;
  workstation: number | null;
  judging_code: string | null;
  registrant_user_id: string | null;
  employers: string[];
  member_user_ids: string[];
}

function toJudgingEntry(r: JudgingEntryRecord): JudgingEntry {
  return { id: r.id, workstation: r.workstation, judgingCode: r.judging_code, registrantUserId: r.registrant_user_id, employers: r.employers, memberUserIds: r.member_user_ids };
}

function toStoredMark(r: MarkRecord): StoredMark {
  return {
    id: r.id,
    seq: Number(r.seq),
    eventId: r.event_id,
    entryId: r.entry_id,
    stage: r.stage,
    aspectKey: r.aspect_key,
    judgeUserId: r.judge_user_id,
    value: r.value,
    kind: r.kind,
    refersTo: r.refers_to,
    reason: r.reason,
    idempotencyKey: r.idempotency_key,
    createdAt: r.created_at,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** A stored mark as the chain hashes it (libs/domain mark-chain). */
export function chainRowOf(mark: Omit<StoredMark, 'seq'>): MarkChainRow {
  return {
    id: mark.id,
    eventId: mark.eventId,
    entryId: mark.entryId,
    stage: mark.stage,
    aspectKey: mark.aspectKey,
    judgeId: mark.judgeUserId,
    value: mark.value,
    kind: mark.kind,
    refersTo: mark.refersTo,
    reason: mark.reason,
    idempotencyKey: mark.idempotencyKey,
    // PostgreSQL keeps microseconds; marks are written with a millisecond timestamp, so this
    // reads back exactly as it was hashed.
    createdAt: mark.createdAt.toISOString(),
    hash: mark.hash,
    prevHash: mark.prevHash,
  };
}

/** One SQL statement with its parameters, built apart from running it. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * Takes the event's mark lock until the transaction ends (every append and sign-off holds it, so
 * the chain stays linear and a sign-off sees every mark before it), and reads the event's status
 * under a share lock, so it cannot leave `running` while the mark is written. One statement: the
 * row's share lock, then the advisory lock (the row has to exist).
 */
export function lockStatement(eventId: string): Statement {
  return {
    sql: `SELECT status, pg_advisory_xact_lock(hashtextextended($2, 6600)) FROM competition_event WHERE id = $1 FOR SHARE`,
    params: [eventId, `dz.mark.${eventId}`],
  };
}

type AssignmentRecord = Omit<AssignmentRow, 'overrideAt' | 'updatedAt'> & { overrideAt: string | null; updatedAt: string };
type SchemeRecord = { stage: string; method: StoredScheme['method']; total_marks: number; scheme: StoredScheme['sections']; version: number; updated_at: string };

/** What submissionStatesStatement returns, a row per mark in order. */
export interface SubmissionStatesRow {
  by_key: (Omit<MarkRecord, 'created_at'> & { created_at: string; judging_code: string | null }) | null;
  assignment: AssignmentRecord | null;
  entry: JudgingEntryRecord | null;
  signed_off: boolean;
  original_id: string | null;
  /** On the first row only: the schemes of the batch's stages, and the chain's tip. */
  schemes: SchemeRecord[] | null;
  tip_seq: string | null;
  tip_hash: string | null;
}

/**
 * Under the lock, in one statement (so on a snapshot taken after the lock), everything a batch of
 * new marks is checked and appended against: for each, the row its judge already stored under its
 * key, the judge's assignment, the approved entry with its judging code, whether that entry's
 * stage is signed off and the judge's original on its aspect; once, the stages' schemes and the
 * chain's tip. One statement a batch instead of one a mark: the marks of 50 tablets cost the
 * database one planning and one round trip.
 */
export function submissionStatesStatement(eventId: string, marks: readonly MarkSubmission[]): Statement {
  return {
    // The entry is looked up per mark by its code (a subquery the planner keeps per row, on the
    // (event, judging code) key), never by joining the event's entries: the cost stays with the
    // batch, not with the number of contestants.
    sql: `WITH t AS (SELECT seq, hash FROM mark WHERE event_id = $1 ORDER BY seq DESC LIMIT 1),
              i AS MATERIALIZED (SELECT u.*, (SELECT e.id FROM entry e WHERE e.event_id = $1 AND e.judging_code = u.code AND e.status = 'approved') AS entry_id
                      FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS u(judge, key, code, stage, aspect, ord))
         SELECT (SELECT row_to_json(k) FROM (SELECT ${MARK_COLUMNS}, (SELECT judging_code FROM entry WHERE id = m.entry_id) AS judging_code
                                               FROM mark m WHERE m.judge_user_id = i.judge AND m.idempotency_key = i.key) k) AS by_key,
                (SELECT row_to_json(a) FROM (${ASSIGNMENT_SELECT} WHERE a.event_id = $1 AND a.judge_user_id = i.judge) a) AS assignment,
                (SELECT row_to_json(x) FROM (${JUDGING_ENTRY_SELECT} WHERE e.id = i.entry_id) x) AS entry,
                i.entry_id IS NOT NULL AND EXISTS (SELECT 1 FROM signoff s WHERE s.event_id = $1 AND s.entry_id = i.entry_id AND s.stage = i.stage) AS signed_off,
                (SELECT id FROM mark WHERE event_id = $1 AND entry_id = i.entry_id AND stage = i.stage AND aspect_key = i.aspect
                    AND judge_user_id = i.judge AND kind = 'original') AS original_id,
                CASE WHEN i.ord = 1 THEN
                  (SELECT COALESCE(json_agg(json_build_object('stage', stage, 'method', method, 'total_marks', total_marks, 'scheme', scheme,
                                                              'version', version, 'updated_at', updated_at)), '[]')
                     FROM marking_scheme WHERE event_id = $1 AND stage = ANY($5::text[])) END AS schemes,
                t.seq AS tip_seq, t.hash AS tip_hash
           FROM i
           LEFT JOIN t ON true
          ORDER BY i.ord`,
    params: [
      eventId,
      marks.map((m) => m.judgeUserId),
      marks.map((m) => m.idempotencyKey),
      marks.map((m) => m.judgingCode),
      marks.map((m) => m.stage),
      marks.map((m) => m.aspectKey),
    ],
  };
}

export function readSubmissionStates(
  eventId: string,
  marks: readonly MarkSubmission[],
  rows: readonly SubmissionStatesRow[],
): { items: SubmissionState[]; tip: ChainTip | null } {
  const first = rows[0];
  // row_to_json gives timestamps as text.
  const schemes = new Map(
    (first?.schemes ?? []).map((s): [string, StoredScheme] => [
      s.stage,
      { eventId, stage: s.stage, method: s.method, totalMarks: s.total_marks, sections: s.scheme, version: s.version, updatedAt: new Date(s.updated_at) },
    ]),
  );
  const assignmentOf = (a: AssignmentRecord | null): AssignmentRow | null =>
    a && { ...a, overrideAt: a.overrideAt ? new Date(a.overrideAt) : null, updatedAt: new Date(a.updatedAt) };
  return {
    items: rows.map((r, i) => {
      const k = r.by_key;
      return {
        byKey: k ? { mark: toStoredMark({ ...k, created_at: new Date(k.created_at) }), judgingCode: k.judging_code } : null,
        assignment: assignmentOf(r.assignment),
        entry: r.entry ? toJudgingEntry(r.entry) : null,
        scheme: schemes.get(marks[i].stage) ?? null,
        signedOff: r.signed_off,
        originalId: r.original_id,
      };
    }),
    tip: first && first.tip_seq !== null && first.tip_hash !== null ? { seq: Number(first.tip_seq), hash: first.tip_hash } : null,
  };
}

/**
 * Appends rows to one event's chain, in order, each with its audit record, in one statement; the
 * caller holds the lock and passes the tip read under it. Each row's seq follows the one before,
 * its prev_hash is that row's hash and its hash covers its canonical content (libs/domain
 * mark-chain). The audit detail records seq and hash: the anchor that shows a deleted tail. A
 * row whose judge already used its idempotency key fails the statement (unique violation), so
 * the chain never gets a hole. Returns the rows as they will be stored.
 */
export function appendMarksStatement(marks: readonly NewMark[], tip: ChainTip | null, audits: readonly MarkAudit[]): Statement & { stored: StoredMark[] } {
  let previous = tip;
  // A JS Date holds milliseconds, so the timestamp reads back exactly as hashed.
  const createdAt = new Date();
  const stored = marks.map((mark): StoredMark => {
    const seq = previous ? previous.seq + 1 : 1;
    const prevHash = previous?.hash ?? null;
    const id = randomUUID();
    const hash = chainHash(prevHash, canonicalMarkContent(chainRowOf({ ...mark, id, createdAt, prevHash, hash: '' })));
    previous = { seq, hash };
    return { ...mark, id, seq, createdAt, prevHash, hash };
  });
  const column = <T>(pick: (m: StoredMark, i: number) => T) => stored.map(pick);
  return {
    stored,
    sql: `WITH m AS (
         INSERT INTO mark (${MARK_COLUMNS})
         SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::uuid[], $8::int[],
                              $9::text[], $10::uuid[], $11::text[], $12::uuid[], $13::timestamptz[], $14::text[], $15::text[])
         RETURNING id, judge_user_id
       )
       INSERT INTO audit_log (actor_user_id, action, entity_type, entity_id, detail, correlation_id, ip, actor_roles, result)
       SELECT m.judge_user_id, a.action, 'mark', m.id::text, a.detail, a.correlation_id, a.ip, string_to_array(a.roles, ','), 'success'
         FROM m JOIN unnest($16::uuid[], $17::text[], $18::jsonb[], $19::text[], $20::text[], $21::text[]) AS a(id, action, detail, correlation_id, ip, roles)
           ON a.id = m.id`,
    params: [
      column((m) => m.id),
      column((m) => m.seq),
      column((m) => m.eventId),
      column((m) => m.entryId),
      column((m) => m.stage),
      column((m) => m.aspectKey),
      column((m) => m.judgeUserId),
      column((m) => m.value),
      column((m) => m.kind),
      column((m) => m.refersTo),
      column((m) => m.reason),
      column((m) => m.idempotencyKey),
      column((m) => m.createdAt.toISOString()),
      column((m) => m.prevHash),
      column((m) => m.hash),
      column((m) => m.id),
      column((_, i) => audits[i].action),
      column((m, i) => JSON.stringify({ ...audits[i].detail, eventId: m.eventId, seq: m.seq, hash: m.hash })),
      column((_, i) => audits[i].correlationId),
      column((_, i) => audits[i].ip),
      column((_, i) => audits[i].actorRoles.join(',')),
    ],
  };
}

/** Schemes, judge assignments, the append-only marks with their hash chain, and sign-offs. */
export class JudgingRepository extends BaseRepository {
  async eventFor(eventId: string, tx?: Tx): Promise<JudgingEvent | null> {
    const row = await this.manager(tx).findOne(CompetitionEventEntity, {
      select: { id: true, title: true, status: true, organizerOrgId: true, stages: true },
      where: { id: eventId },
    });
    return row ? { id: row.id, title: row.title, status: row.status, organizerOrgId: row.organizerOrgId, stages: row.stages } : null;
  }

  /**
   * Takes the event's mark lock until the transaction ends (every append and sign-off holds
   * it, so the chain stays linear and a sign-off sees every mark before it), and reads the
   * event's status under a share lock, so it cannot leave `running` while the mark is written.
   */
  async lockForMarks(eventId: string, tx: Tx): Promise<EventStatus | null> {
    const { sql, params } = lockStatement(eventId);
    const rows = await queryPrepared<{ status: EventStatus }>(tx, 'dz_mark_lock', sql, params);
    return rows[0]?.status ?? null;
  }

  /**
   * Under lockForMarks, in one statement (so after the lock, on a fresh snapshot): what each new
   * mark of a batch is checked and appended against, and the chain's tip.
   */
  async submissionStates(eventId: string, marks: readonly MarkSubmission[], tx: Tx): Promise<{ items: SubmissionState[]; tip: ChainTip | null }> {
    const { sql, params } = submissionStatesStatement(eventId, marks);
    return readSubmissionStates(eventId, marks, await queryPrepared<SubmissionStatesRow>(tx, 'dz_mark_submission_states', sql, params));
  }

  // ── schemes ──

  async scheme(eventId: string, stage: string, tx?: Tx): Promise<StoredScheme | null> {
    const row = await this.manager(tx).findOne(MarkingSchemeEntity, { where: { eventId, stage } });
    return row ? this.toScheme(row) : null;
  }

  async schemes(eventId: string): Promise<StoredScheme[]> {
    const rows = await this.manager().find(MarkingSchemeEntity, { where: { eventId }, order: { createdAt: 'ASC' } });
    return rows.map((r) => this.toScheme(r));
  }

  private toScheme(row: MarkingSchemeEntity): StoredScheme {
    return {
      eventId: row.eventId,
      stage: row.stage,
      method: row.method,
      totalMarks: row.totalMarks,
      sections: row.scheme,
      version: row.version,
      updatedAt: row.updatedAt,
    };
  }

  /**
   * Creates the stage's scheme (expectedVersion undefined, none exists) or replaces it if it is
   * still at expectedVersion. Returns null when someone else got there first.
   */
  async saveScheme(
    scheme: Pick<StoredScheme, 'eventId' | 'stage' | 'method' | 'totalMarks' | 'sections'>,
    expectedVersion: number | undefined,
    userId: string,
    tx: Tx,
  ): Promise<StoredScheme | null> {
    const params = [scheme.eventId, scheme.stage, JSON.stringify(scheme.sections), scheme.method, scheme.totalMarks, userId];
    const rows: { id: string }[][] | { id: string }[] =
      expectedVersion === undefined
        ? await tx.manager.query(
            `INSERT INTO marking_scheme (event_id, stage, scheme, method, total_marks, updated_by)
             VALUES ($1, $2, $3::jsonb, $4, $5, $6) ON CONFLICT (event_id, stage) DO NOTHING RETURNING id`,
            params,
          )
        : await tx.manager.query(
            `UPDATE marking_scheme SET scheme = $3::jsonb, method = $4, total_marks = $5, updated_by = $6,
                    version = version + 1, updated_at = now()
              WHERE event_id = $1 AND stage = $2 AND version = $7 RETURNING id`,
            [...params, expectedVersion],
          );
    // INSERT … RETURNING gives rows; UPDATE … RETURNING gives [rows, count].
    const returned = (Array.isArray(rows[0]) ? rows[0] : rows) as { id: string }[];
    if (returned.length === 0) return null;
    return this.scheme(scheme.eventId, scheme.stage, tx);
  }

  async hasMarks(eventId: string, stage: string, tx?: Tx): Promise<boolean> {
    const rows: unknown[] = await this.manager(tx).query(`SELECT 1 FROM mark WHERE event_id = $1 AND stage = $2 LIMIT 1`, [eventId, stage]);
    return rows.length > 0;
  }

  // ── judges ──

  async judgeProfile(userId: string): Promise<JudgeProfile | null> {
    const rows: { id: string; display_name: string; disabled_at: Date | null; is_judge: boolean; organisations: { id: string; name: string }[] }[] =
      await this.manager().query(
        `SELECT u.id, u.display_name, u.disabled_at,
                EXISTS (SELECT 1 FROM role_grant g WHERE g.user_id = u.id AND g.role = 'judge' AND g.revoked_at IS NULL) AS is_judge,
                COALESCE((SELECT jsonb_agg(jsonb_build_object('id', o.id, 'name', o.name))
                            FROM role_grant g JOIN organisation o ON o.id = g.organisation_id
                           WHERE g.user_id = u.id AND g.role = 'judge' AND g.revoked_at IS NULL), '[]'::jsonb) AS organisations
           FROM app_user u WHERE u.id = $1`,
        [userId],
      );
    const row = rows[0];
    return row
      ? { id: row.id, displayName: row.display_name, disabled: row.disabled_at !== null, isJudge: row.is_judge, organisations: row.organisations }
      : null;
  }

  async assignment(eventId: string, judgeUserId: string, tx?: Tx): Promise<AssignmentRow | null> {
    return (await this.assignmentRows(`a.event_id = $1 AND a.judge_user_id = $2`, [eventId, judgeUserId], tx))[0] ?? null;
  }

  assignments(eventId: string, tx?: Tx): Promise<AssignmentRow[]> {
    return this.assignmentRows(`a.event_id = $1`, [eventId], tx);
  }

  private async assignmentRows(where: string, params: unknown[], tx?: Tx): Promise<AssignmentRow[]> {
    const rows: (Omit<JudgeAssignmentEntity, 'createdAt' | 'assignedBy'> & { judgeName: string; overrideByName: string | null })[] = await this.manager(tx).query(
      `${ASSIGNMENT_SELECT} WHERE ${where} ORDER BY a.role DESC, a.created_at`,
      params,
    );
    return rows;
  }

  /** The event's chief judge (裁判长), if one is assigned. */
  async chiefOf(eventId: string, tx?: Tx): Promise<string | null> {
    const row = await this.manager(tx).findOne(JudgeAssignmentEntity, { select: { judgeUserId: true }, where: { eventId, role: 'chief' } });
    return row?.judgeUserId ?? null;
  }

  /** Creates or replaces the judge's assignment to the event (an override is kept). */
  async saveAssignment(eventId: string, judgeUserId: string, input: AssignmentInput, assignedBy: string, tx: Tx): Promise<AssignmentRow> {
    await tx.manager.query(
      `INSERT INTO judge_assignment (event_id, judge_user_id, role, entry_ids, stations, aspect_keys, judge_employer, recused, recusals, assigned_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10)
       ON CONFLICT (event_id, judge_user_id) DO UPDATE SET
         role = EXCLUDED.role, entry_ids = EXCLUDED.entry_ids, stations = EXCLUDED.stations, aspect_keys = EXCLUDED.aspect_keys,
         judge_employer = EXCLUDED.judge_employer, recusals = EXCLUDED.recusals, assigned_by = EXCLUDED.assigned_by,
         recused = EXCLUDED.recused AND judge_assignment.override_reason IS NULL, updated_at = now()`,
      [eventId, judgeUserId, input.role, input.entryIds, input.stations, input.aspectKeys, input.judgeEmployer, input.recused, JSON.stringify(input.recusals), assignedBy],
    );
    return (await this.assignment(eventId, judgeUserId, tx)) as AssignmentRow;
  }

  async overrideRecusal(eventId: string, judgeUserId: string, reason: string, byUserId: string, tx: Tx): Promise<AssignmentRow | null> {
    await tx.manager.query(
      `UPDATE judge_assignment SET override_reason = $3, override_by = $4, override_at = now(), recused = false, updated_at = now()
        WHERE event_id = $1 AND judge_user_id = $2`,
      [eventId, judgeUserId, reason, byUserId],
    );
    return this.assignment(eventId, judgeUserId, tx);
  }

  // ── entries ──

  /** The approved entry of the event with this judging code (how judges name entries), or null. */
  async judgingEntryByCode(eventId: string, judgingCode: string, tx?: Tx): Promise<JudgingEntry | null> {
    const [entry] = await this.judgingEntries(eventId, { judgingCode }, tx);
    return entry ?? null;
  }

  /** Approved entries of the event (or the one asked for), in judging-code order. */
  async judgingEntries(eventId: string, only: { entryId?: string; judgingCode?: string } = {}, tx?: Tx): Promise<JudgingEntry[]> {
    const rows: JudgingEntryRecord[] = await this.manager(tx).query(
      `${JUDGING_ENTRY_SELECT}
        WHERE e.event_id = $1 AND e.status = 'approved' AND ($2::uuid IS NULL OR e.id = $2::uuid)
          AND ($3::text IS NULL OR e.judging_code = $3::text)
        ORDER BY e.judging_code NULLS LAST, e.number`,
      [eventId, only.entryId ?? null, only.judgingCode ?? null],
    );
    return rows.map(toJudgingEntry);
  }

  /** Judging codes of entries (any event), for history and sign-off views. */
  async judgingCodes(entryIds: readonly string[], tx?: Tx): Promise<Map<string, string | null>> {
    if (entryIds.length === 0) return new Map();
    const rows: { id: string; judging_code: string | null }[] = await this.manager(tx).query(`SELECT id, judging_code FROM entry WHERE id = ANY($1)`, [[...entryIds]]);
    return new Map(rows.map((r) => [r.id, r.judging_code]));
  }

  /** Display names of users. */
  async userNames(userIds: readonly string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows: { id: string; display_name: string }[] = await this.manager().query(`SELECT id, display_name FROM app_user WHERE id = ANY($1)`, [[...userIds]]);
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  // ── marks ──

  async markByKey(judgeUserId: string, idempotencyKey: string, tx?: Tx): Promise<StoredMark | null> {
    const rows: MarkRecord[] = await this.manager(tx).query(
      `SELECT ${MARK_COLUMNS} FROM mark WHERE judge_user_id = $1 AND idempotency_key = $2`,
      [judgeUserId, idempotencyKey],
    );
    return rows[0] ? toStoredMark(rows[0]) : null;
  }

  async findMark(id: string, tx?: Tx): Promise<StoredMark | null> {
    const rows: MarkRecord[] = await this.manager(tx).query(`SELECT ${MARK_COLUMNS} FROM mark WHERE id = $1`, [id]);
    return rows[0] ? toStoredMark(rows[0]) : null;
  }

  /** Rows of an event in chain order, optionally of one entry, stage or judge. */
  async marks(eventId: string, filter: { entryId?: string; stage?: string } = {}, tx?: Tx): Promise<StoredMark[]> {
    const rows: MarkRecord[] = await this.manager(tx).query(
      `SELECT ${MARK_COLUMNS} FROM mark
        WHERE event_id = $1 AND ($2::uuid IS NULL OR entry_id = $2::uuid) AND ($3::text IS NULL OR stage = $3::text)
        ORDER BY seq`,
      [eventId, filter.entryId ?? null, filter.stage ?? null],
    );
    return rows.map(toStoredMark);
  }

  /** The event's rows about these entries (all entries when null), in chain order. */
  async marksOfEntries(eventId: string, entryIds: readonly string[] | null, tx?: Tx): Promise<StoredMark[]> {
    const rows: MarkRecord[] = await this.manager(tx).query(
      `SELECT ${MARK_COLUMNS} FROM mark WHERE event_id = $1 AND ($2::uuid[] IS NULL OR entry_id = ANY($2::uuid[])) ORDER BY seq`,
      [eventId, entryIds],
    );
    return rows.map(toStoredMark);
  }

  /** The event's last row, where the next one chains on. */
  async chainTip(eventId: string, tx: Tx): Promise<ChainTip | null> {
    const last: { seq: string; hash: string }[] = await tx.manager.query(`SELECT seq, hash FROM mark WHERE event_id = $1 ORDER BY seq DESC LIMIT 1`, [eventId]);
    return last[0] ? { seq: Number(last[0].seq), hash: last[0].hash } : null;
  }

  /**
   * Appends rows to one event's chain, in order, each with its audit record, in one statement;
   * the caller holds lockForMarks and passes the tip read under it (appendStates or chainTip).
   * Each row's seq follows the one before, its prev_hash is that row's hash and its hash covers
   * its canonical content (libs/domain mark-chain). The audit detail records seq and hash: the
   * anchor that shows a deleted tail. A row whose judge already used its idempotency key fails
   * the statement (unique violation), so the chain never gets a hole.
   */
  async appendMarks(marks: readonly NewMark[], tip: ChainTip | null, audits: readonly MarkAudit[], tx: Tx): Promise<StoredMark[]> {
    if (marks.length === 0) return [];
    const { stored, sql, params } = appendMarksStatement(marks, tip, audits);
    await queryPrepared(tx, 'dz_mark_append', sql, params);
    return stored;
  }

  /**
   * The first mark of the event after `seq` that the audit log recorded (each append writes
   * its seq there in the same transaction): a row missing from the chain's tail.
   */
  async auditedMarkAfter(eventId: string, seq: number): Promise<{ seq: number; markId: string } | null> {
    const rows: { seq: string; entity_id: string }[] = await this.manager().query(
      `SELECT (detail->>'seq')::bigint AS seq, entity_id FROM audit_log
        WHERE entity_type = 'mark' AND detail->>'eventId' = $1 AND (detail->>'seq')::bigint > $2
        ORDER BY 1 LIMIT 1`,
      [eventId, seq],
    );
    return rows[0] ? { seq: Number(rows[0].seq), markId: rows[0].entity_id } : null;
  }

  // ── time used (用时) ──

  /** Seconds recorded for the event's entries on a stage, by entry id. */
  async stageTimes(eventId: string, stage: string): Promise<Map<string, number>> {
    const rows: { entry_id: string; seconds: number }[] = await this.manager().query(`SELECT entry_id, seconds FROM stage_time WHERE event_id = $1 AND stage = $2`, [eventId, stage]);
    return new Map(rows.map((r) => [r.entry_id, r.seconds]));
  }

  /** Records (or replaces) the time an entry took on a stage; with the time it replaced, if any. */
  async saveStageTime(row: Omit<StageTimeRow, 'recordedAt'>, tx: Tx): Promise<{ row: StageTimeRow; previous: number | null }> {
    // The CTE reads the row as it was before the upsert (one snapshot for the whole statement).
    const [saved]: (StageTimeRow & { previous: number | null })[] = await tx.manager.query(
      `WITH before AS (SELECT seconds FROM stage_time WHERE event_id = $1 AND entry_id = $2 AND stage = $3)
       INSERT INTO stage_time (event_id, entry_id, stage, seconds, recorded_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (event_id, entry_id, stage) DO UPDATE SET seconds = EXCLUDED.seconds, recorded_by = EXCLUDED.recorded_by, recorded_at = now()
       RETURNING event_id AS "eventId", entry_id AS "entryId", stage, seconds, recorded_by AS "recordedBy", recorded_at AS "recordedAt",
                 (SELECT seconds FROM before) AS previous`,
      [row.eventId, row.entryId, row.stage, row.seconds, row.recordedBy],
    );
    const { previous, ...stored } = saved;
    return { row: stored, previous };
  }

  // ── sign-offs ──

  async signoff(eventId: string, entryId: string, stage: string, tx?: Tx): Promise<SignoffRow | null> {
    return this.manager(tx).findOne(SignoffEntity, { where: { eventId, entryId, stage } });
  }

  async signoffs(eventId: string, stage?: string, tx?: Tx): Promise<SignoffRow[]> {
    return this.manager(tx).find(SignoffEntity, { where: stage === undefined ? { eventId } : { eventId, stage }, order: { at: 'ASC' } });
  }

  async addSignoff(row: Omit<SignoffRow, 'id' | 'at'>, tx: Tx): Promise<SignoffRow> {
    const [saved]: SignoffRow[] = await tx.manager.query(
      `INSERT INTO signoff (event_id, entry_id, stage, chief_user_id) VALUES ($1, $2, $3, $4)
       RETURNING id, event_id AS "eventId", entry_id AS "entryId", stage, chief_user_id AS "chiefUserId", at`,
      [row.eventId, row.entryId, row.stage, row.chiefUserId],
    );
    return saved;
  }

  // ── judge assignment (裁判安排) and a judge's tasks ──

  /**
   * Enabled accounts with a live judge grant, matching `q` (name, account, phone or the grant's
   * organisation) when given; those already assigned to the event first, then by name. The phone
   * comes back whole: the caller masks it.
   */
  async judgeCandidates(eventId: string, q: string | undefined, limit: number): Promise<JudgeCandidateRow[]> {
    const like = q ? `%${q.replace(/[%_\\]/g, '\\$&')}%` : null;
    const rows: { id: string; display_name: string; phone: string | null; organisation_name: string | null; assigned_role: JudgeRole | null }[] =
      await this.manager().query(
        `SELECT u.id, u.display_name, u.phone, g.organisation_name, a.role AS assigned_role
           FROM app_user u
           JOIN LATERAL (SELECT o.name AS organisation_name FROM role_grant rg LEFT JOIN organisation o ON o.id = rg.organisation_id
                          WHERE rg.user_id = u.id AND rg.role = 'judge' AND rg.revoked_at IS NULL
                          ORDER BY rg.granted_at LIMIT 1) g ON true
           LEFT JOIN judge_assignment a ON a.event_id = $1 AND a.judge_user_id = u.id
          WHERE u.disabled_at IS NULL
            AND ($2::text IS NULL OR u.display_name ILIKE $2 OR u.username ILIKE $2 OR u.phone LIKE $2 OR g.organisation_name ILIKE $2)
          ORDER BY a.id IS NULL, u.display_name, u.id
          LIMIT $3`,
        [eventId, like, limit],
      );
    return rows.map((r) => ({ userId: r.id, name: r.display_name, phone: r.phone, organisationName: r.organisation_name, assignedRole: r.assigned_role }));
  }

  /** The judge's assignments with their events (no drafts or rejected proposals), latest start first. */
  async assignmentsOfJudge(judgeUserId: string): Promise<(JudgingEvent & { format: 'rounds' | 'arena'; assignment: AssignmentRow; schemeStages: string[] })[]> {
    const rows: { id: string; title: string; status: EventStatus; organizer_org_id: string; format: 'rounds' | 'arena'; stages: Stage[]; scheme_stages: string[] }[] = await this.manager().query(
      `SELECT e.id, e.title, e.status, e.organizer_org_id, e.format, e.stages,
              COALESCE((SELECT array_agg(s.stage) FROM marking_scheme s WHERE s.event_id = e.id), '{}') AS scheme_stages
         FROM judge_assignment a JOIN competition_event e ON e.id = a.event_id
        WHERE a.judge_user_id = $1 AND e.status NOT IN ('draft', 'submitted', 'returned', 'rejected')
        ORDER BY e.starts_at DESC, e.id`,
      [judgeUserId],
    );
    const assignments = new Map((await this.assignmentRows(`a.judge_user_id = $1`, [judgeUserId])).map((a) => [a.eventId, a]));
    return rows.flatMap((r) => {
      const assignment = assignments.get(r.id);
      return assignment
        ? [{ id: r.id, title: r.title, status: r.status, organizerOrgId: r.organizer_org_id, format: r.format, stages: r.stages, schemeStages: r.scheme_stages, assignment }]
        : [];
    });
  }
}
