import { z } from './zod';

/** BullMQ queues: short nouns. */
export const Queues = {
  notifications: 'notifications',
} as const;
export type QueueName = (typeof Queues)[keyof typeof Queues];

export const NotificationSendJob = z.object({
  /** Where it goes: a phone number for SMS. Redacted in logs. */
  channel: z.enum(['sms']),
  recipientUserId: z.uuid().nullable(),
  to: z.string().min(1),
  template: z.enum(['verification_code', 'waitlist_promoted', 'generic']),
  params: z.record(z.string(), z.string()),
});
export type NotificationSendJob = z.infer<typeof NotificationSendJob>;

/**
 * Every job: its name (`domain.verb`), its queue and the schema of its payload. Producers and
 * the worker's handlers are typed from this one table, and the worker checks at boot that each
 * name has exactly one handler.
 */
export const JOBS = {
  'notification.send': { queue: Queues.notifications, payload: NotificationSendJob },
} as const;
export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]['payload']>;
