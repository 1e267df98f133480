import type { EventStatus } from '@dz/contracts';

/** One colour per status, the same on the public pages and the staff pages. */
export const EVENT_STATUS_COLORS: Record<EventStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  returned: 'warning',
  approved: 'green',
  rejected: 'error',
  published: 'success',
  registration_closed: 'orange',
  running: 'processing',
  scoring_closed: 'purple',
  under_notice: 'gold',
  final: 'cyan',
  archived: 'default',
  cancelled: 'error',
};
