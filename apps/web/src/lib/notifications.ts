import { NotificationList } from '@dz/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from './api';

export const NOTIFICATIONS_KEY = ['notifications'] as const;

/** The signed-in person's notifications, polled every 30 s while `enabled`. */
export function useNotifications(enabled: boolean) {
  return useQuery({
    queryKey: NOTIFICATIONS_KEY,
    queryFn: ({ signal }) => apiRequest('/api/notifications', NotificationList, { signal }),
    enabled,
    refetchInterval: 30_000,
    // A failed poll is tried again at the next tick; no burst of retries every 30 s.
    retry: false,
  });
}
