import type { ArenaFirstHolderMode, ArenaOrderMode, ArenaOutcome, ArenaSummary, ArenaTieRule, EventStatus } from '@dz/contracts';
import { playArena } from '@dz/domain';
import { BaseRepository, type Tx } from '../transaction';

/** What the arena needs of its event. */
export interface ArenaEvent {
  id: string;
  title: string;
  status: EventStatus;
  organizerOrgId: string;
  format: 'rounds' | 'arena';
  arenaFirstHolder: ArenaFirstHolderMode | null;
}

export interface ArenaSettingRow {
  eventId: string;
  stage: string;
  tieRule: ArenaTieRule;
  firstHolderMode: ArenaFirstHolderMode;
  firstHolderEntryId: string;
  qualifyingStage: string | null;
  orderMode: ArenaOrderMode;
  orderSeed: string | null;
  challengerEntryIds: string[];
  seq: number;
}

export interface ArenaBoutRow {
  id: string;
  eventId: string;
  number: number;
  holderEntryId: string;
  challengerEntryId: string;
  status: 'open' | 'decided';
  holderScore: number | null;
  challengerScore: number | null;
  outcome: ArenaOutcome | null;
  decidedAt: Date | null;
}

export interface NewArenaMark {
  eventId: string;
  boutId: string;
  entryId: string;
  aspectKey: string;
  judgeUserId: string;
  /** Hundredths. */
  value: number;
  idempotencyKey: string;
}

export interface ArenaMarkRow extends NewArenaMark {
  id: string;
  createdAt: Date;
}

/** An approved entry as arena views label it (name of the entry: team or first member). */
export interface ArenaEntryRow {
  id: string;
  judgingCode: string | null;
  name: string;
}

const SETTING_SELECT = `SELECT event_id AS "eventId", stage, tie_rule AS "tieRule", first_holder_mode AS "firstHolderMode",
       first_holder_entry_id AS "firstHolderEntryId", qualifying_stage AS "qualifyingStage", order_mode AS "orderMode",
       order_seed AS "orderSeed", challenger_entry_ids AS "challengerEntryIds", seq::int AS seq
  FROM arena_setting`;

const BOUT_SELECT = `SELECT id, event_id AS "eventId", number, holder_entry_id AS "holderEntryId", challenger_entry_id AS "challengerEntryId",
       status, holder_score AS "holderScore", challenger_score AS "challengerScore", outcome, decided_at AS "decidedAt"
  FROM arena_bout`;

const MARK_SELECT = `SELECT id, event_id AS "eventId", bout_id AS "boutId", entry_id AS "entryId", aspect_key AS "aspectKey",
       judge_user_id AS "judgeUserId", value, idempotency_key AS "idempotencyKey", created_at AS "createdAt"
  FROM arena_mark`;

/** The arena (擂台赛) of events: its setting with the change counter, the bouts and the bout marks. */
export class ArenaRepository extends BaseRepository {
  async event(eventId: string, tx?: Tx): Promise<ArenaEvent | null> {
    const rows: ArenaEvent[] = await this.manager(tx).query(
      `SELECT id, title, status, organizer_org_id AS "organizerOrgId", format, arena_first_holder AS "arenaFirstHolder" FROM competition_event WHERE id = $1`,
      [eventId],
    );
    return rows[0] ?? null;
  }

  /**
   * Takes the event's arena lock until the transaction ends (every arena write holds it, so
   * `seq` runs without gaps and a bout is closed after every mark stored before it) and reads
   * the event's status under a share lock, so it cannot leave `running` meanwhile.
   */
  async lock(eventId: string, tx: Tx): Promise<EventStatus | null> {
    const rows: { status: EventStatus }[] = await tx.manager.query(
      `SELECT status, pg_advisory_xact_lock(hashtextextended($2, 6601)) FROM competition_event WHERE id = $1 FOR SHARE`,
      [eventId, `dz.arena.${eventId}`],
    );
    return rows[0]?.status ?? null;
  }

