import { AuditLogEntity } from '../entities';
import { BaseRepository, type Tx } from '../transaction';

export interface AuditEntry {
  actorUserId: string | null;
  /** The roles the actor held when acting. */
  actorRoles?: readonly string[];
  action: string;
  /** `denied` for refused attempts, `failed` for attempts that failed (a wrong password). */
  result?: 'success' | 'denied' | 'failed';
  entityType?: string;
  entityId?: string;
  /** Structured detail; personal data only in masked form. */
  detail?: Record<string, unknown>;
  correlationId?: string | null;
  ip?: string | null;
}

export interface AuditRecord {
  id: string;
  at: Date;
  actorUserId: string | null;
  actorRoles: string[];
  action: string;
  result: string;
  entityType: string | null;
  entityId: string | null;
  detail: Record<string, unknown>;
  correlationId: string | null;
  ip: string | null;
}

export interface AuditSearch {
  actorUserId?: string;
  entityType?: string;
  entityId?: string;
  action?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export class AuditRepository extends BaseRepository {
  /** Appends one record; pass the transaction of the change it records. */
  async append(entry: AuditEntry, tx?: Tx): Promise<void> {
    await this.manager(tx).query(
      `INSERT INTO "audit_log" ("actor_user_id", "action", "entity_type", "entity_id", "detail", "correlation_id", "ip", "actor_roles", "result")
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9)`,
      [
        entry.actorUserId,
        entry.action,
        entry.entityType ?? null,
        entry.entityId ?? null,
        JSON.stringify(entry.detail ?? {}),
        entry.correlationId ?? null,
        entry.ip ?? null,
        [...(entry.actorRoles ?? [])],
        entry.result ?? 'success',
      ],
    );
  }

  /** Newest first, for one entity. */
  async listForEntity(entityType: string, entityId: string, limit = 100): Promise<AuditRecord[]> {
    const rows = await this.manager().find(AuditLogEntity, {
      where: { entityType, entityId },
      order: { id: 'DESC' },
      take: limit,
    });
    return rows.map(toRecord);
  }

  /** The auditor's search: newest first, every filter optional. */
  async search(query: AuditSearch): Promise<{ items: AuditRecord[]; total: number }> {
    const qb = this.manager().createQueryBuilder(AuditLogEntity, 'a');
    if (query.actorUserId) qb.andWhere('a.actor_user_id = :actor', { actor: query.actorUserId });
    if (query.entityType) qb.andWhere('a.entity_type = :entityType', { entityType: query.entityType });
    if (query.entityId) qb.andWhere('a.entity_id = :entityId', { entityId: query.entityId });
    if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    if (query.from) qb.andWhere('a.at >= :from', { from: query.from });
    if (query.to) qb.andWhere('a.at < :to', { to: query.to });
    const [rows, total] = await qb.orderBy('a.id', 'DESC').skip(query.offset).take(query.limit).getManyAndCount();
    return { items: rows.map(toRecord), total };
  }

  /** Deletes rows older than `retentionDays` (at least 180, enforced by the database function). */
  async purgeOlderThan(retentionDays: number): Promise<number> {
    const [row] = await this.manager().query(`SELECT "audit_log_purge"($1) AS purged`, [retentionDays]);
    return Number((row as { purged: string }).purged);
  }

  async countByAction(action: string): Promise<number> {
    return this.manager().count(AuditLogEntity, { where: { action } });
  }
}

function toRecord(row: AuditLogEntity): AuditRecord {
  return {
    id: row.id,
    at: row.at,
    actorUserId: row.actorUserId,
    actorRoles: row.actorRoles,
    action: row.action,
    result: row.result,
    entityType: row.entityType,
    entityId: row.entityId,
    detail: row.detail,
    correlationId: row.correlationId,
    ip: row.ip,
  };
}
