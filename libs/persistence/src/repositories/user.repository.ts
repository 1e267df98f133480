import type { AdminUserListQuery, Role } from '@dz/contracts';
import { IsNull } from 'typeorm';
import { OrganisationEntity, RecoveryCodeEntity, RoleGrantEntity, UserEntity } from '../entities';
import { BaseRepository, type Tx } from '../transaction';

export interface Grant {
  grantId: string;
  role: Role;
  organisationId: string | null;
  organisationName: string | null;
}

export interface UserRecord {
  id: string;
  displayName: string;
  username: string | null;
  phone: string | null;
  passwordHash: string;
  disabledAt: Date | null;
  failedLoginCount: number;
  lockedUntil: Date | null;
  totpSecretEnc: string | null;
  totpEnabledAt: Date | null;
  totpLastStep: number | null;
  idNumberEnc: string | null;
  idConsentVersion: string | null;
  idConsentAt: Date | null;
  createdAt: Date;
  grants: Grant[];
  roles: Role[];
  organisationIds: string[];
}

/** @deprecated name kept for the first callers; same shape as UserRecord. */
export type UserWithRoles = UserRecord;

export interface NewUser {
  displayName: string;
  username: string | null;
  phone: string | null;
  passwordHash: string;
  idNumberEnc?: string | null;
  idNumberHmac?: string | null;
  idConsentVersion?: string | null;
  idConsentAt?: Date | null;
}

export class UserRepository extends BaseRepository {
  /** Finds a user by login name or phone number. */
  async findByAccount(account: string): Promise<UserRecord | null> {
    const user = await this.manager().findOne(UserEntity, { where: [{ username: account }, { phone: account }] });
    return user ? this.withGrants(user) : null;
  }

  async findById(id: string, tx?: Tx): Promise<UserRecord | null> {
    const user = await this.manager(tx).findOne(UserEntity, { where: { id } });
    return user ? this.withGrants(user, tx) : null;
  }

  async existsByIdHash(idNumberHmac: string): Promise<boolean> {
    return this.manager().exists(UserEntity, { where: { idNumberHmac } });
  }

  async existsByLogin(username: string | null, phone: string | null): Promise<boolean> {
    const where = [...(username ? [{ username }] : []), ...(phone ? [{ phone }] : [])];
    return where.length > 0 && this.manager().exists(UserEntity, { where });
  }

  async create(user: NewUser, now: Date, tx?: Tx): Promise<string> {
    const row = this.manager(tx).create(UserEntity, { ...user, passwordChangedAt: now, disabledAt: null });
    const saved = await this.manager(tx).save(row);
    return saved.id;
  }

  /**
   * Counts one failed sign-in atomically; from the `threshold`-th consecutive failure the
   * account is locked for `lockMs`. Returns the new count and lock.
   */
  async recordFailedLogin(userId: string, now: Date, threshold: number, lockMs: number): Promise<{ count: number; lockedUntil: Date | null }> {
    const rows = await this.manager().query(
      `UPDATE "app_user"
         SET "failed_login_count" = "failed_login_count" + 1,
             "locked_until" = CASE WHEN "failed_login_count" + 1 >= $2 THEN $3::timestamptz ELSE "locked_until" END
       WHERE "id" = $1
       RETURNING "failed_login_count" AS count, "locked_until" AS "lockedUntil"`,
      [userId, threshold, new Date(now.getTime() + lockMs)],
    );
    const [row] = rows[0] as { count: number; lockedUntil: Date | null }[];
    return row;
  }

  async clearFailedLogins(userId: string, tx?: Tx): Promise<void> {
    await this.manager(tx).update(UserEntity, { id: userId }, { failedLoginCount: 0, lockedUntil: null });
  }

  async setPassword(userId: string, passwordHash: string, now: Date, tx?: Tx): Promise<void> {
    await this.manager(tx).update(UserEntity, { id: userId }, { passwordHash, passwordChangedAt: now });
  }

  async setDisabled(userId: string, disabledAt: Date | null, tx?: Tx): Promise<void> {
    await this.manager(tx).update(UserEntity, { id: userId }, { disabledAt });
  }

  async setPendingTotpSecret(userId: string, secretEnc: string): Promise<void> {
    await this.manager().update(UserEntity, { id: userId, totpEnabledAt: IsNull() }, { totpSecretEnc: secretEnc });
  }

