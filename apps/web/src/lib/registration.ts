import {
  DrawHistory,
  EntryList,
  ImportList,
  ManagedEvent,
  MyEntries,
  PublicEventDetail,
  type Attendance,
  type EntryListQuery,
  type EntryStatus,
  type EntryView,
} from '@dz/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest } from './api';

/**
 * Registration (报名) on the web: query keys, the queries every page shares, and the plain rules
 * the pages show (colours, which actions an entry allows, reading a scanned ticket).
 */

export const MY_ENTRIES_KEY = ['me', 'entries'] as const;
export const publicEventKey = (id: string) => ['events', 'public', id] as const;
export const managedEventKey = (id: string) => ['events', 'managed', id] as const;
export const eventEntriesKey = (eventId: string) => ['events', eventId, 'entries'] as const;
export const eventImportsKey = (eventId: string) => ['events', eventId, 'imports'] as const;
export const eventDrawsKey = (eventId: string) => ['events', 'public', eventId, 'draws'] as const;

export const ENTRY_STATUS_COLORS: Record<EntryStatus, string> = {
  submitted: 'processing',
  approved: 'success',
  rejected: 'error',
  waitlisted: 'warning',
  withdrawn: 'default',
};

export const ATTENDANCE_COLORS: Record<Attendance, string> = {
  pending: 'default',
  checked_in: 'success',
  late: 'orange',
  no_show: 'error',
};

/** One published event as its public page shows it (also the summary on the registration form). */
export function usePublicEvent(id: string | undefined) {
  return useQuery({
    queryKey: publicEventKey(id ?? ''),
    queryFn: ({ signal }) => apiRequest(`/api/events/public/${id}`, PublicEventDetail, { signal }),
    enabled: Boolean(id),
  });
}

/** An event as its organiser sees it, whatever its status. */
export function useManagedEvent(id: string | undefined) {
  return useQuery({
    queryKey: managedEventKey(id ?? ''),
    queryFn: ({ signal }) => apiRequest(`/api/events/managed/${id}`, ManagedEvent, { signal }),
    enabled: Boolean(id),
  });
}

/** The signed-in person's own entries (`enabled` false for staff, who have none). */
export function useMyEntries(enabled = true) {
  return useQuery({
    queryKey: MY_ENTRIES_KEY,
    queryFn: ({ signal }) => apiRequest('/api/me/entries', MyEntries, { signal }),
    enabled,
  });
}

export type EntryFilters = Partial<Pick<EntryListQuery, 'status' | 'attendance' | 'q'>>;

/** One page of an event's entries for its organiser (members masked by the server). */
export function useEventEntries(eventId: string, filters: EntryFilters, page: { current: number; pageSize: number }) {
  return useQuery({
    queryKey: [...eventEntriesKey(eventId), filters, page],
    queryFn: ({ signal }) =>
      apiRequest(`/api/events/${eventId}/entries`, EntryList, {
        query: { ...filters, limit: page.pageSize, offset: (page.current - 1) * page.pageSize },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useEventImports(eventId: string) {
  return useQuery({
    queryKey: eventImportsKey(eventId),
    queryFn: ({ signal }) => apiRequest(`/api/events/${eventId}/imports`, ImportList, { signal }),
  });
}

/** Every draw of an event, newest first as the server lists them; public. */
export function useDrawHistory(eventId: string | undefined) {
  return useQuery({
    queryKey: eventDrawsKey(eventId ?? ''),
    queryFn: ({ signal }) => apiRequest(`/api/events/public/${eventId}/draws`, DrawHistory, { signal }),
    enabled: Boolean(eventId),
  });
}

/** A contestant may leave an entry that still holds or waits for a seat. */
export function canWithdraw(status: EntryStatus): boolean {
  return status === 'submitted' || status === 'approved' || status === 'waitlisted';
}

/** `张三` for one person, `焊花队（张三、李四）` for a team. */
export function entryPeopleText(entry: Pick<EntryView, 'teamName' | 'members'>): string {
  const names = entry.members.map((m) => m.name).join('、');
  return entry.teamName ? `${entry.teamName}（${names}）` : names;
}

/** What the contestant reads under the status tag; `null` when the tag says it all. */
export function entryStatusNote(entry: Pick<EntryView, 'status' | 'waitlistPosition' | 'reason'>): string | null {
  switch (entry.status) {
    case 'submitted':
      return '报名已提交，等待主办单位审核';
    case 'waitlisted':
      return entry.waitlistPosition !== null
        ? `名额已满，您在候补第 ${entry.waitlistPosition} 位，有人退出时按顺序递补`
        : '名额已满，您在候补名单中，有人退出时按顺序递补';
    case 'rejected':
      return entry.reason ? `未通过原因：${entry.reason}` : '报名未通过审核';
    case 'withdrawn':
      return entry.reason ? `已退出报名（${entry.reason}）` : '已退出报名';
    case 'approved':
      return null;
  }
}

const TICKET_PATTERN = /DZT1\.[0-9a-f-]{36}\.[A-Za-z0-9_-]{16,64}/;

/**
 * The ticket payload in what a scanner or a paste gave: scanners add line breaks, a phone's
 * camera may hand over a link that carries the payload. `null` when there is none.
 */
export function ticketFromScan(text: string): string | null {
  return TICKET_PATTERN.exec(text.trim())?.[0] ?? null;
}

/** A free seat count in words: `剩余名额 12 个`, or that a new entry goes to the waitlist. */
export function seatsText(seatsLeft: number, teamSize: number): string {
  const unit = teamSize > 1 ? '队' : '个';
  return seatsLeft > 0 ? `剩余名额 ${seatsLeft} ${unit}` : '名额已满，提交后将进入候补名单，有人退出时按顺序递补';
}

/** True while registration is open: the event is published and the closing time has not passed. */
export function registrationOpen(
  event: { status: string; registrationClosesAt: string },
  now: Date = new Date(),
): boolean {
  return event.status === 'published' && Date.parse(event.registrationClosesAt) > now.getTime();
}
