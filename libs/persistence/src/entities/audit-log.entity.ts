import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Append-only record of who did what, when. The database itself rejects UPDATE, DELETE and
 * TRUNCATE on this table (trigger in the first migration), so no code path can rewrite history.
 */
@Entity({ name: 'audit_log' })
export class AuditLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ name: 'actor_roles', type: 'text', array: true, default: () => `'{}'` })
  actorRoles: string[];

  @Column({ type: 'text', default: 'success' })
  result: 'success' | 'denied' | 'failed';

  /** `domain.verb`, e.g. `auth.login_failed`, `event.published`. */
  @Column({ type: 'text' })
  action: string;

  @Column({ name: 'entity_type', type: 'text', nullable: true })
  entityType: string | null;

  @Column({ name: 'entity_id', type: 'text', nullable: true })
  entityId: string | null;

  /** Structured detail; personal data goes in masked form only. */
  @Column({ type: 'jsonb', default: () => `'{}'::jsonb` })
  detail: Record<string, unknown>;

  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId: string | null;

  @Column({ type: 'text', nullable: true })
  ip: string | null;
}
