import { COMPETITION_LEVEL_LABELS, PublicEventDetail } from '@dz/contracts';
import { ArrowLeftOutlined, CalendarOutlined, EnvironmentOutlined, TeamOutlined, TrophyOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Result, Skeleton, Tag, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { capacityLabel, entryKindLabel, seriesLabel } from '../components/EventCard';
import { StatusTag } from '../components/StatusTag';
import { ApiError, apiRequest, errorMessage } from '../lib/api';
import { awardTierText, eligibilitySentences, FORMAT_LABELS, roundsText } from '../lib/event-text';
import { formatDateTime, formatDateTimeRange } from '../lib/format';
import { useDocumentTitle } from '../lib/use-document-title';

/** A label and its value as a definition list row: light and readable on a phone. */
function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="dz-fact" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Section({ title, icon, children, testId }: { title: string; icon?: ReactNode; children: ReactNode; testId: string }) {
  return (
    <Card size="small" className="dz-public-section" data-testid={testId}>
      <h3 className="dz-public-section-title">
        {icon}
        {title}
      </h3>
      {children}
    </Card>
  );
}

/** `/events/:id`: one published event for anyone, e.g. opened from a link shared on WeChat. */
export function PublicEventPage() {
  const { id } = useParams();
  const event = useQuery({
    queryKey: ['events', 'public', id],
    queryFn: ({ signal }) => apiRequest(`/api/events/public/${id}`, PublicEventDetail, { signal }),
    enabled: Boolean(id),
  });
  useDocumentTitle(event.data?.title ?? '赛项详情');

  if (event.isPending) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  }
  if (event.isError) {
    const notFound = event.error instanceof ApiError && event.error.status === 404;
    return notFound ? (
      <Result status="404" title="赛项不存在或尚未发布" extra={<Link to="/">返回赛项公告</Link>} data-testid="event-not-found" />
    ) : (
      <Alert
        type="error"
        showIcon
        title="赛项加载失败"
        description={errorMessage(event.error)}
        action={
          <Button size="small" onClick={() => void event.refetch()} loading={event.isFetching}>
            重试
          </Button>
        }
      />
    );
  }

  const e = event.data;
  const place = [e.county, e.venue].filter(Boolean).join(' · ');
  const unit = e.teamSize > 1 ? '队' : '名';
  const eligibility = eligibilitySentences(e.eligibility, (code) => (code === e.occupationCode ? e.occupationName : undefined));
  const schedule = [...e.schedule].sort((a, b) => a.startsAt.localeCompare(b.startsAt));

  return (
    <article className="dz-public-event" data-testid="public-event">
      <Link to="/" className="dz-back-link">
        <ArrowLeftOutlined /> 赛项公告
      </Link>
      <header className="dz-public-header">
        <Flex wrap gap={6} style={{ marginBottom: 8 }}>
          <StatusTag status={e.status} testId="event-status" />
          {e.format === 'arena' && (
            <Tag color="volcano" icon={<TrophyOutlined />} style={{ marginInlineEnd: 0 }}>
              擂台赛
            </Tag>
          )}
          <Tag color="blue" style={{ marginInlineEnd: 0 }}>
            {entryKindLabel(e.teamSize)}
          </Tag>
        </Flex>
        <Typography.Text type="secondary" data-testid="event-series">
          {seriesLabel(e)}
          {e.level && ` · ${COMPETITION_LEVEL_LABELS[e.level]}`}
        </Typography.Text>
        <Typography.Title level={2} className="dz-public-title" style={{ marginTop: 4 }} data-testid="event-title">
          {e.title}
        </Typography.Title>
        <div className="dz-public-key-dates">
          <div>
            <span>报名截止</span>
            <strong data-testid="event-closes">{formatDateTime(e.registrationClosesAt)}</strong>
          </div>
          <div>
            <span>比赛开始</span>
            <strong data-testid="event-starts">{formatDateTime(e.startsAt)}</strong>
          </div>
        </div>
      </header>

      <Flex vertical gap={12}>
        <Section title="赛项信息" icon={<EnvironmentOutlined />} testId="event-facts">
          <dl className="dz-facts">
            <Fact label="职业（工种）" testId="event-occupation">
              {e.occupationName} <span className="dz-mono dz-muted">{e.occupationCode}</span>
            </Fact>
            {e.industryName && <Fact label="所属产业">{e.industryName}</Fact>}
            <Fact label="主办单位">{e.organizerName}</Fact>
            {e.coOrganizerNames.length > 0 && <Fact label="协办单位">{e.coOrganizerNames.join('、')}</Fact>}
            <Fact label="比赛地点">{place || '—'}</Fact>
            <Fact label="名额">{capacityLabel(e)}</Fact>
            <Fact label="赛制">
              {e.format === 'arena' ? FORMAT_LABELS.arena : e.rounds.length > 0 ? roundsText(e.rounds) : FORMAT_LABELS.rounds}
            </Fact>
          </dl>
        </Section>

        {e.stages.length > 0 && (
          <Section title="比赛阶段与成绩构成" testId="event-stages">
            <ul className="dz-stages">
              {e.stages.map((s) => (
                <li key={s.name}>
                  <span className="dz-stage-name">{s.name}</span>
                  <span className="dz-stage-bar" aria-hidden>
                    <span style={{ width: `${Math.min(100, Math.max(0, s.weight))}%` }} />
                  </span>
                  <span className="dz-stage-weight">{s.weight}%</span>
                </li>
              ))}
            </ul>
          </Section>
        )}

        {schedule.length > 0 && (
          <Section title="日程安排" icon={<CalendarOutlined />} testId="event-schedule">
            <Timeline
              items={schedule.map((s, i) => ({
                key: `${s.startsAt}-${i}`,
                content: (
                  <>
                    <div className="dz-schedule-title">{s.title}</div>
                    <div className="dz-muted">{formatDateTimeRange(s.startsAt, s.endsAt)}</div>
                    {s.venue && <div className="dz-muted">{s.venue}</div>}
                  </>
                ),
              }))}
            />
          </Section>
        )}

        <Section title="参赛条件" icon={<TeamOutlined />} testId="event-eligibility">
          {eligibility.length > 0 ? (
            <ul className="dz-value-list">
              {eligibility.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          ) : (
            <Typography.Text>无特别限制，欢迎报名。</Typography.Text>
          )}
        </Section>

        {(e.awardTiers.length > 0 || e.titles.length > 0) && (
          <Section title="奖项设置" icon={<TrophyOutlined />} testId="event-awards">
            {e.awardTiers.length > 0 && (
              <ul className="dz-value-list">
                {e.awardTiers.map((t) => (
                  <li key={t.name}>{awardTierText(t, unit)}</li>
                ))}
              </ul>
            )}
            {e.titles.length > 0 && (
              <div style={{ marginTop: 8 }}>
                <span className="dz-muted">荣誉称号：</span>
                {e.titles.map((t) => (
                  <Tag key={t} color="gold">
                    {t}
                  </Tag>
                ))}
              </div>
            )}
          </Section>
        )}

        {e.description && (
          <Section title="赛项说明" testId="event-description">
            <div className="dz-pre">{e.description}</div>
          </Section>
        )}
      </Flex>
    </article>
  );
}
