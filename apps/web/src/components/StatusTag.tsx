import { EVENT_STATUS_LABELS, type EventStatus } from '@dz/contracts';
import { Tag } from 'antd';
import { EVENT_STATUS_COLORS } from '../lib/event-status';

/** An event's status as a coloured tag; `data-status` carries the code for tests. */
export function StatusTag({ status, testId = 'status' }: { status: EventStatus; testId?: string }) {
  return (
    <Tag color={EVENT_STATUS_COLORS[status]} data-testid={testId} data-status={status} style={{ marginInlineEnd: 0 }}>
      {EVENT_STATUS_LABELS[status]}
    </Tag>
  );
}
