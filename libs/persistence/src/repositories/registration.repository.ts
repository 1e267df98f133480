import type { EntryListQuery, EntryStatus } from '@dz/contracts';
import { admissionStatus } from '@dz/domain';
import { In } from 'typeorm';
import { CompetitionEventEntity, DrawEntity, EntryEntity, EntryMemberEntity, RegistrationImportEntity, UserEntity } from '../entities';
import { BaseRepository, type Tx } from '../transaction';

/** A member as stored: personal data already encrypted, hashed and masked by the caller. */
export interface MemberRow {
  name: string;
  idNumberEnc: string;
  idNumberHmac: string;
  idNumberMasked: string;
  phoneEnc: string;
  phoneMasked: string;
  county: string;
  employer: string;
  employerInDazhou: boolean;
  skillLevel: string | null;
  certificateNo: string | null;
  occupationCode: string;
  /** Derived for the statistics (libs/domain personStatisticsFields). */
  birthDate: string | null;
  sex: 'male' | 'female' | null;
  employerType: 'enterprise' | 'school' | null;
}

export interface NewEntry {
  teamName: string | null;
  source: 'self' | 'import';
  registrantUserId: string | null;
  importId: string | null;
  members: MemberRow[];
}

export type AdmitResult =
  | { ok: true; entry: EntryEntity }
  /** Members (by index) who already hold an entry in the event. */
  | { ok: false; duplicateMembers: number[] };

export interface EventSeats {
  id: string;
  capacity: number;
  status: CompetitionEventEntity['status'];
  organizerOrgId: string;
  startsAt: Date;
}

export interface RegistrationEvent {
  id: string;
  title: string;
  status: CompetitionEventEntity['status'];
  teamSize: number;
  capacity: number;
  eligibility: CompetitionEventEntity['eligibility'];
  registrationClosesAt: Date;
  startsAt: Date;
  organizerOrgId: string;
}

const SEAT_STATUSES: EntryStatus[] = ['submitted', 'approved'];

export class RegistrationRepository extends BaseRepository {
  /**
   * Locks the event row until the transaction ends. Every change to who holds a seat (an
   * admission, a withdrawal, a rejection, a promotion) takes this lock first, so seat counts
   * read under it are exact.
   */
  async lockEvent(eventId: string, tx: Tx): Promise<EventSeats | null> {
    const rows: { id: string; capacity: number; status: EventSeats['status']; organizer_org_id: string; starts_at: Date }[] =
      await tx.manager.query(
        `SELECT id, capacity, status, organizer_org_id, starts_at FROM competition_event WHERE id = $1 FOR UPDATE`,
        [eventId],
      );
    const row = rows[0];
    return row ? { id: row.id, capacity: row.capacity, status: row.status, organizerOrgId: row.organizer_org_id, startsAt: row.starts_at } : null;
  }

  /** What registration needs of an event. */
  async eventFor(eventId: string): Promise<RegistrationEvent | null> {
    const row = await this.manager().findOne(CompetitionEventEntity, { where: { id: eventId } });
    if (!row) return null;
    return {
      id: row.id,
      title: row.title,
      status: row.status,
      teamSize: row.teamSize,
      capacity: row.capacity,
      eligibility: row.eligibility,
      registrationClosesAt: row.registrationClosesAt,
      startsAt: row.startsAt,
      organizerOrgId: row.organizerOrgId,
    };
  }

  async eventVenue(eventId: string): Promise<string | null> {
    return (await this.manager().findOne(CompetitionEventEntity, { select: { id: true, venue: true }, where: { id: eventId } }))?.venue ?? null;
  }

  async seatsHeld(eventId: string, tx?: Tx): Promise<number> {
    return this.manager(tx).count(EntryEntity, { where: { eventId, status: In(SEAT_STATUSES) } });
  }

