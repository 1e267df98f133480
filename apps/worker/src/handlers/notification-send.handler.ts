import { Rooms, type JobPayload } from '@dz/contracts';
import { Injectable } from '@nestjs/common';
import { OnJob, type JobContext, type JobHandler } from '../jobs/on-job.decorator';
import { SocketEmitter } from '../jobs/socket-emitter';
import { Notifier, renderTemplate } from '../notifier/notifier';

@Injectable()
@OnJob('notification.send')
export class NotificationSendHandler implements JobHandler<'notification.send'> {
  constructor(
    private readonly notifier: Notifier,
    private readonly sockets: SocketEmitter,
  ) {}

  async handle(payload: JobPayload<'notification.send'>, context: JobContext): Promise<void> {
    const { id } = await this.notifier.deliver({
      jobId: context.id,
      channel: payload.channel,
      recipientUserId: payload.recipientUserId,
      to: payload.to,
      template: payload.template,
      body: renderTemplate(payload.template, payload.params),
    });
    if (payload.recipientUserId) {
      this.sockets.toRoom(Rooms.user(payload.recipientUserId), 'notification.sent', { notificationId: id, template: payload.template });
    }
  }
}
