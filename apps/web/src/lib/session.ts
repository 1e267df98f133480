import type { SessionReply, SessionUser } from '@dz/contracts';

/**
 * Who is signed in, in this tab. The access token lives here, in memory only: never in
 * localStorage or a readable cookie, so a script injected into the page cannot carry it away
 * beyond the tab's life. A reload restores the session through the refresh cookie
 * (`POST /api/auth/refresh`, httpOnly, path /api/auth).
 *
 * `restoring` is the state until that first refresh has answered; guarded pages wait for it.
 */
export type SessionState =
  | { status: 'restoring' }
  | { status: 'anonymous' }
  | { status: 'signed_in'; accessToken: string; accessExpiresAt: string; user: SessionUser };

let state: SessionState = { status: 'restoring' };
const listeners = new Set<() => void>();

function publish(next: SessionState): void {
  state = next;
  for (const listener of listeners) listener();
}

/** The current state; the same object until it changes (for `useSyncExternalStore`). */
export function getSession(): SessionState {
  return state;
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The bearer token for the next request, or `null` when nobody is signed in. */
export function getAccessToken(): string | null {
  return state.status === 'signed_in' ? state.accessToken : null;
}

export function getSessionUser(): SessionUser | null {
  return state.status === 'signed_in' ? state.user : null;
}

/** Signs this tab in with a reply of login, second factor, sign-up or refresh. */
export function setSession(reply: Pick<SessionReply, 'accessToken' | 'accessExpiresAt' | 'user'>): void {
  publish({
    status: 'signed_in',
    accessToken: reply.accessToken,
    accessExpiresAt: reply.accessExpiresAt,
    user: reply.user,
  });
}

/** Replaces the user of a signed-in session (after `GET /api/auth/me`), keeping the token. */
export function updateSessionUser(user: SessionUser): void {
  if (state.status === 'signed_in') publish({ ...state, user });
}

export function clearSession(): void {
  if (state.status !== 'anonymous') publish({ status: 'anonymous' });
}
