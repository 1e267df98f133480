import type { CertificateBatchStatus, CertificateKind, CertificateListQuery, EventStatus, ResultRow, Series } from '@dz/contracts';
import { BaseRepository, type Tx } from '../transaction';

/** What an event's certificates are planned and written from: its final results and members. */
export interface CertificateSource {
  event: {
    id: string;
    title: string;
    status: EventStatus;
    series: Series;
    occupationCode: string;
    occupationName: string;
    organiserName: string;
  };
  /** The final results version; null while results are not final. */
  finalVersion: number | null;
  finalAt: Date | null;
  rows: {
    entryId: string;
    standing: ResultRow['standing'];
    rank: number | null;
    award: string | null;
    titles: string[];
    members: { memberId: string; personKey: string; name: string; idNumberMasked: string }[];
  }[];
  championEntryId: string | null;
}

export interface CertificateBatchRecord {
  id: string;
  eventId: string;
  resultsVersion: number;
  status: CertificateBatchStatus;
  total: number;
  chunks: number;
  chunkSize: number;
  chunksDone: number;
  issued: number;
  message: string | null;
  createdBy: string;
  createdByName: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** A certificate as lists show it (no content, no signature). */
export interface CertificateRecord {
  id: string;
  eventId: string;
  eventTitle: string;
  entryId: string;
  number: string;
  kind: CertificateKind;
  personName: string;
  idNumberMasked: string;
  award: string | null;
  titles: string[];
  storageKey: string;
  sizeBytes: number;
  issuedAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
  revokedByName: string | null;
}

/** A certificate with what its signature covers, for verification. */
export interface SignedCertificateRow extends CertificateRecord {
  content: Record<string, unknown>;
  signature: string;
  keyId: string;
  publicKeyPem: string;
}

export interface NewCertificate {
  id: string;
  eventId: string;
  entryId: string;
  memberId: string;
  personKey: string;
  kind: CertificateKind;
  number: string;
  batchId: string | null;
  content: Record<string, unknown>;
  signature: string;
  keyId: string;
  storageKey: string;
  sizeBytes: number;
}

export interface TemplateRecord {
  series: Series;
  kind: CertificateKind;
  title: string;
  body: string;
  signatureLine: string;
  background: Buffer | null;
  backgroundType: 'image/png' | 'image/jpeg' | null;
  version: number;
  updatedAt: Date;
  updatedByName: string | null;
}

const RECORD_COLUMNS = `c.id, c.event_id AS "eventId", ev.title AS "eventTitle", c.entry_id AS "entryId", c.number, c.kind,
  c.content->>'personName' AS "personName", c.content->>'idNumberMasked' AS "idNumberMasked", c.content->>'award' AS award,
  ARRAY(SELECT jsonb_array_elements_text(c.content->'titles')) AS titles, c.storage_key AS "storageKey", c.size_bytes AS "sizeBytes",
  c.issued_at AS "issuedAt", c.revoked_at AS "revokedAt", c.revoked_reason AS "revokedReason", ru.display_name AS "revokedByName"`;
const RECORD_FROM = `certificate c JOIN competition_event ev ON ev.id = c.event_id LEFT JOIN app_user ru ON ru.id = c.revoked_by`;

/** Certificates, their batches, templates and signing keys. */
export class CertificateRepository extends BaseRepository {
  // ── signing keys ──

  /** Records a signing key's public half (the worker does at boot); a key already known stays. */
  async registerKey(keyId: string, publicKeyPem: string): Promise<void> {
    await this.manager().query(`INSERT INTO certificate_key (key_id, public_key_pem) VALUES ($1, $2) ON CONFLICT (key_id) DO NOTHING`, [keyId, publicKeyPem]);
  }

  async keys(): Promise<{ keyId: string; publicKeyPem: string; createdAt: Date }[]> {
    return this.manager().query(`SELECT key_id AS "keyId", public_key_pem AS "publicKeyPem", created_at AS "createdAt" FROM certificate_key ORDER BY created_at DESC, key_id`);
  }

  // ── what an event's certificates come from ──

