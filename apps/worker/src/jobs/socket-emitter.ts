import { socketChannelKey, type ServerToClientEvents } from '@dz/contracts';
import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';

/** Pushes socket events from the worker through Redis to every API replica (typed map). */
export class SocketEmitter {
  private readonly emitter: Emitter<ServerToClientEvents>;

  constructor(redis: Redis, queuePrefix: string) {
    this.emitter = new Emitter<ServerToClientEvents>(redis, { key: socketChannelKey(queuePrefix) });
  }

  toRoom<E extends keyof ServerToClientEvents>(room: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    this.emitter.to(room).emit(event, ...args);
  }
}
