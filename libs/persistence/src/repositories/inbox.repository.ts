import { IsNull } from 'typeorm';
import { UserNotificationEntity } from '../entities';
import { BaseRepository, type Tx } from '../transaction';

export interface InboxMessage {
  title: string;
  body: string;
  link: string | null;
}

/** In-app notifications, one row per recipient. */
export class InboxRepository extends BaseRepository {
  async deliver(userIds: string[], message: InboxMessage, tx?: Tx): Promise<void> {
    if (userIds.length === 0) return;
    await this.manager(tx).insert(
      UserNotificationEntity,
      userIds.map((userId) => ({ userId, ...message, readAt: null })),
    );
  }

  async list(userId: string, limit = 50): Promise<{ items: UserNotificationEntity[]; unread: number }> {
    const [items, unread] = await Promise.all([
      this.manager().find(UserNotificationEntity, { where: { userId }, order: { createdAt: 'DESC' }, take: limit }),
      this.manager().count(UserNotificationEntity, { where: { userId, readAt: IsNull() } }),
    ]);
    return { items, unread };
  }

  /** Marks one of the user's own notifications read; false when it is not theirs. */
  async markRead(userId: string, id: string, now: Date): Promise<boolean> {
    const result = await this.manager().update(UserNotificationEntity, { id, userId }, { readAt: now });
    return (result.affected ?? 0) === 1;
  }
}
