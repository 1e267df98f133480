import { NotificationRepository } from '@dz/persistence';
import { Injectable } from '@nestjs/common';
import { Notifier, type OutgoingMessage } from './notifier';

/** The default Notifier: writes each message to the outbox table, once per job. */
@Injectable()
export class OutboxNotifier extends Notifier {
  constructor(private readonly outbox: NotificationRepository) {
    super();
  }

  async deliver(message: OutgoingMessage): Promise<{ id: string; delivered: boolean }> {
    const { id, inserted } = await this.outbox.recordOnce(message);
    return { id, delivered: inserted };
  }
}