  /**
   * Admits entries in arrival order under the event lock (the caller holds it): each gets the
   * next number and holds a seat while one is free, else joins the waitlist. An entry any of
   * whose members already holds a live entry in the event is not admitted.
   */
  async admit(event: EventSeats, entries: readonly NewEntry[], tx: Tx): Promise<AdmitResult[]> {
    const hmacs = entries.flatMap((e) => e.members.map((m) => m.idNumberHmac));
    const taken = new Set(
      hmacs.length === 0
        ? []
        : (
            await tx.manager.find(EntryMemberEntity, {
              select: { idNumberHmac: true },
              where: { eventId: event.id, active: true, idNumberHmac: In(hmacs) },
            })
          ).map((m) => m.idNumberHmac),
    );
    let seats = await this.seatsHeld(event.id, tx);
    const [{ next }]: { next: number }[] = await tx.manager.query(
      `SELECT COALESCE(MAX(number), 0) + 1 AS next FROM entry WHERE event_id = $1`,
      [event.id],
    );
    let number = Number(next);
    const results: AdmitResult[] = [];
    for (const entry of entries) {
      const duplicateMembers = entry.members.flatMap((m, i) => (taken.has(m.idNumberHmac) ? [i] : []));
      const withinEntry = entry.members.findIndex((m, i) => entry.members.findIndex((o) => o.idNumberHmac === m.idNumberHmac) !== i);
      if (withinEntry >= 0) duplicateMembers.push(withinEntry);
      if (duplicateMembers.length > 0) {
        results.push({ ok: false, duplicateMembers });
        continue;
      }
      const status = admissionStatus(event.capacity, seats);
      if (status === 'submitted') seats += 1;
      const saved = await tx.manager.save(
        tx.manager.create(EntryEntity, {
          eventId: event.id,
          number,
          status,
          source: entry.source,
          teamName: entry.teamName,
          registrantUserId: entry.registrantUserId,
          importId: entry.importId,
        }),
      );
      number += 1;
      await tx.manager.insert(
        EntryMemberEntity,
        entry.members.map((m, position) => ({ ...m, entryId: saved.id, eventId: event.id, position })),
      );
      for (const m of entry.members) taken.add(m.idNumberHmac);
      results.push({ ok: true, entry: saved });
    }
    return results;
  }

  async findEntries(ids: readonly string[], tx?: Tx): Promise<Map<string, EntryEntity>> {
    if (ids.length === 0) return new Map();
    const rows = await this.manager(tx).find(EntryEntity, { where: { id: In([...ids]) } });
    return new Map(rows.map((r) => [r.id, r]));
  }

  findEntry(id: string, tx?: Tx): Promise<EntryEntity | null> {
    return this.manager(tx).findOne(EntryEntity, { where: { id } });
  }

  async membersOf(entryIds: readonly string[], tx?: Tx): Promise<Map<string, EntryMemberEntity[]>> {
    const byEntry = new Map<string, EntryMemberEntity[]>();
    if (entryIds.length === 0) return byEntry;
    const rows = await this.manager(tx).find(EntryMemberEntity, { where: { entryId: In([...entryIds]) }, order: { position: 'ASC' } });
    for (const row of rows) byEntry.set(row.entryId, [...(byEntry.get(row.entryId) ?? []), row]);
    return byEntry;
  }

  /** Entries where the person (by ID-number HMAC) is a member, or that the user registered. */
  async entriesOfPerson(userId: string, idNumberHmac: string | null): Promise<EntryEntity[]> {
    return this.manager()
      .createQueryBuilder(EntryEntity, 'e')
      .where('e.registrant_user_id = :userId', { userId })
      .orWhere(
        idNumberHmac === null ? 'false' : 'e.id IN (SELECT m.entry_id FROM entry_member m WHERE m.id_number_hmac = :hmac)',
        idNumberHmac === null ? {} : { hmac: idNumberHmac },
      )
      .orderBy('e.created_at', 'DESC')
      .getMany();
  }

  /** 1-based waitlist positions of the given entries (arrival order among the waitlisted). */
  async waitlistPositions(eventIds: readonly string[], tx?: Tx): Promise<Map<string, number>> {
    const positions = new Map<string, number>();
    if (eventIds.length === 0) return positions;
    const rows: { id: string; position: string }[] = await this.manager(tx).query(
      `SELECT id, ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY number) AS position
         FROM entry WHERE event_id = ANY($1) AND status = 'waitlisted'`,
      [eventIds],
    );
    for (const row of rows) positions.set(row.id, Number(row.position));
    return positions;
  }

