import { EVENT_FIELD_LABELS, EVENT_STATUS_LABELS, type EventStatus, type TransitionRecord } from '@dz/contracts';
import { Empty, Timeline, Typography } from 'antd';
import { formatDateTime } from '../../lib/format';
import { roleLabel } from '../../lib/labels';

const COLORS: Partial<Record<EventStatus, string>> = {
  submitted: 'blue',
  returned: 'orange',
  approved: 'green',
  published: 'green',
  rejected: 'red',
  cancelled: 'red',
};

/** Who moved the proposal from which status to which, when and why; oldest first. */
export function HistoryTimeline({ history }: { history: readonly TransitionRecord[] }) {
  if (history.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未提交，暂无处理记录" />;
  const records = [...history].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <Timeline
      data-testid="history"
      items={records.map((r) => ({
        key: r.id,
        color: COLORS[r.to] ?? 'gray',
        content: (
          <div className="dz-history-item" data-testid="history-item" data-to={r.to}>
            <Typography.Text type="secondary" className="dz-history-time">
              {formatDateTime(r.at)}
            </Typography.Text>
            <div>
              <strong>
                {EVENT_STATUS_LABELS[r.from]} → {EVENT_STATUS_LABELS[r.to]}
              </strong>
            </div>
            <Typography.Text type="secondary">
              {r.actorName}
              {r.actorRoles.length > 0 && `（${r.actorRoles.map(roleLabel).join('、')}）`}
            </Typography.Text>
            {r.reason && <div className="dz-history-reason">原因：{r.reason}</div>}
            {r.comments.length > 0 && (
              <ul className="dz-value-list dz-history-comments">
                {r.comments.map((c, i) => (
                  <li key={i}>
                    <strong>{EVENT_FIELD_LABELS[c.field]}</strong>：{c.comment}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ),
      }))}
    />
  );
}