  /**
   * Accepts a TOTP time step once: true when `step` is newer than the last accepted one (and
   * records it), false for a replayed code.
   */
  async acceptTotpStep(userId: string, step: number, tx?: Tx): Promise<boolean> {
    const result = await this.manager(tx).query(
      `UPDATE "app_user" SET "totp_last_step" = $2
       WHERE "id" = $1 AND ("totp_last_step" IS NULL OR "totp_last_step" < $2) RETURNING "id"`,
      [userId, step],
    );
    return (result[0] as unknown[]).length === 1;
  }

  async enableTotp(userId: string, now: Date, tx?: Tx): Promise<void> {
    await this.manager(tx).update(UserEntity, { id: userId }, { totpEnabledAt: now });
  }

  async replaceRecoveryCodes(userId: string, hashes: string[], tx?: Tx): Promise<void> {
    await this.manager(tx).delete(RecoveryCodeEntity, { userId });
    await this.manager(tx).insert(
      RecoveryCodeEntity,
      hashes.map((codeHash) => ({ userId, codeHash, usedAt: null })),
    );
  }

  /** Uses a recovery code once: true when it existed unused (and is now spent). */
  async consumeRecoveryCode(userId: string, codeHash: string, now: Date, tx?: Tx): Promise<boolean> {
    const result = await this.manager(tx).update(RecoveryCodeEntity, { userId, codeHash, usedAt: IsNull() }, { usedAt: now });
    return (result.affected ?? 0) === 1;
  }

  async addGrant(userId: string, role: Role, organisationId: string | null, grantedBy: string | null, tx?: Tx): Promise<string> {
    const result = await this.manager(tx).insert(RoleGrantEntity, { userId, role, organisationId, grantedBy, revokedAt: null });
    return (result.identifiers[0] as { id: string }).id;
  }

  async findGrant(userId: string, grantId: string, tx?: Tx): Promise<Grant | null> {
    const grant = await this.manager(tx).findOne(RoleGrantEntity, { where: { id: grantId, userId, revokedAt: IsNull() } });
    return grant ? { grantId: grant.id, role: grant.role, organisationId: grant.organisationId, organisationName: null } : null;
  }

  async revokeGrant(grantId: string, now: Date, tx?: Tx): Promise<void> {
    await this.manager(tx).update(RoleGrantEntity, { id: grantId, revokedAt: IsNull() }, { revokedAt: now });
  }

  /** Staff list: newest first, filtered by a name/account/phone fragment and a role. */
  async list(query: AdminUserListQuery): Promise<{ items: UserRecord[]; total: number }> {
    const qb = this.manager().createQueryBuilder(UserEntity, 'u');
    if (query.q) {
      qb.andWhere('(u.display_name ILIKE :q OR u.username ILIKE :q OR u.phone LIKE :q)', { q: `%${query.q.replace(/[%_\\]/g, '\\$&')}%` });
    }
    if (query.role) {
      qb.andWhere('EXISTS (SELECT 1 FROM role_grant g WHERE g.user_id = u.id AND g.role = :role AND g.revoked_at IS NULL)', { role: query.role });
    }
    const [rows, total] = await qb.orderBy('u.created_at', 'DESC').addOrderBy('u.id', 'ASC').skip(query.offset).take(query.limit).getManyAndCount();
    const items = await Promise.all(rows.map((row) => this.withGrants(row)));
    return { items, total };
  }

  private async withGrants(user: UserEntity, tx?: Tx): Promise<UserRecord> {
    const grants = await this.manager(tx)
      .createQueryBuilder(RoleGrantEntity, 'g')
      .leftJoin(OrganisationEntity, 'o', 'o.id = g.organisation_id')
      .select(['g.id AS "grantId"', 'g.role AS role', 'g.organisation_id AS "organisationId"', 'o.name AS "organisationName"'])
      .where('g.user_id = :id AND g.revoked_at IS NULL', { id: user.id })
      .orderBy('g.granted_at', 'ASC')
      .getRawMany<Grant>();
    return {
      id: user.id,
      displayName: user.displayName,
      username: user.username,
      phone: user.phone,
      passwordHash: user.passwordHash,
      disabledAt: user.disabledAt,
      failedLoginCount: user.failedLoginCount,
      lockedUntil: user.lockedUntil,
      totpSecretEnc: user.totpSecretEnc,
      totpEnabledAt: user.totpEnabledAt,
      totpLastStep: user.totpLastStep === null ? null : Number(user.totpLastStep),
      idNumberEnc: user.idNumberEnc,
      idConsentVersion: user.idConsentVersion,
      idConsentAt: user.idConsentAt,
      createdAt: user.createdAt,
      grants,
      roles: [...new Set(grants.map((g) => g.role))],
      organisationIds: [...new Set(grants.map((g) => g.organisationId).filter((id): id is string => id !== null))],
    };
  }
}