  /** The event, its final results' rows with each entry's active members, and the arena champion. */
  async source(eventId: string, tx?: Tx): Promise<CertificateSource | null> {
    const [row]: {
      event: CertificateSource['event'] | null;
      finalVersion: number | null;
      finalAt: Date | null;
      results: { rows: ResultRow[]; arena: { champion: { entryId: string } | null } | null } | null;
      members: { entryId: string; memberId: string; personKey: string; name: string; idNumberMasked: string }[];
    }[] = await this.manager(tx).query(
      `SELECT (SELECT jsonb_build_object('id', e.id, 'title', e.title, 'status', e.status, 'series', e.series, 'occupationCode', e.occupation_code,
                                         'occupationName', e.occupation_name, 'organiserName', o.name)
                 FROM competition_event e JOIN organisation o ON o.id = e.organizer_org_id WHERE e.id = $1) AS event,
              n.final_version AS "finalVersion", n.final_at AS "finalAt",
              (SELECT v.results FROM result_version v WHERE v.event_id = $1 AND v.version = n.final_version) AS results,
              (SELECT COALESCE(jsonb_agg(jsonb_build_object('entryId', m.entry_id, 'memberId', m.id, 'personKey', m.id_number_hmac,
                                                            'name', m.name, 'idNumberMasked', m.id_number_masked) ORDER BY m.entry_id, m.position), '[]')
                 FROM entry_member m WHERE m.event_id = $1 AND m.active) AS members
         FROM (SELECT 1) one LEFT JOIN result_notice n ON n.event_id = $1`,
      [eventId],
    );
    if (!row?.event) return null;
    const membersOf = new Map<string, CertificateSource['rows'][number]['members']>();
    for (const m of row.members) {
      const list = membersOf.get(m.entryId) ?? [];
      list.push({ memberId: m.memberId, personKey: m.personKey, name: m.name, idNumberMasked: m.idNumberMasked });
      membersOf.set(m.entryId, list);
    }
    const final = row.finalVersion !== null && row.results !== null;
    return {
      event: row.event,
      finalVersion: final ? row.finalVersion : null,
      finalAt: final ? row.finalAt : null,
      rows: final
        ? (row.results?.rows ?? []).map((r) => ({
            entryId: r.entryId,
            standing: r.standing,
            rank: r.rank,
            award: r.award,
            titles: r.titles,
            members: membersOf.get(r.entryId) ?? [],
          }))
        : [],
      championEntryId: final ? (row.results?.arena?.champion?.entryId ?? null) : null,
    };
  }

  /** The (personKey, kind) pairs already certified in an event, as `personKey:kind`. */
  async issuedKeys(eventId: string, tx?: Tx, personKeys?: readonly string[]): Promise<Set<string>> {
    const rows: { key: string }[] = await this.manager(tx).query(
      `SELECT person_key || ':' || kind AS key FROM certificate WHERE event_id = $1 AND ($2::text[] IS NULL OR person_key = ANY($2::text[]))`,
      [eventId, personKeys ? [...personKeys] : null],
    );
    return new Set(rows.map((r) => r.key));
  }

  /** Fresh certificate sequence numbers (a number drawn and not used leaves a gap, never a repeat). */
  async nextSequences(count: number): Promise<number[]> {
    if (count === 0) return [];
    const rows: { n: string }[] = await this.manager().query(`SELECT nextval('certificate_number_seq')::text AS n FROM generate_series(1, $1)`, [count]);
    return rows.map((r) => Number(r.n));
  }

  // ── batches ──

