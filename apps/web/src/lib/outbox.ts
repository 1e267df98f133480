import { OutboxList } from '@dz/contracts';
import { useQuery } from '@tanstack/react-query';
import { ApiError, apiRequest } from './api';

/** Query key of the demo SMS outbox; `null` data means the outbox is switched off (404). */
export const OUTBOX_KEY = ['dev', 'outbox'] as const;

async function fetchOutbox(signal: AbortSignal): Promise<OutboxList | null> {
  try {
    return await apiRequest('/api/dev/outbox', OutboxList, { signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** The demo outbox, polled while shown so a new code appears without reloading. */
export function useOutbox(poll: boolean) {
  return useQuery({
    queryKey: OUTBOX_KEY,
    queryFn: ({ signal }) => fetchOutbox(signal),
    refetchInterval: poll ? 5000 : false,
  });
}

/** True when the demo outbox exists (a demo deployment), to point people at it. */
export function useOutboxAvailable() {
  return useQuery({
    queryKey: OUTBOX_KEY,
    queryFn: ({ signal }) => fetchOutbox(signal),
    select: (list) => list !== null,
    staleTime: 60_000,
  });
}
