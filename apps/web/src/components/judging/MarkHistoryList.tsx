import { MARK_KIND_LABELS, type AspectKind, type MarkKind, type MarkRow } from '@dz/contracts';
import { Empty, Tag } from 'antd';
import { formatDateTime } from '../../lib/format';
import { formatMark } from '../../lib/judging';

const KIND_COLORS: Record<MarkKind, string> = {
  original: 'blue',
  correction: 'orange',
  correction_approval: 'green',
  correction_rejection: 'red',
};

/**
 * An entry's marks as stored, append-only and in chain order: originals, corrections and the
 * chief judge's decisions, each with its reason. Nothing here is ever edited or removed.
 */
export function MarkHistoryList({
  rows,
  kindOf,
  titleOf,
}: {
  rows: readonly MarkRow[];
  kindOf: (aspectKey: string) => AspectKind;
  titleOf: (aspectKey: string) => string;
}) {
  if (rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无评分记录" />;
  return (
    <ol className="dz-mark-history" data-testid="mark-history">
      {rows.map((row) => (
        <li key={row.id} data-testid="history-row" data-kind={row.kind}>
          <span className="dz-mono dz-muted">#{row.seq}</span>
          <Tag color={KIND_COLORS[row.kind]}>{MARK_KIND_LABELS[row.kind]}</Tag>
          <span>{titleOf(row.aspectKey)}</span>
          <strong className="dz-mono">{formatMark(kindOf(row.aspectKey), row.value)}</strong>
          {row.reason && <span className="dz-muted">理由：{row.reason}</span>}
          <span className="dz-muted">
            {row.judgeName} · {formatDateTime(row.createdAt)}
          </span>
        </li>
      ))}
    </ol>
  );
}