  async createBatch(batch: { id: string; eventId: string; resultsVersion: number; total: number; chunks: number; chunkSize: number; createdBy: string }, tx: Tx): Promise<void> {
    await tx.manager.query(
      `INSERT INTO certificate_batch (id, event_id, results_version, status, total, chunks, chunk_size, created_by, finished_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [batch.id, batch.eventId, batch.resultsVersion, batch.chunks === 0 ? 'done' : 'queued', batch.total, batch.chunks, batch.chunkSize, batch.createdBy, batch.chunks === 0 ? new Date() : null],
    );
  }

  private batchSelect(where: string): string {
    return `SELECT b.id, b.event_id AS "eventId", b.results_version AS "resultsVersion", b.status, b.total, b.chunks, b.chunk_size AS "chunkSize",
                   (SELECT count(*)::int FROM certificate_batch_chunk k WHERE k.batch_id = b.id) AS "chunksDone",
                   (SELECT count(*)::int FROM certificate c WHERE c.batch_id = b.id) AS issued,
                   b.message, b.created_by AS "createdBy", u.display_name AS "createdByName", b.created_at AS "createdAt", b.finished_at AS "finishedAt"
              FROM certificate_batch b LEFT JOIN app_user u ON u.id = b.created_by WHERE ${where}`;
  }

  async batch(id: string, tx?: Tx): Promise<CertificateBatchRecord | null> {
    const rows: CertificateBatchRecord[] = await this.manager(tx).query(this.batchSelect('b.id = $1'), [id]);
    return rows[0] ?? null;
  }

  async batches(eventId: string): Promise<CertificateBatchRecord[]> {
    return this.manager().query(`${this.batchSelect('b.event_id = $1')} ORDER BY b.created_at DESC LIMIT 20`, [eventId]);
  }

  /** A batch of the event still queued or running. */
  async openBatch(eventId: string, tx?: Tx): Promise<string | null> {
    const rows: { id: string }[] = await this.manager(tx).query(`SELECT id FROM certificate_batch WHERE event_id = $1 AND status IN ('queued','running') LIMIT 1`, [eventId]);
    return rows[0]?.id ?? null;
  }

  async markRunning(batchId: string): Promise<void> {
    await this.manager().query(`UPDATE certificate_batch SET status = 'running' WHERE id = $1 AND status = 'queued'`, [batchId]);
  }

  async failBatch(batchId: string, message: string, tx?: Tx): Promise<void> {
    await this.manager(tx).query(`UPDATE certificate_batch SET status = 'failed', message = $2, finished_at = now() WHERE id = $1 AND status IN ('queued','running')`, [
      batchId,
      message,
    ]);
  }

  /**
   * Writes a chunk's new certificates (a pair already certified is skipped: the UNIQUE
   * constraint decides, not a read before) and records the chunk done; the batch is done when
   * every chunk is. Returns the numbers written and whether this finished the batch.
   */
  async writeChunk(batchId: string, chunk: number, certificates: NewCertificate[], tx: Tx): Promise<{ written: string[]; finished: boolean }> {
    const written: { number: string }[] =
      certificates.length === 0
        ? []
        : await tx.manager.query(
            `WITH ins AS (
               INSERT INTO certificate (id, event_id, entry_id, member_id, person_key, kind, number, batch_id, content, signature, key_id, storage_key, size_bytes)
               SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(id uuid, event_id uuid, entry_id uuid, member_id uuid, person_key text, kind text, number text,
                                                                 batch_id uuid, content jsonb, signature text, key_id text, storage_key text, size_bytes int)
               ON CONFLICT (event_id, person_key, kind) DO NOTHING
               RETURNING number)
             SELECT number FROM ins`,
            [
              JSON.stringify(
                certificates.map((c) => ({
                  id: c.id,
                  event_id: c.eventId,
                  entry_id: c.entryId,
                  member_id: c.memberId,
                  person_key: c.personKey,
                  kind: c.kind,
                  number: c.number,
                  batch_id: c.batchId,
                  content: c.content,
                  signature: c.signature,
                  key_id: c.keyId,
                  storage_key: c.storageKey,
                  size_bytes: c.sizeBytes,
                })),
              ),
            ],
          );
    await tx.manager.query(`INSERT INTO certificate_batch_chunk (batch_id, chunk, issued) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [batchId, chunk, written.length]);
    const done: { finished: boolean }[] = await tx.manager.query(
      `WITH b AS (SELECT id, chunks FROM certificate_batch WHERE id = $1 FOR UPDATE),
            upd AS (UPDATE certificate_batch SET status = 'done', finished_at = now()
                     WHERE id = $1 AND status IN ('queued','running')
                       AND (SELECT count(*) FROM certificate_batch_chunk WHERE batch_id = $1) >= (SELECT chunks FROM b)
                     RETURNING id)
       SELECT EXISTS (SELECT 1 FROM upd) AS finished`,
      [batchId],
    );
    return { written: written.map((w) => w.number), finished: done[0]?.finished ?? false };
  }

  // ── reading certificates ──

  async counts(eventId: string): Promise<{ issued: number; revoked: number; byKind: Record<CertificateKind, number> }> {
    const rows: { kind: CertificateKind; n: number; revoked: number }[] = await this.manager().query(
      `SELECT kind, count(*)::int AS n, count(revoked_at)::int AS revoked FROM certificate WHERE event_id = $1 GROUP BY kind`,
      [eventId],
    );
    const byKind: Record<CertificateKind, number> = { award: 0, champion: 0, participation: 0 };
    for (const r of rows) byKind[r.kind] = r.n;
    return { issued: rows.reduce((s, r) => s + r.n, 0), revoked: rows.reduce((s, r) => s + r.revoked, 0), byKind };
  }

