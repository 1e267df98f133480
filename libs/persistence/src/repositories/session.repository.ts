import { IsNull } from 'typeorm';
import { UserSessionEntity } from '../entities';
import { BaseRepository, type Tx } from '../transaction';

export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

export class SessionRepository extends BaseRepository {
  async create(input: { userId: string; tokenHash: string; now: Date; expiresAt: Date }, tx?: Tx): Promise<SessionRecord> {
    const row = this.manager(tx).create(UserSessionEntity, {
      userId: input.userId,
      tokenHash: input.tokenHash,
      lastSeenAt: input.now,
      expiresAt: input.expiresAt,
      revokedAt: null,
    });
    const saved = await this.manager(tx).save(row);
    return toRecord(saved);
  }

  /** The session for a token hash if it has not been revoked (expiry is the caller's rule). */
  async findUnrevoked(tokenHash: string): Promise<SessionRecord | null> {
    const row = await this.manager().findOne(UserSessionEntity, { where: { tokenHash, revokedAt: IsNull() } });
    return row ? toRecord(row) : null;
  }

  async touch(id: string, now: Date): Promise<void> {
    await this.manager().update(UserSessionEntity, { id }, { lastSeenAt: now });
  }

  async revoke(id: string, now: Date, tx?: Tx): Promise<void> {
    await this.manager(tx).update(UserSessionEntity, { id, revokedAt: IsNull() }, { revokedAt: now });
  }
}

function toRecord(row: UserSessionEntity): SessionRecord {
  return {
    id: row.id,
    userId: row.userId,
    createdAt: row.createdAt,
    lastSeenAt: row.lastSeenAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
  };
}
