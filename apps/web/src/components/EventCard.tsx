import { EVENT_STATUS_LABELS, SERIES_LABELS, type PublicEventSummary } from '@dz/contracts';
import { TrophyOutlined } from '@ant-design/icons';
import { Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { EVENT_STATUS_COLORS } from '../lib/event-status';
import { formatDate } from '../lib/format';

/** `2025年达州技能大赛` for an edition year, `第3届…` for a running number, the bare label else. */
export function seriesLabel(event: Pick<PublicEventSummary, 'series' | 'edition'>): string {
  const label = SERIES_LABELS[event.series];
  if (event.edition === null) return label;
  return event.edition >= 1900 ? `${event.edition}年${label}` : `第${event.edition}届${label}`;
}

export function entryKindLabel(teamSize: number): string {
  return teamSize > 1 ? `团体赛（${teamSize}人）` : '个人赛';
}

/** Team events count entries, i.e. teams; individual events count people. */
export function capacityLabel(event: Pick<PublicEventSummary, 'capacity' | 'teamSize'>): string {
  return event.teamSize > 1 ? `${event.capacity} 队` : `${event.capacity} 人`;
}

export function EventCard({ event }: { event: PublicEventSummary }) {
  const place = [event.county, event.venue].filter(Boolean).join(' · ');
  return (
    <Card className="dz-event-card" data-testid="event-card" data-event-id={event.id}>
      <Flex wrap gap={6} style={{ marginBottom: 8 }}>
        <Tag color={EVENT_STATUS_COLORS[event.status]} data-testid="event-status">
          {EVENT_STATUS_LABELS[event.status]}
        </Tag>
        {event.format === 'arena' && (
          <Tag color="volcano" icon={<TrophyOutlined />} data-testid="event-arena">
            擂台赛
          </Tag>
        )}
        <Tag color="blue">{entryKindLabel(event.teamSize)}</Tag>
      </Flex>
      <Typography.Text type="secondary">{seriesLabel(event)}</Typography.Text>
      <Typography.Title level={4} style={{ margin: '4px 0 12px' }}>
        <Link to={`/events/${event.id}`} className="dz-event-link" data-testid="event-link">
          {event.title}
        </Link>
      </Typography.Title>
      <Descriptions
        column={1}
        size="small"
        styles={{ label: { width: '5.5em', flexShrink: 0 } }}
        items={[
          {
            key: 'occupation',
            label: '工种',
            children: (
              <span>
                {event.occupationName} <Typography.Text type="secondary">{event.occupationCode}</Typography.Text>
              </span>
            ),
          },
          { key: 'organizer', label: '主办单位', children: event.organizerName },
          { key: 'place', label: '比赛地点', children: place },
          { key: 'closes', label: '报名截止', children: formatDate(event.registrationClosesAt) },
          { key: 'starts', label: '比赛时间', children: formatDate(event.startsAt) },
          { key: 'capacity', label: '名额', children: capacityLabel(event) },
        ]}
      />
    </Card>
  );
}