  async list(eventId: string, query: CertificateListQuery): Promise<{ items: CertificateRecord[]; total: number }> {
    const params: unknown[] = [eventId];
    let where = 'c.event_id = $1';
    if (query.kind) {
      params.push(query.kind);
      where += ` AND c.kind = $${params.length}`;
    }
    if (query.q) {
      params.push(`%${query.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
      where += ` AND (c.number ILIKE $${params.length} OR c.content->>'personName' ILIKE $${params.length})`;
    }
    const [{ total }]: { total: number }[] = await this.manager().query(`SELECT count(*)::int AS total FROM certificate c WHERE ${where}`, params);
    params.push(query.pageSize, (query.page - 1) * query.pageSize);
    const items: CertificateRecord[] = await this.manager().query(
      `SELECT ${RECORD_COLUMNS} FROM ${RECORD_FROM} WHERE ${where} ORDER BY c.number LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return { items, total };
  }

  async one(id: string, tx?: Tx): Promise<(CertificateRecord & { personKey: string; registrantUserId: string | null; organizerOrgId: string }) | null> {
    const rows: (CertificateRecord & { personKey: string; registrantUserId: string | null; organizerOrgId: string })[] = await this.manager(tx).query(
      `SELECT ${RECORD_COLUMNS}, c.person_key AS "personKey", en.registrant_user_id AS "registrantUserId", ev.organizer_org_id AS "organizerOrgId"
         FROM ${RECORD_FROM} JOIN entry en ON en.id = c.entry_id WHERE c.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** A certificate by its number, with its signed content and the public key that signed it. */
  async byNumber(number: string): Promise<SignedCertificateRow | null> {
    const rows: SignedCertificateRow[] = await this.manager().query(
      `SELECT ${RECORD_COLUMNS}, c.content, c.signature, c.key_id AS "keyId", k.public_key_pem AS "publicKeyPem"
         FROM ${RECORD_FROM} JOIN certificate_key k ON k.key_id = c.key_id WHERE c.number = $1`,
      [number],
    );
    return rows[0] ?? null;
  }

  /** The person's certificates: those of entries they registered, or where their ID number is a member's. */
  async mine(userId: string, personKey: string | null): Promise<CertificateRecord[]> {
    return this.manager().query(
      `SELECT ${RECORD_COLUMNS} FROM ${RECORD_FROM}
        WHERE c.entry_id IN (SELECT id FROM entry WHERE registrant_user_id = $1) OR ($2::text IS NOT NULL AND c.person_key = $2)
        ORDER BY c.issued_at DESC, c.number`,
      [userId, personKey],
    );
  }

  /** An event's certificates for the ZIP, `limit` at a time after `afterNumber` (keyset paging keeps memory flat). */
  async filesPage(eventId: string, afterNumber: string, limit: number): Promise<{ number: string; kind: CertificateKind; personName: string; storageKey: string }[]> {
    return this.manager().query(
      `SELECT number, kind, content->>'personName' AS "personName", storage_key AS "storageKey"
         FROM certificate WHERE event_id = $1 AND number > $2 ORDER BY number LIMIT $3`,
      [eventId, afterNumber, limit],
    );
  }

  /** Revokes a certificate (once); false when it was already revoked. */
  async revoke(id: string, reason: string, userId: string, tx: Tx): Promise<boolean> {
    const rows: { id: string }[] = await tx.manager.query(
      `WITH upd AS (UPDATE certificate SET revoked_at = now(), revoked_reason = $2, revoked_by = $3 WHERE id = $1 AND revoked_at IS NULL RETURNING id) SELECT id FROM upd`,
      [id, reason, userId],
    );
    return rows.length > 0;
  }

  // ── templates ──

  async templates(tx?: Tx): Promise<TemplateRecord[]> {
    return this.manager(tx).query(
      `SELECT t.series, t.kind, t.title, t.body, t.signature_line AS "signatureLine", t.background, t.background_type AS "backgroundType",
              t.version, t.updated_at AS "updatedAt", u.display_name AS "updatedByName"
         FROM certificate_template t LEFT JOIN app_user u ON u.id = t.updated_by`,
    );
  }

  /**
   * Saves a template if `version` is the stored one (0 when none is stored yet); false when
   * someone saved it meanwhile. `background` undefined keeps the stored image, null removes it.
   */
  async saveTemplate(
    template: { series: Series; kind: CertificateKind; title: string; body: string; signatureLine: string; background?: { bytes: Buffer; type: 'image/png' | 'image/jpeg' } | null },
    version: number,
    userId: string,
    tx: Tx,
  ): Promise<boolean> {
    const keep = template.background === undefined;
    const rows: { version: number }[] = await tx.manager.query(
      version === 0
        ? `WITH ins AS (
             INSERT INTO certificate_template (series, kind, title, body, signature_line, background, background_type, version, updated_by, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, now()) ON CONFLICT (series, kind) DO NOTHING RETURNING version)
           SELECT version FROM ins`
        : `WITH upd AS (
             UPDATE certificate_template SET title = $3, body = $4, signature_line = $5,
                    background = CASE WHEN $9 THEN background ELSE $6 END, background_type = CASE WHEN $9 THEN background_type ELSE $7 END,
                    version = version + 1, updated_by = $8, updated_at = now()
              WHERE series = $1 AND kind = $2 AND version = $10 RETURNING version)
           SELECT version FROM upd`,
      version === 0
        ? [template.series, template.kind, template.title, template.body, template.signatureLine, template.background?.bytes ?? null, template.background?.type ?? null, userId]
        : [
            template.series,
            template.kind,
            template.title,
            template.body,
            template.signatureLine,
            template.background?.bytes ?? null,
            template.background?.type ?? null,
            userId,
            keep,
            version,
          ],
    );
    return rows.length > 0;
  }
}
