import type { CertificateBatchProgress } from './certificates';
import type { ArenaMarkAck, ArenaStatePush, ArenaSubscribeReply } from './arena';
import { ErrorBody } from './errors';
import { EventStatus } from './events';
import type { MarkAck } from './judging';
import { ImportProgress } from './registration';
import type { PublicStandingsBatch, StaffStandingsBatch, StandingsReset, StandingsSubscribeReply } from './standings';
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

/**
 * The Redis channel prefix of the Socket.IO adapter (API) and emitter (worker), from QUEUE_PREFIX:
 * two deployments (or two test files) sharing one Redis do not hear each other's rooms, which
 * carry the same names wherever the ids are the same (the demo's are fixed).
 */
export const socketChannelKey = (queuePrefix: string) => `${queuePrefix}:socket.io`;

/** Socket rooms: one name per kind, built here so api, worker and web agree. */
export const Rooms = {
  eventPublic: (eventId: string) => `event:${eventId}:public`,
  eventStaff: (eventId: string) => `event:${eventId}:staff`,
  arenaPublic: (eventId: string) => `arena:${eventId}:public`,
  arenaStaff: (eventId: string) => `arena:${eventId}:staff`,
  user: (userId: string) => `user:${userId}`,
  session: (sessionId: string) => `session:${sessionId}`,
} as const;

/** What a socket sends at the handshake: the same access token as HTTP (omit for the audience). */
export const SocketAuth = z.object({ token: z.string().max(2048).optional() });

export interface ServerToClientEvents {
  'event.status_changed': (e: EventStatusChanged) => void;
  'notification.sent': (e: NotificationSent) => void;
  /** To the uploader while an Excel import runs. */
  'import.progress': (e: ImportProgress) => void;
  /** Standings deltas of a room joined with `standings.subscribe`, in seq order. */
  'standings.delta': (e: StaffStandingsBatch | PublicStandingsBatch) => void;
  /** The room's board must be fetched again (froze, hidden, setting changed, rebuilt). */
  'standings.reset': (e: StandingsReset) => void;
  /** The arena's whole state after a committed change (room joined with `arena.subscribe`); apply only a higher seq. */
  'arena.state': (e: ArenaStatePush) => void;
  /** To the bureau while a certificate batch runs (user room and the event's staff room). */
  'certificates.progress': (e: CertificateBatchProgress) => void;
}

export interface ClientToServerEvents {
  /** The public board of an event (anyone). */
  'event.watch': (body: unknown, ack: (reply: Ack<{ room: string }>) => void) => void;
  /** The staff board of an event: its department's organisers and the bureau. */
  'event.watch_staff': (body: unknown, ack: (reply: Ack<{ room: string }>) => void) => void;
  /**
   * A judge's mark (body: MarkSubmit). Stored at most once per idempotency key: resend the same
   * body until an ack arrives; a resend of a stored mark acks with `duplicate: true`.
   */
  'mark.submit': (body: unknown, ack: (reply: Ack<MarkAck>) => void) => void;
  /**
   * A board's feed (body: StandingsSubscribe): joins the room and answers with the deltas after
   * `since`, or a snapshot. The public room needs no login; the staff room is the event's staff.
   */
  'standings.subscribe': (body: unknown, ack: (reply: Ack<StandingsSubscribeReply>) => void) => void;
  /** A judge's bout mark (body: ArenaMarkSubmit), stored at most once per idempotency key. */
  'arena.mark': (body: unknown, ack: (reply: Ack<ArenaMarkAck>) => void) => void;
  /**
   * An arena's live state (body: ArenaSubscribe): joins the room and answers with the seq and the
   * state (null when `since` is already the seq). Public room: anyone; staff room: the event's staff.
   */
  'arena.subscribe': (body: unknown, ack: (reply: Ack<ArenaSubscribeReply>) => void) => void;
}

/** Every client-to-server event name, for the authorization matrix. */
export const CLIENT_EVENTS = ['event.watch', 'event.watch_staff', 'mark.submit', 'standings.subscribe', 'arena.mark', 'arena.subscribe'] as const satisfies readonly (keyof ClientToServerEvents)[];