  async setting(eventId: string, tx?: Tx): Promise<ArenaSettingRow | null> {
    const rows: ArenaSettingRow[] = await this.manager(tx).query(`${SETTING_SELECT} WHERE event_id = $1`, [eventId]);
    return rows[0] ?? null;
  }

  /** Writes the setting (a new one, or one replaced before the first bout) and bumps seq; returns the new seq. */
  async saveSetting(s: Omit<ArenaSettingRow, 'seq'>, userId: string, tx: Tx): Promise<number> {
    const rows: { seq: string }[] = await tx.manager.query(
      `INSERT INTO arena_setting (event_id, stage, tie_rule, first_holder_mode, first_holder_entry_id, qualifying_stage, order_mode, order_seed,
                                  challenger_entry_ids, seq, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::uuid[], 1, $10, now())
       ON CONFLICT (event_id) DO UPDATE SET stage = $2, tie_rule = $3, first_holder_mode = $4, first_holder_entry_id = $5, qualifying_stage = $6,
         order_mode = $7, order_seed = $8, challenger_entry_ids = $9::uuid[], seq = arena_setting.seq + 1, updated_by = $10, updated_at = now()
       RETURNING seq`,
      [s.eventId, s.stage, s.tieRule, s.firstHolderMode, s.firstHolderEntryId, s.qualifyingStage, s.orderMode, s.orderSeed, s.challengerEntryIds, userId],
    );
    return Number(rows[0].seq);
  }

  /** The next seq of the arena's changes (under lock()). */
  async bumpSeq(eventId: string, tx: Tx): Promise<number> {
    const rows: { seq: string }[] = await tx.manager.query(`UPDATE arena_setting SET seq = seq + 1 WHERE event_id = $1 RETURNING seq`, [eventId]);
    return Number(rows[0].seq);
  }

  async bouts(eventId: string, tx?: Tx): Promise<ArenaBoutRow[]> {
    return this.manager(tx).query(`${BOUT_SELECT} WHERE event_id = $1 ORDER BY number`, [eventId]);
  }

  async bout(eventId: string, number: number, tx?: Tx): Promise<ArenaBoutRow | null> {
    const rows: ArenaBoutRow[] = await this.manager(tx).query(`${BOUT_SELECT} WHERE event_id = $1 AND number = $2`, [eventId, number]);
    return rows[0] ?? null;
  }

  async openBout(b: { eventId: string; number: number; holderEntryId: string; challengerEntryId: string }, userId: string, tx: Tx): Promise<ArenaBoutRow> {
    const [row]: ArenaBoutRow[] = await tx.manager.query(
      `WITH b AS (INSERT INTO arena_bout (event_id, number, holder_entry_id, challenger_entry_id, status, opened_by) VALUES ($1, $2, $3, $4, 'open', $5) RETURNING *)
       ${BOUT_SELECT.replace('FROM arena_bout', 'FROM b')}`,
      [b.eventId, b.number, b.holderEntryId, b.challengerEntryId, userId],
    );
    return row;
  }

  async decideBout(boutId: string, d: { holderScore: number; challengerScore: number; outcome: ArenaOutcome }, userId: string, tx: Tx): Promise<void> {
    await tx.manager.query(
      `UPDATE arena_bout SET status = 'decided', holder_score = $2, challenger_score = $3, outcome = $4, decided_by = $5, decided_at = now()
        WHERE id = $1 AND status = 'open'`,
      [boutId, d.holderScore, d.challengerScore, d.outcome, userId],
    );
  }

  /** Bout marks of the event (or of one bout), oldest first. */
  async marks(eventId: string, boutId?: string, tx?: Tx): Promise<ArenaMarkRow[]> {
    return this.manager(tx).query(`${MARK_SELECT} WHERE event_id = $1 AND ($2::uuid IS NULL OR bout_id = $2::uuid) ORDER BY created_at, id`, [eventId, boutId ?? null]);
  }

