import {
  LoginReply,
  MeReply,
  SessionReply,
  type LoginBody,
  type Role,
  type SessionUser,
  type SignupBody,
  type SignupCodeBody,
  type TotpLoginBody,
} from '@dz/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { apiRequest, apiSend, refreshSession } from './api';
import { clearSession, getSession, setSession, subscribeSession, updateSessionUser, type SessionState } from './session';

/** The session of this tab; re-renders when someone signs in or out. */
export function useSession(): SessionState {
  return useSyncExternalStore(subscribeSession, getSession, getSession);
}

/** The signed-in user, or `null` (also while the session is still being restored). */
export function useCurrentUser(): SessionUser | null {
  const session = useSession();
  return session.status === 'signed_in' ? session.user : null;
}

/** The roles of the signed-in user; `null` for nobody. */
export function useRoles(): readonly Role[] | null {
  return useCurrentUser()?.roles ?? null;
}

let restoring: Promise<void> | null = null;

/**
 * Restores the session of a reloaded tab from the refresh cookie, once per page load (React's
 * StrictMode runs effects twice; this runs the request once). A failure of any kind leaves the
 * tab signed out: the person can still sign in.
 */
export function restoreSessionOnce(): Promise<void> {
  restoring ??= refreshSession().then(
    (signedIn) => {
      if (!signedIn) clearSession();
    },
    () => clearSession(),
  );
  return restoring;
}

/** Reloads the signed-in user (`GET /api/auth/me`), e.g. after roles changed. */
export async function reloadCurrentUser(): Promise<SessionUser> {
  const { user } = await apiRequest('/api/auth/me', MeReply);
  updateSessionUser(user);
  return user;
}

/**
 * The password step. An `ok` reply signs the tab in at once; the two second-factor replies are
 * left to the page, which asks for the code.
 */
export function useLogin() {
  return useMutation({
    mutationFn: (body: LoginBody) => apiRequest('/api/auth/login', LoginReply, { method: 'POST', body }),
    onSuccess: (reply) => {
      if (reply.status === 'ok') setSession(reply);
    },
  });
}

/**
 * The second-factor step. The reply is not applied here: after an enrollment it carries recovery
 * codes the page shows first, and signs in with `setSession` once they are saved.
 */
export function useTotpLogin() {
  return useMutation({
    mutationFn: (body: TotpLoginBody) =>
      apiRequest('/api/auth/login/totp', SessionReply, { method: 'POST', body }),
  });
}

export function useSignupCode() {
  return useMutation({
    mutationFn: (body: SignupCodeBody) => apiSend('/api/auth/signup/code', { body }),
  });
}

export function useSignup() {
  return useMutation({
    mutationFn: (body: SignupBody) => apiRequest('/api/auth/signup', SessionReply, { method: 'POST', body }),
    onSuccess: (reply) => setSession(reply),
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiSend('/api/auth/logout'),
    // Whatever the server said, this tab no longer shows anyone as signed in, nor their data.
    onSettled: () => {
      clearSession();
      queryClient.clear();
    },
  });
}