  async listForEvent(eventId: string, query: EntryListQuery): Promise<{ items: EntryEntity[]; total: number }> {
    const qb = this.manager().createQueryBuilder(EntryEntity, 'e').where('e.event_id = :eventId', { eventId });
    if (query.status) qb.andWhere('e.status = :status', { status: query.status });
    if (query.attendance) qb.andWhere('e.attendance = :attendance', { attendance: query.attendance });
    if (query.q) {
      const q = query.q;
      const asNumber = /^\d{1,6}$/.test(q) ? Number(q) : -1;
      qb.andWhere(
        `(e.number = :asNumber OR e.workstation = :asNumber OR e.team_name ILIKE :like OR e.checkin_code = :upper OR e.id IN (
            SELECT m.entry_id FROM entry_member m WHERE m.event_id = :eventId AND (m.name ILIKE :like OR m.employer ILIKE :like)))`,
        { asNumber, like: `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, upper: q.toUpperCase() },
      );
    }
    const [items, total] = await qb.orderBy('e.number', 'ASC').skip(query.offset).take(query.limit).getManyAndCount();
    return { items, total };
  }

  async countsByStatus(eventId: string): Promise<Record<EntryStatus, number>> {
    const rows: { status: EntryStatus; n: string }[] = await this.manager().query(
      `SELECT status, COUNT(*) AS n FROM entry WHERE event_id = $1 GROUP BY status`,
      [eventId],
    );
    const counts: Record<EntryStatus, number> = { submitted: 0, approved: 0, rejected: 0, waitlisted: 0, withdrawn: 0 };
    for (const row of rows) counts[row.status] = Number(row.n);
    return counts;
  }

  /**
   * Moves an entry to `to` if it is still at `version`; a rejected or withdrawn entry releases
   * its members so they may register again. Returns the entry after, or null on a lost race.
   */
  async setStatus(
    entry: EntryEntity,
    to: EntryStatus,
    reason: string | null,
    tx: Tx,
  ): Promise<EntryEntity | null> {
    const result = await tx.manager
      .createQueryBuilder()
      .update(EntryEntity)
      .set({ status: to, reason: reason ?? entry.reason, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id: entry.id, version: entry.version })
      .execute();
    if ((result.affected ?? 0) === 0) return null;
    if (to === 'rejected' || to === 'withdrawn') {
      await tx.manager.update(EntryMemberEntity, { entryId: entry.id }, { active: false });
    }
    return tx.manager.findOneOrFail(EntryEntity, { where: { id: entry.id } });
  }

  /** The earliest waitlisted entries, at most `count`, locked for promotion. */
  async nextWaitlisted(eventId: string, count: number, tx: Tx): Promise<EntryEntity[]> {
    if (count <= 0) return [];
    return tx.manager
      .createQueryBuilder(EntryEntity, 'e')
      .setLock('pessimistic_write')
      .where('e.event_id = :eventId AND e.status = :status', { eventId, status: 'waitlisted' })
      .orderBy('e.number', 'ASC')
      .take(count)
      .getMany();
  }

  /** Approved entries in arrival order (the list a draw is made over). */
  approvedEntries(eventId: string, tx?: Tx): Promise<EntryEntity[]> {
    return this.manager(tx).find(EntryEntity, { where: { eventId, status: 'approved' }, order: { number: 'ASC' } });
  }

  async saveDrawResult(
    eventId: string,
    assignments: readonly { entryId: string; workstation: number; checkinCode: string | null; judgingCode: string }[],
    tx: Tx,
  ): Promise<void> {
    await tx.manager.update(EntryEntity, { eventId }, { workstation: null, checkinCode: null, judgingCode: null });
    for (const a of assignments) {
      await tx.manager.update(
        EntryEntity,
        { id: a.entryId },
        { workstation: a.workstation, checkinCode: a.checkinCode, judgingCode: a.judgingCode, version: () => 'version + 1' },
      );
    }
  }

  async setAttendance(
    entryId: string,
    patch: Pick<EntryEntity, 'attendance'> & Partial<Pick<EntryEntity, 'checkedInAt' | 'checkedInBy' | 'lateReason'>>,
    tx: Tx,
  ): Promise<EntryEntity> {
    await tx.manager.update(EntryEntity, { id: entryId }, { ...patch, version: () => 'version + 1' });
    return tx.manager.findOneOrFail(EntryEntity, { where: { id: entryId } });
  }

  /** Marks every approved entry not yet checked in as a no-show; returns their ids. */
  async markNoShows(eventId: string, tx: Tx): Promise<string[]> {
    const rows: [{ id: string }[], number] = await tx.manager.query(
      `UPDATE entry SET attendance = 'no_show', version = version + 1, updated_at = now()
        WHERE event_id = $1 AND status = 'approved' AND attendance = 'pending' RETURNING id`,
      [eventId],
    );
    return rows[0].map((r) => r.id);
  }

  /** The organising department of the event an entry, import or draw belongs to. */
  async organizerOf(resource: 'entry' | 'import' | 'draw', id: string): Promise<string | null> {
    const table = { entry: 'entry', import: 'registration_import', draw: 'draw' }[resource];
    const rows: { organizer_org_id: string }[] = await this.manager().query(
      `SELECT e.organizer_org_id FROM "${table}" r JOIN competition_event e ON e.id = r.event_id WHERE r.id = $1`,
      [id],
    );
    return rows[0]?.organizer_org_id ?? null;
  }

  // ── draws ──

  liveDraw(eventId: string, tx?: Tx): Promise<DrawEntity | null> {
    return this.manager(tx)
      .createQueryBuilder(DrawEntity, 'd')
      .where(`d.event_id = :eventId AND d.status <> 'superseded'`, { eventId })
      .getOne();
  }

  draws(eventId: string): Promise<DrawEntity[]> {
    return this.manager().find(DrawEntity, { where: { eventId }, order: { round: 'DESC' } });
  }

  findDraw(id: string, tx?: Tx): Promise<DrawEntity | null> {
    return this.manager(tx).findOne(DrawEntity, { where: { id } });
  }

  async nextDrawRound(eventId: string, tx: Tx): Promise<number> {
    const [{ next }]: { next: number }[] = await tx.manager.query(
      `SELECT COALESCE(MAX(round), 0) + 1 AS next FROM draw WHERE event_id = $1`,
      [eventId],
    );
    return Number(next);
  }

  async saveDraw(draw: Partial<DrawEntity>, tx: Tx): Promise<DrawEntity> {
    return tx.manager.save(tx.manager.create(DrawEntity, draw));
  }

  async updateDraw(id: string, patch: Partial<DrawEntity>, tx: Tx): Promise<DrawEntity> {
    await tx.manager.update(DrawEntity, { id }, patch);
    return tx.manager.findOneOrFail(DrawEntity, { where: { id } });
  }

  /** Reveals the judging-code seeds of an event's draws (when its results are published). */
  async revealCodeSeeds(eventId: string, tx: Tx): Promise<void> {
    await tx.manager.update(DrawEntity, { eventId, status: 'drawn' }, { codeSeedRevealed: true });
  }

  // ── imports ──

  createImport(row: Partial<RegistrationImportEntity>, tx?: Tx): Promise<RegistrationImportEntity> {
    return this.manager(tx).save(this.manager(tx).create(RegistrationImportEntity, row));
  }

  async saveImportFile(importId: string, data: Buffer, tx?: Tx): Promise<void> {
    await this.manager(tx).query(`INSERT INTO registration_import_file (import_id, data) VALUES ($1, $2)`, [importId, data]);
  }

  async importFile(importId: string, tx?: Tx): Promise<Buffer | null> {
    const rows: { data: Buffer }[] = await this.manager(tx).query(`SELECT data FROM registration_import_file WHERE import_id = $1`, [importId]);
    return rows[0]?.data ?? null;
  }

  findImport(id: string, tx?: Tx): Promise<RegistrationImportEntity | null> {
    return this.manager(tx).findOne(RegistrationImportEntity, { where: { id } });
  }

  importsOf(eventId: string): Promise<RegistrationImportEntity[]> {
    return this.manager().find(RegistrationImportEntity, { where: { eventId }, order: { createdAt: 'DESC' }, take: 50 });
  }

  async updateImport(id: string, patch: Partial<RegistrationImportEntity>, tx?: Tx): Promise<void> {
    await this.manager(tx).update(RegistrationImportEntity, { id }, patch);
  }

  /**
   * Updates the import only if it is still `status` with `processedRows` rows committed: false
   * when another run of its job (BullMQ re-runs a stalled job) has moved it on meanwhile.
   */
  async advanceImport(
    id: string,
    expected: { status: RegistrationImportEntity['status']; processedRows: number },
    patch: Partial<RegistrationImportEntity>,
    tx?: Tx,
  ): Promise<boolean> {
    const result = await this.manager(tx).update(RegistrationImportEntity, { id, status: expected.status, processedRows: expected.processedRows }, patch);
    return (result.affected ?? 0) > 0;
  }

  /** The HMAC of a user's resident ID, when they gave one. */
  async userIdNumberHmac(userId: string): Promise<string | null> {
    return (await this.manager().findOne(UserEntity, { select: { id: true, idNumberHmac: true }, where: { id: userId } }))?.idNumberHmac ?? null;
  }

  /** Registrant user ids and phones, for notifications. */
  async registrantContacts(entryIds: readonly string[], tx?: Tx): Promise<{ entryId: string; userId: string; phone: string | null }[]> {
    if (entryIds.length === 0) return [];
    const rows: { entry_id: string; user_id: string; phone: string | null }[] = await this.manager(tx).query(
      `SELECT e.id AS entry_id, u.id AS user_id, u.phone FROM entry e JOIN app_user u ON u.id = e.registrant_user_id WHERE e.id = ANY($1)`,
      [entryIds],
    );
    return rows.map((r) => ({ entryId: r.entry_id, userId: r.user_id, phone: r.phone }));
  }

  /** Events (id → title) for entry views. */
  async eventTitles(eventIds: readonly string[]): Promise<Map<string, string>> {
    if (eventIds.length === 0) return new Map();
    const rows = await this.manager().find(CompetitionEventEntity, { select: { id: true, title: true }, where: { id: In([...eventIds]) } });
    return new Map(rows.map((r) => [r.id, r.title]));
  }
}
