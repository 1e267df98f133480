import { AuditLogEntity } from '../entities';
import { BaseRepository, type Tx } from '../transaction';

export interface AuditEntry {
  actorUserId: string | null;
  action: string;
  entityType?: string;
  entityId?: string;
  /** Structured detail; personal data only in masked form. */
  detail?: Record<string, unknown>;
  correlationId?: string | null;
  ip?: string | null;
}

export interface AuditRecord extends Required<Omit<AuditEntry, 'detail'>> {
  id: string;
  at: Date;
  detail: Record<string, unknown>;
}

export class AuditRepository extends BaseRepository {
  /** Appends one record; pass the transaction of the change it records. */
  async append(entry: AuditEntry, tx?: Tx): Promise<void> {
    await this.manager(tx).query(
      `INSERT INTO "audit_log" ("actor_user_id", "action", "entity_type", "entity_id", "detail", "correlation_id", "ip")
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)`,
      [
        entry.actorUserId,
        entry.action,
        entry.entityType ?? null,
        entry.entityId ?? null,
        JSON.stringify(entry.detail ?? {}),
        entry.correlationId ?? null,
        entry.ip ?? null,
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
    return rows.map((row) => ({
      id: row.id,
      at: row.at,
      actorUserId: row.actorUserId,
      action: row.action,
      entityType: row.entityType ?? '',
      entityId: row.entityId ?? '',
      detail: row.detail,
      correlationId: row.correlationId,
      ip: row.ip,
    }));
  }

  async countByAction(action: string): Promise<number> {
    return this.manager().count(AuditLogEntity, { where: { action } });
  }
}
