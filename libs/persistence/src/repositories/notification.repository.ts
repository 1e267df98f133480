import { NotificationOutboxEntity } from '../entities';
import { BaseRepository } from '../transaction';

export interface OutboxMessage {
  jobId: string;
  channel: 'sms';
  recipientUserId: string | null;
  to: string;
  template: string;
  body: string;
}

export class NotificationRepository extends BaseRepository {
  /**
   * Records a sent message once per job id; a retried job finds its row and returns it.
   * Returns the row's id and whether this call inserted it.
   */
  async recordOnce(message: OutboxMessage): Promise<{ id: string; inserted: boolean }> {
    const result = await this.manager()
      .createQueryBuilder()
      .insert()
      .into(NotificationOutboxEntity)
      .values(message)
      .orIgnore()
      .returning(['id'])
      .execute();
    const row = (result.raw as { id: string }[])[0];
    if (row) return { id: row.id, inserted: true };
    const existing = await this.manager().findOneOrFail(NotificationOutboxEntity, { where: { jobId: message.jobId } });
    return { id: existing.id, inserted: false };
  }

  async latest(limit: number): Promise<(OutboxMessage & { id: string; createdAt: Date })[]> {
    return this.manager().find(NotificationOutboxEntity, { order: { createdAt: 'DESC' }, take: limit });
  }
}