  async markByKey(judgeUserId: string, idempotencyKey: string, tx?: Tx): Promise<ArenaMarkRow | null> {
    const rows: ArenaMarkRow[] = await this.manager(tx).query(`${MARK_SELECT} WHERE judge_user_id = $1 AND idempotency_key = $2`, [judgeUserId, idempotencyKey]);
    return rows[0] ?? null;
  }

  async markInSlot(m: Pick<NewArenaMark, 'boutId' | 'entryId' | 'aspectKey' | 'judgeUserId'>, tx?: Tx): Promise<ArenaMarkRow | null> {
    const rows: ArenaMarkRow[] = await this.manager(tx).query(`${MARK_SELECT} WHERE bout_id = $1 AND entry_id = $2 AND aspect_key = $3 AND judge_user_id = $4`, [
      m.boutId,
      m.entryId,
      m.aspectKey,
      m.judgeUserId,
    ]);
    return rows[0] ?? null;
  }

  async insertMark(m: NewArenaMark, tx: Tx): Promise<ArenaMarkRow> {
    const [row]: ArenaMarkRow[] = await tx.manager.query(
      `WITH m AS (INSERT INTO arena_mark (event_id, bout_id, entry_id, aspect_key, judge_user_id, value, idempotency_key)
                  VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *)
       ${MARK_SELECT.replace('FROM arena_mark', 'FROM m')}`,
      [m.eventId, m.boutId, m.entryId, m.aspectKey, m.judgeUserId, m.value, m.idempotencyKey],
    );
    return row;
  }

  /** Approved entries of the event with their judging code and name (team, or first member). */
  async entries(eventId: string, tx?: Tx): Promise<ArenaEntryRow[]> {
    return this.manager(tx).query(
      `SELECT e.id, e.judging_code AS "judgingCode", COALESCE(e.team_name, m.name, '') AS name
         FROM entry e LEFT JOIN LATERAL (SELECT name FROM entry_member WHERE entry_id = e.id ORDER BY position LIMIT 1) m ON true
        WHERE e.event_id = $1 AND e.status = 'approved'
        ORDER BY e.judging_code NULLS LAST, e.number`,
      [eventId],
    );
  }

  /** Each entry's current score on one stage of the live standings (hundredths), entries without one left out. */
  async stageStanding(eventId: string, stage: string, tx?: Tx): Promise<{ entryId: string; score: number }[]> {
    const rows: { entry_id: string; score: string }[] = await this.manager(tx).query(
      `SELECT entry_id, (row->'stageTotals'->>$2)::int AS score FROM standing WHERE event_id = $1 AND row->'stageTotals' ? $2`,
      [eventId, stage],
    );
    return rows.map((r) => ({ entryId: r.entry_id, score: Number(r.score) }));
  }

  /**
   * For the results: the champion (the holder after the last decided bout; the first holder
   * when none is decided; null without a setting), the longest defence (most defences in one
   * run, the earlier run on a tie; null before any bout is decided) and the decided bouts.
   */
  async summary(eventId: string, tx?: Tx): Promise<ArenaSummary> {
    const setting = await this.setting(eventId, tx);
    if (!setting) return { champion: null, longestDefence: null, bouts: 0 };
    const decided = (await this.bouts(eventId, tx)).filter((b) => b.status === 'decided');
    const result = playArena(
      setting.firstHolderEntryId,
      decided.map((b) => ({ challenger: b.challengerEntryId, holderScore: b.holderScore ?? 0, challengerScore: b.challengerScore ?? 0 })),
      setting.tieRule,
    );
    return {
      champion: result.champion,
      longestDefence: result.longestDefence ? { entryId: result.longestDefence.holder, defences: result.longestDefence.defences } : null,
      bouts: decided.length,
    };
  }
}
