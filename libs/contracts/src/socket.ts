import { ErrorBody } from './errors';
import { EventStatus } from './events';
import { z } from './zod';

/** Body of `event.watch`: join an event's public room. */
export const WatchEventBody = z.object({ eventId: z.uuid() });
export type WatchEventBody = z.infer<typeof WatchEventBody>;

/** Every acknowledgement: ok with data, or the same error body as HTTP. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export const EventStatusChanged = z.object({
  eventId: z.uuid(),
  status: EventStatus,
  at: z.string(),
});
export type EventStatusChanged = z.infer<typeof EventStatusChanged>;

export const NotificationSent = z.object({
  notificationId: z.uuid(),
  template: z.string(),
});
export type NotificationSent = z.infer<typeof NotificationSent>;

/** Socket rooms: one name per kind, built here so api, worker and web agree. */
export const Rooms = {
  eventPublic: (eventId: string) => `event:${eventId}:public`,
  user: (userId: string) => `user:${userId}`,
} as const;

export interface ServerToClientEvents {
  'event.status_changed': (e: EventStatusChanged) => void;
  'notification.sent': (e: NotificationSent) => void;
}

export interface ClientToServerEvents {
  'event.watch': (body: unknown, ack: (reply: Ack<{ room: string }>) => void) => void;
}
