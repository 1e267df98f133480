import { Rooms, type ClientToServerEvents, type ServerToClientEvents, type StaffStandingsDelta, type StandingsReset } from '@dz/contracts';
import { publicDeltas } from '@dz/domain';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Server } from 'socket.io';
import { StandingsService } from './standings.service';

/**
 * An event's deltas wait this long to go out together: at most ~20 broadcasts a second a room
 * (a mark reaches the boards within 50 ms plus the fan-out; 100 ms measured p99 over 150 ms at
 * 1,000 viewers, see docs/BENCHMARKS.md).
 */
export const COALESCE_MS = 50;

type AnyServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, unknown>;

/**
 * Sends committed standings deltas to the boards: the staff room gets them whole, the public
 * room its share (publicDeltas: live, frozen at the freeze time, hidden). Deltas of one event
 * are coalesced for COALESCE_MS, so a burst of marks is one message per room rather than one
 * per mark. Through the Socket.IO Redis adapter the message reaches viewers on every replica.
 */
@Injectable()
export class StandingsBroadcaster implements OnModuleDestroy {
  private readonly logger = new Logger(StandingsBroadcaster.name);
  private server: AnyServer | null = null;
  private readonly pending = new Map<string, StaffStandingsDelta[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly standings: StandingsService) {}

  /** The gateway hands over its server once it is up. */
  attach(server: AnyServer): void {
    this.server = server;
  }

  /** A delta committed: it goes out within COALESCE_MS. */
  publish(eventId: string, delta: StaffStandingsDelta | null): void {
    if (!delta) return;
    const queue = this.pending.get(eventId);
    if (queue) queue.push(delta);
    else this.pending.set(eventId, [delta]);
    if (!this.timers.has(eventId)) {
      this.timers.set(
        eventId,
        setTimeout(() => void this.flush(eventId), COALESCE_MS),
      );
    }
  }

  /** Tells a room's boards to fetch a snapshot (the setting changed, the board was rebuilt). */
  reset(eventId: string, reason: StandingsReset['reason']): void {
    for (const room of ['staff', 'public'] as const) {
      this.server?.to(room === 'staff' ? Rooms.eventStaff(eventId) : Rooms.eventPublic(eventId)).emit('standings.reset', { eventId, room, reason });
    }
  }

  private async flush(eventId: string): Promise<void> {
    this.timers.delete(eventId);
    const deltas = (this.pending.get(eventId) ?? []).sort((a, b) => a.seq - b.seq);
    this.pending.delete(eventId);
    if (deltas.length === 0 || !this.server) return;
    try {
      this.server.to(Rooms.eventStaff(eventId)).emit('standings.delta', { eventId, room: 'staff', deltas });
      const view = await this.standings.publicView(eventId);
      const shared = publicDeltas(deltas, view);
      if (shared.length > 0) this.server.to(Rooms.eventPublic(eventId)).emit('standings.delta', { eventId, room: 'public', deltas: shared });
    } catch (error) {
      // Viewers that miss a delta see the gap and ask for a replay; nothing is lost.
      this.logger.error({ err: error, eventId }, 'standings broadcast failed');
    }
  }

  onModuleDestroy(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
