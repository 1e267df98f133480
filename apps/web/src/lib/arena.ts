import type { Ack, ArenaState, ArenaSubscribeReply } from '@dz/contracts';
import { useEffect, useState } from 'react';
import { createSocket } from './socket';
import type { ConnectionStatus } from './standings';

/** A held arena asks again this often with its seq, in case a push was lost. */
export const ARENA_HEARTBEAT_MS = 15_000;
const SUBSCRIBE_TIMEOUT_MS = 10_000;

/**
 * The arena state a client holds: a state replaces it only with a higher seq, so a late push or
 * a resubscription reply that holds what is already applied is ignored (nothing applied twice).
 */
export class ArenaHolder {
  state: ArenaState | null = null;

  get seq(): number | undefined {
    return this.state?.seq;
  }

  /** True when `next` was applied. */
  offer(next: ArenaState | null): boolean {
    if (!next || (this.state !== null && next.seq <= this.state.seq)) return false;
    this.state = next;
    return true;
  }
}

export interface ArenaView {
  state: ArenaState | null;
  connection: ConnectionStatus;
  error: string | null;
}

/**
 * The live arena of an event in one room: subscribes on every (re)connect with the seq held,
 * applies `arena.state` pushes of a higher seq, and asks again every ARENA_HEARTBEAT_MS.
 */
export function useArena(eventId: string | undefined, room: 'public' | 'staff', enabled = true): ArenaView {
  const [state, setState] = useState<ArenaState | null>(null);
  const [connection, setConnection] = useState<ConnectionStatus>('connecting');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!eventId || !enabled) return;
    const holder = new ArenaHolder();
    setState(null);
    setError(null);
    const socket = createSocket();
    let closed = false;
    const offer = (next: ArenaState | null) => {
      if (!closed && holder.offer(next)) setState(holder.state);
    };
    const subscribe = () => {
      if (closed || !socket.connected) return;
      socket
        .timeout(SUBSCRIBE_TIMEOUT_MS)
        .emitWithAck('arena.subscribe', { eventId, room, ...(holder.seq === undefined ? {} : { since: holder.seq }) })
        .then((ack: Ack<ArenaSubscribeReply>) => {
          if (closed) return;
          if (!ack.ok) {
            setError(ack.error.message);
            return;
          }
          setError(null);
          offer(ack.data.state);
        })
        .catch(() => undefined);
    };
    socket.on('connect', () => {
      setConnection('online');
      subscribe();
    });
    socket.on('disconnect', () => setConnection('offline'));
    socket.on('connect_error', () => setConnection('offline'));
    socket.on('arena.state', (push) => {
      if (push.eventId === eventId && push.room === room) offer(push.state);
    });
    const timer = window.setInterval(subscribe, ARENA_HEARTBEAT_MS);
    socket.connect();
    return () => {
      closed = true;
      window.clearInterval(timer);
      socket.disconnect();
    };
  }, [eventId, room, enabled]);

  return { state, connection, error };
}
