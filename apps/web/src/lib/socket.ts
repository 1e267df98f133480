import type { ClientToServerEvents, ServerToClientEvents } from '@dz/contracts';
import { io, type Socket } from 'socket.io-client';

/** The socket typed with the one event map in `@dz/contracts`, never a hand-copied one. */
export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A socket to the API on the same origin, carrying the session cookie. It does not connect
 * until the caller calls `connect()`, and the caller disconnects it when done.
 */
export function createSocket(): AppSocket {
  return io({ path: '/socket.io', withCredentials: true, autoConnect: false });
}
