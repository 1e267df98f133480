import { LoginReply, type LoginBody, type SessionUser } from '@dz/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, apiRequest, apiSend } from './api';

/** Query key of the signed-in user: `SessionUser`, or `null` when nobody is signed in. */
export const ME_KEY = ['me'] as const;

async function fetchMe(): Promise<SessionUser | null> {
  try {
    return (await apiRequest('/api/auth/me', LoginReply)).user;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 5 * 60_000, retry: false });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginBody) => apiRequest('/api/auth/login', LoginReply, { method: 'POST', body }),
    onSuccess: (reply) => queryClient.setQueryData<SessionUser | null>(ME_KEY, reply.user),
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiSend('/api/auth/logout'),
    // Whatever the server said, this browser no longer shows anyone as signed in.
    onSettled: () => {
      queryClient.setQueryData<SessionUser | null>(ME_KEY, null);
      void queryClient.resetQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
    },
  });
}
