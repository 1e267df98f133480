import type { ClientToServerEvents, ServerToClientEvents } from '@dz/contracts';
import { io, type Socket } from 'socket.io-client';
import { getAccessToken } from './session';

/** The socket typed with the one event map in `@dz/contracts`, never a hand-copied one. */
export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A socket to the API on the same origin. The access token goes in the handshake's `auth`
 * (`socket.handshake.auth.token` on the server); `auth` is a function so that every
 * (re)connection sends the token current at that moment, not the one of the first connect.
 * It does not connect until the caller calls `connect()`, and the caller disconnects it when done.
 *
 * WebSocket first: browsers leave the Origin header off same-origin GETs, so the long-polling
 * handshake reaches the gateway's origin check without one and is refused (FORBIDDEN_ORIGIN);
 * a WebSocket upgrade always carries Origin.
 */
export function createSocket(): AppSocket {
  return io({
    path: '/socket.io',
    autoConnect: false,
    transports: ['websocket', 'polling'],
    auth: (send) => send(getAccessToken() ? { token: getAccessToken() } : {}),
  });
}
