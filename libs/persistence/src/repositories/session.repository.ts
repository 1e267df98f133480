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
  refreshRotatedAt: Date | null;
}

export type RefreshLookup =
  | { kind: 'current'; session: SessionRecord }
  | { kind: 'previous'; session: SessionRecord }
  | { kind: 'unknown' };

export class SessionRepository extends BaseRepository {
  async create(input: { userId: string; refreshHash: string; now: Date; expiresAt: Date }, tx?: Tx): Promise<SessionRecord> {
    const row = this.manager(tx).create(UserSessionEntity, {
      userId: input.userId,
      tokenHash: input.refreshHash,
      refreshHash: input.refreshHash,
      lastSeenAt: input.now,
      expiresAt: input.expiresAt,
      revokedAt: null,
    });
    return toRecord(await this.manager(tx).save(row));
  }

  async findById(id: string): Promise<SessionRecord | null> {
    const row = await this.manager().findOne(UserSessionEntity, { where: { id } });
    return row ? toRecord(row) : null;
  }

  /** Which session a refresh token belongs to: its current token, the one just replaced, or none. */
  async findByRefreshHash(hash: string): Promise<RefreshLookup> {
    const current = await this.manager().findOne(UserSessionEntity, { where: { refreshHash: hash } });
    if (current) return { kind: 'current', session: toRecord(current) };
    const previous = await this.manager().findOne(UserSessionEntity, { where: { refreshPrevHash: hash } });
    return previous ? { kind: 'previous', session: toRecord(previous) } : { kind: 'unknown' };
  }

  /** Swaps the refresh token if `oldHash` is still current; false when another call won. */
  async rotate(id: string, oldHash: string, newHash: string, now: Date): Promise<boolean> {
    const result = await this.manager().update(
      UserSessionEntity,
      { id, refreshHash: oldHash, revokedAt: IsNull() },
      { refreshHash: newHash, refreshPrevHash: oldHash, refreshRotatedAt: now, lastSeenAt: now },
    );
    return (result.affected ?? 0) === 1;
  }

  async touch(id: string, now: Date): Promise<void> {
    await this.manager().update(UserSessionEntity, { id }, { lastSeenAt: now });
  }

  async revoke(id: string, now: Date, reason: string, tx?: Tx): Promise<void> {
    await this.manager(tx).update(UserSessionEntity, { id, revokedAt: IsNull() }, { revokedAt: now, revokedReason: reason });
  }

  /** Ends every live session of a user (disabled account, password change); returns their ids. */
  async revokeAllForUser(userId: string, now: Date, reason: string, tx?: Tx): Promise<string[]> {
    const live = await this.manager(tx).find(UserSessionEntity, { where: { userId, revokedAt: IsNull() }, select: { id: true } });
    if (live.length > 0) {
      await this.manager(tx).update(UserSessionEntity, { userId, revokedAt: IsNull() }, { revokedAt: now, revokedReason: reason });
    }
    return live.map((s) => s.id);
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
    refreshRotatedAt: row.refreshRotatedAt,
  };
}
