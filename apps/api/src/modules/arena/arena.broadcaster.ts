import { Rooms, type ClientToServerEvents, type ServerToClientEvents } from '@dz/contracts';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Server } from 'socket.io';
import { ArenaViews } from './arena-views';

/** Changes of one arena within this long go out as one state per room (as the standings' coalescing). */
export const ARENA_COALESCE_MS = 50;

type AnyServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, unknown>;

/**
 * Sends an arena's state to its rooms after a committed change: the staff room the full state,
 * the public room its view. The state is read after the commit, so it carries the seq of the
 * latest change; clients keep the highest seq they have applied and ignore any state at or below
 * it (a late message, or one a resubscription's reply already held). Through the Socket.IO Redis
 * adapter a change on one API process reaches viewers on every other.
 */
@Injectable()
export class ArenaBroadcaster implements OnModuleDestroy {
  private readonly logger = new Logger(ArenaBroadcaster.name);
  private server: AnyServer | null = null;
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly views: ArenaViews) {}

  attach(server: AnyServer): void {
    this.server = server;
  }

  /** A change committed: the rooms get the state within ARENA_COALESCE_MS. */
  publish(eventId: string): void {
    if (this.timers.has(eventId)) return;
    this.timers.set(
      eventId,
      setTimeout(() => void this.flush(eventId), ARENA_COALESCE_MS),
    );
  }

  private async flush(eventId: string): Promise<void> {
    this.timers.delete(eventId);
    if (!this.server) return;
    try {
      const staff = await this.views.state(eventId, 'staff');
      this.server.to(Rooms.arenaStaff(eventId)).emit('arena.state', { eventId, room: 'staff', state: staff });
      const shown = await this.views.state(eventId, 'public').catch(() => null);
      if (shown) this.server.to(Rooms.arenaPublic(eventId)).emit('arena.state', { eventId, room: 'public', state: shown });
    } catch (error) {
      // A viewer that misses a state resubscribes with its seq and catches up; nothing is lost.
      this.logger.error({ err: error, eventId }, 'arena broadcast failed');
    }
  }

  onModuleDestroy(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
